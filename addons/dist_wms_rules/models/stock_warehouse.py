from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    dist_quarantine_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Quarantine location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', id)]",
        help="Where damaged or failed goods wait for a decision: outside the "
        "stock location, so that deliveries never reserve them. Created on "
        "first use when empty.",
    )

    def _dist_quarantine_location(self):
        """The warehouse's quarantine location, created under the warehouse
        (not under its stock location) the first time it is needed."""
        self.ensure_one()
        if self.dist_quarantine_location_id:
            return self.dist_quarantine_location_id
        # sudo: the quarantine is part of the warehouse's standard layout,
        # created once on behalf of the operator who first quarantines goods
        warehouse = self.sudo()
        location = warehouse.env["stock.location"].create(
            {
                "name": self.env._("Quarantine"),
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
                "company_id": warehouse.company_id.id,
            }
        )
        warehouse.dist_quarantine_location_id = location
        return location
