from odoo import models


class StockWarehouseOrderpoint(models.Model):
    """A stock warehouse orderpoint the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "stock.warehouse.orderpoint"
    _inherit = ["stock.warehouse.orderpoint", "dist.company.guard.mixin"]
