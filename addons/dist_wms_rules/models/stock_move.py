from odoo import fields, models
from odoo.tools import SQL, float_compare

DEVIATION_REASONS = [
    ("short_shipped", "Short shipped"),
    ("over_shipped", "Over shipped"),
    ("damaged", "Damaged"),
    ("wrong_item", "Wrong item"),
]


class StockMove(models.Model):
    _name = "stock.move"
    _inherit = ["stock.move", "dist.system.fields.mixin"]
    # a receipt line's deviation, recorded by the deviation wizard only
    _dist_system_fields = (
        "dist_deviation_reason",
        "dist_deviation_note",
        "dist_expected_qty",
        "dist_deviation_qty",
        "dist_damaged_qty",
        "dist_deviation_user_id",
    )

    def init(self):
        res = super().init()
        # The control tower's inventory turns read 90 days of done moves to
        # customers: this partial covering index lets it read only those
        # (index-only) instead of every move into the customer location, a
        # third of the time at 5M moves. Dropped by the addon's
        # uninstall_hook (hooks.py).
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dist_stock_move_shipped_idx "
                "ON stock_move (location_dest_id, company_id, date) "
                "INCLUDE (product_id, location_id, quantity, product_uom) "
                "WHERE state = 'done'"
            )
        )
        return res

    dist_deviation_reason = fields.Selection(
        selection=DEVIATION_REASONS,
        string="Deviation reason",
        copy=False,
        readonly=True,
        help="Why this receipt line differs from what was expected beyond "
        "the receiving tolerance, as the operator recorded it.",
    )
    dist_deviation_note = fields.Text(
        string="Deviation note", copy=False, readonly=True
    )
    dist_expected_qty = fields.Float(
        string="Expected",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        help="Quantity expected on this line when the deviation was recorded, "
        "in the product's unit.",
    )
    dist_deviation_qty = fields.Float(
        string="Deviation",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        help="Received minus expected, in the product's unit, at validation.",
    )
    dist_damaged_qty = fields.Float(
        string="Damaged",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        help="Units received damaged: moved to the warehouse's quarantine.",
    )
    dist_deviation_user_id = fields.Many2one(
        comodel_name="res.users", string="Recorded by", copy=False, readonly=True
    )

    def _dist_receipt_deviations(self, final, resolve):
        """[(move, expected, received, allowed, source)] of the receipt
        moves in `self` beyond tolerance, in the product's unit. `final`:
        the moves whose missing quantity will not come in a backorder (an
        under-delivery counts only for those); `resolve` gives the
        tolerance of a (vendor, category)."""
        deviations = []
        for move in self:
            if move.state in ("done", "cancel") or move.scrapped:
                continue
            product = move.product_id
            uom = product.uom_id
            expected = move.product_qty
            received = move.product_uom._compute_quantity(
                move.quantity if move.picked else 0.0, uom, rounding_method="HALF-UP"
            )
            percent, units, source = resolve(
                move.picking_id.partner_id,
                product.categ_id,
                move.picking_id.picking_type_id.warehouse_id,
            )
            allowed = max(expected * percent / 100.0, units)
            gap = received - expected
            rounding = uom.rounding
            if float_compare(gap, allowed, precision_rounding=rounding) > 0 or (
                move in final
                and float_compare(-gap, allowed, precision_rounding=rounding) > 0
            ):
                deviations.append((move, expected, received, allowed, source))
        return deviations

    def _action_confirm(self, merge=True, merge_into=False):
        moves = super()._action_confirm(merge=merge, merge_into=merge_into)
        # receipts get their quality checks as soon as they are expected
        moves.picking_id.filtered(
            lambda p: p.picking_type_code == "incoming"
        )._dist_create_quality_checks()
        deliveries = moves.picking_id.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        if deliveries:
            # a new delivery enters the picking queue with its score
            self.env["stock.picking"]._dist_refresh_priorities(
                [("id", "in", deliveries.ids)]
            )
        return moves
