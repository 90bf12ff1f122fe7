from odoo import models


class PurchaseOrderLine(models.Model):
    """A purchase order line the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "dist.company.guard.mixin"]
