from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common_tour import (
    ROLE_TOUR_TAG,
    DistRoleTourCase,
)

from .common import ReplenishmentCase


@tagged("post_install", "-at_install", ROLE_TOUR_TAG)
class TestPurchasingRoleTours(ReplenishmentCase, DistRoleTourCase):
    """The buyer and the purchasing manager, from login, in the browser."""

    def test_buyer_orders_from_the_queue(self):
        self.buyer.write({"name": "Dana Buyer", "tz": "Europe/Brussels"})
        bracket = self.product("Tour bracket", cost=10.0)
        self.demand(bracket, [100] * 12)
        self.set_cell_policy("A", "X", "smooth", "strategic")
        self.run_replenishment()
        rec = self.env["dist.purchase.recommendation"].search(
            [("product_id", "=", bracket.id)]
        )
        self.assertEqual((rec.state, rec.urgency), ("proposed", "critical"))
        self.assert_lands_on(
            self.buyer, "dist_purchase_policy.dist_purchase_recommendation_action"
        )
        self.start_role_tour("dist_purchase_policy_buyer_tour", self.buyer)
        self.assertEqual(rec.state, "ordered")
        self.assertEqual(rec.decided_by_id, self.buyer)
        self.assertEqual(rec.purchase_id.partner_id, self.vendor)
        self.assertEqual(rec.purchase_id.user_id, self.buyer)

    def test_purchasing_manager_approves_an_order(self):
        self.manager.write({"name": "Morgan Purchasing", "tz": "Europe/Brussels"})
        self.buyer.name = "Dana Buyer"
        self.env["tier.definition"].create(
            {
                "name": "Tour: a purchasing manager approves every order",
                "model_id": self.env["ir.model"]._get("purchase.order").id,
                "review_type": "group",
                "reviewer_group_id": self.env.ref(
                    "dist_purchase_policy.group_purchasing_manager"
                ).id,
                "definition_domain": "[('amount_total', '>=', 0)]",
                "company_id": self.company.id,
            }
        )
        bolt = self.product("Tour hex bolt", cost=4.0)
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "company_id": self.company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": bolt.id, "product_qty": 500, "price_unit": 4}
                        )
                    ],
                }
            )
        )
        order.with_user(self.buyer).request_validation()
        self.assertEqual(order.validation_status, "waiting")
        self.assert_lands_on(
            self.manager, "dist_purchase_policy.purchase_order_action_dist_to_approve"
        )
        self.start_role_tour(
            "dist_purchase_policy_purchasing_manager_tour", self.manager
        )
        self.assertEqual(order.validation_status, "validated")
        self.assertEqual(order.review_ids.done_by, self.manager)
        # the buyer confirms it now
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
