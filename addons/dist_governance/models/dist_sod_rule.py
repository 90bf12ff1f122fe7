from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistSodRule(models.Model):
    """Two duties one person must not hold together in a company, unless a
    governance controller logged a waiver for that person."""

    _name = "dist.sod.rule"
    _description = "Conflicting duties"
    _order = "company_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    duty_a_id = fields.Many2one(
        comodel_name="dist.sod.duty",
        string="Duty",
        required=True,
        ondelete="restrict",
    )
    duty_b_id = fields.Many2one(
        comodel_name="dist.sod.duty",
        string="Conflicts with",
        required=True,
        ondelete="restrict",
    )
    reason = fields.Text(help="The risk the separation prevents.")
    active = fields.Boolean(default=True)
    waiver_ids = fields.One2many(
        comodel_name="dist.sod.waiver",
        inverse_name="rule_id",
        string="Waivers",
    )

    @api.depends("duty_a_id", "duty_b_id", "company_id")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = self.env._(
                "%(a)s / %(b)s (%(company)s)",
                a=rule.duty_a_id.name,
                b=rule.duty_b_id.name,
                company=rule.company_id.name,
            )

    @api.constrains("duty_a_id", "duty_b_id")
    def _check_duties(self):
        for rule in self:
            if rule.duty_a_id == rule.duty_b_id:
                raise ValidationError(
                    self.env._(
                        "A duty cannot conflict with itself (%(duty)s).",
                        duty=rule.duty_a_id.name,
                    )
                )

    def _conflicting_users(self, users=None):
        """{rule: users holding both duties in its company without a waiver
        valid today (the company's today, whoever checks)."""
        result = {}
        for rule in self:
            company = rule.company_id
            today = company._dist_today()
            holders = rule.duty_a_id._holders(company) & rule.duty_b_id._holders(
                company
            )
            if users is not None:
                holders &= users
            waived = rule.waiver_ids.filtered(
                lambda w, t=today: w.date_to >= t and w.date_from <= t
            ).user_id
            if holders - waived:
                result[rule] = holders - waived
        return result

    @api.model
    def _check_users(self, users):
        """Refuse, naming the pair, when `users` hold conflicting duties
        without a waiver."""
        # sudo: the rules apply whoever changes the groups
        rules = self.sudo().search([("company_id", "in", users.company_ids.ids)])
        conflicts = rules._conflicting_users(users)
        if conflicts:
            lines = [
                self.env._(
                    "%(users)s: %(a)s and %(b)s in %(company)s",
                    users=", ".join(found.mapped(lambda u: u.name or u.login)),
                    a=rule.duty_a_id.name,
                    b=rule.duty_b_id.name,
                    company=rule.company_id.name,
                )
                for rule, found in conflicts.items()
            ]
            raise ValidationError(
                self.env._(
                    "Segregation of duties: these duties must stay with "
                    "different people unless a governance controller logs a "
                    "waiver.\n%(lines)s",
                    lines="\n".join(lines),
                )
            )
