def mark_waiting_stage(env):
    """OCA helpdesk_mgmt's "Awaiting" stage waits on the customer: SLA
    clocks stop there (a manager can change it on the stage)."""
    stage = env.ref(
        "helpdesk_mgmt.helpdesk_ticket_stage_awaiting", raise_if_not_found=False
    )
    if stage:
        stage.dist_waiting_customer = True


def post_init_hook(env):
    mark_waiting_stage(env)
