from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import FINANCE_CONTROLLER, DistFinanceCase

BUYER = "dist_purchase_policy.group_buyer"
BILL_DATE = "2026-12-01"


class DistMatchCase(DistFinanceCase):
    """A buyer's purchase order of 10 valves at 10.00, 8 received; the
    company's shipped tolerance (2 % on price, none on quantity)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.role_user("dist_fin_match_buyer", BUYER)
        cls.product.purchase_method = "receive"
        cls.env["dist.match.tolerance"]._dist_create_defaults(cls.company)
        cls.order = cls.received_order(cls.company, cls.buyer, qty=10, received=8)
        cls.order_line = cls.order.order_line

    @classmethod
    def received_order(cls, company, buyer, qty=10, received=8, price=10.0):
        Order = cls.env["purchase.order"].with_company(company)
        order = Order.create(
            {
                "partner_id": cls.vendor.id,
                "company_id": company.id,
                "user_id": buyer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": qty,
                            "price_unit": price,
                            "taxes_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        if received:
            picking = order.picking_ids
            picking.move_ids.quantity = received
            picking.move_ids.picked = True
            picking.with_context(cancel_backorder=True)._action_done()
        return order

    def bill(self, user, qty, price, order_line=None, move_type="in_invoice", **vals):
        order_line = order_line or self.order_line
        return self.as_user(self.env["account.move"], user).create(
            {
                "move_type": move_type,
                "partner_id": self.vendor.id,
                "invoice_date": BILL_DATE,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": order_line.product_id.id,
                            "quantity": qty,
                            "price_unit": price,
                            "purchase_line_id": order_line.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )

    @contextmanager
    def refused(self, exception, pattern):
        """assertRaises (in a savepoint, undoing what the refused call
        wrote) and the message matches `pattern`."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def variance_exceptions(self, bill, states=("open", "progress")):
        return self.env["dist.exception"].search(
            [
                ("res_model", "=", "account.move"),
                ("res_id", "=", bill.id),
                ("type_id.code", "in", ("price_variance", "quantity_variance")),
                ("state", "in", states),
            ]
        )


