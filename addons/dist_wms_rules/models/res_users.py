from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dist_role_homes(self):
        return super()._dist_role_homes() + [
            (
                "dist_wms_rules.group_warehouse_manager",
                "dist_governance.dist_kpi_action_tiles",
                50,
            ),
            (
                "dist_wms_rules.group_warehouse_operator",
                "dist_wms_rules.stock_warehouse_action_dist_today",
                20,
            ),
        ]
