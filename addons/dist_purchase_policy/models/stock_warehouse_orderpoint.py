from odoo import fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    dist_managed = fields.Boolean(
        string="Set by replenishment policy",
        readonly=True,
        copy=False,
        help="The replenishment run keeps this rule's min, max and multiple "
        "in line with the product's segment policy (and archives it when the "
        "product leaves automatic replenishment).",
    )
    dist_segment_ids = fields.One2many(
        comodel_name="dist.product.segment",
        inverse_name="orderpoint_id",
        string="Segment",
    )
