from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestPurchasingRoles(DistRolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.role_user("dist_buyer", "dist_purchase_policy.group_buyer")
        cls.manager = cls.role_user(
            "dist_purchasing_manager", "dist_purchase_policy.group_purchasing_manager"
        )
        cls.outsider = cls.role_user("dist_not_a_buyer")
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

    def test_an_administrator_without_a_distribution_role_creates_a_company(self):
        """Issue 16: the company's default replenishment policies were
        created with the creator's rights, so an administrator holding no
        purchasing role could not create a company (and Odoo's own
        purchase_stock and sale_stock test classes failed in setUpClass)."""
        admin = self.role_user(
            "dist_settings_admin",
            "base.group_system",
            "base.group_partner_manager",
            "base.group_multi_company",
        )
        self.assertFalse(admin.has_group("dist_purchase_policy.group_buyer"))
        company = self.env["res.company"].with_user(admin).create({"name": "Bayside"})
        policies = (
            self.env["dist.replenishment.policy"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        self.assertTrue(policies)
        self.assertTrue(
            self.env["dist.policy.matrix.cell"].search_count(
                [("company_id", "=", company.id)]
            )
        )
