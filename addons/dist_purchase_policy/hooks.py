from odoo.tools import SQL

from odoo.addons.dist_governance.hooks import release_shipped_records


def post_init_hook(env):
    """Shipped policies, a complete policy matrix and the shipped pairs of
    conflicting duties for every company."""
    companies = env["res.company"].search([])
    env["dist.replenishment.policy"]._dist_create_defaults(companies)
    env["dist.sod.rule"]._dist_create_defaults(companies)


def uninstall_hook(env):
    """Shipped records go with the addon, whatever history points at them
    (dist_governance.hooks); the demand index on stock_move is the addon's
    own: leave no trace."""
    release_shipped_records(env, "dist_purchase_policy")
    env.cr.execute(SQL("DROP INDEX IF EXISTS dist_stock_move_demand_idx"))
