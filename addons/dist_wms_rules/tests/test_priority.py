from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import WmsCase

QUEUE_ORDER = "dist_pinned desc, dist_priority_score desc, scheduled_date asc"


@tagged("post_install", "-at_install")
class TestFulfilmentPriority(WmsCase):
    freeze_time = "2026-06-10 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(cls.valve, cls.stock, 100)
        cls.customers = cls.env.ref("stock.stock_location_customers")
        Partner = cls.env["res.partner"]
        cls.strategic = Partner.create(
            {
                "name": "Northbay Plant",
                "is_company": True,
                "dist_service_tier": "strategic",
            }
        )
        cls.standard = Partner.create({"name": "Corner Store", "is_company": True})

    def delivery(self, partner, promise, product=None):
        picking = (
            self.env["stock.picking"]
            .with_user(self.operator)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": partner.id,
                    "scheduled_date": promise,
                    "date_deadline": promise,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "queue test",
                                "product_id": (product or self.valve).id,
                                "product_uom_qty": 1,
                                "location_id": self.stock.id,
                                "location_dest_id": self.customers.id,
                                "date_deadline": promise,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        return picking

    def queue(self, pickings):
        return self.env["stock.picking"].search(
            [("id", "in", pickings.ids)], order=QUEUE_ORDER
        )

    def test_queue_order_and_pins(self):
        routine = self.delivery(self.standard, datetime(2026, 6, 16, 8, 0))
        strategic = self.delivery(self.strategic, datetime(2026, 6, 16, 8, 0))
        late = self.delivery(self.standard, datetime(2026, 6, 9, 8, 0))
        # 40 x 1/3 + 30 x (1 - 6/7) = 17.62; 40 + 4.29 = 44.29; 13.33 + 30
        self.assertAlmostEqual(routine.dist_priority_score, 17.62, places=2)
        self.assertAlmostEqual(strategic.dist_priority_score, 44.29, places=2)
        self.assertAlmostEqual(late.dist_priority_score, 43.33, places=2)
        self.assertIn("tier 40", strategic.dist_priority_detail)
        all_three = routine | strategic | late
        self.assertEqual(self.queue(all_three).ids, [strategic.id, late.id, routine.id])
        # operators neither set the score nor pin
        with self.assertRaises(UserError):
            routine.with_user(self.operator).write({"dist_priority_score": 99})
        with self.assertRaises(UserError):
            routine.with_user(self.operator).write({"dist_pinned": True})
        with self.assertRaises(AccessError):
            routine.with_user(self.operator).action_dist_pin("customer called")
        # a manager pins with a reason, which is kept
        with self.assertRaises(UserError):
            routine.with_user(self.manager).action_dist_pin("  ")
        wizard = Form(
            self.env["stock.picking.pin"]
            .with_user(self.manager)
            .with_context(default_picking_ids=routine.ids)
        )
        wizard.reason = "Line-down order at the customer"
        wizard.save().action_confirm()
        self.assertTrue(routine.dist_pinned)
        self.assertEqual(routine.dist_pinned_by_id, self.manager)
        self.assertEqual(self.queue(all_three).ids, [routine.id, strategic.id, late.id])
        routine.with_user(self.manager).action_dist_unpin()
        self.assertEqual(self.queue(all_three).ids, [strategic.id, late.id, routine.id])

    def test_refresh_follows_the_clock_and_is_set_based(self):
        picking = self.delivery(self.standard, datetime(2026, 6, 16, 8, 0))
        before = picking.dist_priority_score
        Picking = self.env["stock.picking"].with_user(self.manager)
        Picking._dist_refresh_priorities(now=datetime(2026, 6, 16, 9, 0))
        self.assertGreater(picking.dist_priority_score, before)
        # due: the promise part is full
        self.assertAlmostEqual(picking.dist_priority_score, 43.33, places=2)

    def test_backlog_per_warehouse_and_day(self):
        # the tape is out of stock: that delivery waits; the report counts
        # "late" against the database clock, and 9 June 2026 is past
        self.delivery(self.standard, datetime(2026, 6, 9, 8, 0), product=self.tape)
        self.delivery(self.strategic, datetime(2026, 6, 9, 15, 0))
        self.env.flush_all()
        rows = (
            self.env["dist.delivery.backlog"]
            .with_user(self.operator)
            .search([("warehouse_id", "=", self.warehouse.id)])
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(str(rows.day), "2026-06-09")
        self.assertEqual((rows.ready_count, rows.waiting_count), (1, 1))
        self.assertEqual(rows.late_count, 2)
        self.assertEqual(rows.late_lines, 2)

    def test_negative_weights_are_refused(self):
        with self.assertRaises(ValidationError):
            self.company.dist_priority_weight_age = -1
