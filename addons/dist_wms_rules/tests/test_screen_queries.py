from odoo import Command
from odoo.tests import tagged

from .common import WmsCase

ROWS = 20


@tagged("post_install", "-at_install")
class TestPickingQueueQueries(WmsCase):
    """The picking queue reads its page in a fixed number of queries,
    whatever the number of deliveries on it: no query per row."""

    def test_picking_queue(self):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Queue customer {i}", "dist_service_tier": tier}
                for i, tier in enumerate(["strategic", "key", "standard"] * 7)
            ]
        )
        products = self.valve | self.tape
        deliveries = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": customers[i].id,
                    "company_id": self.company.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 2,
                                "product_uom": product.uom_id.id,
                            }
                        )
                        for product in products
                    ],
                }
                for i in range(ROWS)
            ]
        )
        deliveries.action_confirm()
        load = self.screen_queries(
            "dist_wms_rules.stock_picking_action_dist_queue", self.operator
        )
        self.assert_screen_queries(5, load, ROWS)
