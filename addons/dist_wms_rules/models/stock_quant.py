from contextvars import ContextVar

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

# set while the suite applies counts (Odoo's _apply_inventory resets the
# counted quantity): unlike a context key, no RPC caller can set it
_APPLYING = ContextVar("dist_applying_counts", default=False)


class StockQuant(models.Model):
    _name = "stock.quant"
    _inherit = ["stock.quant", "dist.system.fields.mixin"]
    # the count's planning, stamped by the suite
    _dist_system_fields = (
        "dist_counted_by_id",
        "dist_last_count_date",
        "dist_adjustment_id",
    )

    dist_counted_by_id = fields.Many2one(
        comodel_name="res.users", string="Counted by", copy=False, readonly=True
    )
    dist_last_count_date = fields.Date(
        string="Last counted",
        copy=False,
        readonly=True,
        help="When a count of this stock was last applied: the next count is "
        "due a class cadence later.",
    )
    dist_adjustment_id = fields.Many2one(
        comodel_name="dist.inventory.adjustment",
        string="Waiting for approval",
        copy=False,
        readonly=True,
        help="The count of this stock is worth more than the warehouse may "
        "apply on its own and waits for approval.",
    )

    def write(self, vals):
        result = super().write(vals)
        # the suite's own applying of counts (superuser, or inside
        # _apply_inventory) keeps who counted; a context flag sent over RPC
        # keeps nothing
        applying = self.env.su and self.env.context.get("dist_adjustment_apply")
        if "inventory_quantity" in vals and not (applying or _APPLYING.get()):
            stale = self.filtered(lambda q: q.dist_counted_by_id.id != self.env.uid)
            if stale:
                # sudo: who counted is stamped by the system, not typed
                stale.sudo().write({"dist_counted_by_id": self.env.uid})
        return result

    # ------------------------------------------------------------------
    # applying counts
    # ------------------------------------------------------------------

    def _apply_inventory(self):
        """Counts apply at once when their variance is within what the
        governance matrix lets the warehouse apply alone; the others become
        adjustment requests that wait for approval. Every applied count
        leaves a count result (who counted, who approved, why)."""
        request = self._dist_approved_request()
        facts = self._dist_count_facts()
        quants = self
        if not request:
            quants = self._dist_hold_for_approval(facts)
            if not quants:
                return None
        token = _APPLYING.set(True)
        try:
            result = super(StockQuant, quants)._apply_inventory()
        finally:
            _APPLYING.reset(token)
        quants._dist_after_apply(
            {quant.id: facts[quant.id] for quant in quants},
            request or self.env["dist.inventory.adjustment"],
        )
        if request:
            request.sudo().write(
                {
                    "state": "applied",
                    "applied_by_id": self.env.uid,
                    "applied_date": fields.Datetime.now(),
                }
            )
            self.sudo().dist_adjustment_id = False
        return result

    def _dist_approved_request(self):
        """The validated request these quants are applied for, when the
        request applies them (None otherwise)."""
        request_id = self.env.context.get("dist_adjustment_apply")
        # only the request's own Apply (run as superuser once validated) sets
        # it: from anyone else the flag is not an approval
        if not request_id or not self.env.su:
            return None
        request = self.env["dist.inventory.adjustment"].browse(request_id)
        if (
            not request.exists()
            or request.validation_status != "validated"
            or request.state != "draft"
            or request.quant_id != self
        ):
            raise UserError(
                self.env._(
                    "This count is not covered by an approved adjustment request."
                )
            )
        return request

    def _dist_hold_for_approval(self, facts):
        """Hold the counts the approval matrix stops (their requests wait);
        return the quants that apply now."""
        pending = self.filtered("dist_adjustment_id")
        if pending:
            raise UserError(
                self.env._(
                    "These counts already wait for approval: %(names)s.",
                    names=", ".join(pending.dist_adjustment_id.mapped("name")),
                )
            )
        requests = self._dist_request_approvals(facts)
        waiting = requests.filtered("need_validation")
        for request in waiting:
            request.request_validation()
            # sudo: pending marks are the system's, as in write()
            request.quant_id.sudo().dist_adjustment_id = request
        # requests the matrix did not stop are not needed: those counts
        # apply now and their count results keep who and why
        (requests - waiting).sudo().unlink()
        return self - waiting.quant_id

    def _dist_count_facts(self):
        """{quant id: dict} of what the count changes, before it applies."""
        reason = self.env.context.get("inventory_name") or ""
        facts = {}
        for quant in self:
            product = quant.product_id.with_company(quant.company_id)
            expected = quant.quantity
            counted = quant.inventory_quantity
            variance = counted - expected
            value = variance * product.standard_price
            facts[quant.id] = {
                "expected": expected,
                "counted": counted,
                "variance": variance,
                "value": quant.company_id.currency_id.round(value),
                "counted_by": quant.dist_counted_by_id.id or self.env.uid,
                "reason": reason,
                "zero": float_is_zero(
                    variance, precision_rounding=quant.product_uom_id.rounding
                ),
            }
        return facts

    def _dist_request_approvals(self, facts):
        """One adjustment request per counted difference (batch create); the
        caller keeps those the approval matrix stops."""
        vals_list = []
        for quant in self:
            fact = facts[quant.id]
            if fact["zero"]:
                continue
            vals_list.append(
                {
                    "company_id": quant.company_id.id,
                    "warehouse_id": quant.warehouse_id.id,
                    "location_id": quant.location_id.id,
                    "quant_id": quant.id,
                    "product_id": quant.product_id.id,
                    "lot_id": quant.lot_id.id,
                    "expected_qty": fact["expected"],
                    "counted_qty": fact["counted"],
                    "variance_qty": fact["variance"],
                    "variance_value": fact["value"],
                    "amount": abs(fact["value"]),
                    "reason": fact["reason"],
                    "counted_by_id": fact["counted_by"],
                    "requested_by_id": self.env.uid,
                }
            )
        if not vals_list:
            return self.env["dist.inventory.adjustment"]
        # sudo: the request records the count the caller is applying on
        # quants they may count; its figures are the suite's, not typed
        requests = (
            self.env["dist.inventory.adjustment"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(vals_list)
        )
        return requests.sudo(False)

    def _dist_after_apply(self, facts, request):
        """Count results of the applied quants, next count dates by class,
        and exceptions for unusual adjustments. The count's day is the
        warehouse's (its time zone's), as in the planning."""
        classes = self._dist_classes()
        approved_by = request._dist_last_approver().id if request else False
        results = []
        for quant in self:
            fact = facts[quant.id]
            company = quant.company_id
            tolerance = company.dist_count_tolerance / 100.0
            within = abs(fact["variance"]) <= abs(fact["expected"]) * tolerance + 1e-9
            results.append(
                {
                    "date": fields.Datetime.now(),
                    "company_id": company.id,
                    "warehouse_id": quant.warehouse_id.id,
                    "location_id": quant.location_id.id,
                    "product_id": quant.product_id.id,
                    "lot_id": quant.lot_id.id,
                    "abc_class": classes.get(
                        (quant.product_id.id, quant.warehouse_id.id), "C"
                    ),
                    "expected_qty": fact["expected"],
                    "counted_qty": fact["counted"],
                    "variance_qty": fact["variance"],
                    "variance_value": fact["value"],
                    "within_tolerance": within,
                    "counted_by_id": fact["counted_by"],
                    "applied_by_id": self.env.uid,
                    "approved_by_id": approved_by,
                    "adjustment_id": request.id if request else False,
                    "reason": fact["reason"],
                }
            )
        # sudo: count results are the system's record of applied counts
        created = self.env["dist.count.result"].sudo().create(results)
        for quant in self:
            place = quant.warehouse_id or quant.company_id
            today = place._dist_today()
            cadence = place._dist_count_cadence(
                classes.get((quant.product_id.id, quant.warehouse_id.id), "C")
            )
            # sudo: planning fields of the count, written by the system
            quant.sudo().write(
                {
                    "dist_last_count_date": today,
                    "inventory_date": quant._dist_next_count_date(today, cadence),
                    "dist_counted_by_id": False,
                }
            )
        created._dist_flag_unusual()
        return created

    def _dist_next_count_date(self, today, cadence):
        """The class cadence from today, or the location's own cyclic count
        (Odoo's Inventory Frequency) when that comes first."""
        self.ensure_one()
        due = fields.Date.add(today, days=cadence)
        cyclic = self.location_id.next_inventory_date
        return min(due, cyclic) if cyclic else due

    def _dist_classes(self):
        """{(product, warehouse): 'A'|'B'|'C'} of these quants."""
        return self.env["stock.warehouse"]._dist_count_classes(
            self.product_id.ids, self.warehouse_id.ids
        )
