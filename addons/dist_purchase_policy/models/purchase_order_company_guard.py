from odoo import models


class PurchaseOrder(models.Model):
    """A purchase order the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "purchase.order"
    _inherit = ["purchase.order", "dist.company.guard.mixin"]
