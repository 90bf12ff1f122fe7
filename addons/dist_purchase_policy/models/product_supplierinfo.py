from odoo import api, models
from odoo.exceptions import ValidationError


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    @api.constrains("min_qty", "delay")
    def _check_dist_min_qty(self):
        for line in self:
            if line.min_qty < 0 or line.delay < 0:
                raise ValidationError(
                    self.env._(
                        "%(vendor)s / %(product)s: the minimum order quantity "
                        "and the delivery lead time cannot be negative "
                        "(%(qty)s, %(delay)s days).",
                        vendor=line.partner_id.display_name,
                        product=line.product_tmpl_id.display_name,
                        qty=line.min_qty,
                        delay=line.delay,
                    )
                )
