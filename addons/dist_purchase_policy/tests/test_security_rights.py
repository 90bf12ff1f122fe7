from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ANCHOR, ReplenishmentCase

LEVELS = ("product_min_qty", "product_max_qty", "qty_multiple", "trigger", "active")


@tagged("post_install", "-at_install")
class TestPolicyOwnedReorderRules(ReplenishmentCase):
    """A reorder rule a replenishment policy owns changes only through the
    run, after an approved override where the product leaves its policy:
    Inventory administrators and warehouse managers cannot edit its levels
    by hand. A rule no policy owns stays theirs to edit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.product("Sump pump 230V", cost=40.0)
        cls.demand(cls.pump, [100] * 12)
        company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.inventory_admin = cls.role_user(
            "dist_sr_inventory_admin", "stock.group_stock_manager", **company
        )
        # who else edits reorder rules (a bridge addon's roles) is tried by
        # that addon's tests
        cls.editors = cls.inventory_admin
        cls.controller = cls.role_user(
            "dist_sr_controller",
            "dist_governance.group_governance_controller",
            **company,
        )

    def _owned_rule(self):
        self.run_replenishment()
        rule = self.segment(self.pump).orderpoint_id
        self.assertTrue(rule.dist_managed)
        return rule

    def test_inventory_admins_cannot_edit_a_policy_owned_rule(self):
        rule = self._owned_rule()
        before = rule.read(LEVELS + ("route_id", "supplier_id"))
        route = self.env.ref("stock.route_warehouse0_mto", False)
        attempts = [
            {"product_min_qty": before[0]["product_min_qty"] + 50},
            {"product_max_qty": 99999},
            {"qty_multiple": 7},
            {"trigger": "manual"},
            {"active": False},
            {"supplier_id": False},
        ]
        if route:
            attempts.append({"route_id": route.id})
        for user in self.editors:
            for vals in attempts:
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaisesRegex(UserError, "policy override"):
                        rule.with_user(user).write(vals)
        rule.invalidate_recordset()
        self.assertEqual(rule.read(LEVELS + ("route_id", "supplier_id")), before)
        # what is not a level stays theirs: the quantity of one order
        rule.with_user(self.inventory_admin).qty_to_order = 5.0
        # sending a level unchanged (as a form may) is no change
        rule.with_user(self.inventory_admin).write(
            {"product_max_qty": rule.product_max_qty}
        )

    def test_inventory_admins_cannot_delete_a_policy_owned_rule(self):
        rule = self._owned_rule()
        before = rule.read(LEVELS)
        for user in self.editors:
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "policy override"):
                    rule.with_user(user).unlink()
        self.assertTrue(rule.exists())
        rule.invalidate_recordset()
        self.assertEqual(rule.read(LEVELS), before)

    def test_archiving_the_product_archives_its_rule(self):
        """Odoo's own flow: a product archived takes its reorder rules along,
        the policy-owned ones too; restored, they come back."""
        rule = self._owned_rule()
        self.pump.with_user(self.inventory_admin).product_tmpl_id.active = False
        self.assertFalse(rule.active)
        self.pump.with_user(self.inventory_admin).product_tmpl_id.active = True
        self.assertTrue(rule.active)

    def test_an_approved_override_changes_the_rule(self):
        rule = self._owned_rule()
        self.env["dist.approval.matrix"].with_user(self.controller).create(
            {
                "company_id": self.company.id,
                "document_type_id": self.env.ref(
                    "dist_purchase_policy.approval_document_type_policy_override"
                ).id,
                "approver_type": "group",
                "approver_group_id": self.env.ref(
                    "dist_purchase_policy.group_purchasing_manager"
                ).id,
                "amount_min": 0,
                "open_ended": True,
            }
        )
        override = (
            self.env["dist.policy.override"]
            .with_user(self.buyer)
            .create(
                {
                    "company_id": self.company.id,
                    "product_id": self.pump.id,
                    "policy_id": self.policies["strategic"].id,
                    "reason": "Launch with a key account: the buyer watches it.",
                }
            )
        )
        override.request_validation()
        override.with_user(self.manager).validate_tier()
        override.with_user(self.manager).action_approve()
        self.assertEqual(override.state, "approved")
        self.run_replenishment(anchor=ANCHOR + timedelta(days=1))
        # the buyer reviews the product now: the run archived its rule
        self.assertEqual(self.segment(self.pump).policy_id, self.policies["strategic"])
        self.assertFalse(rule.active)

    def test_a_rule_no_policy_owns_stays_editable(self):
        valve = self.product("Ball valve 1in")
        rule = (
            self.env["stock.warehouse.orderpoint"]
            .with_user(self.inventory_admin)
            .create(
                {
                    "product_id": valve.id,
                    "warehouse_id": self.wh1.id,
                    "location_id": self.wh1.lot_stock_id.id,
                    "product_min_qty": 10,
                    "product_max_qty": 40,
                }
            )
        )
        self.assertFalse(rule.dist_managed)
        for user in self.editors:
            rule.with_user(user).write({"product_min_qty": 12, "trigger": "manual"})
        self.assertEqual(rule.product_min_qty, 12)
        self.assertEqual(rule.trigger, "manual")
