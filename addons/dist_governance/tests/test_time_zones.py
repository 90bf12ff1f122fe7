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
