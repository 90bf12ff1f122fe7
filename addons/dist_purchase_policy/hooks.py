def post_init_hook(env):
    """Shipped policies and a complete policy matrix for every company."""
    env["dist.replenishment.policy"]._dist_create_defaults(
        env["res.company"].search([])
    )
