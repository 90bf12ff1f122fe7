from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class DistCreditRelease(models.Model):
    """A sales order blocked for credit at confirmation, waiting for a
    credit controller's release (approval matrix document type "Sales order
    release", shipped per company: credit controllers, every amount).

    Its amount is the order's total in company currency when it was
    blocked: what the customer's credit takes on if it is released (the
    matrix may send large orders to a further tier). The approver writes
    the reason of their decision first; the last approval confirms the
    order, a rejection keeps it blocked and tells the salesperson. Nobody
    releases an order they sell or made (salesperson, creator), nor one
    whose release they asked for.

    KPI fields: ``create_date`` (blocked), ``decision_date`` and
    ``release_hours`` (block to decision, hours), ``state`` (``done`` =
    released), ``company_id``: the count of credit-blocked orders is the
    count of releases created in the window, the median release time the
    median ``release_hours`` of the ``done`` ones.
    """

    _name = "dist.credit.release"
    _inherit = ["dist.approval.request.mixin"]
    _description = "Credit release of a sales order"
    _order = "id desc"
    _check_company_auto = True
    # the order, its figures at the block and the decision's stamps are the
    # suite's; the approver writes only the reason of their decision
    _dist_system_fields = (
        "name",
        "amount",
        "decided_by_id",
        "decision_date",
        "release_hours",
    )
    _dist_fixed_fields = (
        "company_id",
        "sale_order_id",
        "partner_id",
        "salesperson_id",
        "reason",
    )
    _state_to = ["done"]
    _dist_frozen_fields = _dist_fixed_fields + (
        "amount",
        "decided_by_id",
        "decision_date",
        "release_hours",
    )
    # a credit controller may withdraw a release that waits (the order stays
    # blocked; confirming it again asks anew)
    _dist_cancel_groups = ("dist_finance_controls.group_credit_controller",)

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sales order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True, index=True
    )
    salesperson_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Order amount",
        readonly=True,
        help="The order's total in company currency when it was blocked: what "
        "the approval matrix compares.",
    )
    reason = fields.Text(string="Blocked because", readonly=True)
    decision_note = fields.Text(
        string="Reason for the decision",
        help="Why you release or refuse the order: required before you "
        "approve or reject, logged on the order and here.",
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided by", readonly=True
    )
    decision_date = fields.Datetime(readonly=True, copy=False)
    release_hours = fields.Float(
        string="Hours to decision",
        readonly=True,
        aggregator="avg",
        help="From the block to the decision, in hours.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Waiting for release"),
            ("done", "Released"),
            ("rejected", "Refused"),
            ("cancel", "Withdrawn"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.depends("sale_order_id")
    def _compute_name(self):
        for request in self:
            request.name = self.env._(
                "CR/%(id)s %(order)s",
                id=request.id or "-",
                order=request.sale_order_id.name,
            )

    @api.model
    def _get_under_validation_exceptions(self):
        # the approver writes the reason of the decision while it waits
        return super()._get_under_validation_exceptions() + ["decision_note"]

    @api.model
    def _dist_make(self, order, reason):
        """The release request of blocked `order`, asked by whoever
        confirmed it."""
        # sudo: the salesperson's confirmation makes the request; they do not
        # write credit releases otherwise
        return (
            self.sudo()
            .create(
                {
                    "company_id": order.company_id.id,
                    "sale_order_id": order.id,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "salesperson_id": order.user_id.id,
                    "reason": reason,
                    "amount": order._dist_credit_amount(),
                }
            )
            .with_env(self.env)
        )

    def _dist_send(self):
        """Ask the approval matrix for each waiting request without reviews
        yet. A company without a line for sales order releases gets the
        shipped one (once it has a credit controller); a blocked order is
        never released without a decision: with no line, the request waits
        and says so."""
        Matrix = self.env["dist.approval.matrix"].sudo()
        for request in self.filtered(lambda r: r.state == "draft"):
            # sudo: the request's reviews, whoever confirmed the order
            request = request.sudo()
            if request.review_ids:
                continue
            doc_type = request._dist_document_type()
            if not Matrix.search_count(
                [
                    ("company_id", "=", request.company_id.id),
                    ("document_type_id", "=", doc_type.id),
                ],
                limit=1,
            ):
                self.env["res.company"]._dist_credit_create_defaults(request.company_id)
                request.invalidate_recordset(["need_validation"])
            if request.need_validation:
                request.request_validation()
            else:
                request.message_post(
                    body=self.env._(
                        "No line of the approval matrix of %(company)s sends "
                        "%(name)s to an approver: a governance controller must "
                        "add one (document type Sales order release). The "
                        "order stays blocked.",
                        company=request.company_id.name,
                        name=request.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _dist_requesters(self):
        # releasing an order and selling it are conflicting duties: its
        # salesperson and whoever made it never release it
        requesters = super()._dist_requesters()
        # sudo: who sells and made the order, for the segregation check only
        order = self.sudo().sale_order_id
        return requesters | order.user_id | order.create_uid

    # ------------------------------------------------------------------
    # deciding
    # ------------------------------------------------------------------

    def _dist_check_decision_note(self, verb):
        if self.env.su:
            return
        missing = self.filtered(lambda r: not (r.decision_note or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the reason for the decision on %(names)s before you "
                    "%(verb)s it: it is logged on the order.",
                    names=", ".join(missing.mapped("name")),
                    verb=verb,
                )
            )

    def validate_tier(self):
        self._dist_check_decision_note(self.env._("release"))
        return super().validate_tier()

    def reject_tier(self):
        self._dist_check_decision_note(self.env._("refuse"))
        return super().reject_tier()

    def _validate_tier(self, tiers=False):
        result = super()._validate_tier(tiers)
        # also reached from the comment wizard, when the matrix line asks for
        # a comment: the last approval releases the order there too
        approved = self._dist_request_waiting().filtered(
            lambda r: r.validation_status == "validated"
        )
        if approved:
            approved._dist_request_execute()
        return result

    def _dist_decision_vals(self):
        self.ensure_one()
        now = fields.Datetime.now()
        return {
            "decided_by_id": self.env.uid,
            "decision_date": now,
            "release_hours": (now - self.create_date).total_seconds() / 3600.0,
        }

    def _dist_request_execute(self):
        """The last approval releases the order: it is confirmed (with the
        system's rights, the approver's review having been checked), its
        exception resolved, the decision logged on both."""
        for request in self._dist_request_waiting():
            # sudo: the request's status and stamps are the suite's
            request.sudo().write({**request._dist_decision_vals(), "state": "done"})
            order = request.sale_order_id
            # resolved first: an order that grew since it was blocked is
            # blocked again by its confirmation, with an exception of its own
            request._dist_close_exceptions(resolve=True)
            order._dist_credit_release_confirm(request.amount)
            request._dist_log_decision(
                self.env._(
                    "Credit release %(name)s: %(user)s released %(order)s "
                    "(%(amount)s): %(note)s",
                    name=request.name,
                    user=self.env.user.name,
                    order=order.name,
                    amount=format_amount(self.env, request.amount, request.currency_id),
                    note=request.decision_note,
                )
            )

    def _dist_request_rejected(self):
        """The order stays blocked; the salesperson is told why."""
        for request in self:
            # sudo: as in _dist_request_execute
            request.sudo().write(request._dist_decision_vals())
            request._dist_log_decision(
                self.env._(
                    "Credit release %(name)s: %(user)s refused to release "
                    "%(order)s, which stays blocked: %(note)s",
                    name=request.name,
                    user=self.env.user.name,
                    order=request.sale_order_id.name,
                    note=request.decision_note,
                )
            )

    def _dist_request_cancelled(self):
        self._dist_close_exceptions(resolve=False)

    def _dist_log_decision(self, body):
        """The decision in the chatter of the request and of the order,
        addressed to the order's salesperson."""
        self.ensure_one()
        # sudo: the approver may only read the order; the note is theirs
        # (author), posted on the order the decision is about
        order = self.sale_order_id.sudo()
        partners = self.salesperson_id.partner_id
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
        order.message_post(
            body=body,
            partner_ids=partners.ids,
            subtype_xmlid="mail.mt_comment" if partners else "mail.mt_note",
        )

    def _dist_close_exceptions(self, resolve):
        """Resolve (released) or cancel (withdrawn) the credit_blocked
        exceptions open on these requests' orders."""
        # sudo: the exceptions are the credit review's own
        exceptions = (
            self.env["dist.exception"]
            .sudo()
            .search(
                [
                    ("type_id.code", "=", "credit_blocked"),
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", self.sale_order_id.ids),
                    ("state", "in", ("open", "progress")),
                ]
            )
        )
        if not exceptions:
            return
        if resolve:
            exceptions.write(
                {
                    "root_cause_id": self.env.ref(
                        "dist_finance_controls.root_cause_customer_credit"
                    ).id,
                    "corrective_action": self.env._(
                        "Released by a credit controller: %(note)s",
                        note="; ".join(self.mapped("decision_note")),
                    ),
                }
            )
            exceptions.action_resolve()
        else:
            exceptions.action_cancel()

    def _dist_withdraw(self, note):
        """Withdraw the waiting ones among these requests (the order passed
        the review, or was cancelled)."""
        waiting = self._dist_request_waiting()
        if not waiting:
            return
        waiting._dist_request_set_state(self._cancel_state)
        waiting._dist_close_exceptions(resolve=False)
        for request in waiting:
            request.sudo().message_post(body=note, subtype_xmlid="mail.mt_note")

    def _dist_request_frozen_message(self):
        return self.env._(
            "A credit release keeps the order and the figures it was blocked "
            "with; only the reason for the decision is yours to write."
        )

    def _dist_request_cancel_action(self):
        return self.env._("withdraw a credit release")

    def action_open_order(self):
        self.ensure_one()
        return self.sale_order_id._get_records_action(name=self.sale_order_id.name)
