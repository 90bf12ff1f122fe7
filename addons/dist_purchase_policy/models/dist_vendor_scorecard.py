from odoo import fields, models

from .res_partner import GRADES

TRENDS = [
    ("improving", "Improving"),
    ("stable", "Stable"),
    ("worsening", "Worsening"),
]


class DistVendorScorecard(models.Model):
    """Measured supplier performance per company, for a vendor (no product)
    and for a vendor and product where there is history enough. Written by
    the replenishment run from purchase order lines and their receipts."""

    _name = "dist.vendor.scorecard"
    _description = "Vendor scorecard"
    _order = "company_id, score, partner_id, product_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Vendor",
        required=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product", index=True, readonly=True, check_company=True
    )
    receipt_count = fields.Integer(string="Receipts", readonly=True)
    promised_lead_days = fields.Float(
        string="Promised lead time (days)",
        readonly=True,
        help="Days from order to receipt the vendor promises (its price list).",
    )
    lead_mean_days = fields.Float(
        string="Measured lead time (days)",
        readonly=True,
        help="Days from confirming an order to its first receipt, on average "
        "over the vendor's receipts of the last year.",
    )
    lead_std_days = fields.Float(
        string="Lead-time spread (days)",
        readonly=True,
        help="How many days a receipt usually comes earlier or later than the "
        "measured lead time (standard deviation).",
    )
    on_time_rate = fields.Float(string="On time (%)", readonly=True)
    qty_accuracy = fields.Float(string="Quantity accuracy (%)", readonly=True)
    lead_reliability = fields.Float(
        string="Lead-time reliability (%)",
        readonly=True,
        help="Receipts within tolerance of the promised lead time.",
    )
    score = fields.Float(
        readonly=True,
        aggregator="avg",
        help="40 % on time + 30 % quantity accuracy + 30 % lead-time reliability.",
    )
    recent_score = fields.Float(
        readonly=True, aggregator="avg", help="Score over the last quarter."
    )
    grade = fields.Selection(selection=GRADES, readonly=True)
    trend = fields.Selection(selection=TRENDS, readonly=True)
    drift = fields.Boolean(
        readonly=True,
        help="The measured lead time is off the promised one beyond the "
        "company's tolerance.",
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "scorecard_unique",
            "unique NULLS NOT DISTINCT (company_id, partner_id, product_id)",
            "One scorecard per company, vendor and product.",
        ),
    ]
