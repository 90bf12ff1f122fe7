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
            kpi._dist_compute(*kpi._dist_window(day), self.company.ids), (100.0, 150.0)
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