@tagged("post_install", "-at_install")
class TestThreeWayMatch(DistMatchCase):
    """Issue 21: each vendor bill line against its order line and receipt,
    held beyond tolerance until the approval matrix approves."""

    def test_matched_bill_posts_with_hand_checked_figures(self):
        bill = self.bill(self.ap_clerk, 8, 10.0)
        line = bill.invoice_line_ids
        self.assertEqual(
            (
                line.dist_ordered_qty,
                line.dist_received_qty,
                line.dist_billed_before_qty,
                line.dist_billed_qty,
                line.dist_po_price_unit,
                line.dist_bill_price_unit,
                line.dist_variance_value,
                line.dist_match_status,
            ),
            (10.0, 8.0, 0.0, 8.0, 10.0, 10.0, 0.0, "matched"),
        )
        self.assertEqual(bill.dist_match_state, "matched")
        # 10.20 is within the shipped 2 %
        self.as_user(line, self.ap_clerk).price_unit = 10.2
        self.assertEqual(line.dist_match_status, "matched")
        self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertFalse(self.variance_exceptions(bill, ("open", "resolved")))

    def test_price_variance_is_held_approved_then_posted_by_the_clerk(self):
        bill = self.bill(self.ap_clerk, 8, 11.0)
        line = bill.invoice_line_ids
        # 10 % above the order: (11 - 10) x 8 = 8.00 held
        self.assertEqual(line.dist_match_status, "price")
        self.assertAlmostEqual(line.dist_price_variance_cc, 8.0)
        self.assertAlmostEqual(bill.dist_match_variance_cc, 8.0)
        action = self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "draft")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("on hold", action["params"]["message"])
        exception = self.variance_exceptions(bill)
        self.assertEqual(exception.type_id.code, "price_variance")
        self.assertEqual(exception.recurrence_count, 1)
        # owned by the order's buyer
        self.assertEqual(exception.owner_id, self.buyer)
        self.assertTrue(self.as_user(bill, self.ap_clerk).dist_on_hold)
        on_hold = self.as_user(self.env["account.move"], self.ap_clerk).search(
            [("dist_on_hold", "=", True)]
        )
        self.assertIn(bill, on_hold)
        review = bill.review_ids
        self.assertIn(review.status, ("waiting", "pending"))
        self.assertAlmostEqual(review.dist_amount, 8.0)
        self.assertIn(self.finance_controller, review.reviewer_ids)
        # server code cannot post it past the match
        with self.refused(UserError, "beyond its match tolerance"):
            self.as_user(bill, self.ap_clerk)._post(soft=False)
        self.as_user(bill, self.finance_controller).validate_tier()
        self.assertEqual(bill.validation_status, "validated")
        self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertFalse(self.variance_exceptions(bill))
        resolved = self.variance_exceptions(bill, ("resolved",))
        self.assertEqual(resolved.recurrence_count, 1)
        self.assertIn("approved", resolved.corrective_action)
        self.assertFalse(self.as_user(bill, self.ap_clerk).dist_on_hold)

    def test_request_validation_raises_the_exceptions_first(self):
        """Beyond tolerance the bill's Confirm button gives way to OCA's
        Request Validation: pressing it matches the bill and raises the
        exception before the matrix is asked, so the reviews see it."""
        # the first bill held in the company brings the shipped matrix line
        first = self.bill(self.ap_clerk, 8, 11.0)
        self.as_user(first, self.ap_clerk).action_post()
        bill = self.bill(self.ap_clerk, 10, 10.0)
        bill_clerk = self.as_user(bill, self.ap_clerk)
        self.assertTrue(bill_clerk.need_validation)
        self.assertTrue(bill_clerk.hide_post_button)
        bill_clerk.request_validation()
        self.assertEqual(
            self.variance_exceptions(bill).type_id.code, "quantity_variance"
        )
        self.assertTrue(bill.review_ids)
        # Confirm again: still on hold, waiting for its approver
        action = bill_clerk.action_post()
        self.assertIn("waits for tier 1", action["params"]["message"])
        self.assertEqual(bill.state, "draft")

    def test_bills_on_hold_menu(self):
        held = self.bill(self.ap_clerk, 8, 11.0)
        self.as_user(held, self.ap_clerk).action_post()
        matched = self.bill(self.ap_clerk, 8, 10.0)
        action = self.env.ref("dist_finance_controls.action_dist_bills_on_hold")
        self.assertIn("search_default_dist_on_hold", action.context)
        Move = self.as_user(self.env[action.res_model], self.ap_clerk)
        on_hold = Move.search(safe_eval(action.domain) + [("dist_on_hold", "=", True)])
        self.assertIn(held, on_hold)
        self.assertNotIn(matched, on_hold)
        self.assertIn(
            self.env.ref("dist_finance_controls.menu_dist_bills_on_hold"),
            self.visible_menus(self.ap_clerk),
        )

    def test_quantity_variance_counts_other_posted_bills(self):
        first = self.bill(self.ap_clerk, 5, 10.0)
        self.as_user(first, self.ap_clerk).action_post()
        self.assertEqual(first.state, "posted")
        second = self.bill(self.ap_clerk, 5, 10.0)
        line = second.invoice_line_ids
        # 5 billed before + 5 now against 8 received: 2 too many, at 10.00
        self.assertEqual(line.dist_billed_before_qty, 5.0)
        self.assertEqual(line.dist_match_status, "quantity")
        self.assertAlmostEqual(line.dist_qty_variance_cc, 20.0)
        self.assertAlmostEqual(second.dist_match_variance_cc, 20.0)
        self.as_user(second, self.ap_clerk).action_post()
        self.assertEqual(second.state, "draft")
        self.assertEqual(
            self.variance_exceptions(second).type_id.code, "quantity_variance"
        )
        # a 3-unit tolerance for this vendor lets it through on a new try
        self.env["dist.match.tolerance"].create(
            {"partner_id": self.vendor.id, "qty_amount": 3.0, "price_percent": 2.0}
        )
        self.as_user(second, self.ap_clerk).restart_validation()
        self.as_user(second, self.ap_clerk).action_post()
        self.assertEqual(second.state, "posted")
        self.assertIn(
            "matches",
            self.variance_exceptions(second, ("resolved",)).corrective_action,
        )

    def test_price_and_quantity_variance_raise_both(self):
        bill = self.bill(self.ap_clerk, 10, 12.0)
        line = bill.invoice_line_ids
        # price (12 - 10) x 10 = 20.00; quantity (10 - 8) x 10.00 = 20.00
        self.assertEqual(line.dist_match_status, "both")
        self.assertAlmostEqual(line.dist_variance_value, 40.0)
        self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(
            set(self.variance_exceptions(bill).type_id.mapped("code")),
            {"price_variance", "quantity_variance"},
        )

    def test_bill_in_another_currency(self):
        company_currency = self.company.currency_id
        foreign = (
            self.env.ref("base.EUR")
            if company_currency != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        foreign.active = True
        # 1 company unit = 2 foreign units
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": self.company.id,
                "name": "2026-11-01",
                "rate": 2.0 * company_currency.rate,
            }
        )
        bill = self.bill(self.ap_clerk, 8, 20.0, currency_id=foreign.id)
        line = bill.invoice_line_ids
        self.assertAlmostEqual(line.dist_po_price_unit, 20.0)
        self.assertEqual(line.dist_match_status, "matched")
        # 22 foreign = 11 company per unit: 1.00 x 8 in company currency
        self.as_user(line, self.ap_clerk).price_unit = 22.0
        self.assertEqual(line.dist_match_status, "price")
        self.assertAlmostEqual(line.dist_price_variance_cc, 8.0)

    def test_refund_is_never_held(self):
        refund = self.bill(self.ap_clerk, 2, 15.0, move_type="in_refund")
        line = refund.invoice_line_ids
        self.assertEqual(line.dist_billed_qty, -2.0)
        self.assertEqual(line.dist_match_status, "matched")
        self.as_user(refund, self.ap_clerk).action_post()
        self.assertEqual(refund.state, "posted")

    def test_bill_without_order_is_not_matched(self):
        bill = self.vendor_bill(self.ap_clerk)
        self.assertEqual(bill.invoice_line_ids.dist_match_status, "no_po")
        self.assertEqual(bill.dist_match_state, "no_po")
        self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "posted")

    def test_clerk_resets_a_reviewed_bill_and_posts_it_again(self):
        """OCA drops the reviews of a bill reset to draft, which the suite
        allows on the review route only: the clerk resets it, the resolved
        exception stays resolved, and posting again matches again."""
        bill = self.bill(self.ap_clerk, 8, 11.0)
        bill_clerk = self.as_user(bill, self.ap_clerk)
        bill_clerk.action_post()
        self.as_user(bill, self.finance_controller).validate_tier()
        bill_clerk.action_post()
        self.assertEqual(bill.state, "posted")
        bill_clerk.button_draft()
        self.assertEqual(bill.state, "draft")
        self.assertFalse(bill.review_ids)
        self.assertEqual(len(self.variance_exceptions(bill, ("resolved",))), 1)
        # still 10 % above the order: held again, a new exception and review
        bill_clerk.action_post()
        self.assertEqual(bill.state, "draft")
        self.assertEqual(len(self.variance_exceptions(bill)), 1)
        self.assertIn(bill.review_ids.status, ("waiting", "pending"))
        # corrected to the order's price: the clerk restarts and posts
        bill_clerk.restart_validation()
        bill_clerk.invoice_line_ids.price_unit = 10.0
        bill_clerk.action_post()
        self.assertEqual(bill.state, "posted")
        self.assertFalse(self.variance_exceptions(bill))

    def test_buyer_of_the_order_may_not_approve_its_variance(self):
        """Segregation of duties: a finance controller who placed the
        order, or who entered the bill, does not approve its variance."""
        self.without_duty_pairs()
        buyer_controller = self.role_user(
            "dist_fin_buyer_controller", BUYER, FINANCE_CONTROLLER
        )
        order = self.received_order(self.company, buyer_controller)
        bill = self.bill(self.ap_clerk, 8, 11.0, order_line=order.order_line)
        self.as_user(bill, self.ap_clerk).action_post()
        with self.refused(UserError, "another reviewer"):
            self.as_user(bill, buyer_controller).validate_tier()
        clerk_controller = self.role_user(
            "dist_fin_clerk_controller", FINANCE_CONTROLLER
        )
        own = self.bill(clerk_controller, 8, 11.0)
        self.as_user(own, clerk_controller).action_post()
        with self.refused(UserError, "another reviewer"):
            self.as_user(own, clerk_controller).validate_tier()
        self.as_user(own, self.finance_controller).validate_tier()
        self.assertEqual(own.validation_status, "validated")

    def test_no_matrix_line_refuses_with_a_clear_message(self):
        doc_type = self.env.ref(
            "dist_finance_controls.approval_document_type_vendor_bill"
        )
        # a controller archived the vendor-bill line: nobody could approve
        self.env["dist.approval.matrix"].create(
            {
                "company_id": self.company.id,
                "document_type_id": doc_type.id,
                "amount_min": 0.01,
                "open_ended": True,
                "approver_type": "group",
                "approver_group_id": self.env.ref(FINANCE_CONTROLLER).id,
                "active": False,
            }
        )
        bill = self.bill(self.ap_clerk, 8, 11.0)
        with self.refused(UserError, "no line of the approval matrix"):
            self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "draft")
        self.assertFalse(self.variance_exceptions(bill))

    def test_company_without_approver_posts_and_reports(self):
        """A company with no finance controller and no matrix line for
        vendor bills has nobody to approve: its bills post as in Odoo, the
        variance reported to the buyer (Odoo's own flows keep working in a
        database without the finance roles)."""
        self.finance_controller.active = False
        bill = self.bill(self.ap_clerk, 8, 11.0)
        self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "posted")
        exception = self.variance_exceptions(bill)
        self.assertEqual(exception.type_id.code, "price_variance")
        self.assertEqual(exception.owner_id, self.buyer)

    def test_switch_skips_only_the_match(self):
        self.env["ir.config_parameter"].set_param(
            "dist_finance_controls.three_way_match", "0"
        )
        bill = self.bill(self.ap_clerk, 8, 11.0)
        self.assertFalse(bill.invoice_line_ids.dist_match_status)
        self.as_user(bill, self.ap_clerk).action_post()
        self.assertEqual(bill.state, "posted")


