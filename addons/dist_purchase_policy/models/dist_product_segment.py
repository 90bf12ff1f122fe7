from odoo import api, fields, models
from odoo.tools.misc import formatLang

from .bulk_sql import leave_room
from .dist_policy_matrix_cell import ABC, PATTERNS, XYZ

LEAD_TIME_SOURCES = [
    ("product", "Measured, vendor and product"),
    ("vendor", "Measured, vendor"),
    ("promised", "Promised (no history)"),
]


class DistProductSegment(models.Model):
    """A product in a warehouse: its classes, demand statistics, policy and
    the levels the policy sets. Written only by the replenishment run
    (set-based SQL); people read it and change policies through overrides."""

    _name = "dist.product.segment"
    _description = "Product segment"
    _order = "company_id, warehouse_id, annual_value desc, id"
    _check_company_auto = True
    _rec_names_search = ["product_id"]

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        check_company=True,
        readonly=True,
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        required=True,
        index=True,
        check_company=True,
        readonly=True,
    )
    categ_id = fields.Many2one(related="product_id.categ_id", string="Category")
    abc_class = fields.Selection(
        selection=ABC,
        string="ABC",
        readonly=True,
        help="How much money goes through the product: A items make up the "
        "first 80 % of the warehouse's consumption value at cost, B the next "
        "15 %, C the rest (cut-offs in the replenishment settings).",
    )
    xyz_class = fields.Selection(
        selection=XYZ,
        string="XYZ",
        readonly=True,
        help="How steady the demand is from one period to the next: X steady "
        "(CV up to 0.5), Y varying (up to 1.0), Z volatile (above).",
    )
    demand_pattern = fields.Selection(
        selection=PATTERNS,
        readonly=True,
        help="Smooth: ordered most periods in similar amounts. Erratic: most "
        "periods, in very different amounts. Intermittent: only some periods, "
        "in similar amounts. Lumpy: only some periods, in very different "
        "amounts. New: too little history to tell.",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    demand_period = fields.Selection(
        related="company_id.dist_segment_period", string="Period"
    )
    demand_summary = fields.Char(
        string="Demand",
        compute="_compute_demand_summary",
        help="Mean quantity sold per period over the history window, in the "
        "product's unit.",
    )
    annual_value = fields.Float(
        readonly=True, help="Consumption value at cost, annualised."
    )
    value_share_before = fields.Float(
        string="Cumulative share before (%)",
        readonly=True,
        help="Share of the warehouse's consumption value of the items ranked "
        "before this one: what the ABC cut-offs compare.",
    )
    total_qty = fields.Float(string="Quantity in window", readonly=True)
    avg_demand = fields.Float(
        string="Mean demand per period",
        readonly=True,
        aggregator=None,
        help="Quantity sold per period on average, in the product's unit.",
    )
    demand_std = fields.Float(
        string="Demand spread per period",
        readonly=True,
        aggregator=None,
        help="Standard deviation of the quantity sold per period: how far a "
        "typical period is from the mean.",
    )
    cv = fields.Float(
        string="CV",
        digits=(6, 3),
        readonly=True,
        aggregator=None,
        help="Coefficient of variation: the spread divided by the mean. 0.2 "
        "means a period usually sells within 20 % of the mean; above 1, "
        "demand swings more than its own size. It sets the XYZ class.",
    )
    adi = fields.Float(
        string="ADI",
        digits=(6, 3),
        readonly=True,
        aggregator=None,
        help="Average demand interval: periods between two periods with "
        "sales. 1 means sold every period; 3 means sold one period in three. "
        "Above 1.32 the demand counts as intermittent or lumpy.",
    )
    cv2 = fields.Float(
        string="CV²",
        digits=(6, 3),
        readonly=True,
        aggregator=None,
        help="Squared coefficient of variation of the quantities in the "
        "periods that had sales: how different the order sizes are. Above "
        "0.49 the demand counts as erratic or lumpy.",
    )
    history_periods = fields.Integer(string="Periods of history", readonly=True)
    policy_id = fields.Many2one(
        comodel_name="dist.replenishment.policy",
        check_company=True,
        readonly=True,
    )
    policy_mode = fields.Selection(related="policy_id.mode")
    override_id = fields.Many2one(
        comodel_name="dist.policy.override", check_company=True, readonly=True
    )
    forecast = fields.Float(
        string="Forecast per period",
        readonly=True,
        help="Quantity expected to sell per period (day, week or month of "
        "the replenishment settings), by the policy's forecast method, in "
        "the product's unit.",
    )
    vendor_id = fields.Many2one(
        comodel_name="res.partner", check_company=True, readonly=True
    )
    supplierinfo_id = fields.Many2one(
        comodel_name="product.supplierinfo", check_company=True, readonly=True
    )
    lead_time_days = fields.Float(
        string="Lead time (days)",
        readonly=True,
        help="Days from confirming a purchase order to receiving it: measured "
        "on the vendor's receipts of the last year, else the vendor's "
        "promised delay.",
    )
    lead_time_std_days = fields.Float(
        string="Lead-time spread (days)",
        readonly=True,
        help="How many days a receipt usually comes earlier or later than the "
        "average lead time (standard deviation); 0 when only the promise is "
        "known.",
    )
    lead_time_source = fields.Selection(
        selection=LEAD_TIME_SOURCES,
        readonly=True,
        help="Where the lead time comes from: the vendor's receipts of this "
        "product, the vendor's receipts of all products, or the delay the "
        "vendor promised when there is no history.",
    )
    safety_stock = fields.Float(
        readonly=True,
        help="Stock kept on top of the expected demand over the lead time, "
        "to cover demand above the forecast and late receipts at the "
        "policy's service level (the chance of not running out between two "
        "orders).",
    )
    reorder_point = fields.Float(
        readonly=True,
        help="Stock level at which to order again: the demand expected over "
        "the lead time plus the safety stock.",
    )
    max_qty = fields.Float(string="Max", readonly=True)
    moq = fields.Float(
        string="MOQ",
        readonly=True,
        help="Minimum order quantity: the smallest quantity the vendor sells "
        "at once (the price list's minimum).",
    )
    pack_multiple = fields.Float(readonly=True)
    abc_pending = fields.Selection(
        selection=ABC,
        string="ABC class to come",
        readonly=True,
        help="The ABC class the last runs computed, waiting to be taken: a "
        "product close to a cut-off changes class only after it stayed "
        "across it for the runs the settings ask.",
    )
    xyz_pending = fields.Selection(
        selection=XYZ,
        string="XYZ class to come",
        readonly=True,
        help="The XYZ class the last runs computed, waiting to be taken (see "
        "ABC class to come).",
    )
    pattern_pending = fields.Selection(selection=PATTERNS, readonly=True)
    abc_pending_runs = fields.Integer(
        string="Runs with the ABC class to come",
        readonly=True,
        help="Daily runs in a row that computed the ABC class to come.",
    )
    xyz_pending_runs = fields.Integer(
        string="Runs with the XYZ class to come",
        readonly=True,
        help="Daily runs in a row that computed the XYZ class to come.",
    )
    pattern_pending_runs = fields.Integer(readonly=True)
    pending_date = fields.Date(
        readonly=True,
        help="Run date of the last pending count: a second run the same day "
        "does not count again.",
    )
    computed_at = fields.Datetime(
        readonly=True, help="End of the demand window of the run that set it."
    )
    history_ids = fields.One2many(
        comodel_name="dist.product.segment.history", inverse_name="segment_id"
    )
    orderpoint_id = fields.Many2one(
        comodel_name="stock.warehouse.orderpoint", readonly=True, check_company=True
    )

    _sql_constraints = [
        (
            "product_warehouse_unique",
            "unique (product_id, warehouse_id)",
            "A product has one segment per warehouse.",
        ),
    ]

    def init(self):
        res = super().init()
        # rewritten nearly whole every night: room for HOT updates
        leave_room(self.env, "dist_product_segment")
        return res

    @api.depends("avg_demand", "product_id.uom_id", "demand_period")
    def _compute_demand_summary(self):
        periods = dict(
            self.env["res.company"]
            ._fields["dist_segment_period"]
            ._description_selection(self.env)
        )
        for segment in self:
            segment.demand_summary = self.env._(
                "%(qty)s %(unit)s per %(period)s",
                qty=formatLang(self.env, segment.avg_demand, digits=1),
                unit=segment.product_uom_id.name or "",
                period=(periods.get(segment.demand_period) or "").lower(),
            )

    def _compute_display_name(self):
        for segment in self:
            segment.display_name = "{} @ {} ({}{} {})".format(
                segment.product_id.display_name,
                segment.warehouse_id.code,
                segment.abc_class or "",
                segment.xyz_class or "",
                segment.demand_pattern or "",
            )

    def action_request_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dist.policy.override",
            "view_mode": "form",
            "context": {
                "default_company_id": self.company_id.id,
                "default_product_id": self.product_id.id,
                "default_warehouse_id": self.warehouse_id.id,
            },
        }
