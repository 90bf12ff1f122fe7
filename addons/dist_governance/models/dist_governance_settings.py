from odoo import fields, models


class DistGovernanceSettings(models.TransientModel):
    """The company's governance settings, for the governance controller
    (Distribution > Configuration > Governance settings): how long the
    company keeps daily KPI splits and closed records before they are rolled
    up or archived (res_company_retention.py)."""

    _name = "dist.governance.settings"
    _inherit = ["dist.company.settings.mixin"]
    _description = "governance settings"
    _dist_settings_group = "dist_governance.group_governance_controller"

    dist_kpi_retention_months = fields.Integer(
        related="company_id.dist_kpi_retention_months", readonly=False
    )
    dist_archive_after_days = fields.Integer(
        related="company_id.dist_archive_after_days", readonly=False
    )
