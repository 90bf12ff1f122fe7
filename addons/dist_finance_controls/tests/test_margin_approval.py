from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DistFinanceCase

SALESMAN = "sales_team.group_sale_salesman"
SALES_MANAGER = "sales_team.group_sale_manager"


@tagged("post_install", "-at_install")
class TestMarginApproval(DistFinanceCase):
    """Issue 21: a sales line below the minimum margin or above the maximum
    discount of its customer segment needs approval (document type "Sales
    discount and margin"), by the sales manager through the matrix, never by
    the order's salesperson; the approval confirms the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.role_user("dist_mg_salesperson", SALESMAN)
        cls.manager = cls.role_user("dist_mg_manager", SALES_MANAGER)
        cls.manager2 = cls.role_user("dist_mg_manager2", SALES_MANAGER)
        cls.env["res.company"]._dist_price_matrix_defaults(cls.company)
        cls.rule = cls.env["dist.sale.margin.rule"].create(
            {
                "company_id": cls.company.id,
                "segment": "standard",
                "max_discount": 10.0,
                "min_margin": 20.0,
            }
        )
        # key accounts may go further
        cls.env["dist.sale.margin.rule"].create(
            {
                "company_id": cls.company.id,
                "segment": "key",
                "max_discount": 30.0,
                "min_margin": 5.0,
            }
        )

    def order(self, user, price=16.0, discount=0.0, partner=None, **values):
        return self.as_user(self.env["sale.order"], user).create(
            {
                "partner_id": (partner or self.customer).id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 5,
                            "price_unit": price,
                            "discount": discount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )

    def test_order_within_its_rule_confirms(self):
        order = self.order(self.salesperson, price=16.0, discount=5.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dist_price_exception_ids)

    def test_low_margin_waits_and_the_approval_confirms(self):
        order = self.order(self.salesperson, price=11.0)
        result = order.action_confirm()
        # the salesperson is told why, the order stays a quotation
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(
            "margin 9.09% below the minimum 20.0%", result["params"]["message"]
        )
        self.assertEqual(order.state, "draft")
        request = order.dist_price_exception_id
        self.assertEqual(order.dist_price_exception_state, "draft")
        self.assertIn("below the minimum", order.dist_price_exception_reason)
        self.assertIn(request.validation_status, ("waiting", "pending"))
        self.assertEqual(request.user_id, self.salesperson)
        # margin given away: 20% of 55 is 11, the line makes 55 - 50 = 5
        self.assertAlmostEqual(request.amount, 6.0)
        self.assertEqual(request.line_ids.price_unit, 11.0)
        # confirming again neither confirms nor asks twice
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(order.dist_price_exception_ids), 1)
        # the salesperson never approves their own discounts
        with self.assertRaisesRegex(UserError, "another reviewer"):
            self.as_user(request, self.salesperson).validate_tier()
        self.as_user(request, self.manager).validate_tier()
        self.assertEqual(request.state, "done")
        self.assertEqual(order.state, "sale")

    def test_discount_beyond_the_maximum_waits(self):
        order = self.order(self.salesperson, price=16.0, discount=15.0)
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        request = order.dist_price_exception_id
        self.assertIn("discount 15.0% above the maximum 10.0%", request.reason)
        # 15% of 80 given; the margin (18 on 68, 26%) is above the minimum
        self.assertAlmostEqual(request.amount, 12.0)

    def test_customer_segment_decides_the_rule(self):
        key_account = self.env["res.partner"].create(
            {"name": "Anchor Builders", "dist_service_tier": "key"}
        )
        contact = self.env["res.partner"].create(
            {"name": "Anchor buyer", "parent_id": key_account.id}
        )
        # 25% off: beyond the standard maximum, within the key account's
        order = self.order(self.salesperson, price=16.0, discount=25.0, partner=contact)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        order = self.order(self.salesperson, price=16.0, discount=35.0, partner=contact)
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        request = order.dist_price_exception_id
        self.assertEqual(request.segment, "key")
        self.assertEqual(request.partner_id, key_account)
        self.assertIn("discount 35.0% above the maximum 30.0%", request.reason)

    def test_a_sales_manager_selling_does_not_approve_their_order(self):
        order = self.order(self.manager, price=11.0)
        order.action_confirm()
        request = order.dist_price_exception_id
        self.assertIn(self.manager, request._dist_requesters())
        with self.assertRaises(UserError):
            self.as_user(request, self.manager).validate_tier()
        self.as_user(request, self.manager2).validate_tier()
        self.assertEqual(order.state, "sale")

    def test_salesperson_of_the_order_never_approves_it(self):
        """A sales manager confirms the order of another salesperson: the
        salesperson, even a sales manager, still may not approve."""
        order = self.order(self.manager2, price=11.0)
        self.as_user(order, self.manager).action_confirm()
        request = order.dist_price_exception_id
        self.assertEqual(request.requested_by_id, self.manager)
        self.assertEqual(request.user_id, self.manager2)
        with self.assertRaises(UserError):
            self.as_user(request, self.manager2).validate_tier()

    def test_rejection_keeps_the_quotation_and_says_so(self):
        order = self.order(self.salesperson, price=11.0)
        order.action_confirm()
        request = order.dist_price_exception_id
        self.as_user(request, self.manager).reject_tier()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(order.state, "draft")
        self.assertEqual(
            self.as_user(order, self.salesperson).dist_price_exception_state,
            "rejected",
        )
        # confirming again asks anew
        order.action_confirm()
        self.assertEqual(len(order.dist_price_exception_ids), 2)
        self.assertEqual(order.dist_price_exception_id.state, "draft")

    def test_a_later_price_change_needs_a_new_approval(self):
        order = self.order(self.salesperson, price=11.0)
        order.action_confirm()
        first = order.dist_price_exception_id
        # changed while it waits: the waiting request is replaced
        self.as_user(order.order_line, self.salesperson).write({"price_unit": 10.5})
        order.action_confirm()
        self.assertEqual(first.state, "cancel")
        second = order.dist_price_exception_id
        self.assertEqual(second.line_ids.price_unit, 10.5)
        self.as_user(second, self.manager).validate_tier()
        self.assertEqual(order.state, "sale")
        # back to a quotation: at the approved price it confirms alone ...
        mine = self.as_user(order, self.salesperson)
        mine._action_cancel()
        mine.action_draft()
        mine.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.dist_price_exception_ids), 2)
        # ... with a larger discount it asks again
        mine._action_cancel()
        mine.action_draft()
        self.as_user(order.order_line, self.salesperson).write({"discount": 12.0})
        mine.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(order.dist_price_exception_ids), 3)

    def test_what_was_asked_is_frozen(self):
        order = self.order(self.salesperson, price=11.0)
        order.action_confirm()
        request = self.as_user(order.dist_price_exception_id, self.salesperson)
        with self.assertRaises(UserError):
            request.write({"reason": "all fine"})
        with self.assertRaises(UserError):
            Exception = self.env["dist.sale.price.exception"]
            self.as_user(Exception, self.salesperson).create(
                {"order_id": order.id, "company_id": self.company.id}
            )
        # a sales manager withdraws it, not the salesperson
        with self.assertRaises(AccessError):
            request.action_cancel()
        self.as_user(request, self.manager).action_cancel()
        self.assertEqual(request.state, "cancel")
        # a cancelled order takes its waiting request with it
        order.action_confirm()
        waiting = order.dist_price_exception_id
        self.assertEqual(waiting.state, "draft")
        self.as_user(order, self.salesperson)._action_cancel()
        self.assertEqual(waiting.state, "cancel")
        # a deleted quotation takes its requests and their reviews with it
        mine = self.as_user(order, self.salesperson)
        mine.action_draft()
        mine.action_confirm()
        reviews = order.dist_price_exception_id.review_ids
        self.assertTrue(reviews)
        # (salespeople delete no orders in Odoo 18: a sales manager does)
        self.as_user(order, self.manager).unlink()
        self.assertFalse(reviews.exists())

    def test_bad_rules_name_the_rule(self):
        Rule = self.env["dist.sale.margin.rule"]
        with self.assertRaisesRegex(
            ValidationError, "Standard customers of .*minimum margin.*120"
        ):
            self.rule.write({"min_margin": 120})
        with self.assertRaisesRegex(
            ValidationError, "Standard customers of .*maximum discount.*-5"
        ):
            self.rule.write({"max_discount": -5})
        with self.assertRaisesRegex(
            ValidationError, "Standard customers of .* already"
        ):
            Rule.create({"company_id": self.company.id, "segment": "standard"})

    def test_no_matrix_line_refuses_with_the_reason(self):
        company = self.env["res.company"].create({"name": "Margin Test South"})
        self.product.with_company(company).standard_price = 10.0
        self.env["dist.sale.margin.rule"].create(
            {"company_id": company.id, "segment": "standard", "min_margin": 20.0}
        )
        seller = self.company_user("dist_mg_south_seller", SALESMAN, company=company)
        order = self.as_user(self.env["sale.order"], seller).create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 11.0})
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "Margin Test South"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_two_companies(self):
        """Each company's exceptions go to its own sales managers."""
        company_b = self.env["res.company"].create({"name": "Margin Test North"})
        self.product.with_company(company_b).standard_price = 10.0
        if not self.env["stock.warehouse"].search([("company_id", "=", company_b.id)]):
            self.env["stock.warehouse"].create(
                {"name": "North", "code": "MTN", "company_id": company_b.id}
            )
        users = self.company_role_users(
            "dist_mg2",
            self.company | company_b,
            {"seller": SALESMAN, "manager": SALES_MANAGER},
        )
        self.env["res.company"]._dist_price_matrix_defaults(company_b)
        self.env["dist.sale.margin.rule"].create(
            {"company_id": company_b.id, "segment": "standard", "min_margin": 20.0}
        )
        seller_b = users["seller", company_b]
        order = self.as_user(self.env["sale.order"], seller_b).create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 11.0})
                ],
            }
        )
        order.action_confirm()
        request = order.dist_price_exception_id
        self.assertEqual(request.company_id, company_b)
        # a sales manager of the other company neither sees nor approves it
        with self.assertRaises(AccessError):
            self.as_user(request, users["manager", self.company]).validate_tier()
        self.as_user(request, users["manager", company_b]).validate_tier()
        self.assertEqual(order.state, "sale")

    def test_the_salesperson_sees_why_on_the_order_and_in_the_list(self):
        order = self.order(self.salesperson, price=11.0)
        order.action_confirm()
        values, _edit = self.web_open_form(order, self.salesperson)
        self.assertEqual(values["dist_price_exception_state"], "draft")
        self.assertIn("below the minimum", values["dist_price_exception_reason"])
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_finance_controls.action_dist_sale_price_exception"
        )
        action["context"] = {"search_default_waiting": 1}
        listed, _views, form = self.web_open(action, self.salesperson)
        self.assertIn(order.dist_price_exception_id, listed)
        self.assertTrue(form["reason"])
        # the approver opens it too
        listed, _views, _form = self.web_open(action, self.manager)
        self.assertIn(order.dist_price_exception_id, listed)

    def test_a_finance_controller_approver_confirms_the_order(self):
        """A governance controller may route the exceptions to the finance
        controller instead: their approval confirms the order and notes it
        there."""
        line = self.env["dist.approval.matrix"].search(
            [
                ("company_id", "=", self.company.id),
                ("document_type_id.code", "=", "sales_discount"),
            ]
        )
        line.approver_group_id = self.env.ref(
            "dist_finance_controls.group_finance_controller"
        )
        order = self.order(self.salesperson, price=11.0)
        order.action_confirm()
        request = order.dist_price_exception_id
        self.as_user(request, self.finance_controller).validate_tier()
        self.assertEqual(order.state, "sale")
        self.assertTrue(
            any("approved by" in body for body in order.message_ids.mapped("body"))
        )
