from odoo import api, fields, models
from odoo.exceptions import AccessError

# changing these redirects the money: whoever did it last may not approve a
# payment to the account
DETAIL_FIELDS = ("acc_number", "partner_id", "bank_id")


class ResPartnerBank(models.Model):
    """Who last set a bank account's number or owner (its creator until
    someone changes them): they may not approve a payment to it."""

    _inherit = "res.partner.bank"

    dist_details_changed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Details last set by",
        readonly=True,
        copy=False,
        tracking=True,
        help="Who created this account or last changed its number, holder "
        "or bank: they may not approve a vendor payment to it.",
    )

    dist_details_changed_at = fields.Datetime(
        string="Details last set on",
        readonly=True,
        copy=False,
        help="When this account was created or its number, holder or bank "
        "last changed: a vendor payment approved before goes back for "
        "approval.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # recorded, never chosen (even by a form's default)
            vals["dist_details_changed_by_id"] = self.env.uid
            vals["dist_details_changed_at"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (
            "dist_details_changed_by_id" in vals or "dist_details_changed_at" in vals
        ):
            raise AccessError(
                self.env._(
                    "Who changed bank account %(account)s is recorded with the "
                    "change: %(user)s cannot set it.",
                    account=self[:1].display_name,
                    user=self.env.user.name,
                )
            )
        if any(field in vals for field in DETAIL_FIELDS):
            vals = {
                **vals,
                "dist_details_changed_by_id": self.env.uid,
                "dist_details_changed_at": fields.Datetime.now(),
            }
        return super().write(vals)
