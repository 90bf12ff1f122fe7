from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dist_governance.roles import check_role

# the shipped approval matrix lines of this addon's price controls:
# (document type xml id, approving role xml id), tier 1 from 0, open ended
PRICE_MATRIX_DEFAULTS = (
    (
        "dist_finance_controls.approval_document_type_sales_discount",
        "sales_team.group_sale_manager",
    ),
    (
        "dist_finance_controls.approval_document_type_vendor_price_change",
        "dist_finance_controls.group_finance_controller",
    ),
)


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_vendor_price_threshold = fields.Float(
        string="Vendor price change threshold (%)",
        default=5.0,
        help="A change of a vendor price by more than this percentage (up or "
        'down) waits for the approval matrix (document type "Vendor price '
        'change"); smaller changes apply at once and are logged. 0: every '
        "change waits.",
    )

    @api.constrains("dist_vendor_price_threshold")
    def _check_dist_vendor_price_threshold(self):
        for company in self:
            if company.dist_vendor_price_threshold < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the vendor price change threshold is a "
                        "percentage of 0 or more, not %(value)s.",
                        company=company.name,
                        value=company.dist_vendor_price_threshold,
                    )
                )

    @api.model
    def _dist_price_matrix_defaults(self, companies=None):
        """The shipped approval matrix lines of sales discounts (sales
        manager) and vendor price changes (finance controller): tier 1 from
        0, open ended, for each company that has no line of that document
        type yet and where somebody holds the role (a matrix line needs an
        approver who works there, and nobody holds these roles when the
        addon is installed). A governance controller runs it from
        Configuration > Distribution controls (the server action below), the
        scenario once its users hold the roles."""
        companies = companies if companies is not None else self.search([])
        Matrix = self.env["dist.approval.matrix"]
        lines = Matrix
        for doc_type_xmlid, group_xmlid in PRICE_MATRIX_DEFAULTS:
            doc_type = self.env.ref(doc_type_xmlid, raise_if_not_found=False)
            group = self.env.ref(group_xmlid, raise_if_not_found=False)
            if doc_type and group:
                lines |= Matrix._dist_create_shipped_line(companies, doc_type, group)
        return lines

    @api.model
    def _dist_price_matrix_defaults_action(self, companies):
        """The server action "Add the shipped price approval lines", for a
        governance controller, in the companies they work in: the lines
        added, or why none were."""
        check_role(
            self.env,
            self.env._("add the shipped price approval lines"),
            "dist_governance.group_governance_controller",
        )
        lines = self._dist_price_matrix_defaults(companies)
        if lines:
            message = ", ".join(lines.mapped("display_name"))
        else:
            message = self.env._(
                "Nothing to add: each of these companies has its lines for "
                "sales discounts and vendor price changes already, or nobody "
                "there holds the approving role yet (Sales: Administrator; "
                "Finance controller)."
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Shipped price approval lines"),
                "message": message,
                "type": "success" if lines else "info",
                "sticky": False,
            },
        }


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_vendor_price_threshold = fields.Float(
        related="company_id.dist_vendor_price_threshold", readonly=False
    )
