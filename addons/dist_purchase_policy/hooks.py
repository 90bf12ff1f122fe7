from odoo.tools import SQL


def post_init_hook(env):
    """Shipped policies, a complete policy matrix and the shipped pairs of
    conflicting duties for every company."""
    companies = env["res.company"].search([])
    env["dist.replenishment.policy"]._dist_create_defaults(companies)
    env["dist.sod.rule"]._dist_create_defaults(companies)


def uninstall_hook(env):
    """The demand index on stock_move is the addon's own: leave no trace."""
    env.cr.execute(SQL("DROP INDEX IF EXISTS dist_stock_move_demand_idx"))
