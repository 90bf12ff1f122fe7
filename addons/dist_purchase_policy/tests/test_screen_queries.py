from odoo.tests import tagged

from .common import ANCHOR, ReplenishmentCase

ROWS = 20


@tagged("post_install", "-at_install")
class TestBuyerQueueQueries(ReplenishmentCase):
    """The buyer queue reads its page in a fixed number of queries,
    whatever the number of recommendations on it: no query per row."""

    def test_buyer_queue(self):
        products = [
            self.product(
                f"Carriage bolt M{i}",
                vendors=[self.vendor, self.alt_vendor][: 1 + i % 2],
            )
            for i in range(ROWS)
        ]
        supplierinfo = self.env["product.supplierinfo"]
        self.env["dist.purchase.recommendation"].create(
            [
                {
                    "company_id": self.company.id,
                    "product_id": product.id,
                    "warehouse_id": (self.wh1, self.wh2)[i % 2].id,
                    "kind": "purchase",
                    "partner_id": self.vendor.id,
                    "supplierinfo_id": (
                        supplierinfo.search(
                            [("product_id", "=", product.id)], limit=1
                        ).id
                        or product.seller_ids[:1].id
                    ),
                    "buyer_id": self.buyer.id,
                    "quantity": 10.0 + i,
                    "need_date": ANCHOR.date(),
                    "urgency_rank": i,
                    "reason": f"forecast {i} per month",
                    "run_date": ANCHOR.date(),
                }
                for i, product in enumerate(products)
            ]
        )
        load = self.screen_queries(
            "dist_purchase_policy.dist_purchase_recommendation_action", self.buyer
        )
        self.assert_screen_queries(12, load, ROWS)
