from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Which receipts of the company expect landed costs (freight, duty,
    insurance) and how many days after the receipt the finance controller
    hears of one still without them."""

    _inherit = "res.company"

    dist_landed_cost_vendor_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="dist_landed_cost_company_vendor_rel",
        column1="company_id",
        column2="partner_id",
        string="Vendors with landed costs",
        help="Receipts from these vendors (or their contacts) expect a "
        "validated landed cost: imports whose freight, duty and insurance "
        "are added to the goods' value.",
    )
    dist_landed_cost_picking_type_ids = fields.Many2many(
        comodel_name="stock.picking.type",
        relation="dist_landed_cost_company_picking_type_rel",
        column1="company_id",
        column2="picking_type_id",
        string="Receipt types with landed costs",
        domain="[('code', '=', 'incoming'), ('company_id', '=', id)]",
        help="Receipts of these operation types (an import dock, a bonded "
        "warehouse) expect a validated landed cost, whoever the vendor.",
    )
    dist_landed_cost_days = fields.Integer(
        string="Landed cost expected within (days)",
        default=14,
        help="A receipt that expects landed costs and has none validated "
        "this many days after it was done (days of the company's time zone) "
        "raises a valuation-timing exception for the finance controller.",
    )

    @api.constrains("dist_landed_cost_days")
    def _check_dist_landed_cost_days(self):
        for company in self:
            if company.dist_landed_cost_days < 0:
                raise ValidationError(
                    self.env._(
                        "The days %(company)s waits for a receipt's landed "
                        "cost are 0 or more, not %(days)s.",
                        company=company.name,
                        days=company.dist_landed_cost_days,
                    )
                )

    @api.constrains("dist_landed_cost_picking_type_ids")
    def _check_dist_landed_cost_picking_types(self):
        for company in self:
            wrong = company.dist_landed_cost_picking_type_ids.filtered(
                lambda t, c=company: t.code != "incoming" or t.company_id != c
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(types)s cannot expect landed costs for %(company)s: "
                        "only receipt types of the company can.",
                        types=", ".join(wrong.mapped("display_name")),
                        company=company.name,
                    )
                )


class DistLandedCostSettings(models.TransientModel):
    """The company's landed-cost timing rule, for the finance controller
    (Invoicing > Configuration > Distribution controls > Landed-cost
    timing)."""

    _name = "dist.landed.cost.settings"
    _inherit = ["dist.company.settings.mixin"]
    _description = "landed-cost timing"
    _dist_settings_group = "dist_finance_controls.group_finance_controller"

    dist_landed_cost_vendor_ids = fields.Many2many(
        related="company_id.dist_landed_cost_vendor_ids", readonly=False
    )
    dist_landed_cost_picking_type_ids = fields.Many2many(
        related="company_id.dist_landed_cost_picking_type_ids", readonly=False
    )
    dist_landed_cost_days = fields.Integer(
        related="company_id.dist_landed_cost_days", readonly=False
    )
