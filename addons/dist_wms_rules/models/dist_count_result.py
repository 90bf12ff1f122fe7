from odoo import fields, models

ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]


class DistCountResult(models.Model):
    """One applied count of one quant: what was expected, what was counted,
    who counted, who approved and why. Inventory accuracy is computed from
    these; nobody edits them."""

    _name = "dist.count.result"
    _description = "Count result"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Datetime(required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", readonly=True, index=True, check_company=True
    )
    location_id = fields.Many2one(
        comodel_name="stock.location", readonly=True, check_company=True
    )
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, readonly=True, index=True
    )
    lot_id = fields.Many2one(comodel_name="stock.lot", readonly=True)
    abc_class = fields.Selection(selection=ABC_CLASSES, string="Class", readonly=True)
    expected_qty = fields.Float(
        string="Expected", digits="Product Unit of Measure", readonly=True
    )
    counted_qty = fields.Float(
        string="Counted", digits="Product Unit of Measure", readonly=True
    )
    variance_qty = fields.Float(
        string="Variance", digits="Product Unit of Measure", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    variance_value = fields.Monetary(readonly=True)
    within_tolerance = fields.Boolean(readonly=True)
    counted_by_id = fields.Many2one(comodel_name="res.users", readonly=True, index=True)
    applied_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    approved_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    adjustment_id = fields.Many2one(
        comodel_name="dist.inventory.adjustment", readonly=True, check_company=True
    )
    reason = fields.Char(readonly=True)
