from odoo import fields, models


class DistWarehouseSettings(models.TransientModel):
    """The company's warehouse rules, for the warehouse manager (Inventory >
    Configuration > Warehouse rules): count cadence and tolerance, picking
    priority weights, receiving control and available-to-promise."""

    _name = "dist.warehouse.settings"
    _inherit = ["dist.company.settings.mixin"]
    _description = "warehouse rules"
    _dist_settings_group = "dist_wms_rules.group_warehouse_manager"

    dist_count_days_a = fields.Integer(
        related="company_id.dist_count_days_a", readonly=False
    )
    dist_count_days_b = fields.Integer(
        related="company_id.dist_count_days_b", readonly=False
    )
    dist_count_days_c = fields.Integer(
        related="company_id.dist_count_days_c", readonly=False
    )
    dist_count_tolerance = fields.Float(
        related="company_id.dist_count_tolerance", readonly=False
    )
    dist_priority_weight_tier = fields.Float(
        related="company_id.dist_priority_weight_tier", readonly=False
    )
    dist_priority_weight_promise = fields.Float(
        related="company_id.dist_priority_weight_promise", readonly=False
    )
    dist_priority_weight_age = fields.Float(
        related="company_id.dist_priority_weight_age", readonly=False
    )
    dist_priority_weight_case = fields.Float(
        related="company_id.dist_priority_weight_case", readonly=False
    )
    dist_rcv_check = fields.Boolean(related="company_id.dist_rcv_check", readonly=False)
    dist_rcv_tolerance_percent = fields.Float(
        related="company_id.dist_rcv_tolerance_percent", readonly=False
    )
    dist_rcv_tolerance_qty = fields.Float(
        related="company_id.dist_rcv_tolerance_qty", readonly=False
    )
    dist_atp_check = fields.Boolean(related="company_id.dist_atp_check", readonly=False)
