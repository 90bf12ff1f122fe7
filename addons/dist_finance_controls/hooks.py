from odoo.addons.dist_governance.hooks import release_shipped_records


def uninstall_hook(env):
    """Shipped records go with the addon, whatever history points at them
    (dist_governance.hooks)."""
    release_shipped_records(env, "dist_finance_controls")
