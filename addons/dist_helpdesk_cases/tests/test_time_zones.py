from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import AGENT, ServiceCompanyCase

# Monday 8 June 2026, 08:00 in Los Angeles (UTC-7 in summer)
MONDAY_0800_LA = datetime(2026, 6, 8, 15, 0)


@tagged("post_install", "-at_install")
class TestCaseDays(ServiceCompanyCase):
    """A service company in Los Angeles whose working hours (Monday-Friday
    08:00-17:00) come in a calendar kept in UTC, as Odoo creates them for a
    user without a zone: the SLA reads them in the company's zone, and its
    days (to-do dates, breach days) are the company's."""

    COMPANY_NAME = "Pacific Service Co"
    LOGIN_PREFIX = "dist_tz_case"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dist_tz = "America/Los_Angeles"
        cls.leader = cls.company_user("leader", AGENT)
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Pacific desk hours",
                "company_id": cls.company.id,
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Pacific desk",
                "company_id": cls.company.id,
                "user_id": cls.leader.id,
                "user_ids": [Command.set((cls.agent | cls.leader).ids)],
            }
        )
        cls.category = (
            cls.env["helpdesk.ticket.category"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Delayed shipment (Pacific)",
                    "company_id": cls.company.id,
                    "dist_team_id": team.id,
                    "dist_calendar_id": calendar.id,
                    "dist_first_response_hours": 4,
                    "dist_resolution_hours": 18,
                    "dist_at_risk_share": 75,
                    "dist_root_cause_required": False,
                }
            )
        )
        cls.customer = cls.env["res.partner"].create({"name": "Bayview Hardware"})
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def case(self):
        with freeze_time(MONDAY_0800_LA):
            return (
                self.env["helpdesk.ticket"]
                .with_user(self.agent)
                .create(
                    {
                        "name": "Where is my order?",
                        "description": "<p>Promised for today.</p>",
                        "partner_id": self.customer.id,
                        "category_id": self.category.id,
                        "company_id": self.company.id,
                    }
                )
            )

    def sweep(self, at):
        with freeze_time(at):
            return self.env["helpdesk.ticket"]._dist_sweep_sla()

    def test_working_hours_and_days_are_the_company_ones(self):
        ticket = self.case()
        # 4 h from Monday 08:00 there: Monday 12:00 there, 19:00 UTC
        self.assertEqual(
            ticket.dist_first_response_deadline, datetime(2026, 6, 8, 19, 0)
        )
        # 18 h: Monday 9 and Tuesday 9 -> Tuesday 17:00 there, which is
        # already Wednesday in UTC
        self.assertEqual(ticket.dist_resolution_deadline, datetime(2026, 6, 10, 0, 0))
        # at risk (13.5 h, Tuesday 12:30 there): the leader's to-do is due
        # on the deadline's day there, Tuesday
        # answered in time (the suite stamps the first response)
        ticket.sudo().dist_first_response_date = datetime(2026, 6, 8, 16, 0)
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 19, 45)), {"at_risk": 1})
        todo = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(todo.date_deadline, date(2026, 6, 9))
        note = ticket.message_ids.filtered(lambda m: "SLA at risk" in (m.body or ""))
        self.assertIn("2026-06-09 17:00 America/Los_Angeles", note.body)

    def test_breach_day_is_the_company_day(self):
        """Closed at 23:30 on Tuesday there (06:30 on Wednesday UTC), past
        its deadline: a breach of Tuesday in the SLA breach rate."""
        ticket = self.case()
        self.assertEqual(self.sweep(datetime(2026, 6, 10, 0, 30)), {"breached": 1})
        exception = self.env["dist.exception"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertIn("due 2026-06-09 17:00 America/Los_Angeles", exception.summary)
        with freeze_time(datetime(2026, 6, 10, 6, 30)):
            ticket.with_user(self.agent).stage_id = self.done
        kpi = self.env.ref("dist_helpdesk_cases.kpi_sla_breach_rate")
        kpi.window_days = 1
        tuesday = kpi._dist_compute(
            *kpi._dist_window(date(2026, 6, 9), self.company), self.company.ids
        )
        wednesday = kpi._dist_compute(
            *kpi._dist_window(date(2026, 6, 10), self.company), self.company.ids
        )
        self.assertEqual(tuesday, (1.0, 1.0))
        self.assertEqual(wednesday, (None, None))


@tagged("post_install", "-at_install")
class TestRescheduleDay(ServiceCompanyCase):
    """A delivery from a warehouse in Los Angeles moved from a case: the
    customer is told the new day there, not the UTC date and time."""

    COMPANY_NAME = "Pacific Delivery Co"
    LOGIN_PREFIX = "dist_tz_resched"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dist_tz = "America/Los_Angeles"
        cls.customer = cls.env["res.partner"].create(
            {"name": "Bayview Hardware", "is_company": True}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        product = cls.env["product.product"].create(
            {"name": "Ball valve 1in", "is_storable": True, "type": "consu"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 50
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )
        cls.order.action_confirm()

    def test_the_customer_is_told_the_warehouse_day(self):
        category = self.env.ref("dist_helpdesk_cases.case_category_delayed_shipment")
        with freeze_time(datetime(2026, 6, 2, 3, 0)):
            ticket = (
                self.env["helpdesk.ticket"]
                .with_user(self.agent)
                .create(
                    {
                        "name": "Order late",
                        "description": "<p>Late.</p>",
                        "partner_id": self.customer.id,
                        "company_id": self.company.id,
                        "category_id": category.id,
                        "dist_sale_order_id": self.order.id,
                    }
                )
            )
            # 20:00 on 5 June in Los Angeles, 03:00 on 6 June UTC
            self.env["helpdesk.ticket.resolve"].with_user(self.agent).create(
                {
                    "ticket_id": ticket.id,
                    "action_id": self.env.ref(
                        "dist_helpdesk_cases.case_action_reschedule"
                    ).id,
                    "new_date": datetime(2026, 6, 6, 3, 0),
                }
            ).action_apply()
        told = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertIn("planned for 2026-06-05", str(told.body))
