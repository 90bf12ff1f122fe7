from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..stats import safety_stock as levels
from .common import ANCHOR, MONTH, ReplenishmentCase

SMOOTH = [100] * 12


@tagged("post_install", "-at_install")
class TestBuyerQueue(ReplenishmentCase):
    """Reviewed policies produce recommendations a buyer turns into RFQs or
    transfers; automatic ones write Odoo's reorder rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt = cls.product("Carriage bolt M10", cost=10.0, min_qty=50.0)
        cls.nut = cls.product("Hex nut M10", cost=10.0, min_qty=50.0)
        for product in (cls.bolt, cls.nut):
            cls.demand(product, SMOOTH)
        cls.stock(cls.bolt, 10.0)

    def _review_smooth_movers(self):
        self.set_cell_policy("A", "X", "smooth", "strategic")

    def _queue(self, **domain):
        return self.env["dist.purchase.recommendation"].search(
            [("company_id", "=", self.company.id)]
            + [(name, "=", value) for name, value in domain.items()]
        )

    def test_reviewed_items_are_proposed_with_their_numbers(self):
        self._review_smooth_movers()
        self.run_replenishment()
        rec = self._queue(product_id=self.bolt.id)
        self.assertEqual(len(rec), 1)
        self.assertEqual(
            (rec.kind, rec.state, rec.partner_id, rec.buyer_id),
            ("purchase", "proposed", self.vendor, self.buyer),
        )
        segment = self.segment(self.bolt)
        # no receipts yet: the promised 7 days, no spread; forecast = moving
        # average... of the strategic policy's exponential smoothing = 100
        self.assertEqual(segment.lead_time_source, "promised")
        self.assertAlmostEqual(segment.forecast, 100.0, places=4)
        expected = levels.safety_stock(98.0, 100.0, 0.0, 7 / MONTH, 0.0)
        self.assertAlmostEqual(segment.safety_stock, expected, places=3)
        self.assertAlmostEqual(segment.reorder_point, 100.0 * 7 / MONTH, places=3)
        self.assertEqual(rec.on_hand, 10.0)
        self.assertEqual(rec.quantity, segment.max_qty - 10.0)
        self.assertIn("forecast 100.0 per month", rec.reason)
        self.assertIn("on hand 10", rec.reason)
        self.assertIn("Primary vendor", rec.vendor_reason)

    def test_rfqs_per_vendor_merge_and_no_duplicate_after_two_runs(self):
        self._review_smooth_movers()
        self.run_replenishment()
        queue = self._queue(state="proposed").with_user(self.buyer)
        self.assertEqual(len(queue), 2)
        queue.action_approve()
        self.assertEqual(set(queue.mapped("state")), {"approved"})
        queue.action_create_orders()
        order = queue.purchase_id
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.vendor)
        self.assertEqual(order.picking_type_id, self.wh1.in_type_id)
        self.assertEqual(order.user_id, self.buyer)
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(set(queue.mapped("state")), {"ordered"})
        # the RFQ counts as incoming: the next runs propose nothing again
        for day in (1, 2):
            self.run_replenishment(anchor=ANCHOR + timedelta(days=day))
        self.assertFalse(self._queue(state="proposed"))
        self.assertEqual(len(order.order_line), 2)
        # a third item of the same vendor lands on the same open RFQ
        washer = self.product("Flat washer M10", cost=10.0)
        self.demand(washer, SMOOTH)
        self.run_replenishment(anchor=ANCHOR + timedelta(days=3))
        rec = self._queue(product_id=washer.id, state="proposed").with_user(self.buyer)
        rec.action_create_orders()
        self.assertEqual(rec.purchase_id, order)
        self.assertEqual(len(order.order_line), 3)

    def test_an_rfq_asked_for_validation_takes_no_new_lines(self):
        """The buyer asked the approval of the vendor's open RFQ: the next
        recommendations of that vendor go to a new RFQ, not onto the one
        its approvers are deciding."""
        controller = self.role_user(
            "dist_rp_queue_controller",
            "dist_governance.group_governance_controller",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.env["dist.approval.matrix"].with_user(controller).create(
            {
                "company_id": self.company.id,
                "document_type_id": self.env.ref(
                    "dist_purchase_policy.approval_document_type_purchase_order"
                ).id,
                "approver_type": "group",
                "approver_group_id": self.env.ref(
                    "dist_purchase_policy.group_purchasing_manager"
                ).id,
                "amount_min": 0,
                "open_ended": True,
            }
        )
        self._review_smooth_movers()
        self.run_replenishment()
        queue = self._queue(state="proposed").with_user(self.buyer)
        bolt = queue.filtered(lambda r: r.product_id == self.bolt)
        nut = queue - bolt
        self.assertEqual((len(bolt), len(nut)), (1, 1))
        bolt.action_create_orders()
        asked = bolt.purchase_id
        asked.request_validation()
        self.assertIn(asked.validation_status, ("waiting", "pending"))
        nut.action_create_orders()
        self.assertTrue(nut.purchase_id)
        self.assertNotEqual(nut.purchase_id, asked)
        self.assertEqual(nut.purchase_id.partner_id, asked.partner_id)
        self.assertEqual(nut.purchase_id.state, "draft")
        self.assertEqual(asked.order_line.product_id, self.bolt)

    def test_dismissed_recommendations_need_a_reason_and_stay_dismissed(self):
        self._review_smooth_movers()
        self.run_replenishment()
        rec = self._queue(product_id=self.bolt.id).with_user(self.buyer)
        action = rec.action_open_dismiss()
        with self.assertRaises(UserError):
            rec._dismiss("  ")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.buyer)
            .with_context(**action["context"])
        )
        wizard.reason = "Supplier closing for inventory; order next week"
        wizard.save().action_dismiss()
        self.assertEqual(rec.state, "dismissed")
        self.assertEqual(rec.decided_by_id, self.buyer)
        self.run_replenishment(anchor=ANCHOR + timedelta(days=1))
        self.assertFalse(self._queue(product_id=self.bolt.id, state="proposed"))
        with self.assertRaises(UserError):
            rec.quantity = 0
        # its status moves only through the buttons
        with self.assertRaises(AccessError):
            rec.write({"state": "proposed"})

    def test_excess_elsewhere_is_moved_before_buying(self):
        self._review_smooth_movers()
        self.stock(self.bolt, 1000.0, self.wh2)
        self.run_replenishment()
        transfer = self._queue(product_id=self.bolt.id, kind="transfer")
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.source_warehouse_id, self.wh2)
        self.assertEqual(transfer.quantity, self.segment(self.bolt).max_qty - 10.0)
        self.assertFalse(self._queue(product_id=self.bolt.id, kind="purchase"))
        self.assertIn(self.wh2.code, transfer.reason)
        # a buyer without stock rights creates it with a purchase of another
        # product; the warehouse executes it. The buyer is told what was
        # made (the list of RFQs cannot show the transfer: nothing opened)
        purchase = self._queue(kind="purchase", state="proposed")[:1]
        self.assertTrue(purchase)
        done = (transfer | purchase).with_user(self.buyer).action_create_orders()
        self.assertEqual(done["tag"], "display_notification")
        self.assertIn(transfer.picking_id.name, done["params"]["message"])
        self.assertEqual(
            done["params"]["next"]["domain"], [("id", "in", purchase.purchase_id.ids)]
        )
        picking = transfer.picking_id
        self.assertEqual(picking.location_id, self.wh2.lot_stock_id)
        self.assertEqual(picking.location_dest_id, self.wh1.lot_stock_id)
        self.assertEqual(picking.move_ids.product_uom_qty, transfer.quantity)
        self.assertEqual(picking.state, "assigned")
        # the transfer is incoming for one and outgoing for the other
        self.run_replenishment(anchor=ANCHOR + timedelta(days=1))
        self.assertFalse(self._queue(product_id=self.bolt.id, state="proposed"))

    def test_automatic_policies_own_the_reorder_rule(self):
        self.run_replenishment()
        segment = self.segment(self.bolt)
        self.assertEqual(segment.policy_id, self.policies["auto"])
        rule = segment.orderpoint_id
        self.assertTrue(rule.dist_managed)
        self.assertEqual(rule.location_id, self.wh1.lot_stock_id)
        self.assertEqual(rule.product_min_qty, -(-segment.reorder_point // 1))
        self.assertEqual(rule.product_max_qty, segment.max_qty)
        self.assertEqual(rule.trigger, "auto")
        self.assertEqual(rule.supplier_id.partner_id, self.vendor)
        self.assertFalse(self._queue(product_id=self.bolt.id))
        # the product moves to a reviewed policy: its rule is archived so
        # that Odoo's scheduler does not buy beside the buyer
        self._review_smooth_movers()
        run = self.run_replenishment(anchor=ANCHOR + timedelta(days=1))
        self.assertEqual(run.orderpoints_archived, 2)
        self.assertFalse(rule.active)
        self.assertTrue(self._queue(product_id=self.bolt.id))
        change = segment.history_ids.filtered(lambda h: h.dimension == "policy")
        self.assertEqual(
            (change.old_value, change.new_value),
            (self.policies["auto"].name, self.policies["strategic"].name),
        )

    def test_sensing_weighs_open_quotations(self):
        self.set_cell_policy("A", "X", "smooth", "sensing")
        team = self.env["crm.team"].create(
            {
                "name": "Counter sales",
                "company_id": self.company.id,
                "dist_quote_conversion": 50.0,
            }
        )
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "warehouse_id": self.wh1.id,
                "team_id": team.id,
                "order_line": [
                    Command.create({"product_id": self.nut.id, "product_uom_qty": 40})
                ],
            }
        )
        self.run_replenishment()
        rec = self._queue(product_id=self.nut.id)
        self.assertEqual(rec.sensed, 20.0)
        self.assertIn("weighted quotations 20", rec.reason)
        bolt = self._queue(product_id=self.bolt.id)
        self.assertEqual(bolt.sensed, 0.0)
