from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _dist_deliveries_changed(self, pickings):
        """An open case counts in its delivery's fulfilment priority: the
        deliveries' scores are refreshed."""
        result = super()._dist_deliveries_changed(pickings)
        if pickings:
            # sudo: the score is the warehouse's, refreshed for the agent
            pickings.sudo()._dist_refresh_priorities([("id", "in", pickings.ids)])
        return result

    def _dist_promise_dates(self, records):
        """The promise dates of sales lines and deliveries (the warehouse
        rules' available-to-promise)."""
        promised = super()._dist_promise_dates(records)
        promised.update({record.id: record.dist_promise_date for record in records})
        return promised
