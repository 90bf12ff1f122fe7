from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _prepare_purchase_order(self, company_id, origins, values):
        """A reorder rule's RFQ goes to the vendor's buyer in its company
        (Odoo names the vendor's Buyer, who may work for another company
        and could not open it); see _dist_rfq_buyer."""
        vals = super()._prepare_purchase_order(company_id, origins, values)
        partner = self.env["res.partner"].browse(vals["partner_id"])
        vals["user_id"] = self._dist_rfq_buyer(partner, company_id).id or False
        return vals

    def _make_po_get_domain(self, company_id, values, partner):
        """The open RFQ a procurement joins is that buyer's, as above."""
        domain = super()._make_po_get_domain(company_id, values, partner)
        buyer = self._dist_rfq_buyer(partner, company_id).id or False
        return tuple(
            ("user_id", "=", buyer) if term[:2] == ("user_id", "=") else term
            for term in domain
        )

    def _dist_rfq_buyer(self, partner, company):
        """Who the scheduler's RFQ of `partner` for `company` belongs to, as
        on a new RFQ's form: the vendor's buyer in the company; else Odoo's
        Buyer of the vendor when that user works in the company, holding the
        buying role or not, as in Odoo; else nobody rather than a user of
        another company, who could not open it."""
        buyer = partner._dist_buyer_for(company, role=False)
        odoo_buyer = partner.buyer_id
        if not buyer and odoo_buyer and company in odoo_buyer.company_ids:
            buyer = odoo_buyer
        return buyer
