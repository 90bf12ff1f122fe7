from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistKpiBaseline(models.Model):
    """A period a manager marks as the "before": each KPI computed over it,
    per company, so tiles show the trend against it."""

    _name = "dist.kpi.baseline"
    _description = "KPI baseline period"
    _order = "date_to desc"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        comodel_name="dist.kpi.baseline.line",
        inverse_name="baseline_id",
        readonly=True,
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for baseline in self:
            if baseline.date_from > baseline.date_to:
                raise ValidationError(
                    self.env._(
                        "Baseline %(name)s ends before it starts.", name=baseline.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        baselines = super().create(vals_list)
        baselines.action_compute()
        return baselines

    def action_compute(self):
        """Each KPI over the whole period, per company, from the records."""
        # the KPIs' queries read every record of the company: only who may
        # change the baseline recomputes it
        self.check_access("write")
        Line = self.env["dist.kpi.baseline.line"]
        for baseline in self:
            baseline.line_ids.unlink()
            # the company's days, from the first's start to the last's end
            date_from, date_to = baseline.company_id._dist_day_bounds(
                baseline.date_from, baseline.date_to
            )
            vals = []
            for kpi in self.env["dist.kpi"].search([]):
                numerator, denominator = kpi._dist_compute(
                    date_from, date_to, baseline.company_id.ids
                )
                if numerator is None and denominator is None:
                    continue
                vals.append(
                    {
                        "baseline_id": baseline.id,
                        "kpi_id": kpi.id,
                        "numerator": numerator or 0.0,
                        "denominator": denominator or 0.0,
                        "value": kpi._dist_value(numerator or 0.0, denominator) or 0.0,
                    }
                )
            Line.create(vals)
        return True
