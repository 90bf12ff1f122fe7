from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MANAGER, ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestSecurityApproval(ServiceCompanyCase):
    """Issue 17: a case resolution is carried out only through its approval
    path: an agent does not make one already carried out, nor write its
    status, nor raise what waits for (or got) approval."""

    COMPANY_NAME = "Pierside Wholesale"
    LOGIN_PREFIX = "dist_i17_case"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Wharf Plumbing"})
        cls.product = cls.env["product.product"].create(
            {"name": "Gate valve 2in", "is_storable": True}
        )
        cls.ticket = cls.as_user(cls.env["helpdesk.ticket"], cls.agent).create(
            {
                "name": "Short shipment",
                "description": "<p>Two valves missing.</p>",
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
            }
        )
        controller = cls.company_user(
            "controller", "dist_governance.group_governance_controller"
        )
        cls.as_user(cls.env["dist.approval.matrix"], controller).create(
            {
                "company_id": cls.company.id,
                "document_type_id": cls.env.ref(
                    "dist_helpdesk_cases.approval_document_type_case_resolution"
                ).id,
                "approver_type": "group",
                "approver_group_id": cls.env.ref(MANAGER).id,
                "amount_min": 30,
                "open_ended": True,
            }
        )

    def _vals(self, **values):
        return {
            "ticket_id": self.ticket.id,
            "company_id": self.company.id,
            "partner_id": self.customer.id,
            "action_id": self.env.ref("dist_helpdesk_cases.case_action_credit_note").id,
            "reason": "Agreed with the customer",
            **values,
        }

    def _count(self):
        return (
            self.env["dist.case.resolution"]
            .sudo()
            .search_count([("ticket_id", "=", self.ticket.id)])
        )

    def _waiting(self):
        """A credit note of 2 valves at 20 (40), waiting for the manager."""
        resolution = self.as_user(self.env["dist.case.resolution"], self.agent).create(
            self._vals(
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 2,
                            "price_unit": 20,
                        }
                    )
                ]
            )
        )
        waiting = resolution._dist_submit()
        self.assertEqual(waiting, resolution)
        self.assertIn(resolution.review_ids.status, ("waiting", "pending"))
        return resolution

    @mute_logger("odoo.models")
    def test_an_agent_does_not_create_a_resolution_carried_out(self):
        Resolution = self.as_user(self.env["dist.case.resolution"], self.agent)
        for state in ("done", "rejected", "cancel"):
            with self.subTest(state=state), self.assertRaises(AccessError):
                Resolution.create(self._vals(state=state))
        with self.assertRaises(AccessError):
            Resolution.with_context(default_state="done").create(self._vals())
        self.assertEqual(self._count(), 0)

    def test_the_status_is_not_written_directly(self):
        resolution = self._waiting()
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.as_user(resolution, user).write({"state": "done"})
        self.env.invalidate_all()
        self.assertEqual(resolution.sudo().state, "draft")
        self.assertFalse(resolution.sudo().credit_note_id)

    def test_what_waits_for_approval_is_not_raised(self):
        resolution = self._waiting()
        line = self.as_user(resolution.line_ids, self.agent)
        attempts = {
            "quantity": lambda: line.write({"quantity": 200}),
            "price": lambda: line.write({"price_unit": 2000}),
            "new line": lambda: line.create(
                {
                    "resolution_id": resolution.id,
                    "product_id": self.product.id,
                    "quantity": 50,
                    "price_unit": 20,
                }
            ),
            "removed line": lambda: line.unlink(),
        }
        for what, attempt in attempts.items():
            with self.subTest(what=what), self.assertRaises(UserError):
                attempt()
            self.env.invalidate_all()
            again = resolution.sudo()
            self.assertEqual(len(again.line_ids), 1)
            self.assertEqual(again.amount, 40)
            self.assertIn(again.review_ids.status, ("waiting", "pending"))
            self.assertEqual(again.state, "draft")
