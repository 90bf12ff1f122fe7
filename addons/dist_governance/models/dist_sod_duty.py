from odoo import fields, models


class DistSodDuty(models.Model):
    """A duty a user holds through any of its groups: "approves purchase
    orders", "validates receipts", "creates vendors"..."""

    _name = "dist.sod.duty"
    _description = "Duty (segregation of duties)"
    _order = "name"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    group_ids = fields.Many2many(
        comodel_name="res.groups",
        relation="dist_sod_duty_group_rel",
        column1="duty_id",
        column2="group_id",
        string="Held through",
        required=True,
        help="Whoever holds one of these groups (directly or implied) holds the duty.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique (code)", "A duty code is unique."),
    ]

    def _holders(self, company):
        """Active internal users of `company` who hold this duty."""
        self.ensure_one()
        return self.group_ids.users.filtered(
            lambda u: u.active and not u.share and company in u.company_ids
        )
