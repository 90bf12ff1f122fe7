from odoo import api, models


class DistCaseResolution(models.Model):
    _inherit = "dist.case.resolution"

    @api.model
    def _dist_can_quarantine(self, warehouse):
        """Every warehouse has a quarantine (created on first use)."""
        return True

    def _dist_quarantine(self, picking):
        """The quarantine of the warehouse that delivered `picking`."""
        warehouse = picking.picking_type_id.warehouse_id or self.warehouse_id
        return warehouse._dist_quarantine_location()
