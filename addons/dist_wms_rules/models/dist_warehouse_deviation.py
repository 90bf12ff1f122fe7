from odoo import fields, models


class DistWarehouseDeviation(models.Model):
    """Where a warehouse differs from its standard, as of the last check."""

    _name = "dist.warehouse.deviation"
    _inherit = ["dist.system.fields.mixin"]
    # the result of the template check, written by the suite
    _dist_system_fields = (
        "template_id",
        "warehouse_id",
        "company_id",
        "aspect",
        "expected",
        "actual",
        "checked_date",
    )
    _description = "Warehouse deviation from its standard"
    _order = "warehouse_id, id"
    _check_company_auto = True

    template_id = fields.Many2one(
        comodel_name="dist.warehouse.template", readonly=True, ondelete="cascade"
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)
    aspect = fields.Char(readonly=True)
    expected = fields.Char(string="Standard", readonly=True)
    actual = fields.Char(string="In the warehouse", readonly=True)
    checked_date = fields.Datetime(readonly=True, default=fields.Datetime.now)
