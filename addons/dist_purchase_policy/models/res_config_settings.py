from odoo import api, fields, models

VENDOR_WEIGHT_FIELDS = (
    "dist_vendor_weight_on_time",
    "dist_vendor_weight_quantity",
    "dist_vendor_weight_lead_time",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_abc_cut_a = fields.Float(related="company_id.dist_abc_cut_a", readonly=False)
    dist_abc_cut_b = fields.Float(related="company_id.dist_abc_cut_b", readonly=False)
    dist_xyz_cut_x = fields.Float(related="company_id.dist_xyz_cut_x", readonly=False)
    dist_xyz_cut_y = fields.Float(related="company_id.dist_xyz_cut_y", readonly=False)
    dist_segment_period = fields.Selection(
        related="company_id.dist_segment_period", readonly=False
    )
    dist_history_periods = fields.Integer(
        related="company_id.dist_history_periods", readonly=False
    )
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
    # the vendor score weights add up to 1: written to the company together
    # (related fields would write them one by one, each checked alone); one
    # compute each, so that saving one of them still reads the others
    dist_vendor_weight_on_time = fields.Float(
        string="Score weight: on time",
        compute="_compute_dist_vendor_weight_on_time",
        inverse="_inverse_dist_vendor_weights",
        readonly=False,
        help="Share of the on-time rate in a vendor's scorecard score (the "
        "three weights add up to 1).",
    )
    dist_vendor_weight_quantity = fields.Float(
        string="Score weight: quantity",
        compute="_compute_dist_vendor_weight_quantity",
        inverse="_inverse_dist_vendor_weights",
        readonly=False,
        help="Share of the quantity accuracy (received as ordered) in a "
        "vendor's scorecard score.",
    )
    dist_vendor_weight_lead_time = fields.Float(
        string="Score weight: lead time",
        compute="_compute_dist_vendor_weight_lead_time",
        inverse="_inverse_dist_vendor_weights",
        readonly=False,
        help="Share of the lead-time reliability (delivered within the "
        "promised delay) in a vendor's scorecard score.",
    )
    dist_job_threshold = fields.Integer(
        related="company_id.dist_job_threshold", readonly=False
    )

    @api.depends("company_id.dist_vendor_weight_on_time")
    def _compute_dist_vendor_weight_on_time(self):
        for settings in self:
            settings.dist_vendor_weight_on_time = (
                settings.company_id.dist_vendor_weight_on_time
            )

    @api.depends("company_id.dist_vendor_weight_quantity")
    def _compute_dist_vendor_weight_quantity(self):
        for settings in self:
            settings.dist_vendor_weight_quantity = (
                settings.company_id.dist_vendor_weight_quantity
            )

    @api.depends("company_id.dist_vendor_weight_lead_time")
    def _compute_dist_vendor_weight_lead_time(self):
        for settings in self:
            settings.dist_vendor_weight_lead_time = (
                settings.company_id.dist_vendor_weight_lead_time
            )

    def _inverse_dist_vendor_weights(self):
        for settings in self:
            company = settings.company_id
            changed = {
                name: settings[name]
                for name in VENDOR_WEIGHT_FIELDS
                if settings[name] != company[name]
            }
            if changed:
                company.write(changed)
