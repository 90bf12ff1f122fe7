from odoo import fields, models


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

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        bills = posted.filtered(lambda m: m.is_purchase_document(include_receipts=True))
        if bills:
            # sudo: stamps who posted, whoever it is; the field is the
            # system's (see above)
            bills.sudo().write({"dist_posted_by_id": self.env.user.id})
        return posted
