from odoo.addons.dist_governance.hooks import release_shipped_records


def post_init_hook(env):
    """The shipped company-wide match tolerance for every company."""
    env["dist.match.tolerance"]._dist_create_defaults(env["res.company"].search([]))


def uninstall_hook(env):
    """Shipped records go with the addon, whatever history points at them
    (dist_governance.hooks)."""
    release_shipped_records(env, "dist_finance_controls")
