from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dist_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Reports to",
        domain=[("share", "=", False)],
        help="The approval matrix routes 'requester's manager' tiers to this user.",
    )
