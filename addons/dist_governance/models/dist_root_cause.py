from odoo import fields, models

PROCESS_AREAS = [
    ("supplier", "Supplier lead time"),
    ("receiving", "Receiving backlog"),
    ("inventory", "Stock accuracy"),
    ("order_release", "Order release"),
    ("transport", "Transport"),
    ("master_data", "Master data"),
    ("customer", "Customer"),
    ("other", "Other"),
]


class DistRootCause(models.Model):
    """Why an exception happened, in the process area that owns the fix."""

    _name = "dist.root.cause"
    _description = "Root cause"
    _order = "process_area, code"

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    process_area = fields.Selection(
        selection=PROCESS_AREAS,
        required=True,
        default="other",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Empty: the root cause applies in every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "unique (code, company_id)",
            "A root cause code is unique per company.",
        ),
    ]
