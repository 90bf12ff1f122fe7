from odoo.tests import tagged

from odoo.addons.dist_wms_rules.tests.common import WmsCase


@tagged("post_install", "-at_install")
class TestOneReceiptTolerance(WmsCase):
    """A receipt beyond tolerance raises one exception for the buyer: the
    warehouse's receiving control's where the company turned it on, the
    purchase policy's check against the order elsewhere."""

    def receive(self, order, quantity):
        picking = order.picking_ids.with_user(self.operator)
        picking.move_ids.quantity = quantity
        picking.move_ids.picked = True
        return picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()

    def exceptions_of(self, picking):
        return self.env["dist.exception"].search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )

    def test_with_receiving_control_the_warehouse_check_wins(self):
        order = self.purchase({self.valve: 100})
        picking = order.picking_ids
        self.assertFalse(picking._dist_receipts_to_check())
        action = self.receive(order, 120)
        self.assertEqual(action["res_model"], "stock.picking.deviation")
        wizard = self.env["stock.picking.deviation"].browse(action["res_id"])
        wizard.line_ids.reason = "over_shipped"
        wizard.with_user(self.operator).with_context(
            **action["context"]
        ).action_confirm()
        self.assertEqual(picking.state, "done")
        exception = self.exceptions_of(picking)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.type_id.code, "receipt_deviation")
        self.assertEqual(exception.owner_id, self.buyer)
        self.assertIn("received 120", exception.summary)

    def test_without_receiving_control_the_purchase_check_is_the_one(self):
        self.company.dist_rcv_check = False
        order = self.purchase({self.valve: 100})
        picking = order.picking_ids
        self.assertEqual(picking._dist_receipts_to_check(), picking)
        self.assertIs(self.receive(order, 120), True)
        self.assertEqual(picking.state, "done")
        exception = self.exceptions_of(picking)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.type_id.code, "receipt_qty_deviation")
        self.assertEqual(exception.owner_id, self.buyer)
        self.assertEqual(exception.partner_id, self.vendor)
        self.assertIn("received 120", exception.summary)
