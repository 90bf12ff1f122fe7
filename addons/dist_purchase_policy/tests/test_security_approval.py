from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dist_governance.tests.common import (
    CONTROL_TOWER_ROLES,
    DistRolesCase,
)

ROLES = {
    **CONTROL_TOWER_ROLES,
    "buyer": "dist_purchase_policy.group_buyer",
    "manager": "dist_purchase_policy.group_purchasing_manager",
}


@tagged("post_install", "-at_install")
class TestSecurityApproval(DistRolesCase):
    """Issue 17: a governed document reaches its approved or done state only
    through its approval path. The demo's matrix: a purchasing manager from
    10,000, an executive as second tier from 50,000; overrides approved by a
    purchasing manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.north = cls.env["res.company"].create({"name": "Approvals North"})
        cls.users = cls.company_role_users("dist_i17", cls.north, ROLES)
        cls.buyer = cls.users["buyer", cls.north]
        cls.other_buyer = cls.users["buyer", None]
        cls.manager = cls.users["manager", cls.north]
        cls.executive = cls.users["executive", cls.north]
        cls.controller = cls.users["controller", cls.north]
        cls.vendor = cls.env["res.partner"].create({"name": "Keystone Supply"})
        cls.product = cls.env["product.product"].create(
            {"name": "Hex bolt M8x40", "is_storable": True}
        )
        cls.doc_type = cls.env.ref(
            "dist_purchase_policy.approval_document_type_purchase_order"
        )
        managers = cls.env.ref(ROLES["manager"])
        common = {"company_id": cls.north.id, "document_type_id": cls.doc_type.id}
        Matrix = cls.as_user(cls.env["dist.approval.matrix"], cls.controller)
        cls.band_10k, cls.band_50k, cls.band_50k_t2 = Matrix.create(
            [
                {
                    **common,
                    "amount_min": 10000,
                    "amount_max": 50000,
                    "tier": 1,
                    "approver_type": "group",
                    "approver_group_id": managers.id,
                },
                {
                    **common,
                    "amount_min": 50000,
                    "open_ended": True,
                    "tier": 1,
                    "approver_type": "group",
                    "approver_group_id": managers.id,
                },
                {
                    **common,
                    "amount_min": 50000,
                    "open_ended": True,
                    "tier": 2,
                    "approver_type": "group",
                    "approver_group_id": cls.env.ref(ROLES["executive"]).id,
                    "comment_required": True,
                },
            ]
        )
        Matrix.create(
            {
                "company_id": cls.north.id,
                "document_type_id": cls.env.ref(
                    "dist_purchase_policy.approval_document_type_policy_override"
                ).id,
                "amount_min": 0,
                "open_ended": True,
                "approver_type": "group",
                "approver_group_id": managers.id,
            }
        )

    # ------------------------------------------------------------------

    def _order(self, price, buyer=None):
        """An order of 10 bolts at `price` by the company's buyer."""
        return self.as_user(self.env["purchase.order"], buyer or self.buyer).create(
            {
                "partner_id": self.vendor.id,
                "company_id": self.north.id,
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

    def _decide(self, order, user, comment="Seen."):
        action = self.as_user(order, user).validate_tier()
        if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
            self.as_user(self.env["comment.wizard"], user).with_context(
                **action["context"]
            ).create({"comment": comment}).add_comment()
        self.env.invalidate_all()

    def _approved(self, price):
        """An order asked for by the buyer and approved by every tier."""
        order = self._order(price)
        self.as_user(order, self.buyer).request_validation()
        self._decide(order, self.manager)
        if order.validation_status != "validated":
            self._decide(order, self.executive)
        self.assertEqual(order.validation_status, "validated")
        return order

    def _reread(self, order):
        self.env.invalidate_all()
        return order.sudo()

    # ------------------------------------------------------------------
    # 1. the status moves only through the buttons, along the lifecycle
    # ------------------------------------------------------------------

    @mute_logger("odoo.models")
    def test_the_status_written_directly_is_refused(self):
        order = self._order(6000)  # 60,000: two tiers
        for user in (self.buyer, self.manager):
            for state in ("purchase", "done", "to approve", "cancel"):
                with self.subTest(user=user.login, state=state):
                    with self.assertRaises(AccessError):
                        self.as_user(order, user).write({"state": state})
                    self.assertEqual(self._reread(order).state, "draft")
        self.assertFalse(self._reread(order).review_ids)

    def test_lock_and_unlock_need_the_approval(self):
        order = self._order(6000)
        mine = self.as_user(order, self.buyer)
        for button in ("button_done", "button_unlock"):
            with self.subTest(button=button), self.assertRaises(UserError):
                getattr(mine, button)()
            self.assertEqual(self._reread(order).state, "draft")
        mine.button_cancel()
        for button in ("button_unlock", "button_approve", "button_done"):
            with self.subTest(button=button), self.assertRaises(UserError):
                getattr(mine, button)()
            self.assertEqual(self._reread(order).state, "cancel")
        # the approved route only: back to draft, it asks for the matrix
        mine.button_draft()
        with self.assertRaises(ValidationError):
            mine.button_confirm()
        self.assertEqual(self._reread(order).state, "draft")

    def test_an_order_is_not_created_approved(self):
        Order = self.as_user(self.env["purchase.order"], self.buyer)
        before = Order.sudo().search_count([("partner_id", "=", self.vendor.id)])
        vals = {"partner_id": self.vendor.id, "company_id": self.north.id}
        with self.assertRaises(AccessError):
            Order.create({**vals, "state": "purchase"})
        with self.assertRaises(AccessError):
            Order.with_context(default_state="done").create(vals)
        self.assertEqual(
            Order.sudo().search_count([("partner_id", "=", self.vendor.id)]), before
        )

    def test_the_approval_path_still_confirms_locks_and_unlocks(self):
        order = self._approved(6000)
        mine = self.as_user(order, self.buyer)
        mine.button_confirm()
        self.assertEqual(self._reread(order).state, "purchase")
        # a small edit within the band it was approved in
        mine.order_line.product_qty = 11
        self.assertEqual(self._reread(order).amount_untaxed, 66000)
        mine.button_done()
        self.assertEqual(self._reread(order).state, "done")
        mine.button_unlock()
        self.assertEqual(self._reread(order).state, "purchase")

    # ------------------------------------------------------------------
    # 2. a confirmed order stays within the band it was approved in
    # ------------------------------------------------------------------

    def test_a_confirmed_order_raised_beyond_its_band_needs_a_new_review(self):
        order = self._approved(2000)  # 20,000: tier 1 only
        mine = self.as_user(order, self.buyer)
        mine.button_confirm()
        line = mine.order_line
        attempts = {
            "quantity": lambda: line.write({"product_qty": 30}),
            "price": lambda: line.write({"price_unit": 6000}),
            "new line": lambda: mine.write(
                {
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_qty": 20,
                                "price_unit": 2000,
                            }
                        )
                    ]
                }
            ),
        }
        for what, attempt in attempts.items():
            with self.subTest(what=what):
                with self.assertRaises(UserError) as refused:
                    attempt()
                self.assertIn("request validation", str(refused.exception))
                again = self._reread(order)
                self.assertEqual(again.amount_untaxed, 20000)
                self.assertEqual(len(again.order_line), 1)
                self.assertEqual(again.state, "purchase")
        # within the band: 24,000
        line.write({"product_qty": 12})
        self.assertEqual(self._reread(order).amount_untaxed, 24000)

    def test_an_order_without_approval_is_not_raised_into_the_matrix(self):
        order = self._order(500)  # 5,000: no tier
        mine = self.as_user(order, self.buyer)
        mine.button_confirm()
        self.assertEqual(self._reread(order).state, "purchase")
        with self.assertRaises(UserError):
            mine.order_line.write({"product_qty": 40})
        self.assertEqual(self._reread(order).amount_untaxed, 5000)

    # ------------------------------------------------------------------
    # 5. the matrix: a pending document keeps its rules; nobody edits the
    # rules their own document waits on; the duties conflict
    # ------------------------------------------------------------------

    def test_a_pending_document_keeps_the_rules_it_was_asked_under(self):
        order = self._order(2000)
        self.as_user(order, self.buyer).request_validation()
        review = order.review_ids
        self.assertEqual(
            review.reviewer_ids, self.manager | self.users["manager", None]
        )
        self.as_user(self.band_10k, self.controller).write(
            {
                "approver_type": "user",
                "approver_user_id": self.executive.id,
                "amount_max": 40000,
            }
        )
        self.env.invalidate_all()
        review = self._reread(order).review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.status, "pending")
        self.assertEqual(
            review.reviewer_ids, self.manager | self.users["manager", None]
        )
        self.assertIn("50,000", review.definition_id.name)
        # new requests follow the line as it is now
        later = self._order(2000)
        self.as_user(later, self.buyer).request_validation()
        self.assertEqual(later.review_ids.reviewer_ids, self.executive)
        # and the order asked before is approved as asked
        self._decide(order, self.manager)
        self.assertEqual(order.validation_status, "validated")

    def test_nobody_edits_the_rules_their_own_order_waits_on(self):
        # a small site: a controller who also buys, under a waiver of the
        # shipped rule (the waiver does not let them move their own band)
        both = self.role_user(
            "dist_i17_ctrl_buyer",
            ROLES["controller"],
            company_id=self.north.id,
            company_ids=[Command.set(self.north.ids)],
        )
        today = self.north._dist_today()
        self.env["dist.sod.waiver"].create(
            {
                "rule_id": self._shipped_rule().id,
                "user_id": both.id,
                "reason": "Small site: the controller also buys.",
                "date_from": today,
                "date_to": today + timedelta(days=30),
            }
        )
        both.groups_id = [Command.link(self.env.ref(ROLES["buyer"]).id)]
        order = self._order(2000, buyer=both)
        self.as_user(order, both).request_validation()
        line = self.as_user(self.band_10k, both)
        with self.assertRaises(AccessError):
            line.write({"amount_min": 30000})
        with self.assertRaises(AccessError):
            line.unlink()
        band = self._reread(self.band_10k)
        self.assertEqual(band.amount_min, 10000)
        self.assertEqual(band.tier_definition_id, order.sudo().review_ids.definition_id)
        self.assertEqual(order.sudo().review_ids.status, "pending")

    def test_a_manager_without_a_pending_document_edits_the_matrix(self):
        # a purchasing manager who also keeps the matrix (small site, under
        # a waiver of the shipped pair); the buyer's order waits on the band
        keeper = self.role_user(
            "dist_i17_mgr_ctrl",
            ROLES["manager"],
            company_id=self.north.id,
            company_ids=[Command.set(self.north.ids)],
        )
        today = self.north._dist_today()
        self.env["dist.sod.waiver"].create(
            {
                "rule_id": self._shipped_rule().id,
                "user_id": keeper.id,
                "reason": "Small site: the purchasing manager keeps the matrix.",
                "date_from": today,
                "date_to": today + timedelta(days=30),
            }
        )
        keeper.groups_id = [Command.link(self.env.ref(ROLES["controller"]).id)]
        order = self._order(2000)
        self.as_user(order, self.buyer).request_validation()
        self.as_user(self.band_10k, keeper).write({"amount_min": 15000})
        self.assertEqual(self._reread(self.band_10k).amount_min, 15000)
        # the order asked before keeps its band, and is approved as asked
        self._decide(order, self.manager)
        self.assertEqual(order.validation_status, "validated")
        self.as_user(order, self.buyer).button_confirm()
        self.assertEqual(self._reread(order).state, "purchase")

    def _shipped_rule(self):
        duties = self.env.ref(
            "dist_governance.sod_duty_maintains_approval_rules"
        ) | self.env.ref("dist_purchase_policy.sod_duty_places_purchase_orders")
        return self.env["dist.sod.rule"].search(
            [
                ("company_id", "=", self.north.id),
                ("duty_a_id", "in", duties.ids),
                ("duty_b_id", "in", duties.ids),
            ]
        )

    def test_maintaining_approval_rules_and_placing_orders_conflict(self):
        # shipped with every company, a new one included
        self.assertEqual(len(self._shipped_rule()), 1)
        controllers = self.env.ref(ROLES["controller"])
        with self.assertRaises(ValidationError) as refused:
            self.buyer.write({"groups_id": [Command.link(controllers.id)]})
        self.assertIn("Maintains approval rules", str(refused.exception))
        self.env.invalidate_all()
        self.assertNotIn(self.buyer, controllers.users)
        with self.assertRaises(ValidationError):
            self.controller.write(
                {"groups_id": [Command.link(self.env.ref(ROLES["buyer"]).id)]}
            )
        self.env.invalidate_all()
        self.assertNotIn(self.controller, self.env.ref(ROLES["buyer"]).users)

    # ------------------------------------------------------------------
    # 3. overrides follow their lifecycle
    # ------------------------------------------------------------------

    def _override(self):
        return self.as_user(self.env["dist.policy.override"], self.buyer).create(
            {
                "company_id": self.north.id,
                "product_id": self.product.id,
                "policy_id": self.env["dist.replenishment.policy"]
                .search([("company_id", "=", self.north.id)], limit=1)
                .id,
                "reason": "Launch with a key account: the buyer watches it.",
            }
        )

    def test_an_approved_override_keeps_what_was_approved(self):
        override = self._override()
        mine = self.as_user(override, self.buyer)
        mine.request_validation()
        self._decide(override, self.manager)
        mine.action_approve()
        policy = override.sudo().policy_id
        other_policy = (
            self.env["dist.replenishment.policy"]
            .search([("company_id", "=", self.north.id), ("id", "!=", policy.id)])
            .filtered(lambda p: p.active)[:1]
        )
        other_product = self.env["product.product"].create(
            {"name": "Hex bolt M10x60", "is_storable": True}
        )
        for field, value in (
            ("policy_id", other_policy.id),
            ("product_id", other_product.id),
        ):
            with self.subTest(field=field), self.assertRaises(UserError):
                mine.write({field: value})
        again = self._reread(override)
        self.assertEqual(again.state, "approved")
        self.assertEqual(again.policy_id, policy)
        self.assertEqual(again.product_id, self.product)

    @mute_logger("odoo.models")
    def test_a_cancelled_override_is_not_written_to_approved(self):
        override = self._override()
        mine = self.as_user(override, self.buyer)
        with self.assertRaises(AccessError):
            mine.write({"state": "approved"})
        self.assertEqual(self._reread(override).state, "draft")
        mine.request_validation()
        self._decide(override, self.manager)
        mine.action_cancel()
        self.assertEqual(self._reread(override).state, "cancel")
        for user in (self.buyer, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(override, user).write({"state": "approved"})
        with self.assertRaises(UserError):
            mine.action_approve()
        self.assertEqual(self._reread(override).state, "cancel")
        # another buyer does not reopen it; its requester does, and it
        # goes through its validation again
        with self.assertRaises(AccessError):
            self.as_user(override, self.other_buyer).action_draft()
        self.assertEqual(self._reread(override).state, "cancel")
        mine.action_draft()
        override = self._reread(override)
        self.assertEqual(override.state, "draft")
        self.assertEqual(override.validation_status, "no")
        with self.assertRaises(AccessError):
            self.as_user(self.env["dist.policy.override"], self.buyer).create(
                {
                    "company_id": self.north.id,
                    "product_id": self.env["product.product"]
                    .create({"name": "Washer M8", "is_storable": True})
                    .id,
                    "policy_id": override.policy_id.id,
                    "reason": "Launch with a key account: the buyer watches it.",
                    "state": "approved",
                }
            )
