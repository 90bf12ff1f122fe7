from odoo.tests import tagged

from .common import DistFinanceCase


@tagged("post_install", "-at_install")
class TestFinanceRoles(DistFinanceCase):
    """Issue 21: the three finance roles and what Odoo's accounting lets them
    do, with OCA's tier validation of journal entries and payments
    installed."""

    def test_roles_imply_odoo_accounting_groups(self):
        self.assertTrue(self.ap_clerk.has_group("account.group_account_invoice"))
        self.assertFalse(self.ap_clerk.has_group("account.group_account_manager"))
        # releasing credit-blocked orders and selling conflict
        self.assertFalse(
            self.credit_controller.has_group("sales_team.group_sale_salesman")
        )
        self.assertTrue(
            self.finance_controller.has_group("account.group_account_manager")
        )
        self.assertTrue(
            self.finance_controller.has_group(
                "dist_governance.group_dist_control_tower"
            )
        )
        for user in (self.ap_clerk, self.credit_controller, self.finance_controller):
            self.assertTrue(user.has_group("dist_governance.group_dist_user"))

    def test_clerk_posts_and_resets_a_bill_under_tier_validation(self):
        """OCA's tier validation of journal entries is installed: a bill no
        matrix line governs posts and goes back to draft as before, for the
        clerk and not only for the system."""
        bill = self.vendor_bill(self.ap_clerk)
        self.assertFalse(bill.need_validation)
        bill.action_post()
        self.assertEqual(bill.state, "posted")
        bill.button_draft()
        self.assertEqual(bill.state, "draft")
