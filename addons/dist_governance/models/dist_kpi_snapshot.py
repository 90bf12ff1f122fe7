from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .dist_kpi import DIMENSION_SELECTION


class DistKpiSnapshot(models.Model):
    _name = "dist.kpi.snapshot"
    _description = "KPI value of a day"
    _order = "date desc, kpi_id, company_id, warehouse_id"
    _log_access = True

    kpi_id = fields.Many2one(
        comodel_name="dist.kpi", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    numerator = fields.Float(readonly=True, aggregator="sum")
    denominator = fields.Float(readonly=True, aggregator="sum")
    value = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    dimension = fields.Selection(
        selection=DIMENSION_SELECTION,
        required=True,
        default="total",
        readonly=True,
        index=True,
        help="Company and warehouse rows make the figure; the others split "
        "each warehouse's figure by vendor, customer segment or product "
        "family (their sum is the warehouse's).",
    )
    period = fields.Selection(
        selection=[("day", "Day"), ("month", "Month")],
        required=True,
        default="day",
        readonly=True,
        help="Day: the figure of the day. Month: daily rows per vendor, "
        "customer segment or product family past the company's retention, "
        "rolled up into one row dated the first of the month (numerator and "
        "denominator summed; see Days).",
    )
    day_count = fields.Integer(
        string="Days",
        default=1,
        readonly=True,
        aggregator="sum",
        help="How many daily rows this row stands for (1 for a day).",
    )
    vendor_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    customer_segment = fields.Char(readonly=True)
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product family", readonly=True
    )
    value_display = fields.Char(
        string="Figure",
        compute="_compute_value_display",
        help="The value in the KPI's unit (amounts in the company's currency).",
    )

    @api.depends("value", "kpi_id.unit", "company_id.currency_id")
    def _compute_value_display(self):
        for snapshot in self:
            snapshot.value_display = (
                snapshot.kpi_id._dist_format(
                    snapshot.value, currency=snapshot.company_id.currency_id
                )
                if snapshot.kpi_id
                else ""
            )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """The pivot and graph of the history: a figure aggregated over KPIs
        of different units (a percentage with an amount) means nothing, so
        the value of such a group (the totals, a row that is not one KPI's)
        is left empty."""
        result = super().read_group(
            domain, fields, groupby, offset, limit, orderby, lazy
        )
        if any(f.split(":")[0] == "value" for f in fields):
            for group in result:
                if group.get("value") is None or "kpi_id" in group:
                    continue
                kpis = self._read_group(group.get("__domain", domain), ["kpi_id"], [])
                if len({kpi.unit for (kpi,) in kpis}) > 1:
                    group["value"] = False
        return result

    def action_open_records(self):
        """The records behind this row: the KPI's drill-down for its day and
        company (for a rolled-up month, the windows of all its days),
        narrowed to its warehouse and its vendor, customer segment or
        product family."""
        self.ensure_one()
        kpi = self.kpi_id
        method = getattr(kpi, f"_kpi_drill_{kpi.code}", None)
        if method is None:
            raise UserError(self.env._("%(kpi)s has no records to open.", kpi=kpi.name))
        if self.period == "month":
            bounds = self.company_id._dist_day_bounds(
                self.date - timedelta(days=kpi.window_days - 1),
                self.date + relativedelta(months=1, days=-1),
            )
        else:
            bounds = kpi._dist_window(self.date, self.company_id)
        action = method(*bounds, self.company_id)
        paths = kpi._dist_dimension_paths(action["res_model"])
        wanted = {"warehouse": self.warehouse_id.id or False}
        if self.dimension == "vendor":
            wanted["vendor"] = self.vendor_id.id or False
        elif self.dimension == "product_family":
            wanted["product_family"] = self.categ_id.id or False
        elif self.dimension == "customer_segment":
            wanted["customer_segment"] = self.customer_segment or False
        domain = list(action["domain"])
        for dimension, value in wanted.items():
            path = paths.get(dimension)
            if not path:
                if dimension == "warehouse":
                    continue  # the KPI is not per warehouse
                raise UserError(
                    self.env._(
                        "The records of %(kpi)s cannot be split that way.",
                        kpi=kpi.name,
                    )
                )
            if dimension == "customer_segment" and value == "standard":
                # no tier counts as standard
                domain += ["|", (path, "=", False), (path, "=", "standard")]
            else:
                domain.append((path, "=", value))
        action["domain"] = domain
        action.setdefault("name", kpi.name)
        return action

    def init(self):
        # one row per KPI, company, warehouse, day (or rolled-up month) and
        # dimension value
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS dist_kpi_snapshot_day_uniq"))
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS dist_kpi_snapshot_dim_uniq"))
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dist_kpi_snapshot_period_uniq ON "
                "dist_kpi_snapshot (kpi_id, company_id, COALESCE(warehouse_id, 0), "
                "date, period, dimension, COALESCE(vendor_id, 0), "
                "COALESCE(customer_segment, ''), COALESCE(categ_id, 0))"
            )
        )
