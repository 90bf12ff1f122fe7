from odoo import models


class SaleOrderLine(models.Model):
    """A sale order line the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "sale.order.line"
    _inherit = ["sale.order.line", "dist.company.guard.mixin"]
