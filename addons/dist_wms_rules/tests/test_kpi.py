from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import WmsCase

DAY = date(2026, 6, 10)


@tagged("post_install", "-at_install")
class TestWarehouseKpis(WmsCase):
    """The stock on hand is aged by its receipts (valuation layers), read
    by the warehouse manager on the control tower."""

    def kpi(self, code):
        return self.env.ref(f"dist_wms_rules.kpi_{code}")

    def compute(self, code, company=None):
        company = company or self.company
        kpi = self.kpi(code)
        return kpi._dist_compute(*kpi._dist_window(DAY, company), company.ids)

    def drilled(self, code, user=None):
        """The receipts `user` (the manager) opens from the tile."""
        user = user or self.manager
        env = self.env(user=user, context={"allowed_company_ids": user.company_ids.ids})
        action = self.kpi(code).with_env(env).action_drill()
        self.assertEqual(action["res_model"], "stock.valuation.layer")
        return env[action["res_model"]].search(action["domain"])

    def test_aged_stock_against_a_hand_count(self):
        """100 worth received in November, 50 worth received in June: on
        10 June two thirds of the stock value is over 180 days old."""
        self.receive(self.valve, 10, datetime(2025, 11, 1))
        self.receive(self.tape, 5, datetime(2026, 6, 1))
        self.assertEqual(self.compute("aged_stock"), (100.0, 150.0))
        self.env["dist.kpi"]._dist_refresh(DAY, self.company)
        # per product family: fittings (the valve) all aged, the rest none
        kpi = self.kpi("aged_stock")
        families = self.env["dist.kpi.snapshot"].search(
            [
                ("kpi_id", "=", kpi.id),
                ("date", "=", DAY),
                ("dimension", "=", "product_family"),
            ]
        )
        self.assertEqual(
            {f.categ_id: (f.numerator, f.denominator) for f in families},
            {
                self.fittings: (100.0, 100.0),
                self.env.ref("product.product_category_all"): (0.0, 50.0),
            },
        )
        tile = kpi.with_user(self.manager)
        self.assertAlmostEqual(tile.tile_value, 66.67, places=2)  # 2 digits
        aged = self.drilled("aged_stock")
        self.assertEqual(aged.product_id, self.valve)
        self.assertEqual(aged.mapped("remaining_qty"), [10.0])

    def test_drill_reads_stored_fields_and_keeps_the_same_receipts(self):
        """Issue 20: the drill-down filtered the layers on Odoo's
        non-stored Receipt WH, whose search loads every layer; it now reads
        the move's locations. Two warehouses and a stock location outside
        any warehouse: the manager opens the receipts of both warehouses,
        not the other one, the same layers as Receipt WH finds, in one
        query on the layers."""
        second = self.env["stock.warehouse"].create(
            {"name": "Harborline north", "code": "HBN", "company_id": self.company.id}
        )
        outside = self.env["stock.location"].create(
            {"name": "Yard", "usage": "internal", "company_id": self.company.id}
        )
        self.assertFalse(outside.warehouse_id)
        hose = self.product("Garden hose 25m")
        self.receive(self.valve, 10, datetime(2026, 6, 1))
        self.receive(self.tape, 5, datetime(2026, 6, 2), stock=second.lot_stock_id)
        self.receive(hose, 3, datetime(2026, 6, 3), stock=outside)
        self.env["dist.kpi"]._dist_refresh(DAY, self.company)
        drilled = self.drilled("aged_stock_0_90")
        self.assertEqual(drilled.product_id, self.valve | self.tape)
        # the layers Odoo's Receipt WH finds, as the manager
        Layer = self.env["stock.valuation.layer"].with_user(self.manager)
        before = Layer.search(
            [
                ("remaining_qty", ">", 0),
                ("stock_move_id", "!=", False),
                ("warehouse_id", "!=", False),
                ("company_id", "=", self.company.id),
                ("create_date", ">=", datetime(2026, 3, 1)),
            ]
        )
        self.assertEqual(drilled, before)
        self.assertEqual(
            {layer.warehouse_id for layer in drilled}, {self.warehouse, second}
        )
        # the domain loads no layer ids first: building the search runs no
        # query (Receipt WH's search ran one on every layer)
        env = self.env(user=self.manager)
        action = self.kpi("aged_stock_0_90").with_env(env).action_drill()
        env["stock.valuation.layer"]._search(action["domain"])
        count = self.env.cr.sql_log_count
        env["stock.valuation.layer"]._search(action["domain"])
        self.assertEqual(self.env.cr.sql_log_count, count)

    def test_a_delivery_takes_the_oldest_receipt_first(self):
        """Issue 18: the valve was first received in November 2025, again
        on 1 June; 12 shipped on 5 June took the 10 of November and 2 of
        June. The 8 left are 9 days old: nothing is aged, though the quant
        still dates from November (it kept its first receipt's date)."""
        self.receive(self.valve, 10, datetime(2025, 11, 1))
        # the quant is stamped with its receipt (the database's clock)
        self.env.cr.execute(
            SQL(
                "UPDATE stock_quant SET in_date = %s WHERE product_id = %s",
                datetime(2025, 11, 1),
                self.valve.id,
            )
        )
        self.env.invalidate_all()
        self.receive(self.valve, 10, datetime(2026, 6, 1))
        self.ship(self.valve, 12, datetime(2026, 6, 5))
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.valve.id), ("location_id", "=", self.stock.id)]
        )
        self.assertEqual(quant.quantity, 8.0)
        self.assertEqual(quant.in_date, datetime(2025, 11, 1))
        self.assertEqual(self.compute("aged_stock"), (0.0, 80.0))
        self.assertEqual(self.compute("aged_stock_0_90"), (80.0, 80.0))
        self.env["dist.kpi"]._dist_refresh(DAY, self.company)
        self.assertFalse(self.drilled("aged_stock"))
        young = self.drilled("aged_stock_0_90")
        self.assertEqual(young.mapped("remaining_qty"), [8.0])
        self.assertEqual(young.create_date, datetime(2026, 6, 1))
        # all shipped: no stock left to age
        self.ship(self.valve, 8, datetime(2026, 6, 6))
        self.assertEqual(self.compute("aged_stock_0_90"), (None, None))

    def test_aged_stock_buckets_against_a_hand_count(self):
        """On 10 June, 200 worth of stock at cost 10: 50 received on 1 June
        (9 days old), 20 on 1 February (130 days), 100 on 1 November (222
        days), 30 on 1 January 2025 (526 days). Buckets 25 / 10 / 50 / 15 %,
        100 % in all; 181-365 and over 365 days are the aged stock's 65 %."""
        hose = self.product("Garden hose 25m")
        pipe = self.product("Copper pipe 15mm")
        for product, qty, received in (
            (self.tape, 5, datetime(2026, 6, 1)),
            (hose, 2, datetime(2026, 2, 1)),
            (self.valve, 10, datetime(2025, 11, 1)),
            (pipe, 3, datetime(2025, 1, 1)),
        ):
            self.receive(product, qty, received)
        expected = {
            "aged_stock_0_90": (50.0, self.tape),
            "aged_stock_91_180": (20.0, hose),
            "aged_stock_181_365": (100.0, self.valve),
            "aged_stock_over_365": (30.0, pipe),
            "aged_stock": (130.0, self.valve | pipe),
        }
        self.env["dist.kpi"]._dist_refresh(DAY, self.company)
        for code, (value, products) in expected.items():
            self.assertEqual(self.compute(code), (value, 200.0), code)
            tile = self.kpi(code).with_user(self.manager)
            self.assertAlmostEqual(tile.tile_value, value / 2, msg=code)
            self.assertEqual(self.drilled(code).product_id, products, code)

    def test_ages_end_at_the_company_s_midnight_per_company(self):
        """Two companies: Harborline (UTC) and Westbay in Los Angeles
        (UTC-7 in June: its 10 June ends at 07:00 UTC on 11 June, so 90
        days before is 13 March 07:00 UTC). The same two receipts, at 06:00
        and 08:00 UTC on 13 March, are both 0-90 days old in Harborline
        (90 days before its midnight is 13 March 00:00 UTC), one in each
        bucket in Westbay; neither company counts or opens the other's."""
        westbay = self.env["res.company"].create(
            {"name": "Westbay Supply", "dist_tz": "America/Los_Angeles"}
        )
        self.valve.with_company(westbay).standard_price = 10.0
        west_env = self.env(
            context=dict(self.env.context, allowed_company_ids=westbay.ids)
        )
        west_stock = (
            west_env["stock.warehouse"]
            .search([("company_id", "=", westbay.id)], limit=1)
            .lot_stock_id
        )
        west_manager = self.role_user(
            "dist_wms_kpi_westbay",
            "dist_wms_rules.group_warehouse_manager",
            company_id=westbay.id,
            company_ids=[Command.set(westbay.ids)],
        )
        for company_stock, env in ((self.stock, self.env), (west_stock, west_env)):
            self.receive(self.valve, 4, datetime(2026, 3, 13, 6, 0), company_stock, env)
            self.receive(self.valve, 6, datetime(2026, 3, 13, 8, 0), company_stock, env)
        self.assertEqual(self.compute("aged_stock_0_90"), (100.0, 100.0))
        self.assertEqual(self.compute("aged_stock_0_90", westbay), (60.0, 100.0))
        self.assertEqual(self.compute("aged_stock_91_180", westbay), (40.0, 100.0))
        both = self.company | westbay
        self.env["dist.kpi"]._dist_refresh(DAY, both)
        rows = self.env["dist.kpi.snapshot"].search(
            [
                ("kpi_id", "=", self.kpi("aged_stock_91_180").id),
                ("date", "=", DAY),
                ("dimension", "=", "total"),
            ]
        )
        self.assertEqual(
            {(r.company_id, r.numerator, r.denominator) for r in rows},
            {(self.company, 0.0, 100.0), (westbay, 40.0, 100.0)},
        )
        west = self.drilled("aged_stock_91_180", west_manager)
        self.assertEqual(west.mapped("remaining_qty"), [4.0])
        self.assertEqual(west.company_id, westbay)
        self.assertEqual(
            self.drilled("aged_stock_0_90").mapped("remaining_qty"), [4.0, 6.0]
        )
