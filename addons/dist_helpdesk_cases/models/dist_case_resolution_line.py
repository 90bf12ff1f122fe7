from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class DistCaseResolutionLine(models.Model):
    _name = "dist.case.resolution.line"
    _inherit = ["dist.system.fields.mixin"]
    # computed from quantity and price
    _dist_system_fields = ("subtotal",)
    _description = "Case resolution line"

    resolution_id = fields.Many2one(
        comodel_name="dist.case.resolution",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="resolution_id.company_id", store=True)
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, check_company=True
    )
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    price_unit = fields.Float(digits="Product Price")
    currency_id = fields.Many2one(related="resolution_id.currency_id")
    subtotal = fields.Monetary(compute="_compute_subtotal", store=True)
    move_id = fields.Many2one(comodel_name="stock.move", string="Delivered move")
    sale_line_id = fields.Many2one(comodel_name="sale.order.line")
    invoice_line_id = fields.Many2one(comodel_name="account.move.line")

    @api.depends("quantity", "price_unit")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price_unit

    _FROZEN = {"resolution_id", "product_id", "quantity", "price_unit", "move_id"}

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            # lines come with their resolution, before it is asked for
            lines.resolution_id._dist_check_lines_open()
        return lines

    def write(self, vals):
        if not self.env.su and self._FROZEN.intersection(vals):
            self.resolution_id._dist_check_lines_open(frozen=True)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.resolution_id._dist_check_lines_open(frozen=True)
        return super().unlink()

    @api.model
    def _dist_check_quantities(self, values, action_name):
        """Refuse negative quantities, a resolution of nothing and returns
        beyond what was delivered."""
        if not any(v["quantity"] > 0 for v in values):
            raise UserError(
                self.env._(
                    "%(action)s: give a quantity on at least one line.",
                    action=action_name,
                )
            )
        for v in values:
            product = self.env["product.product"].browse(v["product_id"])
            if v["quantity"] < 0:
                raise UserError(
                    self.env._(
                        "%(product)s: a quantity cannot be negative.",
                        product=product.display_name,
                    )
                )
            limit = v.get("limit")
            if (
                limit is not None
                and float_compare(
                    v["quantity"],
                    limit,
                    precision_rounding=product.uom_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s asked, at most %(limit)s "
                        "(what the customer received or was invoiced).",
                        product=product.display_name,
                        qty=v["quantity"],
                        limit=limit,
                    )
                )
