from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dist_role_homes(self):
        return super()._dist_role_homes() + [
            (
                "dist_purchase_policy.group_purchasing_manager",
                "dist_purchase_policy.purchase_order_action_dist_to_approve",
                60,
            ),
            (
                "dist_purchase_policy.group_buyer",
                "dist_purchase_policy.dist_purchase_recommendation_action",
                30,
            ),
        ]
