from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistReceiptTolerance(models.Model):
    """How far a receipt may differ from what was expected before the
    operator must give a reason: per product category, per vendor, or per
    vendor and category. The most specific rule wins (vendor and category,
    then vendor, then the nearest category); without one the company's
    tolerance applies."""

    _name = "dist.receipt.tolerance"
    _description = "Receiving tolerance"
    _order = "company_id, partner_id, categ_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Vendor",
        index=True,
        check_company=True,
        help="Empty: every vendor.",
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product category",
        index=True,
        help="Empty: every category. A category's rule covers its "
        "sub-categories unless they have their own.",
    )
    percent = fields.Float(
        string="Tolerance (%)",
        digits=(5, 2),
        help="Share of the expected quantity a line may differ by, over or under.",
    )
    quantity = fields.Float(
        string="Tolerance (units)",
        digits="Product Unit of Measure",
        help="Units a line may differ by whatever its size; the larger of "
        "the two tolerances applies.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "scope_unique",
            "UNIQUE NULLS NOT DISTINCT (company_id, partner_id, categ_id)",
            "There is already a receiving tolerance for this vendor and "
            "category in this company.",
        ),
    ]

    @api.constrains("partner_id", "categ_id", "percent", "quantity")
    def _check_tolerance(self):
        for rule in self:
            if not rule.partner_id and not rule.categ_id:
                raise ValidationError(
                    self.env._(
                        "A receiving tolerance names a vendor, a product "
                        "category or both; the company-wide tolerance is set "
                        "in the Inventory settings."
                    )
                )
            if rule.percent < 0 or rule.quantity < 0:
                raise ValidationError(
                    self.env._(
                        "A receiving tolerance cannot be negative "
                        "(%(scope)s: %(percent)s %% / %(quantity)s units).",
                        scope=rule.display_name,
                        percent=rule.percent,
                        quantity=rule.quantity,
                    )
                )
            if rule.percent > 100:
                raise ValidationError(
                    self.env._(
                        "A receiving tolerance above 100 %% accepts anything "
                        "(%(scope)s: %(percent)s %%).",
                        scope=rule.display_name,
                        percent=rule.percent,
                    )
                )

    @api.depends("partner_id", "categ_id")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = " / ".join(
                name
                for name in (rule.partner_id.display_name, rule.categ_id.display_name)
                if name
            ) or self.env._("New tolerance")

    @api.model
    def _dist_resolver(self, company):
        """A function (vendor, category, warehouse) -> (percent, units,
        source label), from the company's rules read once; below the rules,
        the warehouse's own tolerance (set by its template), else the
        company's."""
        rules = self.search([("company_id", "=", company.id)])
        by_scope = {(r.partner_id.id, r.categ_id.id): r for r in rules}
        default = (
            company.dist_rcv_tolerance_percent,
            company.dist_rcv_tolerance_qty,
            self.env._("company tolerance"),
        )

        def resolve(partner, category, warehouse=None):
            chain = []
            while category:
                chain.append(category.id)
                category = category.parent_id
            vendor = partner.commercial_partner_id.id if partner else False
            candidates = []
            if vendor:
                candidates += [(vendor, categ) for categ in chain]
                candidates.append((vendor, False))
            candidates += [(False, categ) for categ in chain]
            for scope in candidates:
                rule = by_scope.get(scope)
                if rule:
                    return rule.percent, rule.quantity, rule.display_name
            if warehouse and warehouse.dist_rcv_tolerance_own:
                return (
                    warehouse.dist_rcv_tolerance_percent,
                    warehouse.dist_rcv_tolerance_qty,
                    warehouse.display_name,
                )
            return default

        return resolve
