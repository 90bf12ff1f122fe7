from odoo import api, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        self.env["dist.sod.rule"]._check_users(
            groups.users.filtered(lambda u: not u.share)
        )
        return groups

    def write(self, vals):
        res = super().write(vals)
        if "users" in vals or "implied_ids" in vals:
            self.env["dist.sod.rule"]._check_users(
                self.users.filtered(lambda u: not u.share)
            )
        return res
