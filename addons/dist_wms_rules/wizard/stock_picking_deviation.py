from odoo import fields, models


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
