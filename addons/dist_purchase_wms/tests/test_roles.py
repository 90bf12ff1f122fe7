from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase
from odoo.addons.dist_purchase_policy.tests.common import ReplenishmentCase
from odoo.addons.dist_purchase_policy.tests.test_security_rights import LEVELS


@tagged("post_install", "-at_install")
class TestWarehouseManagersAndPolicyRules(ReplenishmentCase):
    """A warehouse manager edits reorder rules as an inventory
    administrator does: not the levels of a rule a policy owns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.product("Sump pump 230V", cost=40.0)
        cls.demand(cls.pump, [100] * 12)
        cls.wh_manager = cls.role_user(
            "dist_pw_warehouse_manager",
            "dist_wms_rules.group_warehouse_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _owned_rule(self):
        self.run_replenishment()
        rule = self.segment(self.pump).orderpoint_id
        self.assertTrue(rule.dist_managed)
        return rule

    def test_a_warehouse_manager_cannot_edit_a_policy_owned_rule(self):
        rule = self._owned_rule()
        before = rule.read(LEVELS + ("supplier_id",))
        attempts = [
            {"product_min_qty": before[0]["product_min_qty"] + 50},
            {"product_max_qty": 99999},
            {"qty_multiple": 7},
            {"trigger": "manual"},
            {"active": False},
            {"supplier_id": False},
        ]
        for vals in attempts:
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, "policy override"):
                    rule.with_user(self.wh_manager).write(vals)
        rule.invalidate_recordset()
        self.assertEqual(rule.read(LEVELS + ("supplier_id",)), before)

    def test_a_warehouse_manager_cannot_delete_a_policy_owned_rule(self):
        rule = self._owned_rule()
        with self.assertRaisesRegex(UserError, "policy override"):
            rule.with_user(self.wh_manager).unlink()
        self.assertTrue(rule.exists())


@tagged("post_install", "-at_install")
class TestPurchaseAndWarehouseRoles(DistRolesCase):
    """Warehouse roles see no Replenishment; the Buyer no Warehouse today."""

    def test_warehouse_roles_do_not_see_replenishment(self):
        replenishment = self.env.ref(
            "dist_purchase_policy.dist_replenishment_menu_root"
        )
        for group in (
            "dist_wms_rules.group_warehouse_operator",
            "dist_wms_rules.group_warehouse_manager",
        ):
            user = self.role_user(f"pw_home_{group.split('.')[1]}", group)
            with self.subTest(group=group):
                self.assertNotIn(replenishment, self.visible_menus(user))

    def test_a_buyer_does_not_work_warehouse_today(self):
        buyer = self.role_user("pw_today_buyer", "dist_purchase_policy.group_buyer")
        menu = self.env.ref("dist_wms_rules.stock_warehouse_menu_dist_today")
        self.assertNotIn(menu, self.visible_menus(buyer))
        warehouse = self.as_user(
            self.env["stock.warehouse"].search(
                [("company_id", "=", buyer.company_id.id)], limit=1
            ),
            buyer,
        )
        for method in (
            "action_dist_today_receipts",
            "action_dist_today_picks",
            "action_dist_today_counts",
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(warehouse, method)()