@tagged("post_install", "-at_install")
class TestMatchTolerance(DistMatchCase):
    """Tolerances: most specific wins; bad input refused, naming the rule."""

    def test_most_specific_rule_wins(self):
        Tolerance = self.env["dist.match.tolerance"]
        parent = self.env["product.category"].create({"name": "Valves"})
        child = self.env["product.category"].create(
            {"name": "Ball valves", "parent_id": parent.id}
        )
        Tolerance.create({"categ_id": parent.id, "price_percent": 5.0})
        Tolerance.create({"partner_id": self.vendor.id, "price_percent": 8.0})
        Tolerance.create(
            {"partner_id": self.vendor.id, "categ_id": parent.id, "price_percent": 12.0}
        )
        resolve = Tolerance._dist_resolver(self.company)
        other_vendor = self.env["res.partner"].create({"name": "Other"})
        self.assertEqual(resolve(self.vendor, child)["price_percent"], 12.0)
        no_category = self.env["product.category"]
        self.assertEqual(resolve(self.vendor, no_category)["price_percent"], 8.0)
        self.assertEqual(resolve(other_vendor, child)["price_percent"], 5.0)
        self.assertEqual(
            resolve(other_vendor, self.env["product.category"])["price_percent"], 2.0
        )
        # a bill at 11 % above the order passes under the vendor's 12 %
        self.product.categ_id = child
        bill = self.bill(self.ap_clerk, 8, 11.1)
        self.assertEqual(bill.invoice_line_ids.dist_match_status, "matched")

    def test_fallback_without_any_rule(self):
        Tolerance = self.env["dist.match.tolerance"]
        Tolerance.search([("company_id", "=", self.company.id)]).unlink()
        resolve = Tolerance._dist_resolver(self.company)
        values = resolve(self.vendor, self.product.categ_id)
        self.assertEqual((values["price_percent"], values["qty_amount"]), (2.0, 0.0))
        self.assertEqual(values["source"], "suite default")

    def test_bad_input_is_refused_naming_the_rule(self):
        Tolerance = self.as_user(
            self.env["dist.match.tolerance"], self.finance_controller
        )
        with self.refused(ValidationError, "Valve Works Ltd.*negative"):
            Tolerance.create({"partner_id": self.vendor.id, "price_percent": -1.0})
        with self.refused(ValidationError, "Valve Works Ltd.*above 100"):
            Tolerance.create({"partner_id": self.vendor.id, "qty_percent": 150.0})
        Tolerance.create({"partner_id": self.vendor.id, "price_percent": 3.0})
        with self.refused(ValidationError, "Valve Works Ltd.*repeats"):
            Tolerance.create({"partner_id": self.vendor.id, "price_percent": 4.0})
        with self.refused(ValidationError, "Company default.*repeats"):
            Tolerance.create({"price_percent": 4.0})
        contact = self.env["res.partner"].create(
            {"name": "Ann Billing", "parent_id": self.vendor.id}
        )
        with self.refused(ValidationError, "Ann Billing.*contact of"):
            Tolerance.create({"partner_id": contact.id, "price_percent": 4.0})
