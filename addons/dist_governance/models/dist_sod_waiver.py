from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class DistSodWaiver(models.Model):
    """A logged exception to a conflicting-duties rule: who may hold both,
    why, who decided, until when."""

    _name = "dist.sod.waiver"
    _description = "Segregation of duties waiver"
    _order = "date_to desc, id desc"
    _check_company_auto = True

    rule_id = fields.Many2one(
        comodel_name="dist.sod.rule",
        required=True,
        ondelete="cascade",
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="User",
        required=True,
        domain=[("share", "=", False)],
        index=True,
    )
    reason = fields.Text(required=True)
    granted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Granted by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    # days of the rule's company (its time zone's), as the check and the
    # conflicts report read them
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self.env.company._dist_today(),
    )
    date_to = fields.Date(string="Until", required=True)

    @api.depends("user_id", "rule_id", "date_to")
    def _compute_display_name(self):
        for waiver in self:
            waiver.display_name = self.env._(
                "waiver of %(user)s for %(rule)s until %(to)s",
                user=waiver.user_id.name,
                rule=waiver.rule_id.display_name,
                to=waiver.date_to,
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for waiver in self:
            if waiver.date_to < waiver.date_from:
                raise ValidationError(
                    self.env._(
                        "The waiver for %(user)s ends (%(to)s) before it starts "
                        "(%(from)s).",
                        user=waiver.user_id.name,
                        to=waiver.date_to,
                        **{"from": waiver.date_from},
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # who granted it is who logged it, not a value to choose
            vals["granted_by_id"] = self.env.user.id
            if not self.env.su and vals.get("user_id") == self.env.uid:
                raise ValidationError(
                    self.env._("Nobody waives their own segregation of duties.")
                )
        waivers = super().create(vals_list)
        for waiver in waivers:
            self.env["dist.audit.entry"]._log(
                waiver,
                "waiver",
                new=self.env._(
                    "%(user)s may hold %(rule)s until %(to)s: %(reason)s",
                    user=waiver.user_id.name,
                    rule=waiver.rule_id.display_name,
                    to=waiver.date_to,
                    reason=waiver.reason,
                ),
            )
        return waivers

    def write(self, vals):
        self._dist_check_can_change()
        if set(vals) - {"date_to"}:
            raise ValidationError(
                self.env._(
                    "A waiver is a logged decision: only its end date can "
                    "change (to end it early or extend it)."
                )
            )
        old = {waiver.id: waiver.date_to for waiver in self}
        res = super().write(vals)
        self.env["dist.audit.entry"]._log_changes(self, "date_to", old, "waiver")
        return res

    def _dist_check_can_change(self):
        """A waiver changes only by someone who may grant waivers, and
        never by whom it covers (nobody extends their own waiver)."""
        if self.env.su:
            return
        user = self.env.user
        if not user.has_group("dist_governance.group_governance_controller"):
            raise AccessError(
                self.env._(
                    "%(user)s may not grant waivers and so cannot change %(waiver)s.",
                    user=user.name,
                    waiver=self[:1].display_name,
                )
            )
        own = self.filtered(lambda w: w.user_id == user)
        if own:
            raise AccessError(
                self.env._(
                    "%(user)s holds %(waiver)s and cannot change it: another "
                    "governance controller decides on their waiver.",
                    user=user.name,
                    waiver=own[:1].display_name,
                )
            )
