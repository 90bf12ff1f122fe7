"""The warehouse rules through OCA's scanner app (see wiz_stock_barcodes_read.py)."""

from odoo import models


class WizStockBarcodesReadPicking(models.TransientModel):
    _inherit = "wiz.stock.barcodes.read.picking"

    def _process_stock_move_line(self):
        # a scan writes the picking's lines: only on a picking of the
        # caller's companies, from and to their locations
        self._dist_check_scope(
            self.env.context.get("picking", self.picking_id),
            self.location_id | self.location_dest_id,
        )
        return super()._process_stock_move_line()

    def _get_picking_to_validate(self):
        self._dist_check_scope(self.picking_id)
        return super()._get_picking_to_validate()
