from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class DistApprovalDelegation(models.Model):
    """A reviewer hands their approvals to a named user for a date range.

    While it runs, the delegate is a reviewer wherever the delegator is; an
    approval by the delegate records on whose behalf it was given. Its days
    are its company's (its time zone's): the scheduler, the reviewer and the
    delegate, wherever they are, agree on when it starts and ends."""

    _name = "dist.approval.delegation"
    _description = "Approval delegation"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    delegator_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewer",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    delegate_id = fields.Many2one(
        comodel_name="res.users",
        string="Delegate",
        required=True,
        index=True,
        domain=[("share", "=", False)],
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self.env.company._dist_today(),
    )
    date_to = fields.Date(string="Until", required=True)
    reason = fields.Char()
    active = fields.Boolean(default=True)

    @api.depends("delegator_id", "delegate_id", "date_from", "date_to")
    def _compute_display_name(self):
        for delegation in self:
            delegation.display_name = self.env._(
                "%(delegator)s to %(delegate)s, %(start)s to %(end)s",
                delegator=delegation.delegator_id.name,
                delegate=delegation.delegate_id.name,
                start=delegation.date_from,
                end=delegation.date_to,
            )

    @api.constrains("delegator_id", "delegate_id", "date_from", "date_to", "company_id")
    def _check_delegation(self):
        for delegation in self:
            if delegation.delegate_id == delegation.delegator_id:
                raise ValidationError(
                    self.env._("Nobody delegates approvals to themselves.")
                )
            if delegation.date_to < delegation.date_from:
                raise ValidationError(
                    self.env._(
                        "Delegation %(name)s ends before it starts.",
                        name=delegation.display_name,
                    )
                )
            if delegation.company_id not in delegation.delegate_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s has no access to %(company)s and cannot approve "
                        "its documents.",
                        user=delegation.delegate_id.name,
                        company=delegation.company_id.name,
                    )
                )
            overlapping = self.search(
                [
                    ("id", "!=", delegation.id),
                    ("company_id", "=", delegation.company_id.id),
                    ("delegator_id", "=", delegation.delegator_id.id),
                    ("date_from", "<=", delegation.date_to),
                    ("date_to", ">=", delegation.date_from),
                ]
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "Delegation %(name)s overlaps %(others)s: one delegate "
                        "at a time.",
                        name=delegation.display_name,
                        others=", ".join(overlapping.mapped("display_name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        delegations = super().create(vals_list)
        delegations._dist_check_own()
        for delegation in delegations:
            self.env["dist.audit.entry"]._log(
                delegation, "delegation", new=delegation.display_name
            )
        delegations._dist_refresh_reviews()
        return delegations

    def write(self, vals):
        old = {d.id: d.display_name for d in self}
        res = super().write(vals)
        self._dist_check_own()
        for delegation in self:
            self.env["dist.audit.entry"]._log(
                delegation,
                "delegation",
                old=old[delegation.id],
                new=delegation.display_name
                if delegation.active
                else self.env._("ended: %s", delegation.display_name),
            )
        self._dist_refresh_reviews()
        return res

    def _dist_check_own(self):
        """Record rules check a write before it happens: a reviewer who
        rewrites their delegation into someone else's is refused after."""
        if self.env.su or self.env.user.has_group(
            "dist_governance.group_governance_controller"
        ):
            return
        if self.filtered(lambda d: d.delegator_id != self.env.user):
            raise AccessError(
                self.env._(
                    "%(user)s can hand over their own approvals only.",
                    user=self.env.user.name,
                )
            )

    @api.model
    def _active_delegations(self, delegators, company=None, day=None):
        """The delegations of `delegators` running on `day` (default: today
        in each delegation's company)."""
        domain = [("delegator_id", "in", delegators.ids)]
        if company:
            domain.append(("company_id", "=", company.id))
            day = day or company._dist_today()
        if day:
            domain += [("date_from", "<=", day), ("date_to", ">=", day)]
        # sudo: who stands in for whom decides who may review, whoever asks
        delegations = self.sudo().search(domain)
        if day:
            return delegations
        today = {company: company._dist_today() for company in delegations.company_id}
        return delegations.filtered(
            lambda d: d.date_from <= today[d.company_id] <= d.date_to
        )

    def _dist_refresh_reviews(self):
        """Open reviews of the delegators take (or lose) their delegates."""
        # sudo: recomputes stored reviewers; no review changes status
        reviews = (
            self.env["tier.review"]
            .sudo()
            .search(
                [
                    ("status", "in", ("waiting", "pending")),
                    ("company_id", "in", self.company_id.ids + [False]),
                ]
            )
        )
        reviews._dist_recompute_reviewers()

    @api.model
    def _cron_refresh(self):
        """Daily: delegations that start or end today (in their company's
        zone) change reviewers."""
        self.search([])._dist_refresh_reviews()
