from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL, float_compare, format_amount

from odoo.addons.dist_governance.models.review_route import state_route


class SaleOrder(models.Model):
    """Credit review at confirmation.

    ``action_confirm`` (the button, RPC, any server code that confirms
    through it) first reviews the customers' credit, per company: an order
    whose commercial partner would go over its credit limit (Odoo's
    company-dependent ``credit_limit``, when the company uses credit limits:
    receivable + ``credit_to_invoice`` + this order, in company currency) or
    has invoices overdue beyond the company's grace period is not confirmed.
    It stays a quotation, flagged ``dist_credit_blocked`` with its reason,
    raises a ``credit_blocked`` exception for the credit controllers and
    waits for a credit release (``dist.credit.release``, approval matrix
    document type "Sales order release"), whose approval confirms it.

    KPI data (control tower): every block makes one ``dist.credit.release``
    (its ``create_date`` is the moment of the block, ``company_id`` its
    company); released ones carry ``decision_date`` and ``release_hours``
    (block to release, in hours): the count of credit-blocked orders in a
    window is the count of releases created in it, the median release time
    the median of ``release_hours`` of those in state ``done``. The order's
    ``dist_credit_blocked`` says whether it waits now.
    """

    _name = "sale.order"
    _inherit = ["sale.order", "dist.system.fields.mixin"]
    # the credit review's marks are the suite's: set by the confirmation and
    # the release only, never by hand or RPC
    _dist_system_fields = (
        "dist_credit_blocked",
        "dist_credit_block_reason",
        "dist_credit_release_id",
        "dist_credit_released_amount",
    )

    dist_credit_blocked = fields.Boolean(
        string="Credit blocked",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The confirmation stopped this order for the customer's credit: "
        "it waits for a credit controller's release.",
    )
    dist_credit_block_reason = fields.Text(
        string="Credit block reason", readonly=True, copy=False
    )
    dist_credit_release_id = fields.Many2one(
        comodel_name="dist.credit.release",
        string="Credit release",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    dist_credit_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    dist_credit_released_amount = fields.Monetary(
        string="Released for",
        currency_field="dist_credit_currency_id",
        readonly=True,
        copy=False,
        help="The amount, in company currency, a credit controller released "
        "the order for: confirming it again blocks it only when it grew.",
    )
    dist_credit_release_count = fields.Integer(
        compute="_compute_dist_credit_release_count"
    )

    def _compute_dist_credit_release_count(self):
        # sudo: the count of the order's releases, for its button; opening
        # them takes read access
        counts = dict(
            self.env["dist.credit.release"]
            .sudo()
            ._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.dist_credit_release_count = counts.get(order, 0)

    # ------------------------------------------------------------------
    # confirmation
    # ------------------------------------------------------------------

    def action_confirm(self):
        reviewed = self.filtered(lambda o: o.state in ("draft", "sent"))
        # a blocked order is changed (flagged, sent for release): who may
        # not change it is refused before the review reads with sudo
        reviewed.check_access("write")
        reasons = reviewed._dist_credit_review()
        blocked = self.browse(list(reasons))
        passing = self - blocked
        if blocked:
            blocked._dist_credit_block(reasons)
        # orders blocked earlier that pass now (a limit raised, an invoice
        # paid): their open release is withdrawn
        passing.filtered("dist_credit_blocked")._dist_credit_unblock()
        result = True
        if passing or not blocked:
            result = super(SaleOrder, passing).action_confirm()
        if not blocked:
            return result
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Blocked for credit review"),
                "message": "\n".join(
                    f"{order.name}: {reasons[order.id]}" for order in blocked
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _dist_credit_amount(self):
        """The order's total in company currency, at today's rate."""
        self.ensure_one()
        company = self.company_id
        return self.currency_id._convert(
            self.amount_total,
            company.currency_id,
            company,
            company._dist_today(),
        )

    def _dist_credit_review(self):
        """The orders among these (draft or sent) the customer's credit
        stops, as {order id: reason}. One query per company for the overdue
        invoices of all their customers; orders of one customer in one
        batch add up against its limit."""
        reasons = {}
        for company, orders in self.grouped("company_id").items():
            if not company.dist_credit_review:
                # the company keeps Odoo's warning only
                continue
            # sudo: credit figures and limits are accounting's fields; the
            # salesperson who confirms reads them through the review only
            orders = orders.with_company(company).sudo()
            currency = company.currency_id
            overdue = orders._dist_credit_overdue(company)
            # credit and credit_to_invoice are computed without dependencies:
            # read them afresh (an order confirmed earlier in the transaction)
            orders.partner_id.commercial_partner_id.invalidate_recordset(
                ["credit", "debit", "credit_to_invoice"]
            )
            in_batch = defaultdict(float)
            for order in orders.sorted("id"):
                amount = order._dist_credit_amount()
                if order.dist_credit_released_amount and (
                    float_compare(
                        amount,
                        order.dist_credit_released_amount,
                        precision_rounding=currency.rounding,
                    )
                    <= 0
                ):
                    # released already, for at least this amount
                    continue
                partner = order.partner_id.commercial_partner_id
                found = []
                if partner.id in overdue:
                    due, oldest = overdue[partner.id]
                    found.append(
                        self.env._(
                            "%(customer)s has %(amount)s overdue since %(date)s "
                            "(grace %(days)s days)",
                            customer=partner.name,
                            amount=format_amount(self.env, due, currency),
                            date=fields.Date.to_string(oldest),
                            days=company.dist_credit_grace_days,
                        )
                    )
                limit = partner.credit_limit
                if company.account_use_credit_limit and limit > 0:
                    exposure = (
                        partner.credit
                        + partner.credit_to_invoice
                        + in_batch[partner.id]
                        + amount
                    )
                    if (
                        float_compare(
                            exposure, limit, precision_rounding=currency.rounding
                        )
                        > 0
                    ):
                        found.append(
                            self.env._(
                                "%(customer)s would owe %(exposure)s with this "
                                "order, over its credit limit of %(limit)s",
                                customer=partner.name,
                                exposure=format_amount(self.env, exposure, currency),
                                limit=format_amount(self.env, limit, currency),
                            )
                        )
                in_batch[partner.id] += amount
                if found:
                    reasons[order.id] = "; ".join(found)
            # the same figures change once the orders are confirmed, and
            # Odoo computes them without dependencies: leave no stale value
            # in the cache for whoever reads them next
            orders.partner_id.commercial_partner_id.invalidate_recordset(
                ["credit", "debit", "credit_to_invoice"]
            )
        return reasons

    def _dist_credit_overdue(self, company):
        """{commercial partner id: (overdue amount, oldest due date)} of the
        customers of these orders with posted receivables of `company` still
        open whose due date plus the grace period is before today in the
        company's time zone. One query for the batch."""
        if not company.dist_credit_block_overdue or not self:
            return {}
        partners = self.partner_id.commercial_partner_id
        cutoff = company._dist_today() - timedelta(days=company.dist_credit_grace_days)
        self.env["account.move.line"].flush_model(
            [
                "account_id",
                "amount_residual",
                "company_id",
                "date_maturity",
                "parent_state",
                "partner_id",
                "reconciled",
            ]
        )
        self.env["account.account"].flush_model(["account_type"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       SUM(aml.amount_residual),
                       MIN(aml.date_maturity)
                  FROM account_move_line aml
                  JOIN account_account a ON a.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND a.account_type = 'asset_receivable'
                   AND aml.reconciled IS NOT TRUE
                   AND aml.amount_residual > 0
                   AND aml.date_maturity < %(cutoff)s
                   AND p.commercial_partner_id = ANY(%(partners)s)
                 GROUP BY p.commercial_partner_id
                """,
                company=company.id,
                cutoff=cutoff,
                partners=partners.ids,
            )
        )
        return {pid: (amount, oldest) for pid, amount, oldest in rows}

    def _dist_credit_block(self, reasons):
        """Flag these orders, raise their exception and send each to a
        credit release (the open one, or a new one)."""
        Release = self.env["dist.credit.release"]
        for order in self:
            reason = reasons[order.id]
            # sudo: the block's marks are the suite's (system fields)
            order.sudo().write(
                {"dist_credit_blocked": True, "dist_credit_block_reason": reason}
            )
            partner = order.partner_id.commercial_partner_id
            self.env["dist.exception"].raise_exception(
                "credit_blocked",
                order,
                self.env._(
                    "%(order)s blocked for credit review: %(reason)s",
                    order=order.name,
                    reason=reason,
                ),
                company_id=order.company_id.id,
                partner_id=partner.id,
            )
            request = order.dist_credit_release_id.filtered(
                lambda r: r.state == "draft"
            )
            if not request:
                request = Release._dist_make(order, reason)
                # sudo: as above
                order.sudo().write({"dist_credit_release_id": request.id})
            request._dist_send()
            order.message_post(
                body=self.env._(
                    "Blocked for credit review: %(reason)s. %(request)s waits "
                    "for a credit controller.",
                    reason=reason,
                    request=request.sudo().name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _dist_credit_unblock(self):
        """Lift the block of orders the review lets through now: their open
        release is withdrawn, their exception cancelled."""
        for order in self:
            # sudo: the release and the exception are the credit review's;
            # the salesperson's confirmation just passed it
            order.dist_credit_release_id.sudo()._dist_withdraw(
                self.env._("%(order)s passed the credit review.", order=order.name)
            )
            order.sudo().write(
                {"dist_credit_blocked": False, "dist_credit_block_reason": False}
            )

    def _action_cancel(self):
        result = super()._action_cancel()
        blocked = self.filtered("dist_credit_blocked")
        for order in blocked:
            # sudo: as in _dist_credit_unblock; a cancelled order waits for
            # no release
            order.dist_credit_release_id.sudo()._dist_withdraw(
                self.env._("%(order)s was cancelled.", order=order.name)
            )
        blocked.sudo().write(
            {"dist_credit_blocked": False, "dist_credit_block_reason": False}
        )
        return result

    def _dist_credit_release_confirm(self, amount):
        """Confirm these blocked orders once released for `amount` (company
        currency). The caller checked the approver's right (the release's
        review): the confirmation, on the order's state route, runs with the
        system's rights, as the credit controller does not sell."""
        # sudo: see above
        orders = state_route(self.sudo())
        orders.write(
            {
                "dist_credit_blocked": False,
                "dist_credit_block_reason": False,
                "dist_credit_released_amount": amount,
            }
        )
        waiting = orders.filtered(lambda o: o.state in ("draft", "sent"))
        if waiting:
            waiting.action_confirm()

    def action_view_dist_credit_releases(self):
        self.ensure_one()
        releases = self.env["dist.credit.release"].search(
            [("sale_order_id", "=", self.id)]
        )
        return releases._get_records_action(
            name=self.env._("Credit releases of %(order)s", order=self.name)
        )
