from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _dist_panel_delivery_fields(self):
        """The order panel shows each delivery's carrier and tracking
        reference (Odoo's shipping carriers)."""
        return super()._dist_panel_delivery_fields() + [
            "carrier_id",
            "carrier_tracking_ref",
        ]
