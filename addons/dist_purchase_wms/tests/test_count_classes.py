from datetime import date

from odoo.tests import tagged

from odoo.addons.dist_wms_rules.tests.common import WmsCase


@tagged("post_install", "-at_install")
class TestCountClassFromSegment(WmsCase):
    """The replenishment segment's ABC class of a product in a warehouse
    sets how often its stock there is counted."""

    freeze_time = "2026-06-10 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tape.dist_count_class = "B"
        Quant = cls.env["stock.quant"]
        for product in (cls.valve, cls.tape):
            Quant._update_available_quantity(product, cls.stock, 10)
        cls.other = cls.env["stock.warehouse"].create(
            {"name": "Harborline north", "code": "HBN", "company_id": cls.company.id}
        )

    def segment(self, product, warehouse, abc_class):
        # the replenishment run writes segments; the test stands for it
        return self.env["dist.product.segment"].create(
            {
                "company_id": self.company.id,
                "product_id": product.id,
                "warehouse_id": warehouse.id,
                "abc_class": abc_class,
            }
        )

    def quant(self, product):
        return self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", self.stock.id)]
        )

    def test_the_segment_class_wins_over_the_count_class(self):
        Warehouse = self.env["stock.warehouse"]
        products = [self.valve.id, self.tape.id]
        self.assertEqual(
            Warehouse._dist_count_classes(products, [self.warehouse.id]),
            {(self.tape.id, self.warehouse.id): "B"},
        )
        self.segment(self.valve, self.warehouse, "A")
        self.segment(self.tape, self.warehouse, "C")
        # a segment of another warehouse says nothing of this one's stock
        self.segment(self.tape, self.other, "A")
        self.assertEqual(
            Warehouse._dist_count_classes(products, [self.warehouse.id]),
            {
                (self.valve.id, self.warehouse.id): "A",
                (self.tape.id, self.warehouse.id): "C",
            },
        )

    def test_the_count_cadence_follows_the_segment_class(self):
        self.segment(self.valve, self.warehouse, "A")
        for product in (self.valve, self.tape):
            self.quant(product).sudo().dist_last_count_date = date(2026, 6, 1)
        self.warehouse._dist_plan_counts()
        # A (the segment's, the product has no count class): 30 days on
        self.assertEqual(self.quant(self.valve).inventory_date, date(2026, 7, 1))
        # B (the product's count class, no segment): 90 days on
        self.assertEqual(self.quant(self.tape).inventory_date, date(2026, 8, 30))
