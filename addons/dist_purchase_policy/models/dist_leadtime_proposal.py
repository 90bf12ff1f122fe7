from odoo import fields, models
from odoo.exceptions import AccessError, UserError

_DECISION = object()


class DistLeadtimeProposal(models.Model):
    """A vendor's measured lead time drifted from what its price list
    promises: the run proposes the measured delay; a purchasing manager
    applies it (or not). Nothing changes in the price list before that."""

    _name = "dist.leadtime.proposal"
    _inherit = ["mail.thread", "dist.system.fields.mixin"]
    # measured by the replenishment run
    _dist_system_fields = (
        "company_id",
        "partner_id",
        "promised_lead_days",
        "measured_lead_days",
        "measured_std_days",
        "receipt_count",
        "exception_id",
    )
    _description = "Lead-time update proposal"
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Vendor",
        required=True,
        readonly=True,
        check_company=True,
    )
    promised_lead_days = fields.Float(string="Promised (days)", readonly=True)
    measured_lead_days = fields.Float(string="Measured (days)", readonly=True)
    measured_std_days = fields.Float(string="Spread (days)", readonly=True)
    receipt_count = fields.Integer(readonly=True)
    proposed_delay = fields.Integer(
        string="Proposed delay (days)",
        help="Delay written to the vendor's price-list lines on approval.",
    )
    supplierinfo_count = fields.Integer(compute="_compute_supplierinfo_count")
    exception_id = fields.Many2one(
        comodel_name="dist.exception", readonly=True, check_company=True
    )
    state = fields.Selection(
        selection=[
            ("proposed", "Proposed"),
            ("applied", "Applied"),
            ("rejected", "Rejected"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
    )
    decided_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    decided_at = fields.Datetime(readonly=True)

    def write(self, vals):
        decided = {"state", "decided_by_id", "decided_at"} & set(vals)
        if (
            decided
            and not self.env.su
            and self.env.context.get("dist_leadtime_decision") is not _DECISION
        ):
            raise AccessError(
                self.env._(
                    "A lead-time proposal is decided with Apply or Reject, "
                    "not by editing its status."
                )
            )
        return super().write(vals)

    def _supplierinfos(self):
        self.ensure_one()
        return self.env["product.supplierinfo"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "in", (False, self.company_id.id)),
            ]
        )

    def _compute_supplierinfo_count(self):
        for proposal in self:
            proposal.supplierinfo_count = len(proposal._supplierinfos())

    def _check_decider(self):
        if not self.env.user.has_group("dist_purchase_policy.group_purchasing_manager"):
            raise AccessError(
                self.env._(
                    "Only a purchasing manager decides on vendor lead-time updates."
                )
            )
        for proposal in self:
            if proposal.state != "proposed":
                raise UserError(
                    self.env._(
                        "The proposal for %(vendor)s was already decided.",
                        vendor=proposal.partner_id.name,
                    )
                )

    def action_apply(self):
        self._check_decider()
        for proposal in self:
            if proposal.proposed_delay < 0:
                raise UserError(self.env._("A delivery delay cannot be negative."))
            lines = proposal._supplierinfos()
            old = sorted(set(lines.mapped("delay")))
            lines.write({"delay": proposal.proposed_delay})
            proposal.with_context(dist_leadtime_decision=_DECISION).write(
                {
                    "state": "applied",
                    "decided_by_id": self.env.uid,
                    "decided_at": fields.Datetime.now(),
                }
            )
            self.env["dist.audit.entry"]._log(
                proposal,
                "lead_time_update",
                old=", ".join(str(v) for v in old),
                new=str(proposal.proposed_delay),
                field_name="delay",
            )
            proposal.message_post(
                body=self.env._(
                    "Delay of %(count)s price-list lines set to %(new)s days.",
                    count=len(lines),
                    new=proposal.proposed_delay,
                )
            )

    def action_reject(self):
        self._check_decider()
        self.with_context(dist_leadtime_decision=_DECISION).write(
            {
                "state": "rejected",
                "decided_by_id": self.env.uid,
                "decided_at": fields.Datetime.now(),
            }
        )
