from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

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

    def test_a_short_shipment_names_the_product_that_fell_short(self):
        """Tape ships in full, the valve short: the exception (and the
        customer case it opens) is about the valve, whose missing quantity
        a replacement sends, not about the delivery's first line."""
        self.env["stock.quant"]._update_available_quantity(self.tape, self.stock, 50)
        for backorder in (True, False):
            picking = self.delivery(10, datetime(2026, 6, 12))
            picking.write(
                {
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.tape.name,
                                "product_id": self.tape.id,
                                "product_uom_qty": 5,
                                "location_id": self.stock.id,
                                "location_dest_id": self.customers.id,
                            }
                        )
                    ]
                }
            )
            picking.action_confirm()
            picking.action_assign()
            # the delivery's first line is the tape
            picking.move_ids.filtered(lambda m: m.product_id == self.tape).sequence = 1
            picking.move_ids.filtered(lambda m: m.product_id == self.valve).write(
                {"sequence": 2, "quantity": 6}
            )
            picking.invalidate_recordset(["move_ids"])
            self.assertEqual(picking.move_ids[:1].product_id, self.tape)
            picking.move_ids.picked = True
            context = {"skip_backorder": True}
            if not backorder:
                context["picking_ids_not_to_backorder"] = picking.ids
            picking.with_user(self.operator).with_context(**context).button_validate()
            self.assertEqual(bool(picking.backorder_ids), backorder)
            exception = self.events("short_shipment", picking)
            self.assertEqual(exception.product_id, self.valve, backorder)

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
            *kpi._dist_window(day, self.company), self.company.ids
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
        # each row opens the deliveries behind it, as the manager
        for row, expected in (
            (snapshot, 4),
            (segments.filtered(lambda s: s.customer_segment == "strategic"), 2),
            (segments.filtered(lambda s: s.customer_segment == "standard"), 2),
        ):
            action = row.with_user(self.manager).action_open_records()
            pickings = self.env[action["res_model"]].search(action["domain"])
            self.assertEqual(len(pickings), expected)
            if row.customer_segment == "strategic":
                self.assertEqual(pickings.partner_id.commercial_partner_id, strategic)
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
        return kpi._dist_compute(
            *kpi._dist_window(date(2026, 6, 10), self.company), self.company.ids
        )

    def test_backorder_and_return_rates_against_a_hand_count(self):
        """Three deliveries of 5 on 10 June, one leaving a backorder of 3,
        one done with 1 and no backorder: backorder rate 1 of 3; the
        customer sends 1 unit back: return rate 1 of 8 delivered (the
        quantities done, not the 15 demanded)."""
        full = self._done(self.delivery(5, datetime(2026, 6, 12)))
        self._done(self.delivery(5, datetime(2026, 6, 12)), quantity=2, backorder=True)
        self._done(self.delivery(5, datetime(2026, 6, 12)), quantity=1)
        self.assertEqual(self._kpi("backorder_rate"), (1.0, 3.0))
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=full.id, active_model="stock.picking")
            .create({"picking_id": full.id})
        )
        wizard.product_return_moves.quantity = 1
        back = wizard._create_return()
        self._done(back)
        self.assertEqual(self._kpi("return_rate"), (1.0, 8.0))

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

    def sale(self, lines, uom=None):
        """A confirmed sales order {product: (quantity, unit price)} from
        the warehouse, in `uom` (default: the product's)."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": (uom or product.uom_id).id,
                            "price_unit": price,
                        }
                    )
                    for product, (quantity, price) in lines.items()
                ],
            }
        )
        order.action_confirm()
        return order

    def ship(self, picking, quantities, backorder=False):
        """The operator delivers {product: quantity} of `picking`."""
        for move in picking.move_ids:
            move.quantity = quantities[move.product_id]
        picking.move_ids.picked = True
        context = {"skip_backorder": True}
        if not backorder:
            context["picking_ids_not_to_backorder"] = picking.ids
        picking.with_user(self.operator).with_context(**context).button_validate()
        # the database stamps creations with its own clock, not the test's:
        # the pickings were made on the test's day
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE stock_picking SET create_date = %s WHERE company_id = %s",
                datetime(2026, 6, 10, 8, 0),
                self.company.id,
            )
        )
        self.env.invalidate_all()
        return picking.backorder_ids

    def test_fill_rate_and_backorder_value_against_a_hand_count(self):
        """Four sales order lines first delivered on 10 June: the valve
        (4 x 25) and tape (10 x 3) of one order in full; 6 of 10 valves at
        20, 4 left to a backorder; 3 of 5 tapes at 4, the rest cancelled.
        Fill rate: 2 of 4 lines; 100 + 30 + 120 + 12 = 262 of 350 in
        value. Then 2 of the 4 backordered valves leave, 2 wait in a new
        backorder: it is no first delivery (the figures stay) and the
        backorder value is 2 x 20 = 40."""
        self.env["stock.quant"]._update_available_quantity(self.tape, self.stock, 50)
        full = self.sale({self.valve: (4, 25.0), self.tape: (10, 3.0)})
        self.ship(full.picking_ids, {self.valve: 4, self.tape: 10})
        valves = self.sale({self.valve: (10, 20.0)})
        backorder = self.ship(valves.picking_ids, {self.valve: 6}, backorder=True)
        self.assertEqual(backorder.move_ids.product_uom_qty, 4)
        self.assertEqual(self._kpi("backorder_value"), (80.0, None))
        tapes = self.sale({self.tape: (5, 4.0)})
        self.ship(tapes.picking_ids, {self.tape: 3})
        self.ship(backorder, {self.valve: 2}, backorder=True)
        self.assertEqual(self._kpi("fill_rate_lines"), (2.0, 4.0))
        numerator, denominator = self._kpi("fill_rate_value")
        self.assertAlmostEqual(numerator, 262.0)
        self.assertAlmostEqual(denominator, 350.0)
        self.assertEqual(self._kpi("backorder_value"), (40.0, None))
        day = date(2026, 6, 10)
        self.env["dist.kpi"]._dist_refresh(day, self.company)
        lines = self.env.ref("dist_wms_rules.kpi_fill_rate_lines").with_user(
            self.manager
        )
        value = self.env.ref("dist_wms_rules.kpi_fill_rate_value").with_user(
            self.manager
        )
        waiting = self.env.ref("dist_wms_rules.kpi_backorder_value").with_user(
            self.manager
        )
        self.assertAlmostEqual(lines.tile_value, 50.0)
        self.assertAlmostEqual(value.tile_value, 74.86, places=2)  # 262 / 350
        self.assertAlmostEqual(waiting.tile_value, 40.0)
        snapshot = self.env["dist.kpi.snapshot"].search(
            [("kpi_id", "=", waiting.id), ("date", "=", day)]
        )
        self.assertEqual(snapshot.warehouse_id, self.warehouse)
        # the records behind them: the four lines; the two valves waiting
        action = lines.action_drill()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]),
            (full | valves | tapes).order_line,
        )
        action = waiting.action_drill()
        moves = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(moves.mapped("product_uom_qty"), [2.0])
        # a later shipment of a line is never its first delivery: had the
        # 2 backordered valves left on 20 June, no line is first delivered
        # in the 5 days to 20 June
        self.env.cr.execute(
            SQL(
                "UPDATE stock_picking SET date_done = %s WHERE id = %s",
                datetime(2026, 6, 20, 8, 0),
                backorder.id,
            )
        )
        self.assertEqual(
            lines._dist_compute(
                datetime(2026, 6, 16), datetime(2026, 6, 21), self.company.ids
            ),
            (None, None),
        )

    def test_fill_rate_in_dozens_against_a_hand_count(self):
        """2 dozen tapes ordered at 30 a dozen (the delivery asks for 24
        units), 12 units shipped first, 12 backordered: not in full; 30 of
        60 in value; 30 waiting."""
        self.env["stock.quant"]._update_available_quantity(self.tape, self.stock, 50)
        order = self.sale(
            {self.tape: (2, 30.0)}, uom=self.env.ref("uom.product_uom_dozen")
        )
        picking = order.picking_ids
        self.assertEqual(picking.move_ids.product_qty, 24)
        self.ship(picking, {self.tape: 12}, backorder=True)
        self.assertEqual(self._kpi("fill_rate_lines"), (0.0, 1.0))
        numerator, denominator = self._kpi("fill_rate_value")
        self.assertAlmostEqual(numerator, 30.0)
        self.assertAlmostEqual(denominator, 60.0)
        numerator, _denominator = self._kpi("backorder_value")
        self.assertAlmostEqual(numerator, 30.0)

    def test_inventory_turns_against_a_hand_count(self):
        """25 valves at cost 10 shipped on 10 June, 75 left in stock: 250
        shipped in 90 days is 1,013.89 a year over 750 of stock, 1.35
        turns a year."""
        self._done(self.delivery(25, datetime(2026, 6, 12)))
        kpi = self.env.ref("dist_wms_rules.kpi_inventory_turns")
        self.assertEqual(kpi.window_days, 90)
        numerator, denominator = self._kpi("inventory_turns")
        self.assertAlmostEqual(numerator, 250.0 * 365 / 90)
        self.assertAlmostEqual(denominator, 750.0)
        self.env["dist.kpi"]._dist_refresh(date(2026, 6, 10), self.company)
        tile = kpi.with_user(self.manager)
        self.assertAlmostEqual(tile.tile_value, 1.35, places=2)
        action = tile.action_drill()
        shipped = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(sum(shipped.mapped("quantity")), 25)
