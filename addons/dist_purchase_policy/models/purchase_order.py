from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.dist_governance.models.review_route import state_route

# an order in these states was confirmed under its approvals
APPROVED_STATES = ("purchase", "done")
# order fields that move its amount or the matrix conditions it meets
ORDER_APPROVAL_FIELDS = {"order_line", "currency_id", "partner_id", "picking_type_id"}


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    # Odoo's buttons, as arrows: confirm (draft, sent, to approve ->
    # purchase), lock and unlock (purchase <-> done), cancel and reset.
    # Each is taken only by its button (the state route).
    _dist_state_transitions = {
        "draft": ("sent", "to approve", "purchase", "cancel"),
        "sent": ("to approve", "purchase", "cancel", "draft"),
        "to approve": ("purchase", "cancel", "draft"),
        "purchase": ("done", "cancel"),
        "done": ("purchase", "cancel"),
        "cancel": ("draft",),
    }
    _dist_create_states = ("draft",)
    # an RFQ marked sent approves nothing (Odoo's mail composer and its own
    # tests write it)
    _dist_free_transitions = frozenset({("draft", "sent")})

    def write(self, vals):
        if self.env.su or not ORDER_APPROVAL_FIELDS & set(vals):
            return super().write(vals)
        before = self._dist_uncovered_snapshot()
        res = super().write(vals)
        self._dist_check_within_approval(before)
        return res

    def _dist_needs_approval_intro(self):
        self.ensure_one()
        return self.env._(
            "%(document)s needs approval before it can be confirmed",
            document=self.display_name,
        )

    @api.onchange("partner_id", "company_id")
    def onchange_partner_id(self):
        """The purchase representative is the vendor's buyer in the order's
        company, not Odoo's Buyer when that user works for another company
        (the order would be theirs and they could not open it)."""
        res = super().onchange_partner_id()
        if not self.partner_id:
            return res
        company = self.company_id or self.env.company
        buyer = self.partner_id._dist_buyer_for(company, role=False)
        if buyer:
            self.user_id = buyer
        elif self.user_id and company not in self.user_id.company_ids:
            self.user_id = (
                self.env.user if company in self.env.user.company_ids else False
            )
        return res

    # ------------------------------------------------------------------
    # The buttons that move the status: the one route for it
    # ------------------------------------------------------------------

    def button_confirm(self):
        # OCA's check on the status write asks for the approvals
        return super(PurchaseOrder, state_route(self)).button_confirm()

    def button_approve(self, force=False):
        self._dist_check_state_for_button(
            ("draft", "sent", "to approve"), self.env._("approved")
        )
        return super(PurchaseOrder, state_route(self)).button_approve(force=force)

    def button_done(self):
        self._dist_check_state_for_button(("purchase",), self.env._("locked"))
        self._dist_check_approvals_cover()
        return super(PurchaseOrder, state_route(self)).button_done()

    def button_unlock(self):
        self._dist_check_state_for_button(("done",), self.env._("unlocked"))
        self._dist_check_approvals_cover()
        return super(PurchaseOrder, state_route(self)).button_unlock()

    def button_cancel(self):
        return super(PurchaseOrder, state_route(self)).button_cancel()

    def button_draft(self):
        # back to draft drops the approvals (OCA): confirming asks again
        return super(PurchaseOrder, state_route(self)).button_draft()

    def _dist_check_state_for_button(self, states, action):
        """Each button moves the orders in the states it is shown in."""
        if self.env.su:
            return
        labels = dict(self._fields["state"]._description_selection(self.env))
        for order in self:
            if order.state not in states:
                raise UserError(
                    self.env._(
                        "%(order)s is %(state)s: it cannot be %(action)s.",
                        order=order.display_name,
                        state=labels.get(order.state, order.state),
                        action=action,
                    )
                )

    # ------------------------------------------------------------------
    # After confirmation: changes stay within the approvals given
    # ------------------------------------------------------------------

    def _dist_uncovered_definitions(self):
        """The tiers the approval matrix asks for this order as it is now
        that none of its approvals covers (an approval covers its own tier
        definition and the other definitions of its matrix line)."""
        self.ensure_one()
        approved = self.review_ids.filtered(lambda r: r.status == "approved")
        # sudo: which definitions and matrix lines the approvals were given
        # under, for the check only
        definitions = approved.sudo().definition_id
        lines = definitions.dist_matrix_line_id
        planned = self._dist_planned_reviews().sudo().definition_id
        return planned.filtered(
            lambda d: (
                d not in definitions
                and not (d.dist_matrix_line_id and d.dist_matrix_line_id in lines)
            )
        )

    def _dist_uncovered_snapshot(self):
        """{order id: uncovered tiers} of the confirmed orders among these."""
        if self.env.su:
            return {}
        return {
            order.id: order._dist_uncovered_definitions()
            for order in self
            if order.state in APPROVED_STATES
        }

    def _dist_check_within_approval(self, before):
        """A confirmed order changed (quantities, prices, lines, currency,
        vendor) into a tier its approvals do not cover needs a new
        validation: the change is refused, saying so. Changes within the
        band it was approved in go through."""
        for order in self.filtered(lambda o: o.id in before):
            if order.state not in APPROVED_STATES:
                continue
            added = order._dist_uncovered_definitions() - before[order.id]
            if added:
                raise UserError(order._dist_beyond_approval_message(added))

    def _dist_check_approvals_cover(self):
        """Locking or unlocking keeps an order within its approvals."""
        if self.env.su:
            return
        for order in self:
            uncovered = order._dist_uncovered_definitions()
            if uncovered:
                raise UserError(order._dist_beyond_approval_message(uncovered))

    def _dist_beyond_approval_message(self, definitions):
        self.ensure_one()
        # outside the call: babel (make i18n) cannot read an f-string among
        # the arguments of _() and would skip the whole file's terms
        amount = f"{self._dist_amount() or 0.0:,.2f}"
        return self.env._(
            "%(order)s now comes to %(amount)s, beyond what its approvals "
            "cover: it needs %(tiers)s. A confirmed order does not change "
            "beyond its approval: cancel it, set it back to draft, make the "
            "change and request validation again (or order the extra on a "
            "new purchase order).",
            order=self.display_name,
            amount=amount,
            tiers=", ".join(definitions.mapped("name")),
        )
