from odoo.tools import SQL

from odoo.addons.dist_governance.hooks import release_shipped_records


def post_init_hook(env):
    """The scanner app lists the operation types that have scanner
    options: give the warehouses' existing ones OCA's generic options."""
    env["stock.picking.type"].with_context(active_test=False).search(
        []
    )._dist_set_barcode_options()


def uninstall_hook(env):
    """Shipped records go with the addon, whatever history points at them
    (dist_governance.hooks); the shipped-moves index on stock_move and the
    on-hand layers' index on stock_valuation_layer are the addon's own:
    leave no trace."""
    release_shipped_records(env, "dist_wms_rules")
    env.cr.execute(SQL("DROP INDEX IF EXISTS dist_stock_move_shipped_idx"))
    env.cr.execute(SQL("DROP INDEX IF EXISTS dist_svl_remaining_idx"))
