from odoo import fields, models

from .. import local_time


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "dist.time.zone.mixin"]

    # Odoo Community has no time zone on a company: it is its address's
    dist_tz = fields.Selection(
        related="partner_id.tz",
        readonly=False,
        string="Time zone",
        help="The company's days in the distribution suite: the replenishment "
        "run's date, SLA working hours and days of cases, KPI snapshot days, "
        "and the days of its warehouses that have no time zone of their own. "
        "Empty: UTC days.",
    )

    def _dist_tz(self):
        self.ensure_one()
        # sudo: a time zone tells nothing private; every user's and the
        # scheduler's days follow it, whatever partners they may read
        return self.sudo().partner_id.tz or local_time.UTC
