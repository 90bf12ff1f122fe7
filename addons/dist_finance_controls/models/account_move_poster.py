from odoo import api, fields, models
from odoo.exceptions import AccessError

# the one way the poster of a bill is written: its posting (a Python object
# in the context, which RPC can neither carry nor forge)
_POSTER_ROUTE = object()
_POSTER_KEY = "dist_poster_route"


class AccountMove(models.Model):
    """Who posted a vendor bill: a payment of the bill is never approved by
    them (segregation of duties, see account.payment._dist_requesters)."""

    _inherit = "account.move"

    dist_posted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Posted by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Who posted this vendor bill or refund last: they may not "
        "approve a payment of it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # recorded by the posting, never chosen
                vals.pop("dist_posted_by_id", None)
        return super().create(vals_list)

    def write(self, vals):
        if (
            "dist_posted_by_id" in vals
            and not self.env.su
            and self.env.context.get(_POSTER_KEY) is not _POSTER_ROUTE
        ):
            raise AccessError(
                self.env._(
                    "Who posted %(bill)s is recorded when it is posted: "
                    "%(user)s cannot set it.",
                    bill=self[:1].display_name,
                    user=self.env.user.name,
                )
            )
        return super().write(vals)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        bills = posted.filtered(lambda m: m.is_purchase_document(include_receipts=True))
        if bills:
            bills.with_context(**{_POSTER_KEY: _POSTER_ROUTE}).write(
                {"dist_posted_by_id": self.env.user.id}
            )
        return posted
