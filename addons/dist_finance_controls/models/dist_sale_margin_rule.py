from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dist_wms_rules.models.res_partner import SERVICE_TIERS


class DistSaleMarginRule(models.Model):
    """How far a salesperson may go alone with a customer segment of one
    company: the largest discount and the lowest margin a sales line may
    have. Beyond either, confirming the order asks for a price exception
    (``dist.sale.price.exception``) through the approval matrix.

    The customer segment is the service tier of the customer's commercial
    partner (``dist_service_tier``, dist_wms_rules), "standard" when empty.
    A segment without a rule is not checked."""

    _name = "dist.sale.margin.rule"
    _description = "Discount and margin rule"
    _order = "company_id, segment"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    segment = fields.Selection(
        selection=SERVICE_TIERS,
        string="Customer segment",
        required=True,
        default="standard",
        help="The service tier of the customer (its commercial partner); "
        "customers without one are standard.",
    )
    max_discount = fields.Float(
        string="Maximum discount (%)",
        default=100.0,
        help="A sales line with a larger discount needs approval (0-100).",
    )
    min_margin = fields.Float(
        string="Minimum margin (%)",
        default=0.0,
        help="A sales line whose margin, in percent of its subtotal, is "
        "below this needs approval (0-100).",
    )
    active = fields.Boolean(default=True)

    @api.depends("company_id", "segment")
    def _compute_display_name(self):
        labels = dict(SERVICE_TIERS)
        for rule in self:
            rule.display_name = self.env._(
                "%(segment)s customers of %(company)s",
                segment=labels.get(rule.segment, rule.segment or ""),
                company=rule.company_id.name or "",
            )

    @api.constrains("max_discount", "min_margin")
    def _check_percentages(self):
        for rule in self:
            if not 0 <= rule.max_discount <= 100:
                raise ValidationError(
                    self.env._(
                        "Discount and margin rule %(rule)s: the maximum discount "
                        "is a percentage between 0 and 100, not %(value)s.",
                        rule=rule.display_name,
                        value=rule.max_discount,
                    )
                )
            if not 0 <= rule.min_margin <= 100:
                raise ValidationError(
                    self.env._(
                        "Discount and margin rule %(rule)s: the minimum margin "
                        "is a percentage between 0 and 100, not %(value)s.",
                        rule=rule.display_name,
                        value=rule.min_margin,
                    )
                )

    @api.constrains("company_id", "segment", "active")
    def _check_one_per_segment(self):
        for rule in self.filtered("active"):
            # sudo: a duplicate counts whoever may read it
            clash = self.sudo().search(
                [
                    ("id", "!=", rule.id),
                    ("company_id", "=", rule.company_id.id),
                    ("segment", "=", rule.segment),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Discount and margin rule %(rule)s already exists: one "
                        "rule per company and customer segment; change that one.",
                        rule=rule.display_name,
                    )
                )

    @api.model
    def _dist_rules_by_key(self, companies):
        """{(company id, segment): rule} of the active rules of `companies`."""
        # sudo: the rules decide for every salesperson, who need not read them
        rules = self.sudo().search([("company_id", "in", companies.ids)])
        return {(rule.company_id.id, rule.segment): rule for rule in rules}
