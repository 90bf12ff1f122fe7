from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _dist_open_case_pickings(self):
        """Deliveries of `self` that an open customer case is about."""
        pickings = super()._dist_open_case_pickings()
        if not self:
            return pickings
        # sudo: only whether a case is open counts, not what it says
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("dist_picking_id", "in", self.ids),
                    ("stage_id.closed", "=", False),
                ]
            )
        )
        return pickings | (tickets.dist_picking_id.with_env(self.env) & self)
