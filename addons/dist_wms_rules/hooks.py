from odoo.tools import SQL


def post_init_hook(env):
    """The scanner app lists the operation types that have scanner
    options: give the warehouses' existing ones OCA's generic options."""
    env["stock.picking.type"].with_context(active_test=False).search(
        []
    )._dist_set_barcode_options()


def uninstall_hook(env):
    """The shipped-moves index on stock_move is the addon's own: leave no
    trace."""
    env.cr.execute(SQL("DROP INDEX IF EXISTS dist_stock_move_shipped_idx"))
