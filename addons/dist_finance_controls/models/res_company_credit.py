from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """The company's credit review: whether overdue invoices block a sales
    order at confirmation, after how many days of grace, and the default
    approval matrix line that sends blocked orders to its credit controllers.
    The credit limit itself is Odoo's (account_use_credit_limit and the
    customers' company-dependent credit_limit)."""

    _inherit = "res.company"

    dist_credit_review = fields.Boolean(
        string="Credit review of sales orders",
        help="Sales orders of customers over their credit limit (Odoo's "
        "sales credit limit) or, below, with invoices overdue beyond the "
        "grace period are blocked at confirmation and wait for a credit "
        "controller's release. Off: Odoo's credit limit only warns.",
    )
    dist_credit_block_overdue = fields.Boolean(
        string="Block orders of overdue customers",
        default=True,
        help="A sales order of a customer with an invoice overdue beyond the "
        "grace period waits for a credit controller's release at confirmation.",
    )
    dist_credit_grace_days = fields.Integer(
        string="Overdue grace (days)",
        default=0,
        help="Days after an invoice's due date, in the company's time zone, "
        "before it blocks the customer's new orders. 0: from the day after "
        "the due date.",
    )

    @api.constrains("dist_credit_grace_days")
    def _check_dist_credit_grace_days(self):
        for company in self:
            if company.dist_credit_grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the overdue grace period cannot be "
                        "negative (%(days)s days).",
                        company=company.name,
                        days=company.dist_credit_grace_days,
                    )
                )

    @api.model
    def _dist_credit_create_defaults(self, companies=None):
        """The shipped matrix line of each company that has none for sales
        order releases (active or archived: a line a controller archived
        stays archived): credit controllers, every amount, tier 1. A line
        names a role some user holds in the company (the matrix checks it):
        a company without credit controllers gets it once it has one, at
        the next credit block. Returns the lines made."""
        companies = companies if companies is not None else self.search([])
        doc_type = self.env.ref(
            "dist_finance_controls.approval_document_type_sales_order_release",
            raise_if_not_found=False,
        )
        group = self.env.ref(
            "dist_finance_controls.group_credit_controller", raise_if_not_found=False
        )
        if not doc_type or not group:
            return self.env["dist.approval.matrix"]
        return self.env["dist.approval.matrix"]._dist_create_shipped_line(
            companies, doc_type, group
        )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_credit_review = fields.Boolean(
        related="company_id.dist_credit_review", readonly=False
    )
    dist_credit_block_overdue = fields.Boolean(
        related="company_id.dist_credit_block_overdue", readonly=False
    )
    dist_credit_grace_days = fields.Integer(
        related="company_id.dist_credit_grace_days", readonly=False
    )

    def _inverse_account_default_credit_limit(self):
        for setting in self:
            if setting.account_default_credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the default credit limit cannot be "
                        "negative (%(limit)s).",
                        company=setting.company_id.name,
                        limit=setting.account_default_credit_limit,
                    )
                )
        return super()._inverse_account_default_credit_limit()
