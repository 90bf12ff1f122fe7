"""Regression tests for the holes a review found in the first version of
segregation of duties and the approval matrix."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_purchase_approval import PurchaseApprovalCase


@tagged("post_install", "-at_install")
class TestApprovalHardening(PurchaseApprovalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.tier_any | cls.tier_large).active = False
        cls.director = cls.role_user(
            "dist_hard_director",
            "dist_governance.group_executive",
            "purchase.group_purchase_user",
        )
        cls.controller = cls.role_user(
            "dist_hard_controller", "dist_governance.group_governance_controller"
        )
        cls.doc_type = cls.env.ref(
            "dist_purchase_policy.approval_document_type_purchase_order"
        )
        managers = cls.env.ref("dist_purchase_policy.group_purchasing_manager")
        Matrix = cls.env["dist.approval.matrix"]
        cls.line_1 = Matrix.create(
            {
                "document_type_id": cls.doc_type.id,
                "amount_min": 0,
                "open_ended": True,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": managers.id,
            }
        )
        cls.line_2 = Matrix.create(
            {
                "document_type_id": cls.doc_type.id,
                "amount_min": 0,
                "open_ended": True,
                "tier": 2,
                "approver_type": "user",
                "approver_user_id": cls.director.id,
            }
        )

    def _asked(self, price=50):
        order = self._order(self.buyer, price)
        order.request_validation()
        self.env.flush_all()
        return order

    def test_a_later_tier_waits_for_the_earlier_one(self):
        order = self._asked()
        tier_2 = order.review_ids.filtered(lambda r: r.sequence == 2)
        order.with_user(self.director).validate_tier()
        self.assertNotEqual(tier_2.status, "approved")
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.director)
            .create(
                {
                    "res_model": "purchase.order",
                    "res_id": order.id,
                    "validate_reject": "validate",
                    "comment": "no reviews named",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.add_comment()
        self.assertNotEqual(tier_2.status, "approved")
        order.with_user(self.approver).validate_tier()
        order.with_user(self.director).validate_tier()
        self.assertEqual(order.validation_status, "validated")

    def test_an_order_that_grew_after_approval_does_not_go_through(self):
        order = self._asked()
        order.with_user(self.approver).validate_tier()
        order.with_user(self.director).validate_tier()
        self.assertEqual(order.validation_status, "validated")
        order.order_line.with_user(self.buyer).write({"product_qty": 5000})
        self.env.invalidate_all()
        with self.assertRaises(ValidationError) as refused:
            order.with_user(self.buyer).button_confirm()
        self.assertIn("grew from", str(refused.exception))
        self.env.invalidate_all()
        self.assertEqual(order.state, "draft")

    def test_bypass_keys_from_a_request_are_ignored(self):
        order = self._asked()
        with self.assertRaises(ValidationError):
            order.with_user(self.buyer).with_context(skip_validation_check=True).write(
                {"partner_ref": "changed under validation"}
            )

    def test_a_delegation_cannot_be_rewritten_into_someone_else_s(self):
        delegation = (
            self.env["dist.approval.delegation"]
            .with_user(self.other_buyer)
            .create(
                {
                    "delegate_id": self.buyer.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                }
            )
        )
        with self.assertRaises(AccessError):
            delegation.with_user(self.other_buyer).write(
                {"delegator_id": self.approver.id, "delegate_id": self.other_buyer.id}
            )
        self.assertEqual(delegation.delegator_id, self.other_buyer)

    def test_an_expired_delegate_cannot_approve(self):
        with freeze_time("2026-03-02 09:00:00"):
            self.env["dist.approval.delegation"].with_user(self.approver).create(
                {
                    "delegate_id": self.other_buyer.id,
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-05",
                }
            )
            order = self._asked()
            self.assertIn(self.other_buyer, order.review_ids.reviewer_ids)
        with freeze_time("2026-03-09 09:00:00"):
            # refused, not ignored: the delegation ended
            with self.assertRaises(AccessError):
                order.with_user(self.other_buyer).validate_tier()
            # the refusal rolled back the reviewers it recomputed: as the
            # next request would, recompute them
            order.review_ids._dist_recompute_reviewers()
            self.assertFalse(
                order.review_ids.filtered(lambda r: r.status == "approved")
            )
            self.assertNotIn(self.other_buyer, order.review_ids.reviewer_ids)

    def test_only_people_involved_restart_a_validation(self):
        order = self._asked()
        order.with_user(self.approver).validate_tier()
        with self.assertRaises(AccessError):
            order.with_user(self.other_buyer).restart_validation()
        self.assertEqual(len(order.review_ids), 2)
        order.with_user(self.buyer).restart_validation()
        self.assertFalse(order.review_ids)
        deleted = self.env["dist.audit.entry"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "=", order.id),
                ("new_value", "like", "deleted"),
            ]
        )
        self.assertTrue(deleted, "wiping an approval leaves a trace")

    def test_the_comment_wizard_only_decides_open_reviews(self):
        order = self._asked()
        order.with_user(self.approver).validate_tier()
        approved = order.review_ids.filtered(lambda r: r.status == "approved")
        for verdict in ("other", "validate"):
            wizard = (
                self.env["comment.wizard"]
                .with_user(self.approver)
                .create(
                    {
                        "res_model": "purchase.order",
                        "res_id": order.id,
                        "review_ids": [Command.set(approved.ids)],
                        "validate_reject": verdict,
                        "comment": "rewritten",
                    }
                )
            )
            with self.assertRaises(UserError):
                wizard.add_comment()
        self.assertFalse(approved.comment)

    def test_a_matrix_line_cannot_take_over_a_definition(self):
        foreign = self.tier_any
        foreign_name = foreign.name
        line = (
            self.env["dist.approval.matrix"]
            .with_user(self.controller)
            .create(
                {
                    "document_type_id": self.doc_type.id,
                    "amount_min": 0,
                    "open_ended": True,
                    "tier": 3,
                    "approver_type": "user",
                    "approver_user_id": self.controller.id,
                    "tier_definition_id": foreign.id,
                }
            )
        )
        self.assertNotEqual(line.tier_definition_id, foreign)
        line.with_user(self.controller).write({"tier_definition_id": foreign.id})
        self.assertNotEqual(line.tier_definition_id, foreign)
        self.assertEqual(foreign.name, foreign_name)

    def test_a_condition_the_document_type_cannot_read_is_refused(self):
        plain = self.env["dist.approval.document.type"].create(
            {
                "code": "po_plain",
                "name": "Purchase order (amount only)",
                "model_id": self.env["ir.model"]._get("purchase.order").id,
                "amount_field": "amount_total_cc",
            }
        )
        with self.assertRaises(ValidationError):
            self.env["dist.approval.matrix"].with_user(self.controller).create(
                {
                    "document_type_id": plain.id,
                    "amount_min": 0,
                    "open_ended": True,
                    "vendor_grade": "d",
                    "approver_type": "user",
                    "approver_user_id": self.director.id,
                }
            )

    def test_escalation_never_goes_to_another_tier_s_approver(self):
        self.line_1.write({"sla_hours": 1})
        self.approver.dist_manager_id = self.director  # approves tier 2
        self.second_approver.dist_manager_id = self.director
        with freeze_time("2026-04-01 08:00:00"):
            order = self._asked()
        with freeze_time("2026-04-01 12:00:00"):
            self.env["tier.review"]._cron_escalate_overdue()
        tier_1 = order.review_ids.filtered(lambda r: r.sequence == 1)
        self.assertTrue(tier_1.dist_escalated_date)
        self.assertNotIn(self.director, tier_1.dist_extra_reviewer_ids)

    def test_waivers_name_their_granter_and_never_oneself(self):
        duty_a = self.env.ref("dist_purchase_policy.sod_duty_places_purchase_orders")
        duty_b = self.env.ref("dist_purchase_policy.sod_duty_creates_vendors")
        rule = self.env["dist.sod.rule"].create(
            {"duty_a_id": duty_a.id, "duty_b_id": duty_b.id}
        )
        Waiver = self.env["dist.sod.waiver"].with_user(self.controller)
        waiver = Waiver.create(
            {
                "rule_id": rule.id,
                "user_id": self.buyer.id,
                "reason": "Interim",
                "date_to": "2030-01-01",
                "granted_by_id": self.approver.id,
            }
        )
        self.assertEqual(waiver.granted_by_id, self.controller)
        with self.assertRaises(ValidationError):
            Waiver.create(
                {
                    "rule_id": rule.id,
                    "user_id": self.controller.id,
                    "reason": "Myself",
                    "date_to": "2030-01-01",
                }
            )

    def test_register_fields_are_kept_by_the_suite(self):
        owner = self.role_user("dist_hard_owner", "dist_governance.group_process_owner")
        exception = self.env["dist.exception"].raise_exception(
            "manual", self.vendor, "Vendor address wrong"
        )
        for vals in ({"recurrence_count": 0}, {"escalated_date": "2026-01-01"}):
            with self.assertRaises(UserError):
                exception.with_user(owner).write(vals)
