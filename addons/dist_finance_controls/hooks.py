from odoo.addons.dist_governance.hooks import release_shipped_records


def post_init_hook(env):
    """The shipped pairs of conflicting duties of finance for every company,
    and the shipped bands of vendor payments in the approval matrix for
    every company where a finance controller works."""
    companies = env["res.company"].search([])
    env["dist.sod.rule"]._dist_create_defaults(companies)
    env["dist.approval.matrix"]._dist_create_payment_defaults(companies)
    # the shipped company-wide match tolerance of every company
    env["dist.match.tolerance"]._dist_create_defaults(companies)


def uninstall_hook(env):
    """Shipped records go with the addon, whatever history points at them
    (dist_governance.hooks)."""
    release_shipped_records(env, "dist_finance_controls")
