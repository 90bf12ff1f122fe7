from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.system_fields import REFUSAL, SystemFieldsChecks

from .common import ServiceCompanyCase

# a value for each SLA clock of a case
TICKET_SYSTEM_VALUES = {
    "dist_sla_start": "2020-01-01 00:00:00",
    "dist_first_response_date": "2020-01-01 00:00:00",
    "dist_first_response_deadline": "2030-01-01 00:00:00",
    "dist_first_response_risk": "2030-01-01 00:00:00",
    "dist_resolution_deadline": "2030-01-01 00:00:00",
    "dist_resolution_risk": "2030-01-01 00:00:00",
    "dist_paused_since": "2020-01-01 00:00:00",
    "dist_paused_hours": 500.0,
    "dist_sla_status": "met",
    "dist_escalation": "breach",
}
# the classifier's verdict on a case
CLASSIFY_VALUES = {
    "dist_category_confidence": 1.0,
    "dist_needs_triage": True,
}


@tagged("post_install", "-at_install")
class TestTicketSystemFields(ServiceCompanyCase, SystemFieldsChecks):
    """A case's SLA clocks (deadlines, status, paused hours, escalation
    step) are the suite's: neither an agent nor a service manager creates,
    writes or imports them; the suite still starts, plans, pauses and
    judges them."""

    COMPANY_NAME = "Clockwork Service Co"
    LOGIN_PREFIX = "dist_sysf"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Clockwork desk",
                "company_id": cls.company.id,
                "user_ids": [Command.set((cls.agent | cls.manager).ids)],
            }
        )
        cls.category = (
            cls.env["helpdesk.ticket.category"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Delayed shipment (Clockwork)",
                    "company_id": cls.company.id,
                    "dist_team_id": cls.team.id,
                    "dist_first_response_hours": 4,
                    "dist_resolution_hours": 16,
                    "dist_at_risk_share": 75,
                }
            )
        )
        cls.customer = cls.env["res.partner"].create({"name": "Clock Watcher"})
        cls.Ticket = cls.env["helpdesk.ticket"].with_user(cls.agent)
        cls.base_vals = {
            "name": "Where is my order?",
            "description": "<p>Promised for today.</p>",
            "partner_id": cls.customer.id,
            "category_id": cls.category.id,
            "company_id": cls.company.id,
        }
        cls.domain = [("partner_id", "=", cls.customer.id)]

    def test_create_with_an_sla_clock_is_refused(self):
        for role in (self.agent, self.manager):
            Ticket = self.env["helpdesk.ticket"].with_user(role)
            for field, value in {**TICKET_SYSTEM_VALUES, **CLASSIFY_VALUES}.items():
                self.assert_create_refused(
                    Ticket, self.base_vals, field, value, self.domain
                )

    def test_a_context_default_sets_no_sla_clock(self):
        ticket = self.Ticket.with_context(
            default_dist_sla_status="met",
            default_dist_escalation="breach",
            default_dist_paused_hours=500,
        ).create(self.base_vals)
        self.assertEqual(ticket.dist_sla_status, "on_track")
        self.assertEqual(ticket.dist_escalation, "none")
        self.assertEqual(ticket.dist_paused_hours, 0)

    def test_write_of_an_sla_clock_is_refused(self):
        ticket = self.Ticket.create(self.base_vals)
        for role in (self.agent, self.manager):
            for field, value in {**TICKET_SYSTEM_VALUES, **CLASSIFY_VALUES}.items():
                self.assert_write_refused(ticket.with_user(role), field, value)

    def test_import_of_an_sla_clock_is_refused(self):
        for field, value in TICKET_SYSTEM_VALUES.items():
            self.assert_load_refused(
                self.Ticket,
                [
                    "name",
                    "description",
                    "partner_id/.id",
                    "category_id/.id",
                    "company_id/.id",
                    field,
                ],
                [
                    "Imported case",
                    "Imported",
                    str(self.customer.id),
                    str(self.category.id),
                    str(self.company.id),
                    str(value),
                ],
                self.domain,
            )

    def test_an_import_cannot_move_an_existing_cases_clock(self):
        ticket = self.Ticket.create(self.base_vals)
        deadline = ticket.dist_resolution_deadline
        result = self.Ticket.load(
            [".id", "dist_resolution_deadline", "dist_sla_status"],
            [[str(ticket.id), "2030-01-01 00:00:00", "met"]],
        )
        self.assertTrue(
            any(REFUSAL in message["message"] for message in result["messages"]),
            result["messages"],
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.dist_resolution_deadline, deadline)
        self.assertEqual(ticket.dist_sla_status, "on_track")

    def test_a_copy_takes_no_sla_clock(self):
        ticket = self.Ticket.create(self.base_vals)
        copy = ticket.copy({"dist_sla_status": "met", "dist_paused_hours": 500})
        self.assertEqual(copy.dist_sla_status, "on_track")
        self.assertEqual(copy.dist_paused_hours, 0)

    def test_a_context_key_opens_nothing(self):
        ticket = self.Ticket.create(self.base_vals)
        forged = ticket.with_context(dist_closing_case=True, dist_system=True)
        with self.assertRaisesRegex(UserError, REFUSAL):
            forged.write({"dist_escalation": "none", "dist_sla_status": "met"})
        ticket.invalidate_recordset()
        self.assertEqual(ticket.dist_sla_status, "on_track")

    def test_the_suite_still_keeps_the_clocks(self):
        with freeze_time(datetime(2026, 6, 1, 8, 0)):
            ticket = self.Ticket.create(self.base_vals)
        self.assertEqual(ticket.dist_sla_start, datetime(2026, 6, 1, 8, 0))
        self.assertTrue(ticket.dist_first_response_deadline)
        self.assertTrue(ticket.dist_resolution_deadline)
        self.assertEqual(ticket.dist_sla_status, "on_track")
        waiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        waiting.dist_waiting_customer = True
        in_progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        with freeze_time(datetime(2026, 6, 1, 9, 0)):
            ticket.with_user(self.agent).stage_id = waiting
        self.assertEqual(ticket.dist_paused_since, datetime(2026, 6, 1, 9, 0))
        with freeze_time(datetime(2026, 6, 1, 10, 0)):
            ticket.with_user(self.agent).stage_id = in_progress
        self.assertFalse(ticket.dist_paused_since)
        self.assertGreater(ticket.dist_paused_hours, 0)
        # the sweep judges and escalates a late case
        with freeze_time(datetime(2026, 7, 1, 8, 0)):
            self.env["helpdesk.ticket"]._dist_sweep_sla()
        self.assertEqual(ticket.dist_sla_status, "breached")
        self.assertEqual(ticket.dist_escalation, "breach")
