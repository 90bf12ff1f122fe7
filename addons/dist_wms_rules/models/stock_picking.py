from odoo import Command, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------------
    # receiving control
    # ------------------------------------------------------------------

    def _pre_action_done_hook(self):
        """After Odoo's own pre-validation wizards (backorder), a receipt
        whose lines differ from the expected quantities beyond tolerance
        stops for a reason code per line, unless every such line has one."""
        result = super()._pre_action_done_hook()
        if result is not True:
            return result
        receipts = self.filtered(lambda p: p.picking_type_code == "incoming")
        if not receipts:
            return True
        pending = receipts._dist_unexplained_deviations()
        if not pending:
            return True
        return receipts._dist_deviation_wizard_action(pending)

    def _dist_final_moves(self):
        """Moves of these pickings whose missing quantity will not come in
        a backorder (the operator chose no backorder, or the operation type
        never creates one)."""
        not_to_backorder = self.browse(
            self.env.context.get("picking_ids_not_to_backorder") or []
        )
        final = self.filtered(
            lambda p: (
                p.picking_type_id.create_backorder == "never"
                or (
                    p in not_to_backorder
                    and p.picking_type_id.create_backorder != "always"
                )
            )
        )
        return final.move_ids

    def _dist_receipt_deviations(self):
        """[(move, expected, received, allowed, tolerance source)] of these
        receipts' lines beyond tolerance."""
        deviations = []
        final = self._dist_final_moves()
        for company in self.company_id:
            resolve = self.env["dist.receipt.tolerance"]._dist_resolver(company)
            moves = self.filtered(lambda p, c=company: p.company_id == c).move_ids
            deviations += moves._dist_receipt_deviations(final, resolve)
        return deviations

    def _dist_unexplained_deviations(self):
        return [
            d for d in self._dist_receipt_deviations() if not d[0].dist_deviation_reason
        ]

    def _dist_deviation_wizard_action(self, deviations):
        wizard = self.env["stock.picking.deviation"].create(
            {
                "picking_ids": [Command.set(self.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "move_id": move.id,
                            "expected_qty": expected,
                            "received_qty": received,
                            "allowed_qty": allowed,
                            "tolerance_source": source,
                            "reason": "over_shipped"
                            if received > expected
                            else "short_shipped",
                        }
                    )
                    for move, expected, received, allowed, source in deviations
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Receipt differs from what was expected"),
            "res_model": "stock.picking.deviation",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }

    def _action_done(self):
        result = super()._action_done()
        receipts = self.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )
        if receipts:
            receipts._dist_quarantine_damaged()
            receipts._dist_raise_receipt_deviations()
        return result

    def _dist_quarantine_damaged(self):
        """Damaged units leave the stock for the warehouse's quarantine in
        one internal move per line, validated at once."""
        for move in self.move_ids.filtered(
            lambda m: m.state == "done" and m.dist_damaged_qty > 0
        ):
            warehouse = move.picking_id.picking_type_id.warehouse_id
            quarantine = warehouse._dist_quarantine_location()
            product = move.product_id
            transfer = self.env["stock.move"].create(
                {
                    "name": self.env._(
                        "%(receipt)s: damaged to quarantine",
                        receipt=move.picking_id.name,
                    ),
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": move.dist_damaged_qty,
                    "location_id": move.location_dest_id.id,
                    "location_dest_id": quarantine.id,
                    "company_id": move.company_id.id,
                    "origin": move.picking_id.name,
                    "picking_type_id": warehouse.int_type_id.id,
                }
            )
            transfer._action_confirm()
            transfer._action_assign()
            transfer.picked = True
            transfer._action_done()

    def _dist_receipt_buyer(self):
        """Who owns a receipt's discrepancy: the purchase order's buyer,
        else the vendor's buyer."""
        self.ensure_one()
        order = self.move_ids.purchase_line_id.order_id[:1]
        return order.user_id or self.partner_id.commercial_partner_id.buyer_id

    def _dist_raise_receipt_deviations(self):
        for picking in self:
            moves = picking.move_ids.filtered("dist_deviation_reason")
            if not moves:
                continue
            reasons = dict(
                moves._fields["dist_deviation_reason"]._description_selection(self.env)
            )
            details = "; ".join(
                self.env._(
                    "%(product)s %(reason)s: expected %(expected)s, received "
                    "%(received)s%(damaged)s",
                    product=move.product_id.display_name,
                    reason=reasons[move.dist_deviation_reason].lower(),
                    expected=move.dist_expected_qty,
                    received=move.dist_expected_qty + move.dist_deviation_qty,
                    damaged=self.env._(", %(qty)s damaged", qty=move.dist_damaged_qty)
                    if move.dist_damaged_qty
                    else "",
                )
                for move in moves
            )
            buyer = picking._dist_receipt_buyer()
            self.env["dist.exception"].raise_exception(
                "receipt_deviation",
                picking,
                self.env._(
                    "%(receipt)s from %(vendor)s: %(details)s",
                    receipt=picking.name,
                    vendor=picking.partner_id.display_name or "-",
                    details=details,
                ),
                company_id=picking.company_id.id,
                warehouse_id=picking.picking_type_id.warehouse_id.id,
                partner_id=picking.partner_id.commercial_partner_id.id or False,
                product_id=moves[0].product_id.id,
                owner_id=buyer.id or False,
                description="\n".join(
                    f"{move.product_id.display_name}: {move.dist_deviation_note}"
                    for move in moves
                    if move.dist_deviation_note
                )
                or False,
            )
