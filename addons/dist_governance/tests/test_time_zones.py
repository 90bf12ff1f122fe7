from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import DistRolesCase

# 21:00 in Los Angeles on 1 June (UTC-7), 06:00 in Berlin on 2 June (UTC+2)
EVENING_IN_LOS_ANGELES = datetime(2026, 6, 2, 4, 0)


@tagged("post_install", "-at_install")
class TestTimeZones(DistRolesCase):
    """The suite's days are the company's (its address's time zone) or the
    warehouse's (its address's, else its company's): one company in Los
    Angeles, one in Berlin, one without a zone (UTC days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.west = Company.create(
            {"name": "Pacific Supply", "dist_tz": "America/Los_Angeles"}
        )
        cls.east = Company.create({"name": "Rhein Supply", "dist_tz": "Europe/Berlin"})
        cls.nowhere = Company.create({"name": "Nowhere Supply"})
        cls.west_wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.west.id)], limit=1
        )
        cls.east_wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.east.id)], limit=1
        )
        cls.kpi = cls.env.ref("dist_governance.kpi_exceptions_raised")
        cls.kpi.window_days = 1
        cls.type = cls.env["dist.exception.type"].create(
            {
                "code": "test_tz_gap",
                "name": "Time zone gap",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
            }
        )
        cls.group_exec = cls.role_user(
            "tz_exec_group",
            "dist_governance.group_executive",
            company_id=cls.west.id,
            company_ids=[Command.set((cls.west | cls.east).ids)],
        )

    def raise_at(self, company, when, name):
        partner = self.env["res.partner"].create({"name": name})
        exception = self.env["dist.exception"].raise_exception(
            "test_tz_gap", partner, name, company_id=company.id
        )
        exception.detected_date = when
        return exception

    def test_days_of_companies_and_warehouses(self):
        self.assertEqual(self.west.partner_id.tz, "America/Los_Angeles")
        self.assertEqual(self.west_wh.dist_tz, "America/Los_Angeles")
        self.assertFalse(self.nowhere.dist_tz)
        with freeze_time(EVENING_IN_LOS_ANGELES):
            self.assertEqual(self.west._dist_today(), date(2026, 6, 1))
            self.assertEqual(self.west_wh._dist_today(), date(2026, 6, 1))
            self.assertEqual(self.east._dist_today(), date(2026, 6, 2))
            # no zone: UTC days
            self.assertEqual(self.nowhere._dist_today(), date(2026, 6, 2))
            # a warehouse's own address zone comes before its company's
            self.west_wh.partner_id = self.env["res.partner"].create(
                {"name": "Pacific Supply, Tokyo depot", "tz": "Asia/Tokyo"}
            )
            self.assertEqual(self.west_wh.dist_tz, "Asia/Tokyo")
            self.assertEqual(self.west_wh._dist_today(), date(2026, 6, 2))
            self.assertEqual(self.west._dist_today(), date(2026, 6, 1))
        self.assertEqual(
            self.west._dist_day_bounds(date(2026, 6, 1)),
            (datetime(2026, 6, 1, 7, 0), datetime(2026, 6, 2, 7, 0)),
        )
        self.assertEqual(
            self.east._dist_day_bounds(date(2026, 6, 1), date(2026, 6, 2)),
            (datetime(2026, 5, 31, 22, 0), datetime(2026, 6, 2, 22, 0)),
        )
        # the day the clocks go forward in California lasts 23 hours
        self.assertEqual(
            self.west._dist_day_bounds(date(2026, 3, 8)),
            (datetime(2026, 3, 8, 8, 0), datetime(2026, 3, 9, 7, 0)),
        )
        self.assertEqual(
            self.west._dist_day_end(date(2026, 6, 1)), datetime(2026, 6, 2, 6, 59, 59)
        )
        self.assertEqual(
            self.east._dist_local_day(datetime(2026, 6, 1, 22, 30)), date(2026, 6, 2)
        )

    def test_kpi_day_is_each_company_local_day(self):
        """23:30 is still the day in each company: an exception raised then
        counts on that local day, not on the UTC day; 00:30 counts on the
        next one."""
        # 23:30 on 1 June in Los Angeles is 06:30 on 2 June UTC
        west = self.raise_at(self.west, datetime(2026, 6, 2, 6, 30), "west late")
        # 23:30 on 1 June in Berlin is 21:30 UTC; 00:30 on 2 June is 22:30
        east = self.raise_at(self.east, datetime(2026, 6, 1, 21, 30), "east late")
        self.raise_at(self.east, datetime(2026, 6, 1, 22, 30), "east early")
        Kpi = self.env["dist.kpi"]
        companies = self.west | self.east
        Kpi._dist_refresh(date(2026, 6, 1), companies)
        Kpi._dist_refresh(date(2026, 6, 2), companies)
        rows = self.env["dist.kpi.snapshot"].search(
            [("kpi_id", "=", self.kpi.id), ("company_id", "in", companies.ids)]
        )
        self.assertEqual(
            sorted((r.company_id.name, str(r.date), r.numerator) for r in rows),
            [
                ("Pacific Supply", "2026-06-01", 1.0),
                ("Pacific Supply", "2026-06-02", 0.0),
                ("Rhein Supply", "2026-06-01", 1.0),
                ("Rhein Supply", "2026-06-02", 1.0),
            ],
        )
        # the same from the records, and behind the group's tile of 1 June
        # (one window per zone) the two exceptions of that day
        self.assertEqual(
            Kpi.browse(self.kpi.id)._dist_compute(
                *self.kpi._dist_window(date(2026, 6, 1), self.west), self.west.ids
            ),
            (1.0, None),
        )
        self.env["dist.kpi.snapshot"].search(
            [("kpi_id", "=", self.kpi.id), ("date", "=", date(2026, 6, 2))]
        ).unlink()
        tile = self.kpi.with_user(self.group_exec).with_context(
            allowed_company_ids=companies.ids
        )
        self.assertEqual(tile.tile_value, 2)
        action = tile.action_drill()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]), west | east
        )

    def test_nightly_snapshot_takes_the_last_day_ended_everywhere(self):
        """At 21:00 in Los Angeles, 1 June has not ended there: the nightly
        snapshot of both companies is of 31 May, Berlin's too."""
        with freeze_time(EVENING_IN_LOS_ANGELES):
            self.env["dist.kpi"]._dist_refresh(companies=self.west | self.east)
        days = (
            self.env["dist.kpi.snapshot"]
            .search([("kpi_id", "=", self.kpi.id)])
            .mapped("date")
        )
        self.assertEqual(set(days), {date(2026, 5, 31)})

    def test_delegations_run_on_their_company_days(self):
        """A delegation from 2 June in Berlin runs at 00:30 there, although
        the scheduler (OdooBot, UTC) is still on 1 June."""
        company = {
            "company_id": self.east.id,
            "company_ids": [Command.set(self.east.ids)],
        }
        reviewer = self.role_user(
            "tz_reviewer", "dist_governance.group_process_owner", **company
        )
        delegate = self.role_user(
            "tz_delegate", "dist_governance.group_process_owner", **company
        )
        delegation = (
            self.env["dist.approval.delegation"]
            .with_user(reviewer)
            .with_context(allowed_company_ids=self.east.ids)
            .create(
                {
                    "company_id": self.east.id,
                    "delegate_id": delegate.id,
                    "date_from": date(2026, 6, 2),
                    "date_to": date(2026, 6, 5),
                }
            )
        )
        Delegation = self.env["dist.approval.delegation"]
        with freeze_time(datetime(2026, 6, 1, 22, 30)):
            self.assertEqual(
                Delegation._active_delegations(reviewer, company=self.east),
                delegation,
            )
            self.assertEqual(Delegation._active_delegations(reviewer), delegation)
        with freeze_time(datetime(2026, 6, 1, 21, 30)):
            self.assertFalse(Delegation._active_delegations(reviewer))
