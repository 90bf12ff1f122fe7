from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AP_CLERK, CREDIT_CONTROLLER, FINANCE_CONTROLLER, DistFinanceCase

BUYER = "dist_purchase_policy.group_buyer"
SALESPERSON = "sales_team.group_sale_salesman"
PARTNER_MANAGER = "base.group_partner_manager"


@tagged("post_install", "-at_install")
class TestFinanceSod(DistFinanceCase):
    """Issue 21: the conflicting duties of finance every company starts
    with. Giving one person both duties of a pair is refused, naming the
    pair; a governance controller's waiver allows it until its end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # what the install does for every company (and a new company's
        # creation for it): idempotent
        cls.env["dist.sod.rule"]._dist_create_defaults(cls.company)
        cls.buyer = cls.role_user("dist_fin_sod_buyer", BUYER)
        cls.salesperson = cls.role_user("dist_fin_sod_salesperson", SALESPERSON)

    def rule(self, duty_a, duty_b, company=None):
        duties = (self.env.ref(duty_a) | self.env.ref(duty_b)).ids
        return self.env["dist.sod.rule"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("duty_a_id", "in", duties),
                ("duty_b_id", "in", duties),
            ]
        )

    def grant(self, user, group_xmlid):
        user.write({"groups_id": [Command.link(self.env.ref(group_xmlid).id)]})

    def test_duties_are_held_through_the_finance_roles(self):
        holders = {
            "dist_finance_controls.sod_duty_posts_vendor_bills": self.ap_clerk,
            "dist_finance_controls.sod_duty_pays_vendors": self.ap_clerk,
            "dist_finance_controls.sod_duty_approves_vendor_payments": (
                self.finance_controller
            ),
            "dist_finance_controls.sod_duty_releases_credit_blocked_orders": (
                self.credit_controller
            ),
            "dist_finance_controls.sod_duty_sells_to_customers": self.salesperson,
        }
        for xmlid, user in holders.items():
            with self.subTest(duty=xmlid):
                self.assertIn(user, self.env.ref(xmlid)._holders(self.company))
        # the shipped roles hold no conflicting pair by themselves
        self.assertFalse(
            self.env["dist.sod.rule"]
            .search([("company_id", "=", self.company.id)])
            ._conflicting_users(
                self.ap_clerk | self.finance_controller | self.credit_controller
            )
        )

    def test_shipped_pairs_once_per_company(self):
        pairs = [
            (
                "dist_purchase_policy.sod_duty_places_purchase_orders",
                "dist_finance_controls.sod_duty_approves_vendor_payments",
            ),
            (
                "dist_purchase_policy.sod_duty_creates_vendors",
                "dist_finance_controls.sod_duty_pays_vendors",
            ),
            (
                "dist_finance_controls.sod_duty_posts_vendor_bills",
                "dist_finance_controls.sod_duty_approves_vendor_payments",
            ),
            (
                "dist_finance_controls.sod_duty_releases_credit_blocked_orders",
                "dist_finance_controls.sod_duty_sells_to_customers",
            ),
        ]
        for pair in pairs:
            with self.subTest(pair=pair):
                self.assertEqual(len(self.rule(*pair)), 1)
        # again: nothing added
        Rule = self.env["dist.sod.rule"]
        count = Rule.search_count([("company_id", "=", self.company.id)])
        Rule._dist_create_defaults(self.company)
        self.assertEqual(
            Rule.search_count([("company_id", "=", self.company.id)]), count
        )
        # a new company starts with them
        company_b = self.env["res.company"].create({"name": "Finance pairs B"})
        for pair in pairs:
            with self.subTest(pair=pair, company="B"):
                self.assertEqual(len(self.rule(*pair, company=company_b)), 1)

    def test_buyer_cannot_become_finance_controller(self):
        with self.assertRaises(ValidationError) as refused:
            self.grant(self.buyer, FINANCE_CONTROLLER)
        message = str(refused.exception)
        self.assertIn("Places purchase orders and Approves vendor payments", message)
        self.assertIn(self.buyer.name, message)
        with self.assertRaises(ValidationError):
            self.grant(self.finance_controller, BUYER)

    def test_clerk_cannot_create_vendors_nor_approve_payments(self):
        with self.assertRaises(ValidationError) as refused:
            self.grant(self.ap_clerk, PARTNER_MANAGER)
        self.assertIn("Creates vendors and Pays vendors", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            self.grant(self.ap_clerk, FINANCE_CONTROLLER)
        self.assertIn(
            "Posts vendor bills and Approves vendor payments", str(refused.exception)
        )

    def test_credit_controller_does_not_sell(self):
        with self.assertRaises(ValidationError) as refused:
            self.grant(self.salesperson, CREDIT_CONTROLLER)
        self.assertIn(
            "Releases credit-blocked orders and Sells to customers",
            str(refused.exception),
        )
        with self.assertRaises(ValidationError):
            self.role_user("dist_fin_sod_both", CREDIT_CONTROLLER, SALESPERSON)

    def test_a_waiver_allows_the_pair_until_its_end(self):
        rule = self.rule(
            "dist_purchase_policy.sod_duty_places_purchase_orders",
            "dist_finance_controls.sod_duty_approves_vendor_payments",
        )
        with freeze_time("2026-12-07"):
            self.as_user(self.env["dist.sod.waiver"], self.controller).create(
                {
                    "rule_id": rule.id,
                    "user_id": self.buyer.id,
                    "reason": "Sole finance controller on leave: the buyer "
                    "covers payments for a week",
                    "date_from": "2026-12-07",
                    "date_to": "2026-12-14",
                }
            )
            self.grant(self.buyer, FINANCE_CONTROLLER)
            self.assertTrue(self.buyer.has_group(FINANCE_CONTROLLER))
        # other pairs stay refused for them
        with freeze_time("2026-12-08"), self.assertRaises(ValidationError):
            self.grant(self.buyer, AP_CLERK)
