from datetime import date, datetime

from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestWarehouseKpis(WmsCase):
    def test_aged_stock_against_a_hand_count(self):
        """100 worth received in November, 50 worth received in June: on
        10 June two thirds of the stock value is over 180 days old."""
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(
            self.valve, self.stock, 10, in_date=datetime(2025, 11, 1)
        )
        Quant._update_available_quantity(
            self.tape, self.stock, 5, in_date=datetime(2026, 6, 1)
        )
        kpi = self.env.ref("dist_wms_rules.kpi_aged_stock")
        day = date(2026, 6, 10)
        self.assertEqual(
            kpi._dist_compute(*kpi._dist_window(day, self.company), self.company.ids),
            (100.0, 150.0),
        )
        self.env["dist.kpi"]._dist_refresh(day, self.company)
        # per product family: fittings (the valve) all aged, the rest none
        families = self.env["dist.kpi.snapshot"].search(
            [
                ("kpi_id", "=", kpi.id),
                ("date", "=", day),
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
        action = tile.action_drill()
        aged = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(aged.product_id, self.valve)

    def test_aged_stock_buckets_against_a_hand_count(self):
        """On 10 June, 200 worth of stock at cost 10: 50 received on 1 June
        (9 days old), 20 on 1 February (130 days), 100 on 1 November (222
        days), 30 on 1 January 2025 (526 days). Buckets 25 / 10 / 50 / 15 %,
        100 % in all; 181-365 and over 365 days are the aged stock's 65 %."""
        hose = self.product("Garden hose 25m")
        pipe = self.product("Copper pipe 15mm")
        Quant = self.env["stock.quant"]
        for product, qty, received in (
            (self.tape, 5, datetime(2026, 6, 1)),
            (hose, 2, datetime(2026, 2, 1)),
            (self.valve, 10, datetime(2025, 11, 1)),
            (pipe, 3, datetime(2025, 1, 1)),
        ):
            Quant._update_available_quantity(product, self.stock, qty, in_date=received)
        day = date(2026, 6, 10)
        expected = {
            "aged_stock_0_90": (50.0, self.tape),
            "aged_stock_91_180": (20.0, hose),
            "aged_stock_181_365": (100.0, self.valve),
            "aged_stock_over_365": (30.0, pipe),
            "aged_stock": (130.0, self.valve | pipe),
        }
        self.env["dist.kpi"]._dist_refresh(day, self.company)
        for code, (value, products) in expected.items():
            kpi = self.env.ref(f"dist_wms_rules.kpi_{code}")
            self.assertEqual(
                kpi._dist_compute(
                    *kpi._dist_window(day, self.company), self.company.ids
                ),
                (value, 200.0),
                code,
            )
            tile = kpi.with_user(self.manager)
            self.assertAlmostEqual(tile.tile_value, value / 2, msg=code)
            action = tile.action_drill()
            quants = self.env[action["res_model"]].search(action["domain"])
            self.assertEqual(quants.product_id, products, code)
