from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dist_role_homes(self):
        return super()._dist_role_homes() + [
            (
                "dist_helpdesk_cases.group_service_manager",
                "dist_governance.dist_kpi_action_tiles",
                40,
            ),
            (
                "dist_helpdesk_cases.group_service_agent",
                "dist_helpdesk_cases.helpdesk_ticket_action_dist_my_open",
                10,
            ),
        ]
