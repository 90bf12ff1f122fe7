from odoo import api, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        self.env["dist.sod.rule"]._check_users(
            groups.users.filtered(lambda u: not u.share)
        )
        groups.users._dist_set_role_homes()
        return groups

    def write(self, vals):
        # users taken out of the group keep a home only if a role still gives one
        before = self.users if "users" in vals else self.env["res.users"]
        res = super().write(vals)
        if "users" in vals or "implied_ids" in vals:
            self.env["dist.sod.rule"]._check_users(
                self.users.filtered(lambda u: not u.share)
            )
            (before | self.users)._dist_set_role_homes()
        return res
