from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AGENT, ServiceCompanyCase

# Europe/Brussels is UTC+2 in June: 15:00 there is 13:00 UTC (Odoo stores UTC)
FRIDAY_1500 = datetime(2026, 6, 5, 13, 0)


@tagged("post_install", "-at_install")
class TestCaseSla(ServiceCompanyCase):
    """Working hours Monday-Friday 08:00-17:00 Brussels time (the company's
    zone, which the SLA reads them in), Monday 8 June 2026 a public holiday;
    a category with 4 working hours to first response and 16 to resolution,
    at risk at 75 %."""

    COMPANY_NAME = "Bayside Service Co"
    LOGIN_PREFIX = "dist_sla"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dist_tz = "Europe/Brussels"
        cls.leader = cls.company_user("leader", AGENT)
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Service desk hours",
                "company_id": cls.company.id,
                "tz": "Europe/Brussels",
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
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Whit Monday",
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
                "date_from": datetime(2026, 6, 7, 22, 0),
                "date_to": datetime(2026, 6, 8, 21, 59, 59),
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Case desk",
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
                    "name": "Delayed shipment (Bayside)",
                    "company_id": cls.company.id,
                    "dist_team_id": cls.team.id,
                    "dist_calendar_id": cls.calendar.id,
                    "dist_first_response_hours": 4,
                    "dist_resolution_hours": 16,
                    "dist_at_risk_share": 75,
                    "dist_breach_action": "reassign",
                    "dist_root_cause_required": True,
                }
            )
        )
        cls.customer = cls.env["res.partner"].create({"name": "Harbor Hardware"})
        cls.waiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.waiting.dist_waiting_customer = True
        cls.in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def case(self):
        with freeze_time(FRIDAY_1500):
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

    def test_deadlines_across_a_weekend_and_a_holiday(self):
        ticket = self.case()
        self.assertEqual(ticket.team_id, self.team)  # the category's team
        # first response 4 h: Friday 15-17 (2 h), weekend, Monday holiday,
        # Tuesday 08-10 -> Tuesday 10:00 Brussels = 08:00 UTC
        self.assertEqual(
            ticket.dist_first_response_deadline, datetime(2026, 6, 9, 8, 0)
        )
        # at risk after 3 h: Tuesday 09:00 Brussels
        self.assertEqual(ticket.dist_first_response_risk, datetime(2026, 6, 9, 7, 0))
        # resolution 16 h: Friday 2, Tuesday 9, Wednesday 5 -> Wednesday 13:00
        self.assertEqual(ticket.dist_resolution_deadline, datetime(2026, 6, 10, 11, 0))
        self.assertEqual(ticket.dist_resolution_risk, datetime(2026, 6, 10, 7, 0))
        self.assertEqual(ticket.dist_sla_status, "on_track")

    def test_a_waiting_stage_stops_the_clocks(self):
        ticket = self.case()
        # Tuesday 09:00 -> 11:30 Brussels waiting on the customer: 2.5 h
        with freeze_time(datetime(2026, 6, 9, 7, 0)):
            ticket.with_user(self.agent).stage_id = self.waiting
        self.assertEqual(ticket.dist_paused_since, datetime(2026, 6, 9, 7, 0))
        # no status moves while the case waits, whatever the clock says
        self.assertFalse(self.sweep(datetime(2026, 6, 12, 9, 0)))
        with freeze_time(datetime(2026, 6, 9, 9, 30)):
            ticket.with_user(self.agent).stage_id = self.in_progress
        self.assertEqual(ticket.dist_paused_hours, 2.5)
        self.assertFalse(ticket.dist_paused_since)
        # 6.5 h: Friday 2 + Tuesday 4.5 -> Tuesday 12:30 Brussels
        self.assertEqual(
            ticket.dist_first_response_deadline, datetime(2026, 6, 9, 10, 30)
        )
        # 18.5 h: Friday 2, Tuesday 9, Wednesday 7.5 -> Wednesday 15:30
        self.assertEqual(ticket.dist_resolution_deadline, datetime(2026, 6, 10, 13, 30))

    def test_escalation_steps_happen_once(self):
        ticket = self.case()
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 6, 59)), {})
        # at risk: the team leader is told, once
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 7, 30)), {"at_risk": 1})
        self.assertEqual(ticket.dist_escalation, "risk")
        activities = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(activities), 1)
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 7, 45)), {})
        self.assertEqual(len(ticket.activity_ids), 1)
        # breach: reassigned to the leader, one SLA breach exception
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 8, 1)), {"breached": 1})
        self.assertEqual(ticket.dist_sla_status, "breached")
        self.assertEqual(ticket.user_id, self.leader)
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 9, 0)), {})
        exceptions = self.env["dist.exception"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(exceptions), 1)
        self.assertEqual(exceptions.type_id.code, "sla_breach")
        notes = ticket.message_ids.filtered(
            lambda m: (
                "SLA at risk" in (m.body or "") or "SLA breached" in (m.body or "")
            )
        )
        self.assertEqual(len(notes), 2)

    def test_a_leader_of_another_company_is_not_escalated_to(self):
        elsewhere = self.env["res.company"].create({"name": "Inland Service Co"})
        self.leader.write(
            {"company_ids": [Command.set(elsewhere.ids)], "company_id": elsewhere.id}
        )
        ticket = self.case()
        owner = ticket.user_id
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 7, 30)), {"at_risk": 1})
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 8, 1)), {"breached": 1})
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "=", self.leader.id)])
        )
        self.assertEqual(ticket.user_id, owner, "not reassigned to them")

    def test_first_response_and_closing(self):
        ticket = self.case()
        with freeze_time(datetime(2026, 6, 9, 7, 30)):
            ticket.with_user(self.agent).message_post(
                body="We are on it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.dist_first_response_date, datetime(2026, 6, 9, 7, 30))
        # answered: the first-response clock no longer counts
        self.assertEqual(self.sweep(datetime(2026, 6, 9, 8, 30)), {})
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).stage_id = self.done
        cause = self.env["dist.root.cause"].search([], limit=1)
        with freeze_time(datetime(2026, 6, 10, 9, 0)):
            ticket.with_user(self.agent).write(
                {"dist_root_cause_id": cause.id, "stage_id": self.done.id}
            )
        self.assertEqual(ticket.dist_sla_status, "met")

    def test_bad_category_settings_are_refused(self):
        Category = self.env["helpdesk.ticket.category"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Category.create({"name": "No time", "dist_resolution_hours": 0})
        with self.assertRaises(ValidationError):
            Category.create({"name": "Negative", "dist_first_response_hours": -1})
        other = self.env["res.company"].create({"name": "Other Service Co"})
        foreign = self.env["resource.calendar"].create(
            {"name": "Their hours", "company_id": other.id}
        )
        with self.assertRaises(ValidationError):
            self.category.sudo().dist_calendar_id = foreign
        answer = self.env.ref("dist_helpdesk_cases.case_action_answer")
        with self.assertRaises(ValidationError):
            self.category.with_user(self.manager).write(
                {
                    "dist_playbook_ids": [
                        Command.create({"name": "Just answer", "action_id": answer.id})
                    ]
                }
            )

    def test_seed_categories(self):
        codes = set(
            self.env["helpdesk.ticket.category"]
            .with_user(self.agent)
            .search([("dist_code", "!=", False)])
            .mapped("dist_code")
        )
        self.assertEqual(
            codes,
            {
                "delayed_shipment",
                "short_shipment",
                "damaged_goods",
                "return_request",
                "invoice_dispute",
                "product_inquiry",
            },
        )
