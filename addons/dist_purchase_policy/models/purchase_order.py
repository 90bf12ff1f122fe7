from odoo import api, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

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
