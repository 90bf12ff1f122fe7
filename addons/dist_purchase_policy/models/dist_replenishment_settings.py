from odoo import fields, models


class DistReplenishmentSettings(models.TransientModel):
    """The company's replenishment settings, for the purchasing manager
    (Purchase > Configuration > Replenishment settings); the same fields as
    the block of Odoo's settings page, which needs Settings rights."""

    _name = "dist.replenishment.settings"
    _inherit = ["dist.company.settings.mixin"]
    _description = "replenishment settings"
    _dist_settings_group = "dist_purchase_policy.group_purchasing_manager"

    dist_segment_period = fields.Selection(
        related="company_id.dist_segment_period", readonly=False
    )
    dist_history_periods = fields.Integer(
        related="company_id.dist_history_periods", readonly=False
    )
    dist_abc_cut_a = fields.Float(related="company_id.dist_abc_cut_a", readonly=False)
    dist_abc_cut_b = fields.Float(related="company_id.dist_abc_cut_b", readonly=False)
    dist_xyz_cut_x = fields.Float(related="company_id.dist_xyz_cut_x", readonly=False)
    dist_xyz_cut_y = fields.Float(related="company_id.dist_xyz_cut_y", readonly=False)
    dist_abc_margin = fields.Float(related="company_id.dist_abc_margin", readonly=False)
    dist_xyz_margin = fields.Float(related="company_id.dist_xyz_margin", readonly=False)
    dist_hysteresis_runs = fields.Integer(
        related="company_id.dist_hysteresis_runs", readonly=False
    )
    dist_order_cost = fields.Float(related="company_id.dist_order_cost", readonly=False)
    dist_holding_rate = fields.Float(
        related="company_id.dist_holding_rate", readonly=False
    )
    dist_quote_conversion = fields.Float(
        related="company_id.dist_quote_conversion", readonly=False
    )
    dist_leadtime_tolerance = fields.Float(
        related="company_id.dist_leadtime_tolerance", readonly=False
    )
    dist_min_receipts = fields.Integer(
        related="company_id.dist_min_receipts", readonly=False
    )
    dist_receipt_tolerance = fields.Float(
        related="company_id.dist_receipt_tolerance", readonly=False
    )
    dist_vendor_weight_on_time = fields.Float(
        related="company_id.dist_vendor_weight_on_time", readonly=False
    )
    dist_vendor_weight_quantity = fields.Float(
        related="company_id.dist_vendor_weight_quantity", readonly=False
    )
    dist_vendor_weight_lead_time = fields.Float(
        related="company_id.dist_vendor_weight_lead_time", readonly=False
    )
    dist_job_threshold = fields.Integer(
        related="company_id.dist_job_threshold", readonly=False
    )
