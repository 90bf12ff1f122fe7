from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistWarehouseTemplatePutaway(models.Model):
    _name = "dist.warehouse.template.putaway"
    _description = "Warehouse standard: putaway by category"
    _order = "sequence, id"
    _check_company_auto = True

    template_id = fields.Many2one(
        comodel_name="dist.warehouse.template", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product category", required=True
    )
    location_name = fields.Char(
        string="Store in",
        help='Location under each warehouse\'s stock, e.g. "Bulk" or '
        '"Shelves/Fittings"; created when applying.',
    )
    location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Fixed location",
        check_company=True,
        help="A fixed location instead (e.g. a shared hazmat store); it must "
        "belong to the template's company.",
    )

    @api.constrains("location_name", "location_id", "company_id")
    def _check_target(self):
        for line in self:
            if bool(line.location_name) == bool(line.location_id):
                raise ValidationError(
                    self.env._(
                        "Putaway of %(categ)s: give either a location name under "
                        "each warehouse's stock or one fixed location.",
                        categ=line.categ_id.display_name,
                    )
                )
            location = line.location_id
            if location and location.company_id != line.template_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Putaway of %(categ)s: %(location)s belongs to "
                        "%(other)s, not to %(company)s whose standard this is.",
                        categ=line.categ_id.display_name,
                        location=location.display_name,
                        other=location.company_id.name or self.env._("no company"),
                        company=line.template_id.company_id.name,
                    )
                )

    def _dist_target(self, warehouse):
        self.ensure_one()
        if self.location_id:
            return self.location_id
        return self.template_id._dist_location(
            warehouse, warehouse.lot_stock_id, self.location_name
        )

    def _dist_expected_name(self, warehouse):
        self.ensure_one()
        if self.location_id:
            return self.location_id.display_name
        parts = [part.strip() for part in self.location_name.split("/") if part.strip()]
        return "/".join([warehouse.lot_stock_id.display_name, *parts])
