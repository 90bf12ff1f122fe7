from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestDeliveryEvents(WmsCase):
    freeze_time = "2026-06-10 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(cls.valve, cls.stock, 100)
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def delivery(self, quantity, deadline, customer=None):
        picking = (
            self.env["stock.picking"]
            .with_user(self.operator)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": (customer or self.customer).id,
                    "scheduled_date": deadline,
                    "date_deadline": deadline,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.valve.name,
                                "product_id": self.valve.id,
                                "product_uom_qty": quantity,
                                "location_id": self.stock.id,
                                "location_dest_id": self.customers.id,
                                "date_deadline": deadline,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def events(self, code, picking):
        return self.env["dist.exception"].search(
            [
                ("type_id.code", "=", code),
                ("res_model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
            ]
        )

    def test_late_delivery_is_raised_once_however_often_the_check_runs(self):
        late = self.delivery(5, datetime(2026, 6, 8, 12, 0))
        on_time = self.delivery(5, datetime(2026, 6, 12, 12, 0))
        Picking = self.env["stock.picking"].with_user(self.manager)
        first = Picking._dist_check_late_deliveries()
        self.assertEqual(first.mapped("res_id"), late.ids)
        exception = self.events("late_delivery", late)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.recurrence_count, 1)
        self.assertIn("2026-06-08", exception.summary)
        self.assertIn(exception.owner_id, (self.operator | self.manager))
        # the second check raises nothing and does not touch the first
        written = exception.write_date
        self.assertFalse(Picking._dist_check_late_deliveries())
        self.assertEqual(len(self.events("late_delivery", late)), 1)
        self.assertEqual(exception.write_date, written)
        self.assertFalse(self.events("late_delivery", on_time))

    def test_short_shipment_with_a_backorder_is_raised_once(self):
        picking = self.delivery(10, datetime(2026, 6, 12))
        picking.move_ids.quantity = 6
        picking.move_ids.picked = True
        picking.with_user(self.operator).with_context(
            skip_backorder=True
        ).button_validate()
        self.assertEqual(picking.state, "done")
        exception = self.events("short_shipment", picking)
        self.assertEqual(len(exception), 1)
        self.assertIn(picking.backorder_ids.name, exception.summary)
        # raising again (e.g. a retried job) adds nothing
        picking._dist_raise_short_shipments()
        self.assertEqual(len(self.events("short_shipment", picking)), 1)
        self.assertEqual(exception.recurrence_count, 1)
        complete = self.delivery(4, datetime(2026, 6, 12))
        complete.move_ids.picked = True
        complete.with_user(self.operator).button_validate()
        self.assertFalse(self.events("short_shipment", complete))

    def test_short_shipment_without_backorder(self):
        picking = self.delivery(10, datetime(2026, 6, 12))
        picking.move_ids.quantity = 7
        picking.move_ids.picked = True
        picking.with_user(self.operator).with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        self.assertFalse(picking.backorder_ids)
        self.assertIn("cancelled", self.events("short_shipment", picking).summary)

    def test_proof_of_delivery_exception_by_hand(self):
        picking = self.delivery(3, datetime(2026, 6, 12))
        picking.move_ids.picked = True
        picking.with_user(self.operator).button_validate()
        picking.with_user(self.operator).write(
            {"dist_pod_exception": True, "dist_pod_note": "Refused: pallet crushed"}
        )
        exception = self.events("pod_exception", picking)
        self.assertEqual(len(exception), 1)
        self.assertIn("pallet crushed", exception.summary)
        self.assertEqual(exception.partner_id, self.customer)
        picking.with_user(self.operator).write({"dist_pod_exception": True})
        self.assertEqual(len(self.events("pod_exception", picking)), 1)

    def test_otif_against_a_hand_count(self):
        """Four deliveries done on 10 June: one on time and in full, one
        late, one short without backorder, one short with a backorder:
        OTIF 1 of 4 = 25 %, in the computation, the snapshot, the tile and
        the records behind it. The on-time one and the late one went to a
        strategic customer (a contact of it): per customer segment,
        strategic 1 of 2, standard (no tier) 0 of 2."""

        def done(picking, quantity=None, backorder=False):
            if quantity is not None:
                picking.move_ids.quantity = quantity
            picking.move_ids.picked = True
            context = {"skip_backorder": True}
            if not backorder:
                context["picking_ids_not_to_backorder"] = picking.ids
            picking.with_user(self.operator).with_context(**context).button_validate()

        strategic = self.env["res.partner"].create(
            {"name": "Harbour Foods", "dist_service_tier": "strategic"}
        )
        buyer = self.env["res.partner"].create(
            {"name": "Harbour Foods, buying office", "parent_id": strategic.id}
        )
        done(self.delivery(5, datetime(2026, 6, 12), customer=buyer))
        done(self.delivery(5, datetime(2026, 6, 8), customer=strategic))
        done(self.delivery(5, datetime(2026, 6, 12)), quantity=3)
        done(self.delivery(5, datetime(2026, 6, 12)), quantity=2, backorder=True)
        kpi = self.env.ref("dist_wms_rules.kpi_otif")
        day = date(2026, 6, 10)
        numerator, denominator = kpi._dist_compute(
            *kpi._dist_window(day), self.company.ids
        )
        self.assertEqual((numerator, denominator), (1, 4))
        self.env["dist.kpi"]._dist_refresh(day, self.company)
        snapshots = self.env["dist.kpi.snapshot"].search(
            [("kpi_id", "=", kpi.id), ("date", "=", day)]
        )
        snapshot = snapshots.filtered(lambda s: s.dimension == "total")
        self.assertEqual(snapshot.warehouse_id, self.warehouse)
        self.assertAlmostEqual(snapshot.value, 25.0)
        segments = snapshots - snapshot
        self.assertEqual(set(segments.mapped("dimension")), {"customer_segment"})
        self.assertEqual(
            {
                s.customer_segment: (s.numerator, s.denominator, s.value)
                for s in segments
            },
            {"strategic": (1, 2, 50.0), "standard": (0, 2, 0.0)},
        )
        self.assertEqual(segments.warehouse_id, self.warehouse)
        # a second refresh of the day replaces its rows, dimensions included
        self.env["dist.kpi"]._dist_refresh(day, self.company)
        self.assertEqual(
            self.env["dist.kpi.snapshot"].search_count(
                [("kpi_id", "=", kpi.id), ("date", "=", day)]
            ),
            3,
        )
        tile = kpi.with_user(self.manager)
        self.assertAlmostEqual(tile.tile_value, 25.0)
        action = tile.action_drill()
        self.assertEqual(
            self.env[action["res_model"]].search_count(action["domain"]), 4
        )

    def _done(self, picking, quantity=None, backorder=False):
        if quantity is not None:
            picking.move_ids.quantity = quantity
        picking.move_ids.picked = True
        context = {"skip_backorder": True}
        if not backorder:
            context["picking_ids_not_to_backorder"] = picking.ids
        picking.with_user(self.operator).with_context(**context).button_validate()
        return picking

    def _kpi(self, code):
        kpi = self.env.ref(f"dist_wms_rules.kpi_{code}")
        return kpi._dist_compute(*kpi._dist_window(date(2026, 6, 10)), self.company.ids)

    def test_backorder_and_return_rates_against_a_hand_count(self):
        """Two deliveries of 5 on 10 June, one leaving a backorder of 3:
        backorder rate 1 of 2; the customer sends 1 unit back: return rate
        1 of 7 delivered."""
        full = self._done(self.delivery(5, datetime(2026, 6, 12)))
        self._done(self.delivery(5, datetime(2026, 6, 12)), quantity=2, backorder=True)
        self.assertEqual(self._kpi("backorder_rate"), (1.0, 2.0))
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=full.id, active_model="stock.picking")
            .create({"picking_id": full.id})
        )
        wizard.product_return_moves.quantity = 1
        back = wizard._create_return()
        self._done(back)
        self.assertEqual(self._kpi("return_rate"), (1.0, 7.0))

    def test_order_cycle_time_against_a_hand_count(self):
        """An order confirmed on 7 June 08:00, delivered on 10 June 08:00:
        3 days."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": self.valve.id, "product_uom_qty": 4})
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2026, 6, 7, 8, 0)
        self._done(order.picking_ids)
        numerator, denominator = self._kpi("order_cycle_time")
        self.assertEqual(denominator, 1.0)
        self.assertAlmostEqual(numerator, 3.0)
