from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values(self):
        """A case resolution sends damaged goods to quarantine."""
        vals = super()._prepare_picking_default_values()
        destination = self.env.context.get("dist_return_to")
        if destination:
            vals["location_dest_id"] = destination
        return vals
