from odoo import api, fields, models
from odoo.exceptions import ValidationError

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

    # retention (the governance settings; see dist_retention.py)
    dist_kpi_retention_months = fields.Integer(
        string="Keep daily KPI splits (months)",
        default=24,
        help="Daily KPI rows per vendor, customer segment or product family "
        "older than this many whole months are rolled up into one row per "
        "month (same sums; the company and warehouse rows stay daily). "
        "0: keep every daily row.",
    )
    dist_archive_after_days = fields.Integer(
        string="Archive closed records after (days)",
        default=365,
        help="Resolved or cancelled exceptions, and finished replenishment "
        "runs, older than this many days are archived (still found with "
        "the Archived filter). The audit trail and the change log are "
        "never archived nor deleted. 0: archive nothing.",
    )

    @api.constrains("dist_kpi_retention_months", "dist_archive_after_days")
    def _check_dist_retention(self):
        for company in self:
            if (
                company.dist_kpi_retention_months < 0
                or company.dist_archive_after_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Retention periods of %(company)s are whole months or "
                        "days, 0 or more (0 keeps everything).",
                        company=company.name,
                    )
                )

    def _dist_tz(self):
        self.ensure_one()
        # sudo: a time zone tells nothing private; every user's and the
        # scheduler's days follow it, whatever partners they may read
        return self.sudo().partner_id.tz or local_time.UTC
