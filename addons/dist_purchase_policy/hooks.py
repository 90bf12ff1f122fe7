def post_init_hook(env):
    """Shipped policies and a complete policy matrix for every company."""
    env["dist.replenishment.policy"]._dist_create_defaults(
        env["res.company"].search([])
    )


def uninstall_hook(env):
    """The demand index on stock_move is the addon's own: leave no trace."""
    env.cr.execute("DROP INDEX IF EXISTS dist_stock_move_demand_idx")
