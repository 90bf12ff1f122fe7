from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import ANCHOR, ReplenishmentCase

SMOOTH = [100] * 12


@tagged("post_install", "-at_install")
class TestBuyerPerCompany(ReplenishmentCase):
    """A vendor shared by two companies whose Odoo Buyer works for the first
    (Lakeside): what the second (Northgate) buys from it is owned by
    Northgate's buyer, who can open it, and Lakeside's buyer hears nothing
    of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Northgate Supply"})
        in_b = {
            "company_id": cls.company_b.id,
            "company_ids": [Command.set(cls.company_b.ids)],
        }
        # the manager first: the lowest id, yet the role's doers come first
        cls.manager_b = cls.role_user(
            "dist_ng_manager", "dist_purchase_policy.group_purchasing_manager", **in_b
        )
        cls.buyer_b = cls.role_user(
            "dist_ng_buyer", "dist_purchase_policy.group_buyer", **in_b
        )
        cls.buyer_b2 = cls.role_user(
            "dist_ng_buyer2", "dist_purchase_policy.group_buyer", **in_b
        )
        cls.operator_b = cls.role_user(
            "dist_ng_operator", "stock.group_stock_user", **in_b
        )
        cls.wh_b = cls.warehouse_of(cls.company_b)
        # the vendor's Odoo buyer is Lakeside's (cls.buyer, of Lakeside only)
        cls.gate = cls.env["product.product"].create(
            {
                "name": "Gate valve DN50",
                "is_storable": True,
                "standard_price": 10.0,
                "route_ids": [Command.link(cls.wh_b.buy_pull_id.route_id.id)],
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": cls.vendor.id,
                            "price": 9.0,
                            "delay": 5,
                            "company_id": company.id,
                        }
                    )
                    for company in (cls.company, cls.company_b)
                ],
            }
        )
        cls.demand(cls.gate, SMOOTH, warehouse=cls.wh_b)
        # Northgate reviews everything it buys
        cls.env["dist.policy.matrix.cell"].search(
            [("company_id", "=", cls.company_b.id)]
        ).policy_id = cls.env["dist.replenishment.policy"].search(
            [("company_id", "=", cls.company_b.id), ("code", "=", "strategic")]
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _late_history_b(self, count=6, lead_days=12):
        """`count` orders of Northgate's buyer received `lead_days` after
        approval against the 5 days promised."""
        for index in range(count):
            order = self._as(self.env["purchase.order"], self.buyer_b).create(
                {
                    "partner_id": self.vendor.id,
                    "company_id": self.company_b.id,
                    "user_id": self.buyer_b.id,
                    "picking_type_id": self.wh_b.in_type_id.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.gate.id, "product_qty": 100.0}
                        )
                    ],
                }
            )
            order.button_confirm()
            picking = order.picking_ids
            picking.move_ids.quantity = 100.0
            picking.move_ids.picked = True
            self._as(picking, self.operator_b).button_validate()
            self.assertEqual(picking.state, "done")
            approved = ANCHOR - timedelta(days=200 - 20 * index)
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE purchase_order SET date_approve = %s, effective_date = %s "
                    "WHERE id = %s",
                    approved,
                    approved + timedelta(days=lead_days),
                    order.id,
                )
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE purchase_order_line SET date_planned = %s "
                    "WHERE order_id = %s",
                    approved + timedelta(days=5),
                    order.id,
                )
            )
        self.env.invalidate_all()
        # what those orders brought has been sold since
        self.stock(self.gate, -100.0 * count, warehouse=self.wh_b)

    def _run_b(self):
        self._late_history_b()
        run = self.Run.with_user(self.manager_b)._run_company(
            self.company_b, anchor=ANCHOR
        )
        self.assertEqual(run.drift_exceptions, 1)
        exception = self.env["dist.exception"].search(
            [
                ("type_id.code", "=", "vendor_leadtime_drift"),
                ("res_id", "=", self.vendor.id),
                ("company_id", "=", self.company_b.id),
            ]
        )
        recommendation = self.env["dist.purchase.recommendation"].search(
            [("company_id", "=", self.company_b.id), ("product_id", "=", self.gate.id)]
        )
        self.assertEqual(len(recommendation), 1)
        return exception, recommendation

    def _assert_owned_by(self, user, exception, recommendation, order):
        self.assertEqual(exception.owner_id, user)
        self.assertEqual(exception.activity_ids.user_id, user)
        self.assertEqual(recommendation.buyer_id, user)
        self.assertEqual(order.user_id, user)
        # and they can open all three
        self._as(exception, user).read(["summary", "owner_id"])
        self._as(recommendation, user).read(["name", "buyer_id"])
        self._as(order, user).read(["name", "user_id"])
        # Lakeside's buyer, the vendor's Odoo buyer, hears nothing of them
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "=", self.buyer.id)])
        )
        self.assertNotIn(self.buyer.partner_id, exception.message_partner_ids)

    def _as(self, records, user):
        """`records` as `user` of Northgate works on them."""
        return records.with_user(user).with_context(
            allowed_company_ids=self.company_b.ids
        )

    def _order(self, recommendation, user):
        self._as(recommendation, user).action_create_orders()
        return recommendation.purchase_id

    # ------------------------------------------------------------------
    # the run, the RFQ
    # ------------------------------------------------------------------

    def test_without_a_buyer_there_the_company_s_buyer_role_owns(self):
        """No buyer of the vendor in Northgate (its Odoo buyer is Lakeside's):
        Northgate's buyer owns the drift, the recommendation and its RFQ;
        of its buyer role, the plain buyer with the lowest id, not the
        purchasing manager created before."""
        exception, recommendation = self._run_b()
        order = self._order(recommendation, self.buyer_b2)
        self._assert_owned_by(self.buyer_b, exception, recommendation, order)
        # Lakeside's own run still gives the vendor's work to its Odoo buyer
        self.assertEqual(
            self.vendor._dist_buyer_for(self.company), self.buyer, "in Lakeside"
        )

    def test_the_vendor_s_buyer_in_the_company_owns(self):
        self.vendor.with_company(self.company_b).dist_buyer_id = self.buyer_b2
        exception, recommendation = self._run_b()
        order = self._order(recommendation, self.buyer_b)
        self._assert_owned_by(self.buyer_b2, exception, recommendation, order)
        # Lakeside keeps its own answer: no buyer set there, the Odoo buyer
        self.assertFalse(self.vendor.with_company(self.company).dist_buyer_id)
        self.assertEqual(self.vendor._dist_buyer_for(self.company), self.buyer)

    def test_an_rfq_of_a_recommendation_naming_a_foreign_buyer(self):
        """A recommendation written before buyers were resolved per company
        names Lakeside's buyer: its RFQ goes to Northgate's, not to a user
        who could not open it."""
        _exception, recommendation = self._run_b()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE dist_purchase_recommendation SET buyer_id = %s WHERE id = %s",
                self.buyer.id,
                recommendation.id,
            )
        )
        self.env.invalidate_all()
        self.vendor.with_company(self.company_b).dist_buyer_id = self.buyer_b2
        # nor can a buyer hand it to Lakeside's buyer
        with self.assertRaisesRegex(ValidationError, "no user of Northgate"):
            self._as(recommendation, self.buyer_b).buyer_id = self.buyer
        order = self._order(recommendation, self.buyer_b)
        self.assertEqual(order.user_id, self.buyer_b2)
        self._as(order, self.buyer_b2).read(["name"])

    # ------------------------------------------------------------------
    # the resolver and the vendor's field
    # ------------------------------------------------------------------

    def test_the_resolver_s_order(self):
        vendor = self.vendor
        # no buyer there, Odoo's is of another company: the role, or nobody
        self.assertEqual(vendor._dist_buyer_for(self.company_b), self.buyer_b)
        self.assertFalse(vendor._dist_buyer_for(self.company_b, role=False))
        # Odoo's buyer when that user buys for the company too
        self.buyer.company_ids = [Command.link(self.company_b.id)]
        self.assertEqual(vendor._dist_buyer_for(self.company_b, role=False), self.buyer)
        # the vendor's buyer in the company first
        vendor.with_company(self.company_b).dist_buyer_id = self.buyer_b2
        self.assertEqual(vendor._dist_buyer_for(self.company_b), self.buyer_b2)
        # no longer a user of the company, or archived: the next in line
        self.buyer_b2.write(
            {
                "company_ids": [Command.link(self.company.id)],
                "company_id": self.company.id,
            }
        )
        self.buyer_b2.company_ids = [Command.unlink(self.company_b.id)]
        self.assertEqual(vendor._dist_buyer_for(self.company_b), self.buyer)
        self.buyer.active = False
        self.assertEqual(vendor._dist_buyer_for(self.company_b), self.buyer_b)
        # a company without buyers: nobody, rather than someone elsewhere
        empty = self.env["res.company"].create({"name": "Quiet Harbour"})
        self.assertFalse(vendor._dist_buyer_for(empty))
        # several vendors at once, in one query
        (vendor | self.alt_vendor)._dist_buyers_for(self.company_b)
        with self.assertQueryCount(1):
            buyers, role_buyer = (vendor | self.alt_vendor)._dist_buyers_for(
                self.company_b
            )
        self.assertEqual((buyers, role_buyer), ({}, self.buyer_b.id))

    def test_the_vendor_s_buyer_is_a_buyer_of_the_company(self):
        in_b = self.vendor.with_company(self.company_b)
        with self.assertRaisesRegex(ValidationError, "cannot buy from"):
            in_b.dist_buyer_id = self.buyer
        with self.assertRaisesRegex(ValidationError, "cannot buy from"):
            in_b.dist_buyer_id = self.operator_b
        # on the vendor form, by Northgate's purchasing manager
        with Form(self._as(self.vendor, self.manager_b)) as form:
            form.dist_buyer_id = self.buyer_b2
        self.assertEqual(in_b.dist_buyer_id, self.buyer_b2)
        domain = self.vendor._fields["dist_buyer_id"].get_description(self.env)[
            "domain"
        ]
        self.assertIn("current_company_id", domain)

    # ------------------------------------------------------------------
    # Odoo's flows: a new RFQ, the scheduler
    # ------------------------------------------------------------------

    def test_a_new_rfq_takes_the_vendor_s_buyer_in_its_company(self):
        orders = self._as(self.env["purchase.order"], self.buyer_b)
        with Form(orders) as form:
            form.partner_id = self.vendor
            # Odoo would name Lakeside's buyer, who could not open the order
            self.assertEqual(form.user_id, self.buyer_b)
        self.vendor.with_company(self.company_b).dist_buyer_id = self.buyer_b2
        with Form(orders) as form:
            form.partner_id = self.vendor
            self.assertEqual(form.user_id, self.buyer_b2)
        self.assertEqual(form.record.user_id, self.buyer_b2)

    def test_a_reorder_rule_s_rfq_goes_to_the_vendor_s_buyer_there(self):
        """Odoo's scheduler names the vendor's Buyer, Lakeside's, who could
        not open the RFQ of Northgate's reorder rule."""
        self.vendor.with_company(self.company_b).dist_buyer_id = self.buyer_b2
        globe = self.env["product.product"].create(
            {
                "name": "Globe valve DN50",
                "is_storable": True,
                "route_ids": [Command.link(self.wh_b.buy_pull_id.route_id.id)],
                "seller_ids": [
                    Command.create(
                        {"partner_id": self.vendor.id, "company_id": self.company_b.id}
                    )
                ],
            }
        )
        orderpoints = self.env["stock.warehouse.orderpoint"].with_context(
            allowed_company_ids=self.company_b.ids
        )
        rules = orderpoints.create(
            [
                {
                    "product_id": product.id,
                    "warehouse_id": self.wh_b.id,
                    "location_id": self.wh_b.lot_stock_id.id,
                    "product_min_qty": 10.0,
                    "product_max_qty": 50.0,
                }
                for product in (self.gate, globe)
            ]
        )
        rules[0]._procure_orderpoint_confirm(company_id=self.company_b)
        order = self.env["purchase.order"].search(
            [
                ("company_id", "=", self.company_b.id),
                ("partner_id", "=", self.vendor.id),
            ]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.user_id, self.buyer_b2)
        # the next rule's need joins that buyer's open RFQ
        rules[1]._procure_orderpoint_confirm(company_id=self.company_b)
        self.assertEqual(order.order_line.product_id, self.gate | globe)
        self.assertEqual(rules.mapped("qty_forecast"), [50.0, 50.0])

    def test_a_reorder_rule_s_rfq_keeps_odoo_s_buyer_of_the_company(self):
        """A vendor whose Odoo Buyer works in the company without the suite's
        buying role: the reorder rule's RFQ is theirs, as in Odoo and as on
        a new RFQ's form (Odoo's test_reordering_rule_1 expects it); only a
        user of another company is passed over."""
        clerk = self.role_user(
            "dist_ng_clerk",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        vendor = self.env["res.partner"].create(
            {"name": "Brookfield Pumps", "buyer_id": clerk.id}
        )
        pump = self.env["product.product"].create(
            {
                "name": "Pump seal kit",
                "is_storable": True,
                "route_ids": [Command.link(self.wh_b.buy_pull_id.route_id.id)],
                "seller_ids": [
                    Command.create(
                        {"partner_id": vendor.id, "company_id": self.company_b.id}
                    )
                ],
            }
        )
        rule = (
            self.env["stock.warehouse.orderpoint"]
            .with_context(allowed_company_ids=self.company_b.ids)
            .create(
                {
                    "product_id": pump.id,
                    "warehouse_id": self.wh_b.id,
                    "location_id": self.wh_b.lot_stock_id.id,
                    "product_min_qty": 5.0,
                    "product_max_qty": 20.0,
                }
            )
        )
        rule._procure_orderpoint_confirm(company_id=self.company_b)
        order = self.env["purchase.order"].search([("partner_id", "=", vendor.id)])
        self.assertEqual(order.user_id, clerk)
        with Form(self._as(self.env["purchase.order"], self.buyer_b)) as form:
            form.partner_id = vendor
            self.assertEqual(form.user_id, clerk)

    # ------------------------------------------------------------------
    # databases from before
    # ------------------------------------------------------------------

    def test_foreign_owners_of_open_work_are_replaced(self):
        exception, recommendation = self._run_b()
        # as the run left them before: Lakeside's buyer owns both, with a
        # to-do on the exception
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE dist_purchase_recommendation SET buyer_id = %s WHERE id = %s",
                self.buyer.id,
                recommendation.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE dist_exception SET owner_id = %s WHERE id = %s",
                self.buyer.id,
                exception.id,
            )
        )
        self.env.invalidate_all()
        exception.activity_ids.unlink()
        exception.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.buyer.id
        )
        self.vendor.with_company(self.company_b).dist_buyer_id = self.buyer_b2
        self.assertEqual(self.env["res.partner"]._dist_reown_foreign_work(), 2)
        self.assertEqual(recommendation.buyer_id, self.buyer_b2)
        self.assertEqual(exception.owner_id, self.buyer_b2)
        self.assertEqual(exception.activity_ids.user_id, self.buyer_b2)
        # a second pass finds nothing to change
        self.assertEqual(self.env["res.partner"]._dist_reown_foreign_work(), 0)
