from odoo import models


class SaleOrder(models.Model):
    """A sale order the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "sale.order"
    _inherit = ["sale.order", "dist.company.guard.mixin"]
