from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestReceivingControl(WmsCase):
    def receive(self, order, quantities, backorder=False):
        """The operator counts `quantities` {product: qty} and validates;
        returns what validation returned (True, or a wizard action)."""
        picking = order.picking_ids.with_user(self.operator)
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, move.product_uom_qty)
        picking.move_ids.picked = True
        context = {"skip_backorder": True}
        if not backorder:
            context["picking_ids_not_to_backorder"] = picking.ids
        return picking.with_context(**context).button_validate()

    def exceptions_of(self, picking):
        return self.env["dist.exception"].search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )

    def test_within_tolerance_validates_without_a_question(self):
        # company default 5 %: 104 of 100 passes
        order = self.purchase({self.valve: 100})
        self.assertIs(self.receive(order, {self.valve: 104}), True)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertFalse(self.exceptions_of(order.picking_ids))

    def test_over_tolerance_is_blocked_until_a_reason_then_one_exception(self):
        order = self.purchase({self.valve: 100, self.tape: 50})
        picking = order.picking_ids
        action = self.receive(order, {self.valve: 120})
        # blocked: a question, nothing validated, nothing raised
        self.assertEqual(action["res_model"], "stock.picking.deviation")
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(self.exceptions_of(picking))
        wizard = self.env["stock.picking.deviation"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.product_id, self.valve)
        self.assertEqual(
            (wizard.line_ids.expected_qty, wizard.line_ids.allowed_qty), (100, 5)
        )
        with Form(
            wizard.with_user(self.operator).with_context(**action["context"])
        ) as form:
            with form.line_ids.edit(0) as line:
                line.reason = "over_shipped"
                line.note = "Vendor shipped a full pallet"
        form.record.with_user(self.operator).with_context(
            **action["context"]
        ).action_confirm()
        self.assertEqual(picking.state, "done")
        move = picking.move_ids.filtered(lambda m: m.product_id == self.valve)
        self.assertEqual(move.dist_deviation_reason, "over_shipped")
        self.assertEqual(move.dist_deviation_qty, 20)
        self.assertEqual(move.dist_deviation_user_id, self.operator)
        exception = self.exceptions_of(picking)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.type_id.code, "receipt_deviation")
        self.assertEqual(exception.owner_id, self.buyer)
        self.assertEqual(exception.partner_id, self.vendor)
        self.assertIn("received 120", exception.summary)
        self.assertIn("full pallet", exception.description)

    def test_without_receiving_control_a_receipt_validates_as_in_odoo(self):
        """A company that has not turned receiving control on (a new
        company) receives 120 of 100 with no question, as Odoo does."""
        fresh = self.env["res.company"].create({"name": "Fresh Wholesale"})
        self.assertFalse(fresh.dist_rcv_check)
        self.company.dist_rcv_check = False
        order = self.purchase({self.valve: 100})
        self.assertIs(self.receive(order, {self.valve: 120}), True)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertFalse(order.picking_ids._dist_receiving_controlled())
        self.assertFalse(order.picking_ids.move_ids.dist_deviation_reason)

    def test_a_receipt_s_buyer_works_in_the_receipt_s_company(self):
        """Without an order, a receipt's discrepancy goes to the vendor's
        buyer only when that user works in the receipt's company (the
        vendor's buyer is one user for every company)."""
        other = self.env["res.company"].create({"name": "Eastport Trading"})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other.id)], limit=1
        ) or self.env["stock.warehouse"].create(
            {"name": "Eastport main", "code": "EPT", "company_id": other.id}
        )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": self.vendor.id,
                "company_id": other.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
            }
        )
        self.assertFalse(picking._dist_receipt_buyer())
        theirs = self.role_user(
            "dist_wms_buyer_eastport",
            "purchase.group_purchase_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.vendor.buyer_id = theirs
        self.assertEqual(picking._dist_receipt_buyer(), theirs)

    def test_damaged_units_go_to_quarantine_not_to_stock(self):
        order = self.purchase({self.valve: 100})
        picking = order.picking_ids
        action = self.receive(order, {self.valve: 90})
        wizard = self.env["stock.picking.deviation"].browse(action["res_id"])
        line = wizard.line_ids
        line.reason = "damaged"
        line.damaged_qty = 0
        with self.assertRaises(UserError):
            wizard.with_user(self.operator).with_context(
                **action["context"]
            ).action_confirm()
        line.damaged_qty = 95
        with self.assertRaises(UserError):
            wizard.with_user(self.operator).with_context(
                **action["context"]
            ).action_confirm()
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(picking.move_ids.dist_deviation_reason)
        line.damaged_qty = 15
        wizard.with_user(self.operator).with_context(
            **action["context"]
        ).action_confirm()
        self.assertEqual(picking.state, "done")
        quarantine = self.warehouse.dist_quarantine_location_id
        self.assertTrue(quarantine)
        # outside the stock location: deliveries never reserve it
        self.assertNotIn(str(self.stock.id), quarantine.parent_path.split("/"))
        self.assertEqual(self.qty_in(self.valve, quarantine), 15)
        self.assertEqual(self.qty_in(self.valve, self.stock), 75)
        self.assertEqual(self.valve.with_context(location=self.stock.id).free_qty, 75)
        self.assertEqual(len(self.exceptions_of(picking)), 1)

    def test_short_receipt_with_a_backorder_is_no_deviation(self):
        order = self.purchase({self.valve: 100})
        self.assertIs(self.receive(order, {self.valve: 60}, backorder=True), True)
        self.assertFalse(self.exceptions_of(order.picking_ids[0]))
        self.assertEqual(len(order.picking_ids), 2)

    def test_vendor_and_category_tolerances_win_over_the_company(self):
        Tolerance = self.env["dist.receipt.tolerance"].with_user(self.manager)
        Tolerance.create({"categ_id": self.fittings.id, "percent": 25})
        # the category allows 120 of 100 valves
        order = self.purchase({self.valve: 100})
        self.assertIs(self.receive(order, {self.valve: 120}), True)
        # the vendor's own rule (2 units) is more specific than the category
        Tolerance.create(
            {"partner_id": self.vendor.id, "categ_id": self.fittings.id, "quantity": 2}
        )
        order = self.purchase({self.valve: 100})
        action = self.receive(order, {self.valve: 120})
        self.assertEqual(action["res_model"], "stock.picking.deviation")
        wizard = self.env["stock.picking.deviation"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.allowed_qty, 2)
        self.assertIn(self.vendor.name, wizard.line_ids.tolerance_source)

    def test_bad_tolerances_are_refused(self):
        Tolerance = self.env["dist.receipt.tolerance"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Tolerance.create({"categ_id": self.fittings.id, "percent": -1})
        with self.assertRaises(ValidationError):
            Tolerance.create({"partner_id": self.vendor.id, "quantity": -3})
        with self.assertRaises(ValidationError):
            Tolerance.create({"percent": 10})
        with self.assertRaises(ValidationError):
            self.company.write({"dist_rcv_tolerance_percent": -5})
        with self.assertRaises(ValidationError):
            self.company.write({"dist_rcv_tolerance_qty": -1})
        # operators read the tolerances, only managers set them
        with self.assertRaises(AccessError):
            self.env["dist.receipt.tolerance"].with_user(self.operator).create(
                {"categ_id": self.fittings.id, "percent": 10}
            )


@tagged("post_install", "-at_install")
class TestQualityOnReceipt(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checklist = (
            cls.env["dist.quality.checklist"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Pressure fittings",
                    "categ_ids": [Command.set(cls.fittings.ids)],
                    "item_ids": [
                        Command.create({"name": "Thread intact", "sequence": 1}),
                        Command.create(
                            {"name": "Pressure rating stamped", "sequence": 2}
                        ),
                    ],
                }
            )
        )

    def validate(self, picking):
        picking = picking.with_user(self.operator)
        picking.move_ids.picked = True
        return picking.button_validate()

    def test_receipt_waits_for_its_checks_and_a_failure_quarantines(self):
        order = self.purchase({self.valve: 40, self.tape: 10})
        picking = order.picking_ids
        # only the valve is a fitting
        check = picking.dist_quality_check_ids
        self.assertEqual(check.product_id, self.valve)
        self.assertEqual(len(check.line_ids), 2)
        with self.assertRaises(UserError):
            self.validate(picking)
        self.assertEqual(picking.state, "assigned")
        check = check.with_user(self.operator)
        with self.assertRaises(UserError):
            check.action_finish()  # a point without result
        check.line_ids[0].result = "pass"
        check.line_ids[1].write({"result": "fail", "note": "No stamp on 40 of 40"})
        check.action_finish()
        self.assertEqual(check.state, "fail")
        self.assertEqual(check.checked_by_id, self.operator)
        self.validate(picking)
        self.assertEqual(picking.state, "done")
        quarantine = self.warehouse.dist_quarantine_location_id
        self.assertEqual(self.qty_in(self.valve, quarantine), 40)
        self.assertEqual(self.qty_in(self.valve, self.stock), 0)
        self.assertEqual(self.qty_in(self.tape, self.stock), 10)
        exception = self.env["dist.exception"].search(
            [("type_id.code", "=", "quality_failure"), ("res_id", "=", picking.id)]
        )
        self.assertEqual(exception.owner_id, self.buyer)
        self.assertIn("No stamp", exception.summary)

    def test_passed_checks_let_the_receipt_through(self):
        order = self.purchase({self.valve: 5})
        check = order.picking_ids.dist_quality_check_ids.with_user(self.operator)
        check.line_ids.write({"result": "pass"})
        check.action_finish()
        self.validate(order.picking_ids)
        self.assertEqual(self.qty_in(self.valve, self.stock), 5)
        self.assertFalse(
            self.env["dist.exception"].search(
                [("type_id.code", "=", "quality_failure")]
            )
        )

    def test_receipts_expected_before_their_checklist_get_its_checks(self):
        """Receipts already expected when a checklist starts covering them
        (a new checklist, or a category added) get their checks then, as
        new receipts get them on confirmation: Validate asks for them, and
        the Quality checks button opens them."""
        order = self.purchase({self.tape: 10})
        other_vendor = self.env["res.partner"].create({"name": "Coastline Seals"})
        other = self.purchase({self.tape: 4}, vendor=other_vendor)
        receipt = order.picking_ids.with_user(self.operator)
        self.assertFalse(receipt.dist_quality_check_count)
        self.checklist.with_user(self.manager).categ_ids = [
            Command.link(self.tape.categ_id.id)
        ]
        self.env["dist.quality.checklist"].with_user(self.manager).create(
            {
                "name": "Coastline seals",
                "partner_ids": [Command.set(other_vendor.ids)],
                "item_ids": [Command.create({"name": "Seal intact"})],
            }
        )
        for picking, expected in ((order.picking_ids, 1), (other.picking_ids, 2)):
            picking = picking.with_user(self.operator)
            self.assertEqual(picking.dist_quality_check_count, expected)
            with self.assertRaises(UserError):
                self.validate(picking)
            checks = self.env["dist.quality.check"].search(
                picking.action_dist_quality_checks()["domain"]
            )
            self.assertEqual(checks, picking.dist_quality_check_ids)
            checks.line_ids.write({"result": "pass"})
            checks.action_finish()
            self.validate(picking)
            self.assertEqual(picking.state, "done")

    def test_a_checklist_must_name_what_it_covers(self):
        with self.assertRaises(ValidationError):
            self.env["dist.quality.checklist"].with_user(self.manager).create(
                {"name": "Empty", "item_ids": [Command.create({"name": "Look"})]}
            )
