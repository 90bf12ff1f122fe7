from odoo import api, fields, models


class AccountMove(models.Model):
    """Who posted a vendor bill: a payment of the bill is never approved by
    them (segregation of duties, see account.payment._dist_requesters)."""

    _inherit = "account.move"

    # the system's field: no user reads or writes it over RPC (nobody clears
    # their own name from a bill); the segregation check reads it with sudo
    dist_posted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Posted by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Who posted this vendor bill or refund last: they may not "
        "approve a payment of it.",
    )

    dist_payment_waiting = fields.Boolean(
        string="Payment waits for approval",
        compute="_compute_dist_payment_waiting",
        help="A payment of this bill was registered and waits for the "
        "approval matrix before it can be posted.",
    )

    @api.depends("matched_payment_ids.state", "matched_payment_ids.review_ids")
    def _compute_dist_payment_waiting(self):
        for move in self:
            # sudo: only whether a payment of the bill waits, shown to whoever
            # opens the bill (a buyer reads bills, not payments)
            move.dist_payment_waiting = any(
                payment.state == "draft"
                and payment.review_ids
                and payment.validation_status != "rejected"
                for payment in move.sudo().matched_payment_ids
            )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        bills = posted.filtered(lambda m: m.is_purchase_document(include_receipts=True))
        if bills:
            # sudo: stamps who posted, whoever it is; the field is the
            # system's (see above)
            bills.sudo().write({"dist_posted_by_id": self.env.user.id})
        return posted
