from odoo import fields, models


class DistCaseAction(models.Model):
    """A resolution action a case category may allow (return, replacement,
    credit note, reschedule, expedite): what the agent may do to close a
    case of that category."""

    _name = "dist.case.action"
    _inherit = ["dist.system.fields.mixin"]
    # the stable key the resolve wizard dispatches on (shipped data)
    _dist_system_fields = ("code",)
    _description = "Case resolution action"
    _order = "sequence, id"

    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Empty: offered to every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "A resolution action code is unique."),
    ]
