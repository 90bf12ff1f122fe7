from odoo.tools import SQL

from odoo.addons.dist_governance.hooks import release_shipped_records

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


def uninstall_hook(env):
    """Shipped records go with the addon, whatever history points at them
    (dist_governance.hooks). The case words on helpdesk_ticket
    (helpdesk_mgmt's table) are the addon's own, made in helpdesk.ticket's
    init() outside the ORM: the generated column dist_text_vector and its
    GIN index. The ORM does not know them, so uninstalling would leave them
    behind: drop them."""
    release_shipped_records(
        env,
        "dist_helpdesk_cases",
        # a resolution keeps the action it applied
        rows_of_shipped=[("dist.case.action", "dist.case.resolution", "action_id")],
    )
    env.cr.execute(SQL("DROP INDEX IF EXISTS dist_helpdesk_ticket_text_vector_idx"))
    env.cr.execute(
        SQL("ALTER TABLE helpdesk_ticket DROP COLUMN IF EXISTS dist_text_vector")
    )
