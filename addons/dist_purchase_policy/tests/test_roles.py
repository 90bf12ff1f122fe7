from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestPurchasingRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.buyer = new_test_user(
            cls.env,
            login="dist_buyer",
            groups="base.group_user,dist_purchase_policy.group_buyer",
        )
        cls.manager = new_test_user(
            cls.env,
            login="dist_purchasing_manager",
            groups="base.group_user,dist_purchase_policy.group_purchasing_manager",
        )
        cls.outsider = new_test_user(
            cls.env, login="dist_not_a_buyer", groups="base.group_user"
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Keystone Supply"})
        cls.product = cls.env["product.product"].create(
            {"name": "Hex bolt M8x40", "is_storable": True, "type": "consu"}
        )

    def test_role_chain(self):
        buyer = self.env.ref("dist_purchase_policy.group_buyer")
        manager = self.env.ref("dist_purchase_policy.group_purchasing_manager")
        self.assertIn(buyer, manager.implied_ids)
        self.assertEqual(
            buyer.category_id.parent_id,
            self.env.ref("dist_governance.module_category_dist_suite"),
        )
        self.assertTrue(self.buyer.has_group("purchase.group_purchase_user"))
        self.assertFalse(self.buyer.has_group("purchase.group_purchase_manager"))
        self.assertTrue(self.manager.has_group("dist_purchase_policy.group_buyer"))
        self.assertTrue(self.manager.has_group("purchase.group_purchase_manager"))

    def test_buyer_places_a_purchase_order(self):
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_qty": 40}
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.picking_ids.move_ids.product_uom_qty, 40)

    def test_someone_without_the_role_cannot_read_purchases(self):
        with self.assertRaises(AccessError):
            self.env["purchase.order"].with_user(self.outsider).search([])
