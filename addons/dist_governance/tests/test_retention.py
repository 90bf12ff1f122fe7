from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import DistRolesCase


@tagged("post_install", "-at_install")
class TestRetention(DistRolesCase):
    """Retention per company: daily KPI splits past the company's months
    rolled up into months with the same sums, closed exceptions past its
    days archived, the audit trail and change log left alone; the settings
    written by the governance controller only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        # north keeps 24 months of daily splits and a year of closed
        # exceptions; south keeps every daily row and 30 days of exceptions
        cls.north = Company.create(
            {
                "name": "Keep North",
                "dist_kpi_retention_months": 24,
                "dist_archive_after_days": 365,
            }
        )
        cls.south = Company.create(
            {
                "name": "Keep South",
                "dist_kpi_retention_months": 0,
                "dist_archive_after_days": 30,
            }
        )
        cls.controller = cls.role_user(
            "keep_controller",
            "dist_governance.group_governance_controller",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )
        cls.owner = cls.role_user(
            "keep_owner",
            "dist_governance.group_process_owner",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )
        cls.percent = cls.env["dist.kpi"].create(
            {"code": "keep_fill", "name": "Keep fill rate", "unit": "percent"}
        )
        cls.count = cls.env["dist.kpi"].create(
            {"code": "keep_lines", "name": "Keep late lines", "unit": "count"}
        )
        cls.vendors = cls.env["res.partner"].create(
            [{"name": "Keep vendor A"}, {"name": "Keep vendor B"}]
        )
        Warehouse = cls.env["stock.warehouse"]
        cls.warehouses = {
            company: Warehouse.search([("company_id", "=", company.id)], limit=1)
            for company in (cls.north, cls.south)
        }
        # a month three years back (past north's 24 months), a recent one
        today = cls.north._dist_today()
        cls.old_month = (today - relativedelta(months=36)).replace(day=1)
        cls.recent_day = today - timedelta(days=3)
        rows = []
        for company in (cls.north, cls.south):
            warehouse = cls.warehouses[company]
            for day_offset, (numerator_a, denominator_a, numerator_b) in enumerate(
                [(9.0, 10.0, 1.0), (3.0, 6.0, 4.0), (8.0, 8.0, 2.0)]
            ):
                day = cls.old_month + timedelta(days=day_offset * 5)
                for kpi in (cls.percent, cls.count):
                    for dimension, vendor, numerator, denominator in (
                        ("total", None, numerator_a + numerator_b, denominator_a + 4),
                        ("vendor", cls.vendors[0], numerator_a, denominator_a),
                        ("vendor", cls.vendors[1], numerator_b, 4.0),
                    ):
                        rows.append(
                            cls._row(
                                kpi,
                                company,
                                warehouse,
                                day,
                                dimension,
                                vendor,
                                numerator,
                                denominator,
                            )
                        )
            for kpi in (cls.percent, cls.count):
                rows.append(
                    cls._row(
                        kpi,
                        company,
                        warehouse,
                        cls.recent_day,
                        "vendor",
                        cls.vendors[0],
                        5.0,
                        10.0,
                    )
                )
                rows.append(
                    cls._row(
                        kpi,
                        company,
                        warehouse,
                        cls.recent_day,
                        "total",
                        None,
                        7.0,
                        10.0,
                    )
                )
        cls.env["dist.kpi.snapshot"].create(rows)

    @classmethod
    def _row(cls, kpi, company, warehouse, day, dimension, vendor, num, den):
        if kpi.unit == "count":
            den, value = 0.0, num
        else:
            value = num * 100.0 / den
        return {
            "kpi_id": kpi.id,
            "company_id": company.id,
            "warehouse_id": warehouse.id,
            "date": day,
            "dimension": dimension,
            "vendor_id": vendor.id if vendor else False,
            "numerator": num,
            "denominator": den,
            "value": value,
        }

    def _history(self, company, dimension):
        """The history pivot's figures of `company`: numerator and
        denominator summed per KPI, month and vendor."""
        groups = self.env["dist.kpi.snapshot"]._read_group(
            [
                ("company_id", "=", company.id),
                ("dimension", "=", dimension),
                ("kpi_id", "in", (self.percent | self.count).ids),
            ],
            ["kpi_id", "date:month", "vendor_id"],
            ["numerator:sum", "denominator:sum"],
        )
        return {
            (kpi.code, month, vendor.id): (round(num, 6), round(den, 6))
            for kpi, month, vendor, num, den in groups
        }

    def _rows(self, company, **filters):
        domain = [
            ("company_id", "=", company.id),
            ("kpi_id", "in", (self.percent | self.count).ids),
        ] + [(name, "=", value) for name, value in filters.items()]
        return self.env["dist.kpi.snapshot"].search(domain)

    def test_kpi_rows_rolled_up_with_the_same_totals(self):
        before = {
            (company, dimension): self._history(company, dimension)
            for company in (self.north, self.south)
            for dimension in ("total", "vendor")
        }
        tiles = {
            kpi: kpi.with_context(allowed_company_ids=self.north.ids).tile_value
            for kpi in (self.percent, self.count)
        }
        totals = self._rows(self.north, dimension="total")
        south_rows = self._rows(self.south)

        done = (self.north | self.south)._dist_retention()

        # north: the old month's 12 daily vendor rows (2 KPIs x 2 vendors x
        # 3 days) are 4 month rows; the recent and total rows stay daily
        self.assertEqual(done["kpi_rows_rolled_up"], 12)
        self.assertEqual(done["kpi_month_rows"], 4)
        months = self._rows(self.north, period="month")
        self.assertEqual(len(months), 4)
        self.assertEqual(set(months.mapped("date")), {self.old_month})
        self.assertEqual(set(months.mapped("dimension")), {"vendor"})
        self.assertEqual(set(months.mapped("day_count")), {3})
        self.assertFalse(
            self._rows(self.north, dimension="vendor", period="day").filtered(
                lambda row: row.date < self.recent_day
            )
        )
        self.assertEqual(self._rows(self.north, dimension="total"), totals)
        # south keeps every daily row
        self.assertEqual(self._rows(self.south), south_rows)
        self.assertFalse(self._rows(self.south, period="month"))
        # the history per month and vendor sums the same, in both companies
        self.env.invalidate_all()
        for (company, dimension), figures in before.items():
            self.assertEqual(self._history(company, dimension), figures)
        # a ratio's month is sum(numerator) / sum(denominator); a count's
        # the average of its daily values
        vendor_a = self.vendors[0]
        fill = months.filtered(
            lambda r: r.kpi_id == self.percent and r.vendor_id == vendor_a
        )
        self.assertAlmostEqual(fill.value, (9 + 3 + 8) * 100.0 / (10 + 6 + 8))
        self.assertAlmostEqual(fill.numerator, 20.0)
        self.assertAlmostEqual(fill.denominator, 24.0)
        lines = months.filtered(
            lambda r: r.kpi_id == self.count and r.vendor_id == vendor_a
        )
        self.assertAlmostEqual(lines.value, (9 + 3 + 8) / 3.0)
        self.assertAlmostEqual(lines.numerator, 20.0)
        # the tiles read the latest day: unchanged
        self.env.invalidate_all()
        for kpi, value in tiles.items():
            self.assertEqual(
                kpi.with_context(allowed_company_ids=self.north.ids).tile_value, value
            )

        # again: nothing more to roll up
        done = (self.north | self.south)._dist_retention()
        self.assertEqual(done["kpi_rows_rolled_up"], 0)
        self.assertEqual(self._rows(self.north, period="month"), months)

    def test_day_refreshed_late_is_merged_into_its_month(self):
        self.north._dist_retention()
        history = self._history(self.north, "vendor")
        vendor_a = self.vendors[0]
        # a day of the rolled-up month written again (a refresh of old days)
        late = self.env["dist.kpi.snapshot"].create(
            self._row(
                self.count,
                self.north,
                self.warehouses[self.north],
                self.old_month + timedelta(days=20),
                "vendor",
                vendor_a,
                4.0,
                0.0,
            )
        )
        done = self.north._dist_retention()
        self.assertEqual(done["kpi_rows_rolled_up"], 1)
        self.assertFalse(late.exists())
        month = self._rows(
            self.north, period="month", kpi_id=self.count.id, vendor_id=vendor_a.id
        )
        self.assertEqual(len(month), 1)
        self.assertEqual(month.day_count, 4)
        self.assertAlmostEqual(month.numerator, 24.0)
        self.assertAlmostEqual(month.value, (9 + 3 + 8 + 4) / 4.0)
        key = ("keep_lines", month.date, vendor_a.id)
        self.assertIn(key, history)
        self.assertEqual(self._history(self.north, "vendor")[key][0], 24.0)

    def test_refreshing_a_rolled_up_day_counts_it_once(self):
        self.north._dist_retention()
        months = self._rows(self.north, period="month")
        sums = {row: (row.numerator, row.denominator, row.day_count) for row in months}
        history = self._history(self.north, "vendor")
        totals = self._history(self.north, "total")
        day = self.old_month + timedelta(days=5)
        # the day's splits, as the feeders write them on a refresh, beside
        # the month rows that hold them already
        self.env["dist.kpi.snapshot"].create(
            [
                self._row(
                    kpi,
                    self.north,
                    self.warehouses[self.north],
                    day,
                    "vendor",
                    self.vendors[0],
                    3.0,
                    6.0,
                )
                for kpi in (self.percent, self.count)
            ]
        )
        self.env["dist.kpi"]._dist_refresh(day, self.north)
        self.assertFalse(
            self._rows(self.north, dimension="vendor", period="day", date=day)
        )
        self.env.invalidate_all()
        self.assertEqual(self._history(self.north, "vendor"), history)
        self.assertEqual(self._history(self.north, "total"), totals)
        # rolled up again: the month rows as they were, 3 days each
        self.north._dist_retention()
        self.env.invalidate_all()
        self.assertEqual(self._rows(self.north, period="month"), months)
        for row, figures in sums.items():
            self.assertEqual((row.numerator, row.denominator, row.day_count), figures)

    def _exception(self, company, state, closed_days_ago):
        exception_type = self.env.ref("dist_governance.exception_type_manual")
        exception = self.env["dist.exception"].create(
            {
                "type_id": exception_type.id,
                "summary": f"Keep {state} {closed_days_ago}",
                "res_model": "res.company",
                "res_id": company.id,
                "company_id": company.id,
                "root_cause_id": self.env.ref(
                    "dist_governance.root_cause_transport"
                ).id,
            }
        )
        if state == "resolved":
            exception.action_resolve()
        elif state == "cancel":
            exception.action_cancel()
        self.env.flush_all()
        moment = fields.Datetime.now() - timedelta(days=closed_days_ago)
        self.env.cr.execute(
            SQL(
                "UPDATE dist_exception SET write_date = %(moment)s, "
                "detected_date = %(moment)s, deadline = NULL, "
                "resolved_date = CASE WHEN resolved_date IS NULL THEN NULL "
                "ELSE %(moment)s END WHERE id = %(id)s",
                moment=moment,
                id=exception.id,
            )
        )
        exception.invalidate_recordset()
        return exception

    def test_closed_exceptions_archived_audit_kept(self):
        north_old = self._exception(self.north, "resolved", 400)
        north_cancelled = self._exception(self.north, "cancel", 400)
        north_recent = self._exception(self.north, "resolved", 100)
        north_open = self._exception(self.north, "open", 400)
        south_recent = self._exception(self.south, "resolved", 100)
        south_new = self._exception(self.south, "resolved", 5)
        audit = self.env["dist.audit.entry"].sudo().search([])
        self.assertTrue(audit.filtered(lambda e: e.res_id == north_old.id))
        changes = self.env["auditlog.log"].sudo().search([])

        done = (self.north | self.south)._dist_retention()

        self.assertEqual(done["exceptions"], 3)
        self.assertFalse(north_old.active)
        self.assertFalse(north_cancelled.active)
        self.assertTrue(north_recent.active)
        self.assertTrue(north_open.active)
        self.assertFalse(south_recent.active)
        self.assertTrue(south_new.active)
        # archived, not gone: the Archived filter finds them
        self.assertEqual(
            self.env["dist.exception"].search(
                [("active", "=", False), ("id", "in", north_old.ids)]
            ),
            north_old,
        )
        # the audit trail and the change log are all still there
        self.assertEqual(audit.exists(), audit)
        self.assertEqual(changes.exists(), changes)

    def test_only_the_retention_archives_exceptions(self):
        """An open exception archived by hand would hide from escalation,
        tiles and checks: users are refused archiving and unarchiving, by
        the button as by a write over RPC; the retention archives the
        closed ones."""
        buyer = self.role_user(
            "keep_buyer",
            "dist_governance.group_dist_user",
            company_id=self.north.id,
            company_ids=[Command.set(self.north.ids)],
        )
        closed = self._exception(self.north, "resolved", 400)
        open_one = self._exception(self.north, "open", 400)
        for user in (buyer, self.controller):
            mine = self.as_user(open_one, user)
            with self.assertRaises(UserError):
                mine.action_archive()
            with self.assertRaises(UserError):
                mine.write({"active": False})
            with self.assertRaises(UserError):
                self.as_user(closed, user).write({"active": False})
            with self.assertRaises(UserError):
                self.as_user(self.env["dist.exception"], user).create(
                    {
                        "type_id": open_one.type_id.id,
                        "summary": "Born archived",
                        "res_model": "res.company",
                        "res_id": self.north.id,
                        "active": False,
                    }
                )
            self.assertTrue(open_one.active)
        # the screens offer no Archive action
        self.assertTrue(self.env["dist.exception"]._fields["active"].readonly)

        self.north._dist_retention()
        self.assertFalse(closed.active)
        self.assertTrue(open_one.active)
        for user in (buyer, self.controller):
            with self.assertRaises(UserError):
                self.as_user(closed, user).action_unarchive()
        self.assertFalse(closed.active)

        # the same problem raised again on the archived one's source: a new,
        # visible exception (the archived one is closed, no match)
        open_one.write({"root_cause_id": closed.root_cause_id.id})
        open_one.action_resolve()
        raised = self.as_user(self.env["dist.exception"], self.controller)
        first = raised.raise_exception(
            "manual", self.north, "Keep raised", company_id=self.north.id
        )
        self.assertNotIn(first, closed | open_one)
        self.assertTrue(first.active)
        self.assertEqual(first.state, "open")
        self.assertEqual(first.recurrence_count, 1)
        self.assertEqual(closed.recurrence_count, 1)
        self.assertIn(
            first,
            self.as_user(self.env["dist.exception"], self.controller).search(
                [("res_model", "=", "res.company"), ("res_id", "=", self.north.id)]
            ),
        )

    def test_scheduled_action(self):
        cron = self.env.ref("dist_governance.ir_cron_dist_retention")
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "dist_governance"),
                ("name", "=", "ir_cron_dist_retention"),
            ]
        )
        self.assertTrue(data.noupdate)
        cron.method_direct_trigger()
        self.assertTrue(self._rows(self.north, period="month"))

    def test_settings_written_by_the_controller(self):
        Settings = self.as_user(self.env["dist.governance.settings"], self.controller)
        settings = Settings.create({})
        self.assertEqual(settings.company_id, self.north)
        self.assertEqual(settings.dist_kpi_retention_months, 24)
        settings.write({"dist_kpi_retention_months": 12, "dist_archive_after_days": 90})
        settings.action_save()
        self.assertEqual(self.north.dist_kpi_retention_months, 12)
        self.assertEqual(self.north.dist_archive_after_days, 90)
        # not another company's
        other = Settings.sudo().create({"company_id": self.south.id})
        with self.assertRaises(AccessError):
            other.with_user(self.controller).write({"dist_archive_after_days": 1})
        self.assertEqual(self.south.dist_archive_after_days, 30)

    def test_settings_page_of_the_administrator(self):
        config = self.env["res.config.settings"].with_company(self.north).create({})
        self.assertEqual(config.dist_kpi_retention_months, 24)
        config.dist_archive_after_days = 200
        config.execute()
        self.assertEqual(self.north.dist_archive_after_days, 200)
        arch = config.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="dist_retention_settings"', arch)

    def test_settings_refused_to_other_roles(self):
        with self.assertRaises(AccessError):
            self.as_user(self.env["dist.governance.settings"], self.owner).create(
                {"dist_kpi_retention_months": 0}
            )
        with self.assertRaises(AccessError):
            self.as_user(self.north, self.owner).write({"dist_archive_after_days": 0})
        self.assertEqual(self.north.dist_kpi_retention_months, 24)
        self.assertEqual(self.north.dist_archive_after_days, 365)

    def test_exception_drill_down_lists_the_archived_ones_it_counts(self):
        closed = self._exception(self.north, "resolved", 400)
        self.north._dist_retention()
        self.assertFalse(closed.active)
        kpi = self.env.ref("dist_governance.kpi_exceptions_raised")
        day = closed.detected_date.date()
        self.env["dist.kpi"]._dist_refresh(day, self.north)
        row = self.env["dist.kpi.snapshot"].search(
            [
                ("kpi_id", "=", kpi.id),
                ("company_id", "=", self.north.id),
                ("date", "=", day),
                ("dimension", "=", "total"),
            ]
        )
        self.assertEqual(sum(row.mapped("numerator")), 1.0)
        action = self.as_user(row[:1], self.controller).action_open_records()
        listed = (
            self.as_user(self.env["dist.exception"], self.controller)
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(listed, closed)

    def test_month_row_opens_the_records_of_its_days(self):
        kpi = self.env.ref("dist_governance.kpi_exceptions_raised")
        row = self.env["dist.kpi.snapshot"].create(
            {
                "kpi_id": kpi.id,
                "company_id": self.north.id,
                "date": self.old_month,
                "period": "month",
                "day_count": 28,
                "numerator": 3.0,
                "value": 3.0,
            }
        )
        domain = row.action_open_records()["domain"]
        date_from = next(
            leaf[2] for leaf in domain if leaf[:2] == ("detected_date", ">=")
        )
        date_to = next(leaf[2] for leaf in domain if leaf[:2] == ("detected_date", "<"))
        # the window of its first day to the end of its last day
        first, _end = self.north._dist_day_bounds(
            self.old_month - timedelta(days=kpi.window_days - 1)
        )
        _start, last = self.north._dist_day_bounds(
            self.old_month + relativedelta(months=1, days=-1)
        )
        self.assertEqual((date_from, date_to), (first, last))
