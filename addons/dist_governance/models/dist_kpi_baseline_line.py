from odoo import api, fields, models


class DistKpiBaselineLine(models.Model):
    _name = "dist.kpi.baseline.line"
    _description = "KPI value over a baseline period"

    baseline_id = fields.Many2one(
        comodel_name="dist.kpi.baseline", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="baseline_id.company_id", store=True)
    kpi_id = fields.Many2one(comodel_name="dist.kpi", required=True)
    numerator = fields.Float()
    denominator = fields.Float()
    value = fields.Float(digits=(16, 2))
    value_display = fields.Char(string="Figure", compute="_compute_value_display")

    @api.depends("value", "kpi_id.unit", "company_id.currency_id")
    def _compute_value_display(self):
        for line in self:
            line.value_display = (
                line.kpi_id._dist_format(
                    line.value, currency=line.company_id.currency_id
                )
                if line.kpi_id
                else ""
            )
