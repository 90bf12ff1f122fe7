"""The control tower's KPIs: definitions, targets per company, daily
snapshots and baselines (dist_kpi_target.py, dist_kpi_snapshot.py,
dist_kpi_baseline.py, dist_kpi_baseline_line.py; governance's own feeders in
dist_kpi_governance.py).

A KPI is fed by an addon: it defines `_kpi_<code>(date_from, date_to,
company_ids)` on `dist.kpi`, an SQL statement that yields (company_id,
warehouse_id, numerator, denominator) rows from the records, and
`_kpi_drill_<code>(date_from, date_to, companies)` the action listing the
records behind the figure. The value is numerator / denominator (x 100 for a
percentage), or the numerator alone when the KPI is a total (a count or an
amount). Figures over several rows (warehouses, companies) are always
sum(numerator) / sum(denominator), or sum(numerator) for a total: tile,
snapshot and drill-down agree.

A KPI's day is a day of each company's time zone. The window's bounds are
the UTC moments its days begin there: plain moments when the companies share
a zone, else `PerCompany` moments (one per company), which the statements
compare with `_dist_since` / `_dist_before` (one plain range on the raw,
indexed column, then each row against its company's bound: no conversion
per row). Drill-downs get plain moments, once per zone.

Where a figure makes sense per vendor, customer segment or product family,
the feeder also defines `_kpi_dims_<code>()`, the dimensions it splits by
(keys of DIMENSIONS), and its statement yields their columns too
(vendor_id, customer_segment, categ_id): the snapshot then keeps, beside the
company and warehouse rows ("total"), one row per vendor, segment or family
of each warehouse, from the same statement.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_round, format_amount, formatLang

from ..local_time import PerCompany, compare_sql
from ..names import app_names

# dimension -> the column a feeder's statement yields for it (the
# snapshot's field of the same name)
DIMENSIONS = {
    "vendor": "vendor_id",
    "customer_segment": "customer_segment",
    "product_family": "categ_id",
}
DIMENSION_SELECTION = [
    ("total", "Company and warehouse"),
    ("vendor", "Vendor"),
    ("customer_segment", "Customer segment"),
    ("product_family", "Product family"),
]

# tile statuses from best to worst
STATUS_RANK = ["good", "warning", "bad"]

UNITS = [
    ("percent", "%"),
    ("hours", "hours"),
    ("days", "days"),
    ("count", "count"),
    ("amount", "amount"),
    ("ratio", "x"),
]
# units whose figure is the numerator summed, not a quotient
TOTALS = ("count", "amount")
# the minus sign of a signed figure (U+2212, not a hyphen)
MINUS = "\u2212"


def format_kpi_value(env, unit, value, currency=None, signed=False):
    """`value` of a KPI of `unit` as the user reads it: an amount in the
    currency with its 2 decimals, a count whole, a percentage with one
    decimal and " %", days and hours with their unit. `signed`: a
    difference (to a baseline or target), with "+" or "−" before it.
    None (no figure) is "-"."""
    if value is None:
        return "-"
    sign = ""
    if signed:
        digits = 0 if unit == "count" else 2 if unit in ("amount", "ratio") else 1
        value = float_round(value, precision_digits=digits)
        sign = "+" if value > 0 else MINUS if value < 0 else ""
        value = abs(value)
    if unit == "amount":
        text = format_amount(env, value, currency or env.company.currency_id)
    elif unit == "count":
        text = formatLang(env, float_round(value, precision_digits=0), digits=0)
    elif unit == "percent":
        text = f"{formatLang(env, value, digits=1)} %"
    elif unit in ("days", "hours"):
        whole = float_round(value, precision_digits=1) == round(value)
        number = formatLang(env, value, digits=0 if whole else 1)
        if unit == "days":
            label = env._("day") if whole and round(value) == 1 else env._("days")
        else:
            label = env._("hour") if whole and round(value) == 1 else env._("hours")
        text = f"{number} {label}"
    else:  # ratio
        text = f"{formatLang(env, value, digits=2)} x"
    if sign and text.startswith("-"):
        text = text[1:]
    return f"{sign}{text}"


class DistKpi(models.Model):
    _name = "dist.kpi"
    _inherit = ["dist.system.fields.mixin"]
    # what the suite computes the KPI with (shipped data)
    _dist_system_fields = (
        "code",
        "feeder",
    )
    _description = "Control tower KPI"
    _order = "sequence, id"

    code = fields.Char(
        required=True,
        readonly=True,
        help="Stable key the computing addon knows the KPI by.",
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        string="Formula",
        translate=True,
        help="What is counted, over which records, in plain words.",
    )
    unit = fields.Selection(selection=UNITS, required=True, default="percent")
    direction = fields.Selection(
        selection=[("up", "Higher is better"), ("down", "Lower is better")],
        required=True,
        default="up",
    )
    window_days = fields.Integer(
        string="Window (days)",
        default=30,
        help="The value of a day counts the records of this many days up to "
        "and including it.",
    )
    feeder = fields.Char(
        string="Addon (technical name)",
        readonly=True,
        help="Technical name of the addon that computes it.",
    )
    feeder_app = fields.Char(
        string="Computed by",
        compute="_compute_feeder_app",
        help="The app of the suite that computes the figure.",
    )
    owner_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Owner role",
        help="The role accountable for the figure.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    target_ids = fields.One2many(
        comodel_name="dist.kpi.target", inverse_name="kpi_id", string="Targets"
    )
    # the tile, for the companies the user works in now
    tile_date = fields.Date(compute="_compute_tile")
    tile_value = fields.Float(compute="_compute_tile", digits=(16, 2))
    tile_target = fields.Float(compute="_compute_tile", digits=(16, 2))
    tile_baseline = fields.Float(compute="_compute_tile", digits=(16, 2))
    tile_trend = fields.Float(
        compute="_compute_tile",
        digits=(16, 2),
        help="Value minus the baseline's.",
    )
    tile_value_display = fields.Char(
        string="Latest value",
        compute="_compute_tile",
        help="The figure in its unit: an amount in the company's currency, "
        "a count whole, a percentage, days or hours.",
    )
    tile_target_display = fields.Char(string="Target", compute="_compute_tile")
    tile_trend_display = fields.Char(
        string="Against the baseline",
        compute="_compute_tile",
        help="The figure minus the baseline's, signed, in the KPI's unit.",
    )
    tile_target_gap_display = fields.Char(
        string="Against the target",
        compute="_compute_tile",
        help="The figure minus the target, signed, in the KPI's unit.",
    )
    tile_status = fields.Selection(
        selection=[
            ("good", "On target"),
            ("warning", "Watch"),
            ("bad", "Off target"),
            ("untargeted", "No target"),
            ("none", "No data"),
        ],
        compute="_compute_tile",
    )
    tile_has_target = fields.Boolean(compute="_compute_tile")
    tile_status_note = fields.Char(
        compute="_compute_tile",
        help="With several companies selected, each is weighed against its "
        "own target and the tile shows the worst.",
    )
    tile_has_baseline = fields.Boolean(compute="_compute_tile")
    tile_owner_id = fields.Many2one(comodel_name="res.users", compute="_compute_tile")
    tile_exception_count = fields.Integer(
        string="Open exceptions", compute="_compute_tile"
    )
    exception_type_ids = fields.Many2many(
        comodel_name="dist.exception.type",
        string="Exceptions that hurt it",
        help="Open exceptions of these types are shown beside the figure.",
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "A KPI code is unique."),
        ("window_positive", "CHECK (window_days > 0)", "A window is a day or more."),
    ]

    # ------------------------------------------------------------------
    # values
    # ------------------------------------------------------------------

    def _dist_value(self, numerator, denominator):
        """The figure of summed numerator and denominator (None: no data)."""
        self.ensure_one()
        if self.unit in TOTALS:
            return numerator if numerator is not None else None
        if not denominator:
            return None
        value = numerator / denominator
        return value * 100.0 if self.unit == "percent" else value

    def _dist_query(self, date_from, date_to, company_ids):
        """The feeder's statement: (company_id, warehouse_id, numerator,
        denominator) rows for records of [date_from, date_to)."""
        self.ensure_one()
        method = getattr(self, f"_kpi_{self.code}", None)
        if method is None:
            return None
        return method(date_from, date_to, list(company_ids))

    def _dist_dimensions(self):
        """The dimensions the feeder splits this KPI by (none by default)."""
        self.ensure_one()
        method = getattr(self, f"_kpi_dims_{self.code}", None)
        return [dim for dim in (method() if method else ()) if dim in DIMENSIONS]

    def _dist_window(self, day, company):
        """[date_from, date_to) of the window ending on `day` in `company`'s
        time zone: the UTC moments its first day and the day after `day`
        begin there."""
        self.ensure_one()
        day = fields.Date.to_date(day)
        return company._dist_day_bounds(day - timedelta(days=self.window_days - 1), day)

    def _dist_bounds(self, day, companies):
        """(date_from, date_to) of the window ending on `day` for all of
        `companies`, each in its own zone: PerCompany moments, for one
        statement over them all."""
        self.ensure_one()
        windows = {company.id: self._dist_window(day, company) for company in companies}
        return (
            PerCompany({company: bounds[0] for company, bounds in windows.items()}),
            PerCompany({company: bounds[1] for company, bounds in windows.items()}),
        )

    def _dist_windows(self, day, companies):
        """[(date_from, date_to, companies)]: the window ending on `day`
        once per time zone of `companies` (for drill-down domains)."""
        self.ensure_one()
        groups = defaultdict(companies.browse)
        for company in companies:
            groups[self._dist_window(day, company)] |= company
        return [(bounds[0], bounds[1], group) for bounds, group in groups.items()]

    @api.model
    def _dist_since(self, column, company_column, bound):
        """SQL: the moments of `column` (a column of the statement) from
        `bound` (a moment, or PerCompany: each row's company's own, whose
        column is `company_column`)."""
        return compare_sql(column, ">=", bound, company_column)

    @api.model
    def _dist_before(self, column, company_column, bound):
        """SQL: the moments of `column` before `bound` (see _dist_since)."""
        return compare_sql(column, "<", bound, company_column)

    def _dist_compute(self, date_from, date_to, company_ids):
        """(numerator, denominator) over [date_from, date_to) for the
        companies, straight from the records."""
        self.ensure_one()
        query = self._dist_query(date_from, date_to, company_ids)
        if query is None:
            return None, None
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT SUM(q.numerator)::float8, SUM(q.denominator)::float8 "
                "FROM (%s) q",
                query,
            )
        )
        return self.env.cr.fetchone()

    @api.model
    def _dist_refresh(self, day=None, companies=None):
        """Snapshot every active KPI for `day` (default yesterday), per
        company and warehouse: one statement per KPI, replacing that day's
        rows. Returns the number of rows written.

        A day is each company's local day; by default the last day that has
        ended in every company's zone (yesterday where the clock is the
        latest), so that the companies' rows keep one date."""
        companies = companies or self.env["res.company"].search([])
        if day:
            day = fields.Date.to_date(day)
        else:
            day = min(company._dist_today() for company in companies) - timedelta(1)
        written = 0
        self.env.flush_all()
        # aggregates over months of moves: memory to hash and sort them, and
        # no JIT compilation (a tenth of such statements, for nothing)
        self.env.cr.execute(SQL("SET LOCAL work_mem = '64MB'"))
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        # what feeders share between their KPIs during this refresh (see
        # _dist_shared_rows); the temporary tables go when it ends
        cache = {}
        for kpi in self.with_context(dist_kpi_cache=cache).search([]):
            date_from, date_to = kpi._dist_bounds(day, companies)
            query = kpi._dist_query(date_from, date_to, companies.ids)
            if query is None:
                continue
            self.env.cr.execute(
                SQL(
                    "DELETE FROM dist_kpi_snapshot WHERE kpi_id = %s AND date = %s "
                    "AND company_id = ANY(%s) AND period = 'day'",
                    kpi.id,
                    day,
                    companies.ids,
                )
            )
            scale = 100.0 if kpi.unit == "percent" else 1.0
            value = (
                SQL("SUM(q.numerator)")
                if kpi.unit in TOTALS
                else SQL("SUM(q.numerator) * %s / NULLIF(SUM(q.denominator), 0)", scale)
            )
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO dist_kpi_snapshot (
                        kpi_id, company_id, warehouse_id, date, numerator,
                        denominator, value, dimension, vendor_id,
                        customer_segment, categ_id, period, day_count,
                        create_uid, create_date, write_uid, write_date)
                    SELECT %(kpi)s, q.company_id, q.warehouse_id, %(day)s,
                           SUM(q.numerator), SUM(q.denominator), %(value)s,
                           %(dimensions)s, 'day', 1,
                           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                           now() AT TIME ZONE 'UTC'
                      FROM (%(query)s) q
                     GROUP BY %(group_by)s
                    """,
                    kpi=kpi.id,
                    day=day,
                    value=value,
                    uid=self.env.uid,
                    query=query,
                    **kpi._dist_grouping(),
                )
            )
            written += self.env.cr.rowcount
            if kpi.unit in TOTALS:
                # a total with nothing recorded is zero, not unknown: one
                # zero row for each company that had none that day
                self.env.cr.execute(
                    SQL(
                        """
                        INSERT INTO dist_kpi_snapshot (
                            kpi_id, company_id, date, numerator, value,
                            dimension, period, day_count, create_uid,
                            create_date, write_uid, write_date)
                        SELECT %(kpi)s, c.id, %(day)s, 0.0, 0.0, 'total',
                               'day', 1,
                               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                               now() AT TIME ZONE 'UTC'
                          FROM unnest(%(companies)s::int[]) AS c(id)
                         WHERE NOT EXISTS (
                               SELECT 1 FROM dist_kpi_snapshot s
                                WHERE s.kpi_id = %(kpi)s AND s.date = %(day)s
                                  AND s.company_id = c.id AND s.period = 'day')
                        """,
                        kpi=kpi.id,
                        day=day,
                        uid=self.env.uid,
                        companies=companies.ids,
                    )
                )
                written += self.env.cr.rowcount
        for table in cache.values():
            self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
        # a day of a month already rolled up (a refresh of an old day): its
        # month rows hold the day's splits, the daily ones would count it
        # twice in the history and in the next roll-up; its totals stay
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM dist_kpi_snapshot d
                 WHERE d.date = %(day)s AND d.company_id = ANY(%(companies)s)
                   AND d.period = 'day' AND d.dimension != 'total'
                   AND EXISTS (
                       SELECT 1 FROM dist_kpi_snapshot m
                        WHERE m.kpi_id = d.kpi_id
                          AND m.company_id = d.company_id
                          AND m.period = 'month' AND m.dimension != 'total'
                          AND m.date = date_trunc('month', d.date)::date)
                """,
                day=day,
                companies=companies.ids,
            )
        )
        written -= self.env.cr.rowcount
        self.env["dist.kpi.snapshot"].invalidate_model()
        return written

    def _dist_shared_rows(self, key, query):
        """`query`, or during a snapshot refresh the rows it gave the first
        time (a temporary table): for statements several KPIs are built on
        (the first deliveries of the fill rates), computed once a refresh."""
        cache = self.env.context.get("dist_kpi_cache")
        if cache is None:
            return query
        if key not in cache:
            table = f"dist_kpi_shared_{len(cache)}"
            self.env.cr.execute(
                SQL(
                    "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS %s",
                    SQL.identifier(table),
                    query,
                )
            )
            cache[key] = table
        return SQL("SELECT * FROM %s", SQL.identifier(cache[key]))

    def _dist_grouping(self):
        """The snapshot statement's dimension columns and GROUP BY: the
        company and warehouse rows, plus, in the same pass (grouping
        sets), one row per value of each dimension the feeder yields."""
        self.ensure_one()
        dims = self._dist_dimensions()
        base = SQL("q.company_id, q.warehouse_id")
        columns = {
            column: (
                SQL("q.%s", SQL.identifier(column))
                if dim in dims
                else SQL(
                    "NULL::%s", SQL("varchar" if dim == "customer_segment" else "int4")
                )
            )
            for dim, column in DIMENSIONS.items()
        }
        if not dims:
            dimension = SQL("'total'")
            group_by = base
        else:
            dimension = SQL(
                "CASE %s ELSE 'total' END",
                SQL(" ").join(
                    SQL(
                        "WHEN GROUPING(q.%s) = 0 THEN %s",
                        SQL.identifier(DIMENSIONS[dim]),
                        dim,
                    )
                    for dim in dims
                ),
            )
            group_by = SQL(
                "GROUPING SETS ((%s), %s)",
                base,
                SQL(", ").join(
                    SQL("(%s, q.%s)", base, SQL.identifier(DIMENSIONS[dim]))
                    for dim in dims
                ),
            )
        return {
            "dimensions": SQL(", ").join(
                [dimension, *(columns[column] for column in DIMENSIONS.values())]
            ),
            "group_by": group_by,
        }

    @api.model
    def _cron_dist_snapshot(self):
        self._dist_refresh()

    # ------------------------------------------------------------------
    # tiles
    # ------------------------------------------------------------------

    @api.depends("feeder")
    def _compute_feeder_app(self):
        apps = app_names(self.env, self.mapped("feeder"))
        for kpi in self:
            kpi.feeder_app = apps.get(kpi.feeder, False)

    @api.depends_context("allowed_company_ids")
    def _compute_tile(self):
        # a handful of grouped reads for all the tiles, whatever their number
        companies = self.env.companies
        # a target's status reads its KPI's direction: read for all the tiles
        # at once (through each target, it was a query per tile)
        self.fetch(["direction", "unit"])
        Snapshot = self.env["dist.kpi.snapshot"]
        base = [
            ("kpi_id", "in", self.ids),
            ("company_id", "in", companies.ids),
            ("dimension", "=", "total"),
        ]
        latest = dict(Snapshot._read_group(base, ["kpi_id"], ["date:max"]))
        sums = {}  # (kpi, company) -> [numerator, denominator] of its day
        if latest:
            for kpi, day, company, numerator, denominator in Snapshot._read_group(
                base + [("date", "in", list(set(latest.values())))],
                ["kpi_id", "date:day", "company_id"],
                ["numerator:sum", "denominator:sum"],
            ):
                if latest.get(kpi) == day:
                    sums[kpi.id, company.id] = [numerator or 0.0, denominator or 0.0]
        baselines = {
            kpi.id: (numerator or 0.0, denominator or 0.0)
            for kpi, numerator, denominator in self.env[
                "dist.kpi.baseline.line"
            ]._read_group(
                [
                    ("kpi_id", "in", self.ids),
                    ("baseline_id.company_id", "in", companies.ids),
                    ("baseline_id.active", "=", True),
                ],
                ["kpi_id"],
                ["numerator:sum", "denominator:sum"],
            )
        }
        open_by_type = dict(
            self.env["dist.exception"]._read_group(
                [
                    ("type_id", "in", self.exception_type_ids.ids),
                    ("company_id", "in", companies.ids),
                    ("state", "in", ("open", "progress")),
                ],
                ["type_id"],
                ["__count"],
            )
        )
        for kpi in self:
            day = latest.get(kpi)
            kpi.tile_date = day
            value = baseline = None
            by_company = {
                company: pair
                for (kpi_id, company), pair in sums.items()
                if kpi_id == kpi.id
            }
            if day:
                value = kpi._dist_value(
                    sum(pair[0] for pair in by_company.values()),
                    sum(pair[1] for pair in by_company.values()),
                )
            if kpi.id in baselines:
                baseline = kpi._dist_value(*baselines[kpi.id])
            targets = kpi.target_ids.filtered(lambda t: t.company_id in companies)
            target = targets[:1] if len(targets) == 1 else None
            kpi.tile_status_note = False
            group_status = None
            if len(targets) > 1 and value is not None:
                # several companies: each against its own target, the tile
                # as the worst of them
                statuses = []
                for company_target in targets:
                    pair = by_company.get(company_target.company_id.id)
                    if pair is None and kpi.unit in TOTALS:
                        pair = (0.0, 0.0)  # nothing recorded: zero
                    company_value = kpi._dist_value(*pair) if pair else None
                    if company_value is not None:
                        statuses.append(company_target._dist_status(company_value))
                if statuses:
                    group_status = max(statuses, key=STATUS_RANK.index)
                    off = sum(1 for status in statuses if status == "bad")
                    kpi.tile_status_note = self.env._(
                        "%(off)s of %(count)s companies off target",
                        off=off,
                        count=len(statuses),
                    )
            kpi.tile_value = value or 0.0
            kpi.tile_baseline = baseline or 0.0
            kpi.tile_trend = (
                value - baseline if value is not None and baseline is not None else 0
            )
            kpi.tile_target = target.target if target else 0.0
            kpi.tile_value_display = kpi._dist_format(value)
            kpi.tile_target_display = kpi._dist_format(target.target) if target else ""
            kpi.tile_trend_display = (
                kpi._dist_format(value - baseline, signed=True)
                if value is not None and baseline is not None
                else ""
            )
            kpi.tile_target_gap_display = (
                kpi._dist_format(value - target.target, signed=True)
                if value is not None and target
                else ""
            )
            kpi.tile_has_target = bool(target)
            kpi.tile_has_baseline = baseline is not None
            kpi.tile_owner_id = target.owner_id if target else False
            kpi.tile_status = (
                "none"
                if value is None
                else target._dist_status(value)
                if target
                else group_status or "untargeted"
            )
            kpi.tile_exception_count = sum(
                open_by_type.get(exception_type, 0)
                for exception_type in kpi.exception_type_ids
            )

    def _dist_format(self, value, signed=False, currency=None):
        """`value` of this KPI in its unit (see format_kpi_value); amounts in
        `currency`, by default the currency of the company worked in."""
        self.ensure_one()
        return format_kpi_value(
            self.env, self.unit, value, currency=currency, signed=signed
        )

    @api.model
    def _dist_digest_values(self, user):
        """What the weekly digest tells `user`: the KPIs whose target they
        own, per company, against target; their overdue exceptions."""
        rows = []
        # sudo: the digest is the system reporting to each owner on their
        # own targets and exceptions, whoever runs the scheduled action
        targets = (
            self.env["dist.kpi.target"].sudo().search([("owner_id", "=", user.id)])
        )
        for target in targets:
            kpi = target.kpi_id.with_context(
                allowed_company_ids=target.company_id.ids
            ).sudo()
            rows.append(
                {
                    "kpi": kpi.name,
                    "company": target.company_id.name,
                    "unit": dict(UNITS).get(kpi.unit, ""),
                    "value": kpi.tile_value if kpi.tile_status != "none" else None,
                    "target": target.target,
                    "status": kpi.tile_status,
                    "trend": kpi.tile_trend,
                    # in the KPI's unit, amounts in the company's currency
                    "value_display": kpi._dist_format(
                        kpi.tile_value if kpi.tile_status != "none" else None,
                        currency=target.company_id.currency_id,
                    ),
                    "target_display": kpi._dist_format(
                        target.target, currency=target.company_id.currency_id
                    ),
                }
            )
        overdue = (
            self.env["dist.exception"]
            .sudo()
            .search(
                [("owner_id", "=", user.id), ("is_overdue", "=", True)],
                order="deadline",
            )
        )
        return {"user": user, "rows": rows, "overdue": overdue}

    @api.model
    def _cron_dist_digest(self):
        """The weekly digest: one mail per owner of a KPI target or of an
        overdue exception."""
        owners = self.env["dist.kpi.target"].sudo().search([]).owner_id
        owners |= (
            self.env["dist.exception"]
            .sudo()
            .search([("is_overdue", "=", True)])
            .owner_id
        )
        sent = self.env["mail.mail"]
        for user in owners.filtered(lambda u: u.active and u.email):
            values = self._dist_digest_values(user)
            if not values["rows"] and not values["overdue"]:
                continue
            body = self.env["ir.qweb"]._render("dist_governance.kpi_digest", values)
            sent |= (
                self.env["mail.mail"]
                .sudo()
                .create(
                    {
                        "subject": self.env._(
                            "Your KPIs and overdue exceptions this week"
                        ),
                        "body_html": body,
                        "email_to": user.email_formatted,
                        "recipient_ids": [(4, user.partner_id.id)],
                        "auto_delete": True,
                    }
                )
            )
        return sent

    def _dist_records(
        self, res_model, domain, group_by, view_mode="list,form", views=None, **ctx
    ):
        """The window action a drill-down returns: the records of `domain`,
        grouped by `group_by`; `views` ({view type: view xmlid}) names the
        views to show instead of the model's defaults (a read-only list
        where the default one is made for editing, say)."""
        action = {
            "type": "ir.actions.act_window",
            "res_model": res_model,
            "view_mode": view_mode,
            "domain": domain,
            "context": {"group_by": group_by, **ctx},
        }
        if views:
            action["views"] = [
                (
                    self.env.ref(views[view_type]).id if view_type in views else False,
                    view_type,
                )
                for view_type in view_mode.split(",")
            ]
        return action

    def _dist_dimension_paths(self, res_model):
        """{dimension or "warehouse": field path} on the records a drill-down
        of `res_model` lists, for opening the records behind one snapshot
        row; the feeders add their models."""
        return {"dist.exception": {"warehouse": "warehouse_id"}}.get(res_model, {})

    def action_drill(self):
        """The records behind the tile's figure (its window, the user's
        companies), grouped by warehouse."""
        self.ensure_one()
        method = getattr(self, f"_kpi_drill_{self.code}", None)
        if method is None:
            raise UserError(
                self.env._("%(kpi)s has no records to open.", kpi=self.name)
            )
        companies = self.env.companies
        day = self.tile_date or (
            min(company._dist_today() for company in companies) - timedelta(1)
        )
        actions = [
            method(date_from, date_to, group)
            for date_from, date_to, group in self._dist_windows(day, companies)
        ]
        action = actions[0]
        if len(actions) > 1:
            # one window per time zone: the records of any of them
            action["domain"] = expression.OR([a["domain"] for a in actions])
        action.setdefault("name", self.name)
        return action

    def action_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_governance.dist_kpi_snapshot_action"
        )
        action["domain"] = [("kpi_id", "=", self.id)]
        action["context"] = {"search_default_group_month": 1, "search_default_total": 1}
        return action

    def action_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_governance.dist_exception_action"
        )
        action["domain"] = [
            ("type_id", "in", self.exception_type_ids.ids),
            ("company_id", "in", self.env.companies.ids),
            ("state", "in", ("open", "progress")),
        ]
        action["context"] = {"search_default_group_owner": 1}
        return action
