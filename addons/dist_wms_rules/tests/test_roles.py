from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestWarehouseRoles(DistRolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls.role_user(
            "dist_operator", "dist_wms_rules.group_warehouse_operator"
        )
        cls.manager = cls.role_user(
            "dist_wh_manager", "dist_wms_rules.group_warehouse_manager"
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Ball valve 3/4in", "is_storable": True, "type": "consu"}
        )

    def test_role_chain(self):
        operator = self.env.ref("dist_wms_rules.group_warehouse_operator")
        manager = self.env.ref("dist_wms_rules.group_warehouse_manager")
        self.assertIn(operator, manager.implied_ids)
        self.assertTrue(self.operator.has_group("stock.group_stock_user"))
        self.assertFalse(self.operator.has_group("stock.group_stock_manager"))
        self.assertTrue(self.manager.has_group("stock.group_stock_manager"))

    def test_operator_receives_goods(self):
        receipt = (
            self.env["stock.picking"]
            .with_user(self.operator)
            .create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom_qty": 12,
                                "location_id": self.env.ref(
                                    "stock.stock_location_suppliers"
                                ).id,
                                "location_dest_id": self.warehouse.lot_stock_id.id,
                            }
                        )
                    ],
                }
            )
        )
        receipt.action_confirm()
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            self.product.with_context(warehouse_id=self.warehouse.id).qty_available,
            12,
        )

    def test_only_managers_change_the_warehouse_setup(self):
        with self.assertRaises(AccessError):
            self.warehouse.with_user(self.operator).write(
                {"reception_steps": "two_steps"}
            )
        self.warehouse.with_user(self.manager).write({"reception_steps": "two_steps"})
        self.assertEqual(self.warehouse.reception_steps, "two_steps")
