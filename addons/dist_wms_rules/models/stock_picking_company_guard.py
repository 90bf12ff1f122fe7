from odoo import models


class StockPicking(models.Model):
    """A stock picking the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "stock.picking"
    _inherit = ["stock.picking", "dist.company.guard.mixin"]
