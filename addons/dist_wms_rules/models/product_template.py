from odoo import fields, models

from .dist_count_result import ABC_CLASSES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dist_count_class = fields.Selection(
        selection=ABC_CLASSES,
        string="Count class",
        help="ABC class for cycle counting when the replenishment policy "
        "addon does not classify the product (its segment wins when it "
        "exists); none counts as C.",
    )
