from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import (
    CONTROL_TOWER_ROLES,
    DistRolesCase,
)

PURCHASE_ROLES = {
    "buyer": "dist_purchase_policy.group_buyer",
    "manager": "dist_purchase_policy.group_purchasing_manager",
}


@tagged("post_install", "-at_install")
class TestApprovalAccess(DistRolesCase):
    """The approval matrix of the demo in two companies: a purchasing
    manager approves orders from 10,000, an executive as second tier from
    50,000. Each company has a user of each role; a third holds both
    companies, both selected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Approvals North"})
        cls.south = Company.create({"name": "Approvals South"})
        cls.users = cls.company_role_users(
            "dist_appr",
            cls.north | cls.south,
            {**CONTROL_TOWER_ROLES, **PURCHASE_ROLES},
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Keystone Supply"})
        cls.product = cls.env["product.product"].create(
            {"name": "Hex bolt M8x40", "is_storable": True}
        )
        cls.doc_type = cls.env.ref(
            "dist_purchase_policy.approval_document_type_purchase_order"
        )
        cls.managers = cls.env.ref(PURCHASE_ROLES["manager"])
        cls.executives = cls.env.ref(CONTROL_TOWER_ROLES["executive"])
        for company in cls.north | cls.south:
            common = {"company_id": company.id, "document_type_id": cls.doc_type.id}
            cls.as_user(
                cls.env["dist.approval.matrix"], cls.users["controller", company]
            ).create(
                [
                    {
                        **common,
                        "amount_min": 10000,
                        "amount_max": 50000,
                        "tier": 1,
                        "approver_type": "group",
                        "approver_group_id": cls.managers.id,
                    },
                    {
                        **common,
                        "amount_min": 50000,
                        "open_ended": True,
                        "tier": 1,
                        "approver_type": "group",
                        "approver_group_id": cls.managers.id,
                    },
                    {
                        **common,
                        "amount_min": 50000,
                        "open_ended": True,
                        "tier": 2,
                        "approver_type": "group",
                        "approver_group_id": cls.executives.id,
                        "comment_required": True,
                    },
                ]
            )

    def user(self, role, company=None):
        return self.users[role, company]

    def _order(self, company, price, buyer=None):
        """An order of 10 bolts at `price` by the company's buyer."""
        buyer = buyer or self.user("buyer", company)
        return self.as_user(self.env["purchase.order"], buyer).create(
            {
                "partner_id": self.vendor.id,
                "company_id": company.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 10,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )

    def test_reviewers_are_of_the_document_s_company_only(self):
        order = self._order(self.north, 6000)  # 60,000: two tiers
        order.request_validation()
        first, second = order.review_ids.sorted("sequence")
        self.assertEqual(
            first.reviewer_ids, self.user("manager", self.north) | self.user("manager")
        )
        self.assertEqual(
            second.reviewer_ids,
            self.user("executive", self.north) | self.user("executive"),
        )

    @freeze_time("2026-06-10 08:00:00")
    def test_delegates_are_of_the_document_s_company_only(self):
        # a definition of no company (made by hand, outside the matrix)
        # applies in every company: its reviewers are still the document's
        self.env["tier.definition"].create(
            {
                "name": "Any order, any company",
                "model_id": self.env["ir.model"]._get("purchase.order").id,
                "company_id": False,
                "review_type": "group",
                "reviewer_group_id": self.managers.id,
                "definition_domain": "[('amount_total', '>=', 0)]",
                "approve_sequence": True,
                "sequence": 500,
            }
        )
        # the manager of both companies hands over, in the south, to the
        # south's buyer; in the north to the north's
        for company in self.north | self.south:
            self.as_user(
                self.env["dist.approval.delegation"], self.user("manager"), company
            ).create(
                {
                    "company_id": company.id,
                    "delegate_id": self.user("buyer", company).id,
                    "date_from": date(2026, 6, 9),
                    "date_to": date(2026, 6, 11),
                }
            )
        order = self._order(self.north, 50, buyer=self.user("buyer"))
        order.request_validation()
        self.assertEqual(
            order.review_ids.reviewer_ids,
            self.user("manager", self.north)
            | self.user("manager")
            | self.user("buyer", self.north),
        )

    def _decide(self, order, user, decision="validate", comment="Seen."):
        """`user` presses Validate (or Reject) on `order` and, when the tier
        asks for one, writes a comment in the wizard that opens."""
        mine = self.as_user(order, user)
        action = mine.validate_tier() if decision == "validate" else mine.reject_tier()
        if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
            wizard = (
                self.as_user(self.env["comment.wizard"], user)
                .with_context(**action["context"])
                .create({"comment": comment})
            )
            wizard.add_comment()
        self.env.invalidate_all()  # the next user acts in a new request

    def _asked(self, company, price=6000, buyer=None):
        """An order asked for validation (60,000: two tiers) whose first
        tier the company's purchasing manager approved."""
        order = self._order(company, price, buyer=buyer)
        order.request_validation()
        self._decide(order, self.user("manager", company))
        self.assertEqual(order.validation_status, "pending")
        return order

    def test_the_executive_opens_and_approves_tier_2_and_the_buyer_confirms(self):
        order = self._asked(self.north)
        executive = self.user("executive", self.north)
        values, editable = self.web_open_form(order, executive)
        self.assertEqual(values["name"], order.name)
        self.assertFalse(editable, "the executive reads the order, never edits it")
        self._decide(order, executive, comment="Within budget.")
        self.assertEqual(order.validation_status, "validated")
        approved = order.review_ids.filtered(lambda r: r.sequence == 2)
        self.assertEqual(approved.done_by, executive)
        self.assertEqual(approved.comment, "Within budget.")
        self.as_user(order, self.user("buyer", self.north)).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_the_executive_rejects_tier_2(self):
        order = self._asked(self.north)
        executive = self.user("executive", self.north)
        self._decide(order, executive, decision="reject", comment="Too much.")
        self.assertEqual(order.validation_status, "rejected")
        rejected = order.review_ids.filtered(lambda r: r.status == "rejected")
        self.assertEqual(rejected.done_by, executive)

    def test_a_read_only_reviewer_restarts_the_validation(self):
        """Issue 16: reviewers may restart a validation (it goes back to
        its requester), an executive included, though they only read the
        order; someone of the company not involved in it may not."""
        order = self._asked(self.north)
        with self.assertRaises(AccessError):
            self.as_user(order, self.user("owner", self.north)).restart_validation()
        self.assertEqual(len(order.review_ids), 2)
        self.as_user(order, self.user("executive", self.north)).restart_validation()
        self.assertFalse(order.review_ids)
        self.assertEqual(order.validation_status, "no")
        # the other company's executive cannot even read it
        order = self._asked(self.south)
        with self.assertRaises(AccessError):
            self.as_user(order, self.user("executive", self.north)).restart_validation()

    def test_the_executive_decides_in_their_companies_only(self):
        order = self._asked(self.south)
        with self.assertRaises(AccessError):
            self.as_user(order, self.user("executive", self.north)).validate_tier()
        with self.assertRaises(AccessError):
            self.as_user(order, self.user("executive", self.north)).reject_tier()
        self.assertEqual(order.validation_status, "pending")
        # the executive of both companies, both selected, decides it
        self._decide(order, self.user("executive"))
        self.assertEqual(order.validation_status, "validated")

    def test_a_read_only_approver_decides_when_the_next_reviewers_are_told(self):
        # a third tier whose reviewer hears of the approvals before it: the
        # executive's approval subscribes them to the order
        line = self.as_user(
            self.env["dist.approval.matrix"], self.user("controller", self.north)
        ).create(
            {
                "company_id": self.north.id,
                "document_type_id": self.doc_type.id,
                "amount_min": 50000,
                "open_ended": True,
                "tier": 3,
                "approver_type": "user",
                "approver_user_id": self.user("controller", self.north).id,
            }
        )
        # an administrator asks for the notification on the definition
        line.tier_definition_id.sudo().notify_on_accepted = True
        order = self._asked(self.north)
        executive = self.user("executive", self.north)
        self.assertFalse(self.as_user(order, executive).has_access("write"))
        self._decide(order, executive)
        self.assertEqual(
            order.review_ids.filtered(lambda r: r.sequence == 2).done_by, executive
        )
        self.assertIn(
            self.user("controller", self.north).partner_id,
            order.message_partner_ids,
        )
        self.assertEqual(order.validation_status, "pending")

    def test_a_read_only_approver_rejects_when_reviewers_are_told(self):
        self.env["tier.definition"].create(
            {
                "name": "Executives see every order",
                "model_id": self.env["ir.model"]._get("purchase.order").id,
                "company_id": self.north.id,
                "review_type": "group",
                "reviewer_group_id": self.executives.id,
                "definition_domain": "[('amount_total', '>=', 0)]",
                "approve_sequence": False,
                "notify_on_rejected": True,
            }
        )
        order = self._order(self.north, 50)
        order.request_validation()
        executive = self.user("executive", self.north)
        self._decide(order, executive, decision="reject")
        self.assertEqual(order.validation_status, "rejected")
        self.assertEqual(order.review_ids.done_by, executive)
        self.assertIn(executive.partner_id, order.message_partner_ids)

    def _line(self, **values):
        return self.as_user(
            self.env["dist.approval.matrix"], self.user("controller", self.north)
        ).create(
            {
                "company_id": self.north.id,
                "document_type_id": self.doc_type.id,
                "amount_min": 0,
                "amount_max": 10000,
                "tier": 1,
                **values,
            }
        )

    def test_a_line_whose_approver_cannot_open_the_documents_is_refused(self):
        desk = self.env["res.groups"].create(
            {
                "name": "Reception desk",
                "implied_ids": [Command.link(self.env.ref("base.group_user").id)],
            }
        )
        clerk = self.role_user(
            "dist_appr_clerk",
            company_id=self.north.id,
            company_ids=[Command.set(self.north.ids)],
        )
        clerk.groups_id = [Command.link(desk.id)]
        with self.assertRaises(ValidationError) as refused:
            self._line(approver_type="group", approver_group_id=desk.id)
        self.assertIn(
            "the role Reception desk cannot open Purchase Order",
            str(refused.exception),
        )
        with self.assertRaises(ValidationError) as refused:
            self._line(approver_type="user", approver_user_id=clerk.id)
        self.assertIn(
            f"{clerk.name} cannot open Purchase Order", str(refused.exception)
        )
        # a line naming someone who can is saved, and so is changing it into
        # one that cannot be refused
        line = self._line(
            approver_type="user", approver_user_id=self.user("owner", self.north).id
        )
        with self.assertRaises(ValidationError):
            line.approver_user_id = clerk

    def test_the_requester_s_manager_is_checked_when_validation_is_asked(self):
        self._line(approver_type="requester_manager")
        buyer = self.user("buyer", self.north)
        order = self._order(self.north, 50)
        with self.assertRaises(ValidationError) as refused:
            order.request_validation()
        self.assertIn(f"{buyer.name} has no manager set", str(refused.exception))
        self.assertFalse(order.review_ids)
        # a manager of another company cannot open the order
        buyer.dist_manager_id = self.user("manager", self.south)
        order.invalidate_recordset()
        with self.assertRaises(ValidationError) as refused:
            order.request_validation()
        self.assertIn(
            f"{self.user('manager', self.south).name}, for approval (tier 1), but",
            str(refused.exception),
        )
        buyer.dist_manager_id = self.user("manager", self.north)
        order.invalidate_recordset()
        order.request_validation()
        self.assertEqual(
            order.review_ids.reviewer_ids, self.user("manager", self.north)
        )

    def test_confirming_without_approval_names_the_tiers_and_their_approvers(self):
        order = self._order(self.north, 6000)  # 60,000: two tiers
        buyer = self.as_user(order, self.user("buyer", self.north))
        with self.assertRaises(ValidationError) as refused:
            buyer.button_confirm()
        message = str(refused.exception)
        self.assertTrue(
            message.startswith(
                f"{order.name} needs approval before it can be confirmed: tier 1 "
                "Purchasing manager ("
            ),
            message,
        )
        first, second = message.split("; tier 2 Executive (")
        for name in (self.user("manager", self.north) | self.user("manager")).mapped(
            "name"
        ):
            self.assertIn(name, first)
        self.assertNotIn(self.user("manager", self.south).name, message)
        for name in (
            self.user("executive", self.north) | self.user("executive")
        ).mapped("name"):
            self.assertIn(name, second)
        self.assertIn("Press Request Validation", second)
        self.env.invalidate_all()
        self.assertFalse(order.review_ids)
        self.assertEqual(order.state, "draft")

    def test_confirming_under_way_names_what_it_waits_for(self):
        order = self._asked(self.north)
        buyer = self.as_user(order, self.user("buyer", self.north))
        with self.assertRaises(ValidationError) as refused:
            buyer.button_confirm()
        self.assertIn(
            f"{order.name} needs approval before it can be confirmed: it waits "
            "for tier 2 Executive (",
            str(refused.exception),
        )
        self._decide(
            order, self.user("executive", self.north), "reject", comment="Too much."
        )
        with self.assertRaises(ValidationError) as refused:
            buyer.button_confirm()
        self.assertIn(
            f"{order.name} was rejected at tier 2 by "
            f"{self.user('executive', self.north).name} (Too much.)",
            str(refused.exception),
        )
