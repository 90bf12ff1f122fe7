from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.stock_move import DEVIATION_REASONS


class StockPickingDeviation(models.TransientModel):
    """The reasons an operator gives for receipt lines that differ from what
    was expected beyond tolerance, before the receipt can be validated."""

    _name = "stock.picking.deviation"
    _description = "Receipt deviation reasons"

    picking_ids = fields.Many2many(comodel_name="stock.picking", readonly=True)
    line_ids = fields.One2many(
        comodel_name="stock.picking.deviation.line", inverse_name="wizard_id"
    )

    def action_confirm(self):
        """Record the reasons on the receipt lines and validate again, in
        the context the validation stopped in (backorder choice kept)."""
        self.ensure_one()
        for line in self.line_ids:
            line._dist_check()
        moves = self.line_ids.move_id
        moves.check_access("write")
        for line in self.line_ids:
            # sudo: the deviation fields are closed to direct writes; this is
            # their writer, after the checks above and the caller's right to
            # write the receipt's moves
            line.move_id.sudo().write(
                {
                    "dist_deviation_reason": line.reason,
                    "dist_deviation_note": line.note,
                    "dist_expected_qty": line.expected_qty,
                    "dist_deviation_qty": line.received_qty - line.expected_qty,
                    "dist_damaged_qty": line.damaged_qty
                    if line.reason == "damaged"
                    else 0.0,
                    "dist_deviation_user_id": self.env.uid,
                }
            )
        pickings = self.picking_ids.with_context(
            button_validate_picking_ids=self.picking_ids.ids
        )
        return pickings.button_validate()


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
