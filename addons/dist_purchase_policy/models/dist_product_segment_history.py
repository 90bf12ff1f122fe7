from odoo import fields, models

DIMENSIONS = [
    ("abc", "ABC class"),
    ("xyz", "XYZ class"),
    ("pattern", "Demand pattern"),
    ("policy", "Policy"),
    ("segment", "Segment"),
]


class DistProductSegmentHistory(models.Model):
    """What changed in a product's segment, when, from what to what, and why
    (margin crossed or consecutive runs). Written by the replenishment run."""

    _name = "dist.product.segment.history"
    _description = "Segment change"
    _order = "changed_at desc, id desc"
    _check_company_auto = True

    segment_id = fields.Many2one(
        comodel_name="dist.product.segment", ondelete="set null", index=True
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, index=True, check_company=True
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", required=True, check_company=True
    )
    dimension = fields.Selection(selection=DIMENSIONS, required=True)
    old_value = fields.Char()
    new_value = fields.Char()
    reason = fields.Char()
    changed_at = fields.Datetime(required=True, index=True)
    run_id = fields.Many2one(comodel_name="dist.replenishment.run", ondelete="set null")
