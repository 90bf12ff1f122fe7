from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.dist_governance.tests.test_security_company_move import (
    CompanyGuardCoverage,
)

from .common import AGENT, MANAGER, ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestSecurityCompanyMove(CompanyGuardCoverage, ServiceCompanyCase):
    """A service agent of Seaview cannot write a case, nor a service manager
    a resolution action, into another company; an agent of both companies,
    with both selected, may move a case."""

    COMPANY_NAME = "Seaview Service"
    LOGIN_PREFIX = "dist_move_case"

    GUARD_ADDON = "dist_helpdesk_cases"
    GUARD_CORE = ("helpdesk.ticket",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Moved-to Service"})
        both = {
            "company_id": cls.company.id,
            "company_ids": [Command.set((cls.company | cls.company_b).ids)],
        }
        cls.agent_both = cls.role_user(f"{cls.LOGIN_PREFIX}_agent_both", AGENT, **both)
        cls.manager_both = cls.role_user(
            f"{cls.LOGIN_PREFIX}_manager_both", MANAGER, **both
        )
        cls.customer = cls.env["res.partner"].create({"name": "Harbor Hardware"})

    def test_every_company_model_inherits_the_guard(self):
        self.assert_company_models_guarded()

    def _ticket(self, user):
        return (
            self.env["helpdesk.ticket"]
            .with_user(user)
            .create(
                {
                    "name": "Where is my order?",
                    "description": "<p>Not delivered yet.</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                }
            )
        )

    def _assert_refused(self, records, user, vals, companies=None):
        before = {record.id: record.sudo().company_id for record in records}
        with self.assertRaises(AccessError) as caught:
            self.as_user(records, user, companies).write(vals)
        self.assertIn(self.company_b.name, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(
            {record.id: record.sudo().company_id for record in records},
            before,
            "nothing was written",
        )

    def test_agent_cannot_write_a_case_into_another_company(self):
        ticket = self._ticket(self.agent)
        self.assertEqual(ticket.sudo().company_id, self.company)
        self._assert_refused(
            ticket, self.agent, {"company_id": self.company_b.id, "name": "Moved"}
        )
        self.assertEqual(ticket.sudo().name, "Where is my order?")

    def test_agent_still_works_the_case(self):
        ticket = self._ticket(self.agent)
        self.as_user(ticket, self.agent).write({"name": "Order 42 late"})
        self.as_user(ticket, self.agent).assign_to_me()
        self.assertEqual(ticket.sudo().name, "Order 42 late")
        self.assertEqual(ticket.sudo().user_id, self.agent)

    def test_agent_of_both_companies_moves_a_case(self):
        ticket = self._ticket(self.agent_both)
        self.as_user(ticket, self.agent_both).write({"company_id": self.company_b.id})
        self.env.invalidate_all()
        self.assertEqual(ticket.sudo().company_id, self.company_b)

    def test_agent_of_both_must_have_the_new_company_selected(self):
        ticket = self._ticket(self.agent_both)
        self._assert_refused(
            ticket, self.agent_both, {"company_id": self.company_b.id}, self.company
        )

    def test_manager_cannot_write_a_resolution_action_into_another_company(self):
        # actions are shipped with their code (a system field)
        action = self.env["dist.case.action"].create(
            {"code": "move_test", "name": "Move test", "company_id": self.company.id}
        )
        self._assert_refused(action, self.manager, {"company_id": self.company_b.id})
        self.as_user(action, self.manager_both).write({"company_id": self.company_b.id})
        self.assertEqual(action.sudo().company_id, self.company_b)


@tagged("post_install", "-at_install")
class TestSecurityCompanyMovePortal(HttpCase):
    """The guard leaves the portal's own flow alone: a customer still opens
    a case from the portal."""

    def test_customer_opens_a_case_from_the_portal(self):
        customer = new_test_user(
            self.env,
            login="dist_move_portal",
            password="dist_move_portal",
            groups="base.group_portal",
            name="Paula Portal",
        )
        self.authenticate("dist_move_portal", "dist_move_portal")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Portal case after the guard",
                "description": "The valves are late.",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Portal case after the guard")]
        )
        self.assertEqual(ticket.partner_id, customer.partner_id)
        self.assertEqual(ticket.company_id, customer.company_id)
