from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

VENDOR_PAYMENT_TYPE = "dist_finance_controls.approval_document_type_vendor_payment"
FINANCE_CONTROLLER = "dist_finance_controls.group_finance_controller"
# the shipped bands of vendor payments, in company currency: (from, tier);
# each open ended, approved by a finance controller (another one per tier)
SHIPPED_PAYMENT_BANDS = ((0.0, 1), (50000.0, 2))
# computed by the payment itself, never written by a request
_COMPUTED_ONLY = ("dist_amount_cc",)


class AccountPayment(models.Model):
    """Vendor payments go through the approval matrix (document type
    "Vendor payment", by amount in company currency) and are never
    approved by whoever posted a bill they pay, set up the vendor's bank
    account they pay to, or created them. Customer receipts are not
    governed."""

    _inherit = "account.payment"

    dist_amount_cc = fields.Monetary(
        string="Amount in company currency",
        currency_field="company_currency_id",
        compute="_compute_dist_amount_cc",
        store=True,
        help="The payment's amount in the company's currency, unsigned: the "
        "approval matrix reads its bands on it.",
    )

    @api.depends("amount_company_currency_signed")
    def _compute_dist_amount_cc(self):
        for payment in self:
            # signed by the liquidity line once the payment has an entry
            # (negative going out), unsigned before
            payment.dist_amount_cc = abs(payment.amount_company_currency_signed)

    def _dist_is_vendor_payment(self):
        self.ensure_one()
        return self.payment_type == "outbound" and self.partner_type == "supplier"

    def _dist_waits_for_approval(self):
        """Must this payment be approved before it is posted (now)?"""
        self.ensure_one()
        if self.state != "draft":
            return False
        # OCA computes it without dependencies: read it afresh
        self.invalidate_recordset(["need_validation"])
        return bool(
            self.need_validation
            or (self.review_ids and self.validation_status != "validated")
        )

    def _dist_paid_bills(self):
        """The vendor bills and refunds this payment pays (linked by the
        register wizard or reconciled)."""
        self.ensure_one()
        # sudo: which bills a payment pays, for the segregation check only
        payment = self.sudo()
        return (payment.invoice_ids | payment.reconciled_bill_ids).filtered(
            lambda move: move.is_purchase_document(include_receipts=True)
        )

    def _dist_payer_conflicts(self):
        """{user: why they may not approve this vendor payment}: who posted
        a bill it pays, who set up the bank account it pays to, who created
        it."""
        self.ensure_one()
        conflicts = {}
        if not self._dist_is_vendor_payment():
            return conflicts
        # sudo: who did what on the payment, its bills and bank account, for
        # the segregation check only
        payment = self.sudo()
        for bill in self._dist_paid_bills():
            if bill.dist_posted_by_id:
                conflicts.setdefault(
                    bill.dist_posted_by_id,
                    self.env._(
                        "%(user)s posted %(bill)s, which this payment pays",
                        user=bill.dist_posted_by_id.name,
                        bill=bill.display_name,
                    ),
                )
        bank = payment.partner_bank_id
        for user in bank.create_uid | bank.dist_details_changed_by_id:
            conflicts.setdefault(
                user,
                self.env._(
                    "%(user)s created or changed the bank account %(account)s "
                    "this payment goes to",
                    user=user.name,
                    account=bank.display_name,
                ),
            )
        if payment.create_uid:
            conflicts.setdefault(
                payment.create_uid,
                self.env._(
                    "%(user)s created this payment",
                    user=payment.create_uid.name,
                ),
            )
        return conflicts

    def _dist_requesters(self):
        requesters = super()._dist_requesters()
        for user in self._dist_payer_conflicts():
            requesters |= user
        return requesters

    def _dist_check_can_approve(self):
        self.ensure_one()
        # the sudo reads of the conflicts must not stand in for the user's own
        self.check_access("read")
        reason = self._dist_payer_conflicts().get(self.env.user)
        if reason:
            raise UserError(
                self.env._(
                    "Segregation of duties on %(payment)s (%(amount)s to "
                    "%(vendor)s): %(reason)s. Another approver must approve it.",
                    payment=self.display_name,
                    amount=self._dist_amount_label(),
                    vendor=self.partner_id.display_name,
                    reason=reason,
                )
            )
        return super()._dist_check_can_approve()

    def _dist_amount_label(self):
        self.ensure_one()
        # outside the call: babel (make i18n) cannot read an f-string among
        # the arguments of _()
        return f"{self.amount:,.2f} {self.currency_id.name}"

    def _dist_needs_approval_intro(self):
        self.ensure_one()
        return self.env._(
            "%(payment)s (%(amount)s to %(vendor)s) needs approval before it "
            "can be posted",
            payment=self.display_name,
            amount=self._dist_amount_label(),
            vendor=self.partner_id.display_name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                for name in _COMPUTED_ONLY:
                    vals.pop(name, None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(name in vals for name in _COMPUTED_ONLY):
            raise AccessError(
                self.env._(
                    "The amount the approval matrix reads on %(payment)s is "
                    "computed from the payment: %(user)s cannot set it.",
                    payment=self[:1].display_name,
                    user=self.env.user.name,
                )
            )
        if vals.get("state") in ("in_process", "paid"):
            self._dist_check_bank_unchanged()
        if "move_id" in vals and vals.get("state") in ("in_process", "paid"):
            # the payment's journal entry is being prepared (Odoo does so
            # while the register wizard creates the payment): a vendor
            # payment waiting for approval keeps its entry in draft and
            # stays draft itself, to be posted once approved
            waiting = self.filtered(
                lambda p: (
                    not p.move_id
                    and p._dist_is_vendor_payment()
                    and p._dist_waits_for_approval()
                )
            )
            if waiting:
                draft_vals = {k: v for k, v in vals.items() if k != "state"}
                super(AccountPayment, waiting).write(draft_vals)
                others = self - waiting
                return others.write(vals) if others else True
        # approved vendor payments the register wizard left in draft: once
        # posted, they settle the bills they were made for
        settling = self.browse()
        if vals.get("state") in ("in_process", "paid"):
            settling = self.filtered(
                lambda p: (
                    p.state == "draft"
                    and p.invoice_ids
                    and p.review_ids
                    and p._dist_is_vendor_payment()
                )
            )
        res = super().write(vals)
        settling.filtered(
            lambda p: p.state in ("in_process", "paid")
        )._dist_reconcile_bills()
        return res

    def _dist_check_bank_unchanged(self):
        """An approval covers the bank account as it was: a vendor payment
        whose account's number, holder or bank changed since its first
        approval is not posted on it."""
        for payment in self.filtered(
            lambda p: p.state == "draft" and p._dist_is_vendor_payment()
        ):
            # sudo: when the account changed and when the payment was
            # approved, for this check only
            bank = payment.sudo().partner_bank_id
            approved = payment.sudo().review_ids.filtered(
                lambda r: r.status == "approved" and r.reviewed_date
            )
            if not bank.dist_details_changed_at or not approved:
                continue
            first = min(approved.mapped("reviewed_date"))
            if bank.dist_details_changed_at >= first:
                raise ValidationError(
                    self.env._(
                        "Bank account %(account)s of %(vendor)s changed on "
                        "%(changed)s, after the payment of %(amount)s was "
                        "approved: restart its validation to have it approved for "
                        "the account as it is now.",
                        account=bank.display_name,
                        vendor=payment.partner_id.display_name,
                        changed=bank.dist_details_changed_at,
                        amount=payment._dist_amount_label(),
                    )
                )

    def _dist_note_on_bills(self):
        """Say on each bill that its payment waits, for whom, and what comes
        next (the register wizard then opens the payment)."""
        for payment in self:
            message = self.env._(
                "The payment of %(amount)s to %(vendor)s waits for approval: "
                "%(tiers)s. Once approved, post it from the payment to settle "
                "%(bills)s.",
                amount=payment._dist_amount_label(),
                vendor=payment.partner_id.display_name,
                tiers=payment._dist_tiers_label(payment.review_ids),
                bills=", ".join(payment.invoice_ids.mapped("display_name")),
            )
            for bill in payment.invoice_ids:
                bill.message_post(body=message)

    def _dist_reconcile_bills(self):
        account_types = self._get_valid_payment_account_types()
        for payment in self:
            bills = payment.invoice_ids.filtered(lambda m: m.state == "posted")
            lines = (payment.move_id.line_ids | bills.line_ids).filtered(
                lambda line: (
                    line.account_id.account_type in account_types
                    and not line.reconciled
                    and line.parent_state == "posted"
                )
            )
            for account in payment.move_id.line_ids.account_id:
                to_match = lines.filtered(lambda line, a=account: line.account_id == a)
                if len(to_match) > 1:
                    to_match.reconcile()


class AccountPaymentRegister(models.TransientModel):
    """Paying bills from the bill: a vendor payment that needs approval is
    created in draft with its validation requested, linked to the bills it
    pays; the finance controller approves it and the clerk posts it, which
    settles the bills. A grouped payment of several bills is one payment:
    its approval covers them all."""

    _inherit = "account.payment.register"

    def _dist_split_waiting(self, to_process):
        waiting, ready = [], []
        for values in to_process:
            payment = values["payment"]
            if (
                payment.state == "draft"
                and payment._dist_is_vendor_payment()
                and payment._dist_waits_for_approval()
            ):
                waiting.append(values)
            else:
                ready.append(values)
        return waiting, ready

    def _dist_check_not_paid_twice(self, to_process):
        """A bill whose payment waits for approval is not paid a second
        time meanwhile: the approver would see two payments of it."""
        for values in to_process:
            bills = values["to_reconcile"].move_id
            # sudo: whether another payment of these bills waits, whoever
            # registers this one
            waiting = (
                bills.sudo()
                .matched_payment_ids.filtered(
                    lambda p: (
                        p.state == "draft"
                        and p.review_ids
                        and p.validation_status != "rejected"
                    )
                )
                .with_env(self.env)
            ) - values["payment"]
            if waiting:
                bill = bills.filtered(
                    lambda m, w=waiting: m.sudo().matched_payment_ids & w
                )[:1]
                raise UserError(
                    self.env._(
                        "%(bill)s already has a payment waiting for approval "
                        "(%(amount)s): have it approved and post it, or cancel "
                        "it, before paying the bill again.",
                        bill=bill.display_name,
                        amount=waiting[:1].sudo()._dist_amount_label(),
                    )
                )

    def _post_payments(self, to_process, edit_mode=False):
        self._dist_check_not_paid_twice(to_process)
        waiting, ready = self._dist_split_waiting(to_process)
        res = super()._post_payments(ready, edit_mode=edit_mode)
        payments = self.env["account.payment"]
        for values in waiting:
            payment = values["payment"]
            payment.invoice_ids |= values["to_reconcile"].move_id
            payments |= payment
        if payments:
            payments.request_validation()
            payments._dist_note_on_bills()
        return res

    def _reconcile_payments(self, to_process, edit_mode=False):
        _waiting, ready = self._dist_split_waiting(to_process)
        return super()._reconcile_payments(ready, edit_mode=edit_mode)


class DistApprovalMatrix(models.Model):
    _inherit = "dist.approval.matrix"

    @api.model
    def _dist_create_payment_defaults(self, companies):
        """The shipped bands of vendor payments, for each company of
        `companies` that has none yet (archived lines count: a controller
        who archived them keeps them archived) and where a finance
        controller works (the matrix names approvers who can decide)."""
        doc_type = self.env.ref(VENDOR_PAYMENT_TYPE, raise_if_not_found=False)
        group = self.env.ref(FINANCE_CONTROLLER, raise_if_not_found=False)
        if not doc_type or not group:
            return self.browse()
        # sudo: shipped configuration, created by the install and by
        # whoever sets up a company's finance roles
        Matrix = self.sudo().with_context(active_test=False)
        done = Matrix.search(
            [
                ("company_id", "in", companies.ids),
                ("document_type_id", "=", doc_type.id),
            ]
        ).company_id
        staffed = companies.filtered(
            lambda c: group.users.filtered(
                lambda u, c=c: u.active and not u.share and c in u.company_ids
            )
        )
        return Matrix.create(
            [
                {
                    "company_id": company.id,
                    "document_type_id": doc_type.id,
                    "amount_min": amount_min,
                    "open_ended": True,
                    "approver_type": "group",
                    "approver_group_id": group.id,
                    "tier": tier,
                }
                for company in staffed - done
                for amount_min, tier in SHIPPED_PAYMENT_BANDS
            ]
        )
