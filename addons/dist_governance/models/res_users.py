from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dist_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Reports to",
        domain=[("share", "=", False)],
        help="The approval matrix routes 'requester's manager' tiers to this user.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        self.env["dist.sod.rule"]._check_users(users.filtered(lambda u: not u.share))
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(
            key in ("groups_id", "company_ids", "active")
            or key.startswith(("in_group_", "sel_groups_"))
            for key in vals
        ):
            self.env["dist.sod.rule"]._check_users(self.filtered(lambda u: not u.share))
        return res
