from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..names import app_names

SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]


class DistExceptionType(models.Model):
    """A kind of exception a domain addon raises, and who answers for it."""

    _name = "dist.exception.type"
    _description = "Exception type"
    _order = "source_module, code"
    _check_company_auto = True

    code = fields.Char(
        required=True,
        index=True,
        help="Stable key the raising code uses, e.g. late_delivery "
        "(configuration only: users see the name).",
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    source_module = fields.Char(
        string="Addon (technical name)",
        help="Technical name of the addon that raises this exception.",
    )
    source_app = fields.Char(
        string="Raised by",
        compute="_compute_source_app",
        help="The app of the suite that raises this exception.",
    )
    owner_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Owning role",
        required=True,
        ondelete="restrict",
        help="The role that answers for exceptions of this type; its users "
        "become owners when the raising code names none.",
    )
    escalation_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Escalates to",
        ondelete="restrict",
        help="The owning role's manager: gets the overdue exceptions.",
    )
    default_severity = fields.Selection(
        selection=SEVERITIES,
        required=True,
        default="medium",
    )
    resolution_hours = fields.Float(
        string="Resolution SLA (hours)",
        default=48.0,
        help="Hours from detection to the deadline of an exception.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Empty: the type applies in every company.",
    )
    active = fields.Boolean(default=True)
    exception_count = fields.Integer(compute="_compute_exception_count")

    _sql_constraints = [
        (
            "code_company_unique",
            "unique (code, company_id)",
            "An exception type code is unique per company.",
        ),
    ]

    def _compute_exception_count(self):
        counts = dict(
            self.env["dist.exception"]._read_group(
                [("type_id", "in", self.ids), ("state", "in", ("open", "progress"))],
                groupby=["type_id"],
                aggregates=["__count"],
            )
        )
        for exception_type in self:
            exception_type.exception_count = counts.get(exception_type, 0)

    @api.constrains("resolution_hours")
    def _check_resolution_hours(self):
        for exception_type in self:
            if exception_type.resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The resolution SLA of exception type %(type)s must be "
                        "a positive number of hours, not %(hours)s.",
                        type=exception_type.display_name,
                        hours=exception_type.resolution_hours,
                    )
                )

    @api.depends("source_module")
    def _compute_source_app(self):
        apps = app_names(self.env, self.mapped("source_module"))
        for exception_type in self:
            exception_type.source_app = apps.get(exception_type.source_module, False)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for exception_type in self:
            exception_type.display_name = exception_type.name or exception_type.code

    def _find(self, code, company):
        """The active type `code` for `company` (its own before the shared)."""
        types = self.search(
            [("code", "=", code), ("company_id", "in", [company.id, False])],
            order="company_id",
        )
        return types[:1]
