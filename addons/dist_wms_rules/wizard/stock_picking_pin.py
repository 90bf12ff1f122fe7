from odoo import fields, models


class StockPickingPin(models.TransientModel):
    """A warehouse manager pins deliveries to the top of the queue."""

    _name = "stock.picking.pin"
    _description = "Pin deliveries to the top of the picking queue"

    picking_ids = fields.Many2many(comodel_name="stock.picking", readonly=True)
    reason = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        self.picking_ids.action_dist_pin(self.reason)
        return {"type": "ir.actions.act_window_close"}
