from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_purchase_approval import PurchaseApprovalCase


@tagged("post_install", "-at_install")
class TestApprovalMatrix(PurchaseApprovalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the matrix replaces the hand-written definitions of the parent case
        (cls.tier_any | cls.tier_large).active = False
        cls.controller = cls.role_user(
            "dist_matrix_controller", "dist_governance.group_governance_controller"
        )
        cls.doc_type = cls.env.ref(
            "dist_purchase_policy.approval_document_type_purchase_order"
        )
        cls.managers = cls.env.ref("dist_purchase_policy.group_purchasing_manager")
        cls.Matrix = cls.env["dist.approval.matrix"].with_user(cls.controller)

    def _line(self, **values):
        return self.Matrix.create(
            {
                "document_type_id": self.doc_type.id,
                "approver_type": "group",
                "approver_group_id": self.managers.id,
                **values,
            }
        )

    def test_a_line_generates_and_keeps_its_tier_definition(self):
        line = self._line(amount_min=0, amount_max=1000, tier=1)
        definition = line.tier_definition_id
        self.assertTrue(definition)
        self.assertEqual(definition.model, "purchase.order")
        self.assertEqual(definition.reviewer_group_id, self.managers)
        self.assertEqual(definition.company_id, line.company_id)
        self.assertIn("amount_total_cc", definition.definition_domain)
        line.write(
            {
                "approver_type": "user",
                "approver_user_id": self.second_approver.id,
                "amount_max": 2000,
            }
        )
        self.assertEqual(definition.review_type, "individual")
        self.assertEqual(definition.reviewer_id, self.second_approver)
        self.assertIn("2000", definition.definition_domain)
        line.active = False
        self.assertFalse(definition.active)
        line.active = True
        self.assertTrue(definition.active)

    def test_the_matrix_routes_orders_by_amount_and_tier(self):
        self._line(amount_min=0, amount_max=1000, tier=1)
        self._line(amount_min=1000, open_ended=True, tier=1)
        self._line(
            amount_min=1000,
            open_ended=True,
            tier=2,
            approver_type="user",
            approver_user_id=self.second_approver.id,
        )
        small = self._order(self.buyer, 50)  # 500
        small.request_validation()
        self.assertEqual(len(small.review_ids), 1)
        large = self._order(self.buyer, 500)  # 5,000
        large.request_validation()
        self.assertEqual(len(large.review_ids), 2)
        self.assertEqual(
            large.review_ids.sorted("sequence").mapped("reviewer_ids")[-1:],
            self.second_approver,
        )
        large.with_user(self.approver).validate_tier()
        self.assertEqual(large.validation_status, "pending")
        large.with_user(self.second_approver).validate_tier()
        self.assertEqual(large.validation_status, "validated")
        self.env.invalidate_all()  # the buyer confirms in a new request
        large.button_confirm()
        self.assertEqual(large.state, "purchase")

    def test_reviews_under_way_survive_matrix_changes(self):
        line = self._line(amount_min=0, open_ended=True, tier=1)
        order = self._order(self.buyer, 50)
        order.request_validation()
        review = order.review_ids
        definition = line.tier_definition_id
        line.unlink()
        self.assertFalse(definition.active, "the definition is archived, not gone")
        self.assertEqual(review.definition_id, definition)
        self.assertEqual(review.reviewer_ids, self.managers.users)
        order.with_user(self.approver).validate_tier()
        self.assertEqual(order.validation_status, "validated")
        # a new order finds no matrix line, so needs no approval
        self.assertFalse(self._order(self.buyer, 50).need_validation)

    def test_requester_manager_is_resolved_at_review_time(self):
        self._line(amount_min=0, open_ended=True, approver_type="requester_manager")
        self.buyer.dist_manager_id = self.second_approver
        order = self._order(self.buyer, 50)
        order.request_validation()
        self.assertEqual(order.review_ids.reviewer_ids, self.second_approver)

    def test_conditions_add_a_tier_for_weak_vendors(self):
        self._line(amount_min=0, open_ended=True, tier=1)
        self._line(
            amount_min=0,
            open_ended=True,
            tier=2,
            vendor_grade="d",
            approver_type="user",
            approver_user_id=self.second_approver.id,
        )
        order = self._order(self.buyer, 50)
        order.request_validation()
        self.assertEqual(len(order.review_ids), 1)
        self.vendor.dist_vendor_grade = "d"
        weak = self._order(self.buyer, 50)
        weak.request_validation()
        self.assertEqual(len(weak.review_ids), 2)

    def test_an_open_exception_adds_a_tier(self):
        self._line(amount_min=0, open_ended=True, tier=1)
        exception_type = self.env.ref("dist_governance.exception_type_manual")
        self._line(
            amount_min=0,
            open_ended=True,
            tier=2,
            exception_type_id=exception_type.id,
            approver_type="user",
            approver_user_id=self.second_approver.id,
        )
        calm = self._order(self.buyer, 50)
        calm.request_validation()
        self.assertEqual(len(calm.review_ids), 1)
        troubled = self._order(self.buyer, 50)
        self.env["dist.exception"].raise_exception(
            "manual", troubled, "Vendor asked to change the ship-to address"
        )
        troubled.request_validation()
        self.assertEqual(len(troubled.review_ids), 2)

    def test_a_rejection_is_audited_and_blocks_the_order(self):
        self._line(amount_min=0, open_ended=True, tier=1)
        order = self._order(self.buyer, 50)
        order.request_validation()
        order.with_user(self.approver).reject_tier()
        self.assertEqual(order.validation_status, "rejected")
        entry = self.env["dist.audit.entry"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "=", order.id),
                ("event", "=", "review_rejected"),
            ]
        )
        self.assertEqual((entry.user_id, entry.new_value), (self.approver, "Rejected"))
        self._assert_confirm_refused(order)

    def test_bad_lines_are_refused_and_name_the_conflict(self):
        first = self._line(amount_min=0, amount_max=1000, tier=1)
        cases = [
            (dict(amount_min=500, amount_max=2000, tier=1), "overlaps"),
            (dict(amount_min=900, open_ended=True, tier=1), "overlaps"),
            (dict(amount_min=1000, amount_max=1000, tier=1), "must end above"),
            (dict(amount_min=-5, amount_max=10, tier=2), "negative"),
        ]
        for values, message in cases:
            with self.assertRaises(ValidationError) as refused:
                self._line(**values)
            self.assertIn(message, str(refused.exception))
            if message == "overlaps":
                self.assertIn(first.display_name, str(refused.exception))
        # neighbouring bands and another tier on the same band are fine
        self._line(amount_min=1000, amount_max=5000, tier=1)
        self._line(amount_min=0, amount_max=1000, tier=2)
        other_company = self.env["res.company"].create({"name": "Other Co"})
        stranger = self.role_user(
            "dist_matrix_stranger",
            "dist_purchase_policy.group_purchasing_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        with self.assertRaises(ValidationError) as refused:
            self._line(
                amount_min=5000,
                open_ended=True,
                approver_type="user",
                approver_user_id=stranger.id,
            )
        self.assertIn("has no access to", str(refused.exception))
        self.assertEqual(
            self.Matrix.search_count([]), 3, "nothing half-written by the refusals"
        )

    def test_a_controller_saves_a_line_and_an_overlapping_one_is_refused(self):
        """New, a line from 10,000 to 50,000 at tier 1, Save: its tier
        definition exists. A line from 20,000 to 30,000 at tier 1 is refused
        on Save, naming the line it overlaps, and nothing is kept of it."""

        def line(amount_min, amount_max):
            form = Form(self.Matrix)
            form.document_type_id = self.doc_type
            form.amount_min = amount_min
            form.amount_max = amount_max
            form.tier = 1
            form.approver_type = "group"
            form.approver_group_id = self.managers
            return form

        first = line(10_000, 50_000).save()
        self.assertEqual(first.company_id, self.controller.company_id)
        self.assertTrue(first.tier_definition_id)
        with self.assertRaises(ValidationError) as refused:
            line(20_000, 30_000).save()
        self.assertIn("overlaps", str(refused.exception))
        self.assertIn(first.display_name, str(refused.exception))
        self.assertEqual(self.Matrix.search([]), first)

    def test_import_reports_the_bad_row(self):
        result = self.Matrix.load(
            [
                "document_type_id/id",
                "amount_min",
                "amount_max",
                "tier",
                "approver_type",
                "approver_group_id/id",
            ],
            [
                [
                    "dist_purchase_policy.approval_document_type_purchase_order",
                    "0",
                    "1000",
                    "1",
                    "group",
                    "dist_purchase_policy.group_purchasing_manager",
                ],
                [
                    "dist_purchase_policy.approval_document_type_purchase_order",
                    "500",
                    "3000",
                    "1",
                    "group",
                    "dist_purchase_policy.group_purchasing_manager",
                ],
            ],
        )
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        # each of the two conflicting rows is reported, naming the other
        self.assertEqual([e["rows"]["from"] for e in errors], [0, 1], errors)
        self.assertIn("500 to below 3,000", errors[0]["message"])
        self.assertIn("0 to below 1,000", errors[1]["message"])
        self.assertFalse(self.Matrix.search([]), "nothing imported")

    def test_only_controllers_write_the_matrix_and_companies_stay_apart(self):
        line = self._line(amount_min=0, open_ended=True)
        with self.assertRaises(AccessError):
            self.env["dist.approval.matrix"].with_user(self.approver).create(
                {
                    "document_type_id": self.doc_type.id,
                    "approver_type": "group",
                    "approver_group_id": self.managers.id,
                }
            )
        with self.assertRaises(AccessError):
            line.with_user(self.approver).write({"amount_min": 10})
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.role_user(
            "dist_matrix_foreign",
            "dist_governance.group_governance_controller",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(self.env["dist.approval.matrix"].with_user(foreign).search([]))
        with self.assertRaises(AccessError):
            self.env["dist.approval.matrix"].with_user(foreign).with_context(
                allowed_company_ids=[other_company.id, line.company_id.id]
            ).search([])

    def test_the_grid_reads_like_the_seed_matrix(self):
        self._line(amount_min=0, amount_max=1000, tier=1)
        self._line(
            amount_min=0,
            amount_max=1000,
            tier=2,
            approver_type="user",
            approver_user_id=self.second_approver.id,
        )
        grid = (
            self.env["dist.approval.matrix.grid"].with_user(self.controller).create({})
        )
        html = str(grid.grid)
        self.assertIn("Purchase order", html)
        self.assertIn("0 to below 1,000", html)
        self.assertIn(f"1. {self.managers.name}", html)
        self.assertIn(f"2. {self.second_approver.name}", html)
        self.assertIn(self.env.company.name, html)


@tagged("post_install", "-at_install")
class TestDelegationAndSla(PurchaseApprovalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.tier_any | cls.tier_large).active = False
        cls.stand_in = cls.role_user(
            "dist_stand_in", "dist_purchase_policy.group_buyer"
        )
        cls.escalation_user = cls.role_user(
            "dist_escalation", "dist_purchase_policy.group_purchasing_manager"
        )
        cls.line = cls.env["dist.approval.matrix"].create(
            {
                "document_type_id": cls.env.ref(
                    "dist_purchase_policy.approval_document_type_purchase_order"
                ).id,
                "amount_min": 0,
                "open_ended": True,
                "approver_type": "user",
                "approver_user_id": cls.approver.id,
                "sla_hours": 4,
                "escalation_user_id": cls.escalation_user.id,
            }
        )
        cls.Delegation = cls.env["dist.approval.delegation"]

    def test_a_delegate_approves_on_behalf_of_the_reviewer(self):
        with freeze_time("2026-07-06 09:00:00"):
            order = self._order(self.buyer, 50)
            order.request_validation()
            self.assertEqual(order.review_ids.reviewer_ids, self.approver)
            self.Delegation.with_user(self.approver).create(
                {
                    "delegate_id": self.stand_in.id,
                    "date_from": "2026-07-06",
                    "date_to": "2026-07-17",
                    "reason": "Holiday",
                }
            )
            review = order.review_ids
            self.assertEqual(review.reviewer_ids, self.approver | self.stand_in)
            order.with_user(self.stand_in).validate_tier()
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.done_by, self.stand_in)
        self.assertEqual(review.dist_on_behalf_of_id, self.approver)
        entry = self.env["dist.audit.entry"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "=", order.id),
                ("event", "=", "review_approved"),
            ]
        )
        self.assertEqual(
            (entry.user_id, entry.on_behalf_of_id), (self.stand_in, self.approver)
        )
        # after the range, the delegate is no reviewer any more
        with freeze_time("2026-07-20 09:00:00"):
            later = self._order(self.buyer, 60)
            later.request_validation()
            self.assertEqual(later.review_ids.reviewer_ids, self.approver)

    def test_delegation_bad_input(self):
        Delegation = self.Delegation.with_user(self.approver)
        with self.assertRaises(ValidationError):
            Delegation.create(
                {"delegate_id": self.approver.id, "date_to": "2026-12-31"}
            )
        with self.assertRaises(ValidationError):
            Delegation.create(
                {
                    "delegate_id": self.stand_in.id,
                    "date_from": "2026-12-31",
                    "date_to": "2026-12-01",
                }
            )
        Delegation.create(
            {
                "delegate_id": self.stand_in.id,
                "date_from": "2026-12-01",
                "date_to": "2026-12-31",
            }
        )
        with self.assertRaises(ValidationError) as refused:
            Delegation.create(
                {
                    "delegate_id": self.second_approver.id,
                    "date_from": "2026-12-20",
                    "date_to": "2027-01-10",
                }
            )
        self.assertIn("overlaps", str(refused.exception))
        # a buyer cannot hand someone else's approvals over
        with self.assertRaises(AccessError):
            self.Delegation.with_user(self.buyer).create(
                {
                    "delegator_id": self.approver.id,
                    "delegate_id": self.buyer.id,
                    "date_from": "2027-02-01",
                    "date_to": "2027-02-02",
                }
            )

    def test_the_requester_cannot_approve_as_a_delegate(self):
        self.Delegation.with_user(self.approver).create(
            {
                "delegate_id": self.buyer.id,
                "date_from": "2026-01-01",
                "date_to": "2030-12-31",
            }
        )
        order = self._order(self.buyer, 50)
        order.request_validation()
        self.assertIn(self.buyer, order.review_ids.reviewer_ids)
        with self.assertRaises(UserError):
            order.validate_tier()
        self.assertEqual(order.review_ids.status, "pending")

    def test_an_overdue_approval_escalates_once(self):
        with freeze_time("2026-07-06 09:00:00"):
            order = self._order(self.buyer, 50)
            order.request_validation()
            self.env.flush_all()  # the end of the buyer's request
            review = order.review_ids
            self.assertEqual(review.status, "pending")
            self.assertEqual(str(review.dist_pending_since), "2026-07-06 09:00:00")
        Review = self.env["tier.review"]
        with freeze_time("2026-07-06 12:00:00"):
            Review._cron_escalate_overdue()
            self.assertFalse(review.dist_escalated_date, "within the SLA")
        with freeze_time("2026-07-06 14:00:00"):
            Review._cron_escalate_overdue()
            Review._cron_escalate_overdue()
        self.assertTrue(review.dist_escalated_date)
        self.assertEqual(review.reviewer_ids, self.approver | self.escalation_user)
        self.assertEqual(
            self.env["dist.audit.entry"].search_count(
                [
                    ("res_model", "=", "purchase.order"),
                    ("res_id", "=", order.id),
                    ("event", "=", "escalated"),
                ]
            ),
            1,
        )
        order.with_user(self.escalation_user).validate_tier()
        self.assertEqual(order.validation_status, "validated")

    def test_an_escalation_stays_in_the_document_s_company(self):
        """The line's escalation user moved to another company: the
        approver's manager, who works here, gets the review instead."""
        elsewhere = self.env["res.company"].create({"name": "Far Away Co"})
        self.escalation_user.write(
            {
                "company_ids": [Command.set(elsewhere.ids)],
                "company_id": elsewhere.id,
            }
        )
        manager = self.role_user(
            "dist_approver_manager", "dist_purchase_policy.group_purchasing_manager"
        )
        self.approver.dist_manager_id = manager
        with freeze_time("2026-07-06 09:00:00"):
            order = self._order(self.buyer, 50)
            order.request_validation()
            self.env.flush_all()
        with freeze_time("2026-07-06 14:00:00"):
            self.env["tier.review"]._cron_escalate_overdue()
        review = order.review_ids
        self.assertTrue(review.dist_escalated_date)
        self.assertEqual(review.reviewer_ids, self.approver | manager)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("user_id", "=", self.escalation_user.id)]
            )
        )
        order.with_user(manager).validate_tier()
        self.assertEqual(order.validation_status, "validated")
