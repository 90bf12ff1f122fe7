from odoo import fields, models

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
    abc_class = fields.Selection(selection=ABC, string="ABC", readonly=True)
    xyz_class = fields.Selection(selection=XYZ, string="XYZ", readonly=True)
    demand_pattern = fields.Selection(selection=PATTERNS, readonly=True)
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
    avg_demand = fields.Float(string="Mean demand per period", readonly=True)
    demand_std = fields.Float(string="Demand spread per period", readonly=True)
    cv = fields.Float(string="CV", digits=(6, 3), readonly=True)
    adi = fields.Float(string="ADI", digits=(6, 3), readonly=True)
    cv2 = fields.Float(string="CV²", digits=(6, 3), readonly=True)
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
    forecast = fields.Float(string="Forecast per period", readonly=True)
    vendor_id = fields.Many2one(
        comodel_name="res.partner", check_company=True, readonly=True
    )
    supplierinfo_id = fields.Many2one(
        comodel_name="product.supplierinfo", check_company=True, readonly=True
    )
    lead_time_days = fields.Float(readonly=True)
    lead_time_std_days = fields.Float(string="Lead-time spread (days)", readonly=True)
    lead_time_source = fields.Selection(selection=LEAD_TIME_SOURCES, readonly=True)
    safety_stock = fields.Float(readonly=True)
    reorder_point = fields.Float(readonly=True)
    max_qty = fields.Float(string="Max", readonly=True)
    moq = fields.Float(string="MOQ", readonly=True)
    pack_multiple = fields.Float(readonly=True)
    abc_pending = fields.Selection(selection=ABC, readonly=True)
    xyz_pending = fields.Selection(selection=XYZ, readonly=True)
    pattern_pending = fields.Selection(selection=PATTERNS, readonly=True)
    abc_pending_runs = fields.Integer(readonly=True)
    xyz_pending_runs = fields.Integer(readonly=True)
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
