from odoo import api, fields, models
from odoo.exceptions import ValidationError

# what a bill line may differ from its purchase order line when a company
# has no tolerance of its own (its shipped default archived or deleted):
# prices up to 2 % above the order, quantities never beyond what was received
FALLBACK_TOLERANCE = {
    "price_percent": 2.0,
    "price_amount": 0.0,
    "qty_percent": 0.0,
    "qty_amount": 0.0,
}


class DistMatchTolerance(models.Model):
    """How far a vendor bill line may be from its purchase order line and
    receipt before the bill is held for approval: a price above the order's
    by a share or an amount per unit, a quantity beyond what was received by
    a share or a number of units; the larger of the two applies.

    Per company, and within it per vendor, per product category or per
    vendor and category. The most specific rule wins (vendor and category,
    then vendor, then the nearest category), as receiving tolerances do;
    below them the company's default (the rule with neither), else the
    suite's fallback (FALLBACK_TOLERANCE)."""

    _name = "dist.match.tolerance"
    _description = "Three-way match tolerance"
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
        help="Empty: every vendor. A vendor's rule covers its contacts.",
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product category",
        index=True,
        help="Empty: every category. A category's rule covers its "
        "sub-categories unless they have their own.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    price_percent = fields.Float(
        string="Price (%)",
        digits=(5, 2),
        help="Share of the order's unit price a bill's unit price may be above it.",
    )
    price_amount = fields.Monetary(
        string="Price (per unit)",
        currency_field="company_currency_id",
        help="Amount per unit, in company currency, a bill's unit price may "
        "be above the order's; the larger of the two price tolerances applies.",
    )
    qty_percent = fields.Float(
        string="Quantity (%)",
        digits=(5, 2),
        help="Share of the received quantity (ordered, for products billed "
        "on ordered quantities) the bills may go beyond.",
    )
    qty_amount = fields.Float(
        string="Quantity (units)",
        digits="Product Unit of Measure",
        help="Units the bills may go beyond the received quantity; the "
        "larger of the two quantity tolerances applies.",
    )
    active = fields.Boolean(default=True)

    @api.depends("partner_id", "categ_id", "company_id")
    def _compute_display_name(self):
        for rule in self:
            scope = " / ".join(
                name
                for name in (rule.partner_id.display_name, rule.categ_id.display_name)
                if name
            ) or self.env._("Company default")
            rule.display_name = f"{scope} ({rule.company_id.name})"

    @api.constrains("price_percent", "price_amount", "qty_percent", "qty_amount")
    def _check_values(self):
        for rule in self:
            values = (
                rule.price_percent,
                rule.price_amount,
                rule.qty_percent,
                rule.qty_amount,
            )
            if any(value < 0 for value in values):
                raise ValidationError(
                    self.env._(
                        "Match tolerance %(rule)s cannot be negative: a "
                        "tolerance is how far above the order a bill may go "
                        "(price %(pp)s %% / %(pa)s per unit, quantity %(qp)s "
                        "%% / %(qa)s units).",
                        rule=rule.display_name,
                        pp=rule.price_percent,
                        pa=rule.price_amount,
                        qp=rule.qty_percent,
                        qa=rule.qty_amount,
                    )
                )
            if rule.price_percent > 100 or rule.qty_percent > 100:
                raise ValidationError(
                    self.env._(
                        "Match tolerance %(rule)s above 100 %% would let a bill "
                        "double the order: set it between 0 and 100 (price "
                        "%(pp)s %%, quantity %(qp)s %%).",
                        rule=rule.display_name,
                        pp=rule.price_percent,
                        qp=rule.qty_percent,
                    )
                )

    @api.constrains("partner_id", "categ_id", "company_id", "active")
    def _check_scope(self):
        for rule in self:
            vendor = rule.partner_id
            if vendor and vendor != vendor.commercial_partner_id:
                # a rule on a contact would never be found: bills resolve
                # their vendor to the company they work for
                raise ValidationError(
                    self.env._(
                        "Match tolerance %(rule)s names %(contact)s, a contact "
                        "of %(vendor)s: set it on the vendor %(vendor)s.",
                        rule=rule.display_name,
                        contact=vendor.display_name,
                        vendor=vendor.commercial_partner_id.display_name,
                    )
                )
            if not rule.active:
                continue
            # sudo: a duplicate counts whoever may see it
            twins = (
                self.sudo()
                .search(
                    [
                        ("id", "!=", rule.id),
                        ("company_id", "=", rule.company_id.id),
                        ("partner_id", "=", vendor.id),
                        ("categ_id", "=", rule.categ_id.id),
                    ]
                )
                .with_env(self.env)
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "Match tolerance %(rule)s repeats %(twin)s: one rule "
                        "per vendor and category in a company; change that "
                        "one instead.",
                        rule=rule.display_name,
                        twin=twins[:1].sudo().display_name,
                    )
                )

    @api.model
    def _dist_create_defaults(self, companies):
        """The shipped company-wide tolerance (2 % on price, none on
        quantity) for each of `companies` that has none yet, archived ones
        included (a controller who archived it chose the fallback)."""
        rules = self.with_context(active_test=False).search(
            [
                ("company_id", "in", companies.ids),
                ("partner_id", "=", False),
                ("categ_id", "=", False),
            ]
        )
        missing = companies - rules.company_id
        return self.create(
            [{"company_id": company.id, **FALLBACK_TOLERANCE} for company in missing]
        )

    @api.model
    def _dist_resolver(self, company):
        """A function (vendor, category) -> tolerance values (the dict keys
        of FALLBACK_TOLERANCE plus "source", the rule's name), from the
        company's rules read once."""
        # sudo: tolerances are configuration the match reads for whoever
        # posts a bill (a clerk may not edit them)
        rules = self.sudo().search([("company_id", "=", company.id)])
        by_scope = {(r.partner_id.id, r.categ_id.id): r for r in rules}
        fallback = dict(FALLBACK_TOLERANCE, source=self.env._("suite default"))
        cache = {}

        def values(rule):
            if not rule:
                return fallback
            return {
                "price_percent": rule.price_percent,
                "price_amount": rule.price_amount,
                "qty_percent": rule.qty_percent,
                "qty_amount": rule.qty_amount,
                "source": rule.display_name,
            }

        def resolve(partner, category):
            vendor = partner.commercial_partner_id.id if partner else False
            key = (vendor, category.id)
            if key in cache:
                return cache[key]
            chain = []
            while category:
                chain.append(category.id)
                category = category.parent_id
            candidates = []
            if vendor:
                candidates += [(vendor, categ) for categ in chain]
                candidates.append((vendor, False))
            candidates += [(False, categ) for categ in chain]
            candidates.append((False, False))
            found = next(
                (by_scope[scope] for scope in candidates if scope in by_scope), None
            )
            cache[key] = values(found)
            return cache[key]

        return resolve


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # sudo: the caller was allowed to create these companies (checked
        # by super); their shipped match tolerance comes with them
        self.env["dist.match.tolerance"].sudo()._dist_create_defaults(companies)
        return companies
