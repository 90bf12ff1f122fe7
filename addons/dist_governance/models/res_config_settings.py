from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The retention on Odoo's settings page too (Settings administrators),
    beside the governance controller's own form (dist_governance_settings.py)."""

    _inherit = "res.config.settings"

    dist_kpi_retention_months = fields.Integer(
        related="company_id.dist_kpi_retention_months", readonly=False
    )
    dist_archive_after_days = fields.Integer(
        related="company_id.dist_archive_after_days", readonly=False
    )
