"""The warehouse rules through OCA's scanner app (see wiz_stock_barcodes_read.py)."""

from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _create_or_update_sequences_and_picking_types(self):
        result = super()._create_or_update_sequences_and_picking_types()
        self.env["stock.picking.type"].with_context(active_test=False).search(
            [("warehouse_id", "in", self.ids)]
        )._dist_set_barcode_options()
        return result
