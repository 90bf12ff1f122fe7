from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistQualityChecklist(models.Model):
    """What a receipt must be checked for, for product categories and/or
    vendors: the points an operator passes or fails before the receipt can
    be validated."""

    _name = "dist.quality.checklist"
    _description = "Receiving quality checklist"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Product categories",
        help="Receipts of products in these categories (or their "
        "sub-categories) are checked. Empty: any category of the vendors below.",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Vendors",
        check_company=True,
        help="Receipts from these vendors are checked. Empty: any vendor of "
        "the categories above.",
    )
    item_ids = fields.One2many(
        comodel_name="dist.quality.checklist.item", inverse_name="checklist_id"
    )
    active = fields.Boolean(default=True)

    @api.constrains("categ_ids", "partner_ids", "item_ids")
    def _check_scope(self):
        for checklist in self:
            if not checklist.categ_ids and not checklist.partner_ids:
                raise ValidationError(
                    self.env._(
                        "Checklist %(name)s applies to nothing: name product "
                        "categories, vendors or both.",
                        name=checklist.name,
                    )
                )
            if not checklist.item_ids:
                raise ValidationError(
                    self.env._(
                        "Checklist %(name)s has no point to check.", name=checklist.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        checklists = super().create(vals_list)
        checklists._dist_check_expected_receipts()
        return checklists

    def write(self, vals):
        result = super().write(vals)
        if {"categ_ids", "partner_ids", "company_id", "active"} & set(vals):
            self._dist_check_expected_receipts()
        return result

    def _dist_check_expected_receipts(self):
        """Receipts already expected when a checklist starts covering them
        get their checks now, as new receipts get them on confirmation:
        validating asks for the checks, which must exist to be opened."""
        companies = self.filtered("active").company_id
        if not companies:
            return
        # sudo: checks are created by the system for the receipts'
        # operators, whoever edits the checklist
        receipts = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("picking_type_code", "=", "incoming"),
                    ("state", "in", ("waiting", "confirmed", "assigned")),
                ]
            )
        )
        receipts._dist_create_quality_checks()

    def _dist_applies(self, product, vendor):
        """Whether this checklist covers `product` received from `vendor`."""
        self.ensure_one()
        if self.categ_ids:
            category = product.categ_id
            ids = set(self.categ_ids.ids)
            while category and category.id not in ids:
                category = category.parent_id
            if not category:
                return False
        if self.partner_ids:
            return vendor.commercial_partner_id in self.partner_ids
        return True
