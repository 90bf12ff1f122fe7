from odoo import models


class HelpdeskTicketResolve(models.TransientModel):
    _inherit = "helpdesk.ticket.resolve"

    def _dist_promise_lines(self, lines, moment):
        """The new promise is written on the sales lines, where the
        deliveries' promise dates come from."""
        result = super()._dist_promise_lines(lines, moment)
        lines.write({"dist_promise_date": moment})
        return result
