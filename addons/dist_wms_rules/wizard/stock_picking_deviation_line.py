from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.stock_move import DEVIATION_REASONS


class StockPickingDeviationLine(models.TransientModel):
    _name = "stock.picking.deviation.line"
    _description = "Receipt deviation reason"

    wizard_id = fields.Many2one(
        comodel_name="stock.picking.deviation", required=True, ondelete="cascade"
    )
    move_id = fields.Many2one(comodel_name="stock.move", required=True, readonly=True)
    picking_id = fields.Many2one(related="move_id.picking_id")
    product_id = fields.Many2one(related="move_id.product_id")
    uom_id = fields.Many2one(related="move_id.product_id.uom_id", string="Unit")
    expected_qty = fields.Float(
        string="Expected", digits="Product Unit of Measure", readonly=True
    )
    received_qty = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    allowed_qty = fields.Float(
        string="Tolerance", digits="Product Unit of Measure", readonly=True
    )
    tolerance_source = fields.Char(string="Tolerance from", readonly=True)
    reason = fields.Selection(selection=DEVIATION_REASONS, required=True)
    damaged_qty = fields.Float(
        string="Damaged",
        digits="Product Unit of Measure",
        help="Units received damaged: they go to quarantine, not to stock.",
    )
    note = fields.Char()

    @api.onchange("reason")
    def _onchange_reason(self):
        if self.reason != "damaged":
            self.damaged_qty = 0.0

    def _dist_check(self):
        self.ensure_one()
        name = self.product_id.display_name
        if self.damaged_qty < 0:
            raise UserError(
                self.env._(
                    "%(product)s: the damaged quantity cannot be negative.",
                    product=name,
                )
            )
        rounding = self.uom_id.rounding
        if self.reason == "damaged":
            if float_compare(self.damaged_qty, 0.0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._(
                        "%(product)s is declared damaged: say how many units "
                        "are damaged, they go to quarantine.",
                        product=name,
                    )
                )
            if (
                float_compare(
                    self.damaged_qty, self.received_qty, precision_rounding=rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: %(damaged)s damaged is more than the "
                        "%(received)s received.",
                        product=name,
                        damaged=self.damaged_qty,
                        received=self.received_qty,
                    )
                )
