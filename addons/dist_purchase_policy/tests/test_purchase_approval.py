from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.dist_governance.models.review_route import review_route
from odoo.addons.dist_governance.tests.common import DistRolesCase


class PurchaseApprovalCase(DistRolesCase):
    """Buyers place orders; purchasing managers approve them through OCA
    tier validation, under the suite's segregation of duties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.role_user("dist_sod_buyer", "dist_purchase_policy.group_buyer")
        cls.other_buyer = cls.role_user(
            "dist_sod_buyer2", "dist_purchase_policy.group_buyer"
        )
        cls.approver = cls.role_user(
            "dist_sod_approver", "dist_purchase_policy.group_purchasing_manager"
        )
        cls.second_approver = cls.role_user(
            "dist_sod_approver2", "dist_purchase_policy.group_purchasing_manager"
        )
        cls.outsider = cls.role_user("dist_sod_outsider")
        cls.vendor = cls.env["res.partner"].create({"name": "Keystone Supply"})
        cls.product = cls.env["product.product"].create(
            {"name": "Hex bolt M8x40", "is_storable": True, "type": "consu"}
        )
        purchase_model = cls.env["ir.model"]._get("purchase.order")
        managers = cls.env.ref("dist_purchase_policy.group_purchasing_manager")
        cls.tier_any = cls.env["tier.definition"].create(
            {
                "name": "Purchasing manager approves every order",
                "model_id": purchase_model.id,
                "review_type": "group",
                "reviewer_group_id": managers.id,
                "definition_domain": "[('amount_total', '>=', 0)]",
                "approve_sequence": True,
                "sequence": 20,
            }
        )
        cls.tier_large = cls.env["tier.definition"].create(
            {
                "name": "Second purchasing manager from 10,000",
                "model_id": purchase_model.id,
                "review_type": "group",
                "reviewer_group_id": managers.id,
                "definition_domain": "[('amount_total', '>=', 10000)]",
                "approve_sequence": True,
                "sequence": 10,
            }
        )

    def _assert_confirm_refused(self, order):
        """Confirming fails while the validation is open; like a request
        that failed, nothing of the attempt stays (cache included)."""
        with self.assertRaises(ValidationError):
            order.button_confirm()
        self.env.invalidate_all()
        self.assertEqual(order.state, "draft")

    def _order(self, user, price):
        return (
            self.env["purchase.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.vendor.id,
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
        )


@tagged("post_install", "-at_install")
class TestPurchaseApproval(PurchaseApprovalCase):
    def test_right_approver_lets_the_order_confirm(self):
        order = self._order(self.buyer, 50)
        self._assert_confirm_refused(order)
        order.request_validation()
        self.assertIn(order.validation_status, ("waiting", "pending"))
        order.with_user(self.approver).validate_tier()
        self.assertEqual(order.validation_status, "validated")
        self.env.invalidate_all()  # the buyer confirms in a new request
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        entry = self.env["dist.audit.entry"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "=", order.id),
                ("event", "=", "review_approved"),
            ]
        )
        self.assertEqual(entry.user_id, self.approver)
        self.assertEqual(entry.new_value, "Approved")

    def test_buyer_cannot_approve_own_order_at_any_amount(self):
        # the buyer is made a purchasing manager too: a reviewer of every tier
        self.buyer.groups_id = [
            Command.link(
                self.env.ref("dist_purchase_policy.group_purchasing_manager").id
            )
        ]
        for price in (5, 500, 5000):
            order = self._order(self.buyer, price)
            # the shortcut that approves while confirming approves nothing
            self._assert_confirm_refused(order)
            order.request_validation()
            self.assertIn(self.buyer, order.review_ids.reviewer_ids)
            with self.assertRaises(UserError) as refused:
                order.validate_tier()
            self.assertIn("another reviewer must", str(refused.exception))
            self.assertFalse(
                order.review_ids.filtered(lambda r: r.status == "approved"),
                f"nothing approved at {price * 10}",
            )
            self._assert_confirm_refused(order)

    def test_one_person_approves_one_tier(self):
        order = self._order(self.buyer, 2000)  # 20,000: two tiers
        order.request_validation()
        self.assertEqual(len(order.review_ids), 2)
        order.with_user(self.approver).validate_tier()
        self.assertEqual(
            order.review_ids.filtered(lambda r: r.status == "approved").done_by,
            self.approver,
        )
        self.assertEqual(order.validation_status, "pending")
        with self.assertRaises(UserError) as refused:
            order.with_user(self.approver).validate_tier()
        self.assertIn("already approved tier", str(refused.exception))
        self._assert_confirm_refused(order)
        order.with_user(self.second_approver).validate_tier()
        self.assertEqual(order.validation_status, "validated")
        self.env.invalidate_all()  # the buyer confirms in a new request
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_a_second_approval_by_the_same_person_is_refused_at_any_route(self):
        order = self._order(self.buyer, 2000)
        order.request_validation()
        order.with_user(self.approver).validate_tier()
        pending = order.review_ids.filtered(lambda r: r.status == "pending")
        # even a code path past the buttons (OCA's bypass of a tier approved
        # by the same reviewer, say) cannot record the second approval
        with self.assertRaises(ValidationError) as refused:
            review_route(pending.with_user(self.approver)).write(
                {"status": "approved", "done_by": self.approver.id}
            )
        self.assertIn("each tier needs its own", str(refused.exception))
        pending.invalidate_recordset()
        self.assertEqual(pending.status, "pending")

    def test_non_reviewer_cannot_change_a_review(self):
        order = self._order(self.buyer, 50)
        order.request_validation()
        review = order.review_ids
        for user in (self.outsider, self.buyer, self.other_buyer):
            with self.assertRaises(AccessError):
                review.with_user(user).write({"status": "approved"})
            with self.assertRaises(AccessError):
                review.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["tier.review"].with_user(user).create(
                    {
                        "model": "purchase.order",
                        "res_id": order.id,
                        "definition_id": self.tier_any.id,
                        "status": "approved",
                    }
                )
        # the buttons: the outsider may not open the order, the buyer asked
        # for the validation, the other buyer is no reviewer
        order.invalidate_model()
        with self.assertRaises(AccessError):
            order.with_user(self.outsider).validate_tier()
        with self.assertRaises(UserError):
            order.with_user(self.buyer).validate_tier()
        with self.assertRaises(AccessError):
            order.with_user(self.other_buyer).validate_tier()
        self.assertEqual(review.status, "pending")
        # nor through the comment wizard, with someone else's reviews
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.other_buyer)
            .create(
                {
                    "res_model": "purchase.order",
                    "res_id": order.id,
                    "review_ids": [Command.set(review.ids)],
                    "validate_reject": "validate",
                    "comment": "looks fine to me",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.add_comment()
        self.assertEqual(review.status, "pending")
        self._assert_confirm_refused(order)

    def test_cancelling_then_deleting_an_order_under_review(self):
        # OCA removes the reviews itself; that must pass the review guard
        order = self._order(self.buyer, 50)
        order.request_validation()
        reviews = order.review_ids
        order.with_user(self.buyer).button_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertFalse(reviews.exists())
        # deleting it afterwards: OCA unlinks its (now empty) reviews again
        order.with_user(self.buyer).unlink()
        self.assertFalse(order.exists())

    def test_reviews_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign_buyer = self.role_user(
            "dist_sod_foreign",
            "dist_purchase_policy.group_purchasing_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        order = self._order(self.buyer, 50)
        order.request_validation()
        reviews = self.env["tier.review"].with_user(foreign_buyer)
        self.assertFalse(reviews.search([("res_id", "=", order.id)]))
        with self.assertRaises(AccessError):
            reviews.with_context(
                allowed_company_ids=[other_company.id, order.company_id.id]
            ).search([])


@tagged("post_install", "-at_install")
class TestPurchaseApprovalRpc(PurchaseApprovalCase, HttpCase):
    def test_rpc_write_on_a_review_fails_and_the_order_stays_draft(self):
        order = self._order(self.buyer, 50)
        order.request_validation()
        review = order.review_ids
        self.authenticate("dist_sod_buyer", "dist_sod_buyer")
        for context in ({}, {"dist_review_route": True}):
            with (
                mute_logger("odoo.http"),
                self.assertRaisesRegex(JsonRpcException, "AccessError"),
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw/tier.review/write",
                    {
                        "model": "tier.review",
                        "method": "write",
                        "args": [review.ids, {"status": "approved"}],
                        "kwargs": {"context": context},
                    },
                )
        review.invalidate_recordset()
        self.assertEqual(review.status, "pending")
        self._assert_confirm_refused(order.with_user(self.buyer))
