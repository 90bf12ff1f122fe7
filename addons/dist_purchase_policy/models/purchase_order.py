from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _dist_needs_approval_intro(self):
        self.ensure_one()
        return self.env._(
            "%(document)s needs approval before it can be confirmed",
            document=self.display_name,
        )
