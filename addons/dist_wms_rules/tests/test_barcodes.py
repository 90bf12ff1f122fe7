"""The warehouse rules hold when the work is done with OCA's scanner app
(stock_barcodes): its wizards are driven as the warehouse operator, as the
scanner screen drives them."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import WmsCase


class BarcodesCase(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valve.barcode = "2990000000017"
        cls.tape.barcode = "2990000000024"

    def open_scanner(self, picking, user=None):
        """The scanner screen of `picking`, as the operator opens it."""
        action = picking.with_user(user or self.operator).action_barcode_scan()
        return (
            self.env["wiz.stock.barcodes.read.picking"]
            .with_user(user or self.operator)
            .browse(action["res_id"])
        )

    def scan(self, wizard, product, qty, force=False):
        """Scan `product`, type the quantity, confirm (the quantity input
        of the scanner screen); `force`: more than ordered, which the
        scanner takes only with its Force done."""
        wizard.manual_entry = True
        wizard.on_barcode_scanned(product.barcode)
        wizard.dummy_on_barcode_scanned()
        self.assertEqual(wizard.product_id, product, wizard.message)
        wizard.product_qty = qty
        if force:
            self.assertFalse(wizard.action_confirm())
            self.assertIn("higher than necessary", wizard.message)
            self.assertTrue(wizard.action_force_done(), wizard.message)
        else:
            self.assertTrue(wizard.action_confirm(), wizard.message)

    def picked(self, picking, product):
        return sum(
            picking.move_line_ids.filtered(lambda x: x.product_id == product).mapped(
                "qty_picked"
            )
        )


@tagged("post_install", "-at_install")
class TestScannerReceiving(BarcodesCase):
    def test_operation_types_get_scanner_options(self):
        """The scanner app lists the operation types that have options:
        a new warehouse's receipts, deliveries and transfers have them."""
        generic = self.env.ref("stock_barcodes.stock_barcodes_option_group_operation")
        for kind in (self.warehouse.in_type_id, self.warehouse.out_type_id):
            self.assertEqual(kind.barcode_option_group_id, generic)
        self.assertEqual(self.warehouse.int_type_id.barcode_option_group_id, generic)

    def test_within_tolerance_the_scanned_receipt_validates(self):
        order = self.purchase({self.valve: 100})
        picking = order.picking_ids
        wizard = self.open_scanner(picking)
        self.scan(wizard, self.valve, 103, force=True)
        self.assertEqual(self.picked(picking, self.valve), 103)
        wizard.action_validate_picking()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.qty_in(self.valve, self.stock), 103)

    def test_over_receipt_beyond_tolerance_stops_for_a_reason(self):
        order = self.purchase({self.valve: 100})
        picking = order.picking_ids
        wizard = self.open_scanner(picking)
        self.scan(wizard, self.valve, 120, force=True)
        action = wizard.action_validate_picking()
        # the suite's reason form, nothing received yet
        self.assertEqual(action["res_model"], "stock.picking.deviation")
        self.assertEqual(action["name"], "Receipt differs from what was expected")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self.qty_in(self.valve, self.stock), 0)
        deviation = (
            self.env["stock.picking.deviation"]
            .with_user(self.operator)
            .with_context(**action["context"])
            .browse(action["res_id"])
        )
        self.assertEqual(
            (deviation.line_ids.received_qty, deviation.line_ids.allowed_qty),
            (120, 5),
        )
        deviation.line_ids.note = "Full pallet"
        deviation.action_confirm()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.dist_deviation_reason, "over_shipped")
        exception = self.env["dist.exception"].search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )
        self.assertEqual(exception.type_id.code, "receipt_deviation")

    def test_no_backorder_on_a_short_line_is_checked_as_final(self):
        """The scanner's "No backorder" on a line closes it short: beyond
        the tolerance that is a deviation to explain, as when the receipt
        is validated without a backorder."""
        # the scanner offers it on lines listed by move
        self.warehouse.in_type_id.barcode_option_group_id.with_user(
            self.manager
        ).source_pending_moves = "move_ids"
        order = self.purchase({self.valve: 100})
        picking = order.picking_ids
        wizard = self.open_scanner(picking)
        self.scan(wizard, self.valve, 60)
        todo = wizard.todo_line_ids.filtered(lambda t: t.product_id == self.valve)
        todo.with_context(barcode_backorder_action="skip_backorder").action_todo_next()
        self.assertEqual(picking.move_ids.barcode_backorder_action, "skip_backorder")
        action = wizard.with_context(skip_backorder=True).action_validate_picking()
        self.assertEqual(action["res_model"], "stock.picking.deviation")
        self.assertEqual(picking.state, "assigned")
        deviation = self.env["stock.picking.deviation"].browse(action["res_id"])
        self.assertEqual(deviation.line_ids.reason, "short_shipped")

    def test_a_pending_quality_check_stops_the_scanned_receipt(self):
        self.env["dist.quality.checklist"].with_user(self.manager).create(
            {
                "name": "Pressure fittings",
                "categ_ids": [Command.set(self.fittings.ids)],
                "item_ids": [Command.create({"name": "Thread intact"})],
            }
        )
        order = self.purchase({self.valve: 10})
        picking = order.picking_ids
        wizard = self.open_scanner(picking)
        self.scan(wizard, self.valve, 10)
        with self.assertRaisesRegex(UserError, "Finish the quality checks"):
            wizard.action_validate_picking()
        self.assertEqual(picking.state, "assigned")
        check = picking.dist_quality_check_ids.with_user(self.operator)
        check.line_ids.result = "pass"
        check.action_finish()
        wizard.action_validate_picking()
        self.assertEqual(picking.state, "done")

    def test_another_company_s_operator_cannot_scan_into_the_receipt(self):
        other = self.env["res.company"].create({"name": "Northgate Supply"})
        stranger = self.role_user(
            "dist_wms_operator_north",
            "dist_wms_rules.group_warehouse_operator",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        order = self.purchase({self.valve: 10})
        picking = order.picking_ids
        with self.assertRaises(AccessError):
            picking.with_user(stranger).with_context(
                allowed_company_ids=other.ids
            ).action_barcode_scan()
        # the scanner's wizard given the receipt's id by hand
        wizard = (
            self.env["wiz.stock.barcodes.read.picking"]
            .with_user(stranger)
            .with_context(allowed_company_ids=other.ids)
            .create(
                {
                    "picking_id": picking.id,
                    "res_model_id": self.env.ref("stock.model_stock_picking").id,
                    "res_id": picking.id,
                    "picking_type_code": "incoming",
                    "option_group_id": self.env.ref(
                        "stock_barcodes.stock_barcodes_option_group_operation"
                    ).id,
                    "picking_mode": "picking",
                    "manual_entry": True,
                    "product_id": self.valve.id,
                    "product_qty": 10,
                    "location_id": picking.location_id.id,
                    "location_dest_id": self.stock.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "company you do not work in"):
            wizard._process_stock_move_line()
        with self.assertRaisesRegex(UserError, "company you do not work in"):
            wizard.action_validate_picking()
        self.assertFalse(picking.move_line_ids.filtered("qty_picked"))
        self.assertEqual(picking.state, "assigned")

    def test_scanner_options_are_the_warehouse_manager_s(self):
        options = self.env.ref("stock_barcodes.stock_barcodes_option_group_operation")
        with self.assertRaises(AccessError):
            options.with_user(self.operator).allow_not_demanded_product = True
        with self.assertRaises(AccessError):
            options.option_ids[:1].with_user(self.operator).forced = True
        self.assertTrue(options.with_user(self.operator).name)
        options.with_user(self.manager).allow_not_demanded_product = True
        self.assertTrue(options.allow_not_demanded_product)


@tagged("post_install", "-at_install")
class TestScannerCounting(BarcodesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(cls.valve, cls.stock, 200)
        controller = cls.role_user(
            "dist_wms_bc_controller",
            "dist_governance.group_governance_controller",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.env["dist.approval.matrix"].with_user(controller).create(
            {
                "company_id": cls.company.id,
                "document_type_id": cls.env.ref(
                    "dist_wms_rules.approval_document_type_inventory_adjustment"
                ).id,
                "approver_type": "group",
                "approver_group_id": cls.env.ref(
                    "dist_wms_rules.group_warehouse_manager"
                ).id,
                "amount_min": 500,
                "open_ended": True,
            }
        )

    def count(self, product, qty, location=None):
        """Scan the product in the scanner's Inventory, type the counted
        quantity, then Apply with a reason (Odoo's apply wizard, which
        the scanner opens)."""
        wizard = (
            self.env["wiz.stock.barcodes.read.inventory"]
            .with_user(self.operator)
            .with_context(inventory_mode=True)
            .create(
                {
                    "option_group_id": self.env.ref(
                        "stock_barcodes.stock_barcodes_option_group_inventory"
                    ).id,
                    "location_id": (location or self.stock).id,
                    "manual_entry": True,
                }
            )
        )
        wizard.on_barcode_scanned(product.barcode)
        wizard.dummy_on_barcode_scanned()
        wizard.product_qty = qty
        self.assertTrue(wizard.action_confirm(), wizard.message)
        wizard.invalidate_recordset(["inventory_quant_ids"])
        action = wizard.apply_inventory()
        self.assertEqual(action["res_model"], "stock.inventory.adjustment.name")
        apply = (
            self.env["stock.inventory.adjustment.name"]
            .with_user(self.operator)
            .with_context(**action["context"])
            .create({"inventory_adjustment_name": "Scanner count"})
        )
        apply.action_apply()
        return self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", self.stock.id)]
        )

    def test_the_operator_sees_the_scanner_s_apply(self):
        """OCA shows the scanner's Apply to Inventory administrators; in
        the suite the operator applies their counts (the rules above)."""
        arch = (
            self.env["wiz.stock.barcodes.read.inventory"]
            .with_user(self.operator)
            .get_view(view_type="form")["arch"]
        )
        self.assertIn('name="apply_inventory"', arch)

    def test_a_small_scanned_count_applies_with_its_result(self):
        quant = self.count(self.valve, 195)  # -5 x 10 = 50
        self.assertEqual(quant.quantity, 195)
        result = self.env["dist.count.result"].search(
            [("product_id", "=", self.valve.id)]
        )
        self.assertEqual((result.counted_qty, result.variance_value), (195, -50))
        self.assertEqual(result.counted_by_id, self.operator)
        self.assertEqual(result.reason, "Scanner count")

    def test_a_large_scanned_count_waits_for_approval(self):
        quant = self.count(self.valve, 100)  # -100 x 10 = 1,000
        self.assertEqual(quant.quantity, 200, "the stock does not move")
        request = quant.dist_adjustment_id
        self.assertEqual(request.validation_status, "waiting")
        self.assertEqual(request.counted_by_id, self.operator)
        self.assertFalse(self.env["dist.count.result"].search([]))
        request.with_user(self.manager).validate_tier()
        self.assertEqual(quant.quantity, 100)

    def test_another_company_s_location_cannot_be_counted(self):
        other = self.env["res.company"].create({"name": "Northgate Supply"})
        stranger = self.role_user(
            "dist_wms_operator_north_count",
            "dist_wms_rules.group_warehouse_operator",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        wizard = (
            self.env["wiz.stock.barcodes.read.inventory"]
            .with_user(stranger)
            .with_context(inventory_mode=True, allowed_company_ids=other.ids)
            .create(
                {
                    "option_group_id": self.env.ref(
                        "stock_barcodes.stock_barcodes_option_group_inventory"
                    ).id,
                    "location_id": self.stock.id,
                    "product_id": self.valve.id,
                    "product_qty": 5,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "company you do not work in"):
            wizard._add_inventory_quant()
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.valve.id), ("location_id", "=", self.stock.id)]
        )
        self.assertFalse(quant.inventory_quantity_set)
