from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import AP_CLERK, FINANCE_CONTROLLER
from .test_three_way_match import BUYER, DistMatchCase


@tagged("post_install", "-at_install")
class TestMatchSecurity(DistMatchCase):
    """Who may do what with the three-way match: the match's figures are the
    suite's, tolerances the finance controller's, per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Dist Match B"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False
        )
        cls.users_b = cls.company_role_users(
            "dist_fin_match",
            cls.company_b,
            {"clerk": AP_CLERK, "controller": FINANCE_CONTROLLER, "buyer": BUYER},
        )
        cls.clerk_b = cls.users_b["clerk", cls.company_b]
        cls.controller_b = cls.users_b["controller", cls.company_b]
        cls.order_b = cls.received_order(
            cls.company_b, cls.users_b["buyer", cls.company_b]
        )

    def test_match_fields_are_not_written_by_hand(self):
        bill = self.bill(self.ap_clerk, 8, 11.0)
        line = self.as_user(bill.invoice_line_ids, self.ap_clerk)
        with self.refused(UserError, "kept by the suite"):
            line.write({"dist_match_status": "matched"})
        with self.refused(UserError, "kept by the suite"):
            line.write({"dist_variance_value": 0.0})
        with self.refused(UserError, "kept by the suite"):
            self.as_user(bill, self.ap_clerk).write({"dist_match_variance_cc": 0.0})
        self.assertEqual(bill.invoice_line_ids.dist_match_status, "price")

    def test_tolerances_are_the_finance_controllers(self):
        with self.assertRaises(AccessError):
            self.as_user(self.env["dist.match.tolerance"], self.ap_clerk).create(
                {"partner_id": self.vendor.id, "price_percent": 50.0}
            )
        rule = self.as_user(
            self.env["dist.match.tolerance"], self.finance_controller
        ).create({"partner_id": self.vendor.id, "price_percent": 50.0})
        # the clerk reads them (the bill line names the rule applied)
        self.assertTrue(self.as_user(rule, self.ap_clerk).price_percent)
        # another company's controller does not see them
        self.assertFalse(
            self.as_user(self.env["dist.match.tolerance"], self.controller_b).search(
                [("id", "=", rule.id)]
            )
        )

    def test_each_company_its_own_tolerance_and_approver(self):
        self.env["dist.match.tolerance"]._dist_create_defaults(self.company_b)
        defaults = self.env["dist.match.tolerance"].search(
            [("partner_id", "=", False), ("categ_id", "=", False)]
        )
        self.assertEqual(
            set(defaults.company_id.ids) & {self.company.id, self.company_b.id},
            {self.company.id, self.company_b.id},
        )
        # company B lets prices through up to 20 %
        self.as_user(self.env["dist.match.tolerance"], self.controller_b).search(
            [("partner_id", "=", False), ("categ_id", "=", False)]
        ).price_percent = 20.0
        bill_b = self.bill(self.clerk_b, 8, 11.0, order_line=self.order_b.order_line)
        self.assertEqual(bill_b.company_id, self.company_b)
        self.assertEqual(bill_b.invoice_line_ids.dist_match_status, "matched")
        # company A holds the same bill
        bill_a = self.bill(self.ap_clerk, 8, 11.0)
        self.assertEqual(bill_a.invoice_line_ids.dist_match_status, "price")
        # B's 25 % above the order is held for B's controller, not A's
        bill_b2 = self.bill(self.clerk_b, 8, 12.5, order_line=self.order_b.order_line)
        self.as_user(bill_b2, self.clerk_b).action_post()
        self.assertEqual(bill_b2.state, "draft")
        self.assertIn(self.controller_b, bill_b2.review_ids.reviewer_ids)
        self.assertNotIn(self.finance_controller, bill_b2.review_ids.reviewer_ids)
        self.as_user(bill_b2, self.controller_b).validate_tier()
        self.as_user(bill_b2, self.clerk_b).action_post()
        self.assertEqual(bill_b2.state, "posted")

    def test_bill_for_another_companys_order_is_refused(self):
        with self.refused(ValidationError, rf"{self.order_b.name}.*Dist Match B"):
            self.bill(self.ap_clerk, 8, 10.0, order_line=self.order_b.order_line)

    def test_clerk_cannot_approve_a_variance(self):
        bill = self.bill(self.ap_clerk, 8, 11.0)
        self.as_user(bill, self.ap_clerk).action_post()
        # the clerk asked for the validation: SoD (_dist_requesters)
        with self.refused(UserError, "another reviewer"):
            self.as_user(bill, self.ap_clerk).validate_tier()
        self.assertIn(bill.review_ids.status, ("waiting", "pending"))
        with self.assertRaises(AccessError):
            self.as_user(bill.review_ids, self.ap_clerk).write({"status": "approved"})

    def test_screens_open_for_their_roles(self):
        """Bills on hold as the web client opens it, for the finance
        controller who approves (with the On hold filter the menu sets),
        and the tolerances for the clerk, who reads them."""
        held = self.bill(self.ap_clerk, 8, 11.0)
        self.as_user(held, self.ap_clerk).action_post()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_finance_controls.action_dist_bills_on_hold"
        )
        context = safe_eval(action["context"])
        self.assertTrue(context["search_default_dist_on_hold"])
        listed, views, values = self.web_open(
            dict(
                action,
                context=context,
                domain=safe_eval(action["domain"]) + [("dist_on_hold", "=", True)],
            ),
            self.finance_controller,
        )
        self.assertEqual(listed, held)
        self.assertEqual(values["dist_match_state"], "variance")
        self.assertIn("dist_on_hold", views["views"]["search"]["arch"])
        form_values, _editable = self.web_open_form(held, self.ap_clerk)
        self.assertAlmostEqual(form_values["dist_match_variance_cc"], 8.0)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_finance_controls.dist_match_tolerance_action"
        )
        listed, _views, _values = self.web_open(dict(action, context={}), self.ap_clerk)
        self.assertTrue(listed.filtered(lambda r: not r.partner_id and not r.categ_id))
