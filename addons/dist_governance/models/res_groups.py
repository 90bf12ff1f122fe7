from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        res = super().write(vals)
        if "users" in vals or "implied_ids" in vals:
            self.env["dist.sod.rule"]._check_users(
                self.users.filtered(lambda u: not u.share)
            )
        return res
