from odoo import models


class HelpdeskTicket(models.Model):
    """A helpdesk ticket the suite governs stays in its writer's
    companies (see dist.company.guard.mixin)."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "dist.company.guard.mixin"]
