from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.dist_governance.tests.common_tour import (
    ROLE_TOUR_TAG,
    DistRoleTourCase,
)


@tagged("post_install", "-at_install", ROLE_TOUR_TAG)
class TestWarehouseOperatorTour(DistRoleTourCase):
    """The warehouse operator's day from login: Warehouse today, today's
    receipt received, a count due today recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Harborline Tour"})
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.operator = new_test_user(
            cls.env,
            login="dist_tour_operator",
            groups="base.group_user,dist_wms_rules.group_warehouse_operator",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="UTC",
        )
        cls.valve = cls.env["product.product"].create(
            {"name": "Tour ball valve", "is_storable": True, "company_id": False}
        )
        vendor = cls.env["res.partner"].create({"name": "Ridgeway Fasteners"})
        supplier = cls.env.ref("stock.stock_location_suppliers")
        stock = cls.warehouse.lot_stock_id
        Picking = cls.env["stock.picking"].with_company(cls.company)
        cls.receipt = Picking.create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": vendor.id,
                "location_id": supplier.id,
                "location_dest_id": stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.valve.name,
                            "product_id": cls.valve.id,
                            "product_uom_qty": 12,
                            "location_id": supplier.id,
                            "location_dest_id": stock.id,
                        }
                    )
                ],
            }
        )
        cls.receipt.action_confirm()
        # scheduled an hour ago: today's, not late
        cls.receipt.scheduled_date = fields.Datetime.now() - timedelta(hours=1)
        # a quant due for counting today
        cls.env["stock.quant"].with_company(cls.company)._update_available_quantity(
            cls.valve, stock, 8
        )
        cls.quant = cls.env["stock.quant"].search(
            [("product_id", "=", cls.valve.id), ("location_id", "=", stock.id)]
        )
        cls.quant.inventory_date = cls.warehouse._dist_today()

    def test_warehouse_operator_day(self):
        self.assertEqual(
            self.operator.action_id.id,
            self.env.ref("dist_wms_rules.stock_warehouse_action_dist_today").id,
        )
        self.start_role_tour("dist_wms_rules_warehouse_operator_tour", self.operator)
        self.assertEqual(self.receipt.state, "done")
        self.assertEqual(self.quant.inventory_quantity, 9)
        self.assertTrue(self.quant.inventory_quantity_set)
        self.assertEqual(self.quant.dist_counted_by_id, self.operator)
