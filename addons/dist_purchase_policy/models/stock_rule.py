from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _prepare_purchase_order(self, company_id, origins, values):
        """A reorder rule's RFQ goes to the vendor's buyer in its company
        (Odoo names the vendor's Buyer, who may work for another company
        and could not open it); nobody when the vendor has none there."""
        vals = super()._prepare_purchase_order(company_id, origins, values)
        partner = self.env["res.partner"].browse(vals["partner_id"])
        vals["user_id"] = partner._dist_buyer_for(company_id, role=False).id or False
        return vals

    def _make_po_get_domain(self, company_id, values, partner):
        """The open RFQ a procurement joins is that buyer's, as above."""
        domain = super()._make_po_get_domain(company_id, values, partner)
        buyer = partner._dist_buyer_for(company_id, role=False).id or False
        return tuple(
            ("user_id", "=", buyer) if term[:2] == ("user_id", "=") else term
            for term in domain
        )
