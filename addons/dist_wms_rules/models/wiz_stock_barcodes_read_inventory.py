"""The warehouse rules through OCA's scanner app (see wiz_stock_barcodes_read.py)."""

from odoo import models


class WizStockBarcodesReadInventory(models.TransientModel):
    _inherit = "wiz.stock.barcodes.read.inventory"

    def _add_inventory_quant(self):
        # Odoo creates a counted quant as superuser once the fields are
        # allowed: the location must be one of the caller's companies
        self._dist_check_scope(locations=self.location_id)
        return super()._add_inventory_quant()
