from odoo import api, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.constrains("credit_limit")
    def _check_dist_credit_limit(self):
        # sudo: the limit is read by accounting groups only; the check must
        # see what was written, whoever wrote it
        for partner in self.sudo():
            if partner.credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: a credit limit cannot be negative "
                        "(%(limit)s in %(company)s). 0 means no limit.",
                        partner=partner.display_name,
                        limit=partner.credit_limit,
                        company=self.env.company.name,
                    )
                )
