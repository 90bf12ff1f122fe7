from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistKpiTarget(models.Model):
    _name = "dist.kpi.target"
    _description = "KPI target of a company"
    _check_company_auto = True

    kpi_id = fields.Many2one(comodel_name="dist.kpi", required=True, ondelete="cascade")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    target = fields.Float(required=True)
    warning = fields.Float(
        string="Alarm from",
        required=True,
        help="Beyond the target the figure is watched; beyond this it is off target.",
    )
    owner_id = fields.Many2one(
        comodel_name="res.users", string="Owner", check_company=True
    )

    _sql_constraints = [
        (
            "kpi_company_unique",
            "UNIQUE (kpi_id, company_id)",
            "A KPI has one target per company.",
        ),
    ]

    @api.constrains("target", "warning", "kpi_id")
    def _check_thresholds(self):
        for line in self:
            up = line.kpi_id.direction == "up"
            if (up and line.warning > line.target) or (
                not up and line.warning < line.target
            ):
                raise ValidationError(
                    self.env._(
                        "%(kpi)s: the alarm level (%(warning)s) must be %(side)s "
                        "the target (%(target)s).",
                        kpi=line.kpi_id.name,
                        warning=line.warning,
                        side=self.env._("below") if up else self.env._("above"),
                        target=line.target,
                    )
                )
            if line.kpi_id.unit == "percent" and not (
                0 <= line.target <= 100 and 0 <= line.warning <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "%(kpi)s is a percentage: target and alarm lie between "
                        "0 and 100.",
                        kpi=line.kpi_id.name,
                    )
                )

    def _dist_status(self, value):
        self.ensure_one()
        sign = 1 if self.kpi_id.direction == "up" else -1
        if sign * (value - self.target) >= 0:
            return "good"
        if sign * (value - self.warning) >= 0:
            return "warning"
        return "bad"
