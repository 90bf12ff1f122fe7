"""dist_wms_rules now stands on OCA's scanner app (stock_barcodes), which
lists only the operation types that have scanner options: give the existing
receipts, deliveries and internal transfers without any OCA's generic
options, as a new warehouse gets them."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["stock.picking.type"].with_context(active_test=False).search(
        []
    )._dist_set_barcode_options()
