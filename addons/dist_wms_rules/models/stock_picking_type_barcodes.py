"""The warehouse rules through OCA's scanner app (see wiz_stock_barcodes_read.py)."""

from odoo import models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    def _dist_set_barcode_options(self):
        """Receipts, deliveries and internal transfers without scanner
        options get OCA's generic operation options (those the scanner
        itself uses for a transfer whose type has none, without packing
        every receipt): the scanner app lists only the operation types that
        have options. A warehouse manager may choose others."""
        options = self.env.ref(
            "stock_barcodes.stock_barcodes_option_group_operation",
            raise_if_not_found=False,
        )
        todo = self.filtered(
            lambda t: (
                t.code in ("incoming", "outgoing", "internal")
                and not t.barcode_option_group_id
            )
        )
        if options and todo:
            # sudo: set up with the warehouse, by whoever creates it
            todo.sudo().barcode_option_group_id = options
        return todo
