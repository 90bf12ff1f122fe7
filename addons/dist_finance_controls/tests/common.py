from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.dist_governance.tests.common import DistGovernanceCase

AP_CLERK = "dist_finance_controls.group_ap_clerk"
CREDIT_CONTROLLER = "dist_finance_controls.group_credit_controller"
FINANCE_CONTROLLER = "dist_finance_controls.group_finance_controller"


class DistFinanceCase(DistGovernanceCase):
    """Finance roles in the test company, a vendor, a customer and a stored
    product with an expense account, for bills and invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.ap_clerk = cls.role_user("dist_fin_ap_clerk", AP_CLERK)
        cls.credit_controller = cls.role_user(
            "dist_fin_credit_controller", CREDIT_CONTROLLER
        )
        cls.finance_controller = cls.role_user(
            "dist_fin_finance_controller", FINANCE_CONTROLLER
        )
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Valve Works Ltd", "company_id": False}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbour Plumbing", "company_id": False}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Ball valve 1/2in",
                "is_storable": True,
                "standard_price": 10.0,
                "list_price": 16.0,
            }
        )

    @classmethod
    def without_duty_pairs(cls):
        """Archive the shipped pairs of conflicting duties (every company):
        for a test whose user holds two conflicting roles on purpose, to
        prove that the per-document check still refuses them."""
        cls.env["dist.sod.rule"].search([]).write({"active": False})

    @classmethod
    def company_user(cls, login, *groups, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=",".join(("base.group_user",) + groups),
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def vendor_bill(self, user, quantity=5, price=10.0, **values):
        return self.as_user(self.env["account.move"], user).create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": "2026-12-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )
