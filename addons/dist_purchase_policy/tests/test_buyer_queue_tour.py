from odoo.tests import HttpCase, tagged

from .common import ReplenishmentCase


@tagged("post_install", "-at_install")
class TestBuyerQueueTour(ReplenishmentCase, HttpCase):
    def test_a_buyer_orders_from_the_queue(self):
        bracket = self.product("Tour bracket", cost=10.0)
        self.demand(bracket, [100] * 12)
        self.set_cell_policy("A", "X", "smooth", "strategic")
        self.run_replenishment()
        rec = self.env["dist.purchase.recommendation"].search(
            [("product_id", "=", bracket.id)]
        )
        self.assertEqual((rec.state, rec.urgency), ("proposed", "critical"))
        self.start_tour(
            "/odoo", "dist_purchase_policy_buyer_queue_tour", login="dist_rp_buyer"
        )
        self.assertEqual(rec.state, "ordered")
        self.assertEqual(rec.purchase_id.partner_id, self.vendor)
        self.assertEqual(rec.purchase_id.user_id, self.buyer)
