from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _dist_receipts_to_check(self):
        """One receipt tolerance per receipt: where the company turned the
        warehouse's receiving control on, that control wins (a reason per
        line beyond its tolerance, its own deviation for the buyer) and the
        purchase policy's check against the order stands down; elsewhere
        the purchase policy's check is the one."""
        receipts = super()._dist_receipts_to_check()
        return receipts - receipts._dist_receiving_controlled()
