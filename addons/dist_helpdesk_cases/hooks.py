from .classify import SEED_KEYWORDS


def mark_waiting_stage(env):
    """OCA helpdesk_mgmt's "Awaiting" stage waits on the customer: SLA
    clocks stop there (a manager can change it on the stage)."""
    stage = env.ref(
        "helpdesk_mgmt.helpdesk_ticket_stage_awaiting", raise_if_not_found=False
    )
    if stage:
        stage.dist_waiting_customer = True


def seed_keywords(env):
    """Keyword rules of the seed categories, where none are set yet."""
    categories = env["helpdesk.ticket.category"].search(
        [("dist_code", "in", list(SEED_KEYWORDS)), ("dist_keywords", "=", False)]
    )
    for category in categories:
        category.dist_keywords = SEED_KEYWORDS[category.dist_code]


def post_init_hook(env):
    mark_waiting_stage(env)
    seed_keywords(env)
