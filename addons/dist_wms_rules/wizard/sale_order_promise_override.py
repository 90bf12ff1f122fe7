from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrderPromiseOverride(models.TransientModel):
    """A user allowed to confirm beyond available-to-promise says why."""

    _name = "sale.order.promise.override"
    _description = "Confirm beyond available-to-promise"

    order_ids = fields.Many2many(comodel_name="sale.order", readonly=True)
    summary = fields.Text(string="Lines not met", readonly=True)
    reason = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why these orders are confirmed anyway."))
        return self.order_ids.with_context(
            dist_promise_override_reason=self.reason
        ).action_confirm()
