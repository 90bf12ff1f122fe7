from odoo import fields, models


class StockWarehouseOrderpoint(models.Model):
    _name = "stock.warehouse.orderpoint"
    _inherit = ["stock.warehouse.orderpoint", "dist.system.fields.mixin"]
    # which rules the replenishment run keeps is the run's to say
    _dist_system_fields = ("dist_managed",)

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
