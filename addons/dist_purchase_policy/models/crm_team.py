from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    _inherit = "crm.team"

    dist_quote_conversion = fields.Float(
        string="Quotation conversion (%)",
        help="Share of this channel's open quotations expected to be "
        "confirmed; demand sensing weighs them by it. Empty: the company's.",
    )

    @api.constrains("dist_quote_conversion")
    def _check_dist_quote_conversion(self):
        for team in self:
            if not 0 <= team.dist_quote_conversion <= 100:
                raise ValidationError(
                    self.env._(
                        "%(team)s: a quotation conversion rate is between 0 "
                        "and 100 %%, not %(rate)s.",
                        team=team.name,
                        rate=team.dist_quote_conversion,
                    )
                )
