from odoo import models
from odoo.tools import float_is_zero, format_amount


class StockLandedCost(models.Model):
    """Valuation timing of landed costs: the share of a landed cost that
    reaches the books after its goods shipped goes to cost of goods sold,
    not to the stock it was meant for; validating one also settles the
    receipts that were waiting for it."""

    _inherit = "stock.landed.cost"

    def button_validate(self):
        result = super().button_validate()
        done = self.filtered(lambda c: c.state == "done")
        done._dist_check_shipped_share()
        done.picking_ids._dist_resolve_landed_cost_overdue()
        return result

    def _dist_shipped_shares(self):
        """{landed cost: (quantity shipped, value)}: of the receipts' moves it
        was allocated to, the quantity already gone out of stock when it was
        validated and the share of the additional cost on it (Odoo books that
        share to the output account, not to the stock valuation)."""
        shares = {}
        for cost in self:
            rounding = cost.currency_id.rounding
            qty_out = value = 0.0
            for line in cost.valuation_adjustment_lines.filtered("move_id"):
                move = line.move_id
                if not move._is_in():
                    continue
                quantity = move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
                if float_is_zero(
                    quantity, precision_rounding=move.product_uom.rounding
                ):
                    continue
                remaining = sum(
                    move._get_stock_valuation_layer_ids().mapped("remaining_qty")
                )
                shipped = quantity - remaining
                if shipped <= 0:
                    continue
                qty_out += shipped
                value += shipped / quantity * line.additional_landed_cost
            if not float_is_zero(value, precision_rounding=rounding):
                shares[cost] = (qty_out, value)
        return shares

    def _dist_check_shipped_share(self):
        """Raise `valuation_timing` on each landed cost validated after part
        of its goods shipped, with the quantity and the value gone to cost of
        goods sold."""
        for cost, (qty_out, value) in self._dist_shipped_shares().items():
            pickings = cost.picking_ids
            warehouse = pickings.picking_type_id.warehouse_id[:1]
            self.env["dist.exception"].raise_exception(
                "valuation_timing",
                cost,
                self.env._(
                    "%(cost)s was validated after %(qty)s units of %(receipts)s "
                    "had shipped: %(value)s went to cost of goods sold, not to "
                    "stock",
                    cost=cost.name,
                    qty=format(round(qty_out, 2), "g"),
                    receipts=", ".join(pickings.mapped("name")) or cost.name,
                    value=format_amount(self.env, value, cost.currency_id),
                ),
                company_id=cost.company_id.id,
                warehouse_id=warehouse.id or False,
                partner_id=pickings.partner_id.commercial_partner_id[:1].id or False,
            )
