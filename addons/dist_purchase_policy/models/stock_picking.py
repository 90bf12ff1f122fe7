from odoo import models
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._dist_receipts_to_check()._dist_check_receipt_quantities()
        return result

    def _dist_receipts_to_check(self):
        """The receipts of `self` whose received quantities are checked
        against their purchase order here: every receipt of an order. A
        bridge addon whose own receipt check wins leaves out the receipts
        that check handles, so that a deviation is reported once."""
        return self.filtered(
            lambda p: p.picking_type_code == "incoming" and p.purchase_id
        )

    def _dist_receipt_qty_deviations(self):
        """[(line, ordered, received)] of the purchase lines of this receipt
        received beyond the company's tolerance: over at any time, under
        once nothing more is expected (no backorder). (Named apart from
        other addons' receipt checks, which it must not hide.)"""
        self.ensure_one()
        tolerance = self.company_id.dist_receipt_tolerance / 100.0
        deviations = []
        for line in self.move_ids.purchase_line_id:
            ordered = line.product_qty
            received = line._dist_received_from_moves()
            rounding = line.product_uom.rounding
            pending = line.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            over = float_compare(
                received, ordered * (1 + tolerance), precision_rounding=rounding
            )
            under = float_compare(
                received, ordered * (1 - tolerance), precision_rounding=rounding
            )
            if over > 0 or (under < 0 and not pending):
                deviations.append((line, ordered, received))
        return deviations

    def _dist_check_receipt_quantities(self):
        for picking in self:
            deviations = picking._dist_receipt_qty_deviations()
            if not deviations:
                continue
            details = "; ".join(
                self.env._(
                    "%(product)s ordered %(ordered)s, received %(received)s",
                    product=line.product_id.display_name,
                    ordered=ordered,
                    received=received,
                )
                for line, ordered, received in deviations
            )
            self.env["dist.exception"].raise_exception(
                "receipt_qty_deviation",
                picking,
                self.env._(
                    "%(receipt)s of %(order)s differs from the order beyond "
                    "%(tolerance)s %%: %(details)s",
                    receipt=picking.name,
                    order=picking.purchase_id.name,
                    tolerance=picking.company_id.dist_receipt_tolerance,
                    details=details,
                ),
                company_id=picking.company_id.id,
                warehouse_id=picking.picking_type_id.warehouse_id.id,
                partner_id=picking.purchase_id.partner_id.id,
                product_id=deviations[0][0].product_id.id,
                owner_id=picking.purchase_id.user_id.id or False,
            )
