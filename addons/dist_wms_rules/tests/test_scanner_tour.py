from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common_tour import (
    ROLE_TOUR_TAG,
    DistRoleTourCase,
)

from .common import WmsCase


@tagged("post_install", "-at_install", ROLE_TOUR_TAG)
class TestScannerTour(WmsCase, DistRoleTourCase):
    """The warehouse operator receives on a phone-sized screen, with the
    scanner app and a (simulated) barcode scanner."""

    browser_size = "390x844"
    touch_enabled = True

    def test_an_operator_receives_with_the_scanner_on_a_phone(self):
        self.valve.barcode = "2990000000017"
        # the receipts' scanner options ask for the quantity and a confirm
        # (set by the warehouse manager)
        self.warehouse.in_type_id.barcode_option_group_id.with_user(self.manager).write(
            {"is_manual_qty": True, "is_manual_confirm": True}
        )
        order = self.purchase({self.valve: 5})
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned")
        self.start_tour(
            "/odoo", "dist_wms_rules_scanner_receipt_tour", login="dist_wms_operator"
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 5)
        self.assertEqual(self.qty_in(self.valve, self.stock), 5)
        self.assertEqual(picking.move_ids.move_line_ids.write_uid, self.operator)
