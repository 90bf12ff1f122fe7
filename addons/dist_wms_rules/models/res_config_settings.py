from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_rcv_tolerance_percent = fields.Float(
        related="company_id.dist_rcv_tolerance_percent", readonly=False
    )
    dist_rcv_tolerance_qty = fields.Float(
        related="company_id.dist_rcv_tolerance_qty", readonly=False
    )
    dist_atp_check = fields.Boolean(related="company_id.dist_atp_check", readonly=False)
