from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round

BILL_TYPES = ("in_invoice", "in_refund")
MATCH_STATUSES = [
    ("matched", "Matched"),
    ("price", "Price variance"),
    ("quantity", "Quantity variance"),
    ("both", "Price and quantity variance"),
    ("no_po", "No purchase order"),
]
# statuses that hold the bill for approval
VARIANCE_STATUSES = ("price", "quantity", "both")
MATCH_FIELDS = (
    "dist_ordered_qty",
    "dist_received_qty",
    "dist_billed_before_qty",
    "dist_billed_qty",
    "dist_po_price_unit",
    "dist_bill_price_unit",
    "dist_price_variance_cc",
    "dist_qty_variance_cc",
    "dist_variance_value",
    "dist_match_status",
    "dist_match_tolerance",
)


class AccountMoveLine(models.Model):
    """The three-way match of a vendor bill line: what its purchase order
    line ordered, what was received, what other posted bills billed, and
    what this line bills at which price, against the company's match
    tolerances (dist.match.tolerance)."""

    _name = "account.move.line"
    _inherit = ["account.move.line", "dist.system.fields.mixin"]
    # computed by the match only: RPC does not write them
    _dist_system_fields = MATCH_FIELDS

    dist_ordered_qty = fields.Float(
        string="Ordered",
        digits="Product Unit of Measure",
        compute="_compute_dist_match",
        store=True,
        help="Quantity of the purchase order line, in its unit.",
    )
    dist_received_qty = fields.Float(
        string="Received",
        digits="Product Unit of Measure",
        compute="_compute_dist_match",
        store=True,
        help="Quantity received on the purchase order line, in its unit.",
    )
    dist_billed_before_qty = fields.Float(
        string="Billed before",
        digits="Product Unit of Measure",
        compute="_compute_dist_match",
        store=True,
        help="Quantity of the purchase order line on other posted bills "
        "(refunds deducted), in the order's unit.",
    )
    dist_billed_qty = fields.Float(
        string="Billed",
        digits="Product Unit of Measure",
        compute="_compute_dist_match",
        store=True,
        help="This line's quantity in the order's unit (negative on a refund).",
    )
    dist_po_price_unit = fields.Float(
        string="PO price",
        digits="Product Price",
        compute="_compute_dist_match",
        store=True,
        help="The order's net unit price, in the bill's currency and unit.",
    )
    dist_bill_price_unit = fields.Float(
        string="Billed price",
        digits="Product Price",
        compute="_compute_dist_match",
        store=True,
        help="This line's net unit price (after discount), in the bill's currency.",
    )
    dist_price_variance_cc = fields.Monetary(
        string="Price variance",
        currency_field="company_currency_id",
        compute="_compute_dist_match",
        store=True,
        help="(Billed price - PO price) x billed quantity, in company "
        "currency, when the bill's price is above the order's.",
    )
    dist_qty_variance_cc = fields.Monetary(
        string="Quantity variance",
        currency_field="company_currency_id",
        compute="_compute_dist_match",
        store=True,
        help="Quantity billed beyond what was received, at the order's "
        "price, in company currency.",
    )
    dist_variance_value = fields.Monetary(
        string="Variance",
        currency_field="company_currency_id",
        compute="_compute_dist_match",
        store=True,
        help="Price variance plus quantity variance, in company currency.",
    )
    dist_match_status = fields.Selection(
        selection=MATCH_STATUSES,
        string="Match",
        compute="_compute_dist_match",
        store=True,
        index="btree_not_null",
        help="Matched: within the tolerances. A variance beyond them holds "
        "the bill until the approval matrix approves it.",
    )
    dist_match_tolerance = fields.Char(
        string="Tolerance applied",
        compute="_compute_dist_match",
        store=True,
    )

    @api.constrains("purchase_line_id", "company_id")
    def _check_dist_purchase_company(self):
        for line in self.filtered("purchase_line_id"):
            # sudo: the order's company and name, to refuse the link even
            # when the user cannot open the other company's order
            order = line.sudo().purchase_line_id.order_id
            if order.company_id != line.company_id:
                raise ValidationError(
                    self.env._(
                        "%(bill)s (%(company)s) cannot bill %(order)s: that "
                        "purchase order belongs to %(other)s. Bill it in "
                        "%(other)s.",
                        bill=line.move_id.display_name,
                        company=line.company_id.name,
                        order=order.name,
                        other=order.company_id.name,
                    )
                )

    @api.model
    def _dist_match_enabled(self):
        """The match runs unless the system parameter
        dist_finance_controls.three_way_match is "0" (the benchmark's
        comparison; not for production)."""
        # sudo: a system parameter, read for whoever posts
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("dist_finance_controls.three_way_match", "1")
        )
        return value != "0"

    def _dist_match_zero(self):
        return {
            "dist_ordered_qty": 0.0,
            "dist_received_qty": 0.0,
            "dist_billed_before_qty": 0.0,
            "dist_billed_qty": 0.0,
            "dist_po_price_unit": 0.0,
            "dist_bill_price_unit": 0.0,
            "dist_price_variance_cc": 0.0,
            "dist_qty_variance_cc": 0.0,
            "dist_variance_value": 0.0,
            "dist_match_status": False,
            "dist_match_tolerance": False,
        }

    @api.depends(
        "purchase_line_id",
        "quantity",
        "price_unit",
        "discount",
        "product_uom_id",
        "display_type",
        "move_id.move_type",
        "move_id.currency_id",
        "move_id.invoice_date",
        "move_id.partner_id",
        "purchase_line_id.product_qty",
        "purchase_line_id.qty_received",
        "purchase_line_id.price_unit",
        "purchase_line_id.discount",
    )
    def _compute_dist_match(self):
        """One pass over the lines: tolerances resolved once per company,
        the other bills of the order lines read through the order lines
        (one prefetch), exchange rates once per currency pair and date.

        Posting another bill of the same order line does not trigger it
        (it would match every bill of the line again at each posting):
        "billed before" is brought up to date when a bill is confirmed or
        its validation requested (account.move._dist_rematch)."""
        bill_lines = self.filtered(
            lambda line: (
                line.move_id.move_type in BILL_TYPES and line.display_type == "product"
            )
        )
        zero = self._dist_match_zero()
        for line in self - bill_lines:
            line.update(zero)
        if not bill_lines:
            return
        if not self._dist_match_enabled():
            for line in bill_lines:
                line.update(zero)
            return
        resolvers = {}
        rates = {}
        Currency = self.env["res.currency"]

        def rate(from_currency, to_currency, company, date):
            if from_currency == to_currency:
                return 1.0
            key = (from_currency.id, to_currency.id, company.id, date)
            if key not in rates:
                rates[key] = Currency._get_conversion_rate(
                    from_currency, to_currency, company, date
                )
            return rates[key]

        # sudo: the order lines and their other bills are read for the
        # match whatever the poster may open (a clerk bills what buyers
        # ordered); only figures land on the bill line
        order_lines = bill_lines.sudo().purchase_line_id
        billed_before = self._dist_billed_by_move(order_lines)
        for line in bill_lines:
            order_line = line.sudo().purchase_line_id
            if not order_line or not order_line.product_uom:
                # no order line, or one that orders no goods (a down
                # payment): nothing to match
                line.update(dict(zero, dist_match_status="no_po"))
                continue
            move = line.move_id
            company = line.company_id
            company_currency = company.currency_id
            date = move.invoice_date or move.date or fields.Date.context_today(line)
            if company.id not in resolvers:
                resolvers[company.id] = self.env["dist.match.tolerance"]._dist_resolver(
                    company
                )
            tolerance = resolvers[company.id](
                move.partner_id or order_line.partner_id,
                order_line.product_id.categ_id,
            )
            po_uom = order_line.product_uom
            bill_uom = line.product_uom_id or po_uom
            if bill_uom.category_id != po_uom.category_id:
                # no conversion between them (Odoo refuses it): the bill's
                # figures are taken as the order's unit
                bill_uom = po_uom
            sign = -1 if move.move_type == "in_refund" else 1
            billed = sign * bill_uom._compute_quantity(
                line.quantity, po_uom, round=False
            )
            before = sum(
                qty
                for move_id, qty in billed_before.get(order_line.id, {}).items()
                if move_id != move.id
            )
            # the order's net price per order unit -> per bill unit, bill currency
            po_net = order_line.price_unit * (1 - (order_line.discount or 0.0) / 100)
            po_net_bill_uom = po_uom._compute_price(po_net, bill_uom)
            po_price = po_net_bill_uom * rate(
                order_line.currency_id, move.currency_id, company, date
            )
            bill_price = line.price_unit * (1 - (line.discount or 0.0) / 100)
            # both per order unit in company currency, for the tolerances
            to_cc = rate(move.currency_id, company_currency, company, date)
            po_price_cc = po_net * rate(
                order_line.currency_id, company_currency, company, date
            )
            bill_price_cc = bill_uom._compute_price(bill_price, po_uom) * to_cc
            price_over = bill_price_cc - po_price_cc
            price_allowed = max(
                po_price_cc * tolerance["price_percent"] / 100,
                tolerance["price_amount"],
            )
            rounding = company_currency.rounding
            price_variance = (
                sign > 0 and float_compare(price_over, 0.0, precision_digits=6) > 0
            )
            price_out = price_variance and (
                float_compare(price_over, price_allowed, precision_digits=6) > 0
            )
            # quantities: billed beyond what was received (ordered, for
            # products billed on ordered quantities)
            basis = (
                order_line.product_qty
                if order_line.product_id.purchase_method == "purchase"
                else order_line.qty_received
            )
            excess = 0.0
            if billed > 0:
                excess = max(0.0, min(billed, before + billed - basis))
            qty_allowed = max(
                basis * tolerance["qty_percent"] / 100, tolerance["qty_amount"]
            )
            qty_precision = po_uom.rounding or 0.001
            qty_out = (
                float_compare(excess, 0.0, precision_rounding=qty_precision) > 0
                and float_compare(excess, qty_allowed, precision_rounding=qty_precision)
                > 0
            )
            price_value = (
                float_round(price_over * billed, precision_rounding=rounding)
                if price_variance
                else 0.0
            )
            qty_value = float_round(excess * po_price_cc, precision_rounding=rounding)
            if price_out and qty_out:
                status = "both"
            elif price_out:
                status = "price"
            elif qty_out:
                status = "quantity"
            else:
                status = "matched"
            line.update(
                {
                    "dist_ordered_qty": order_line.product_qty,
                    "dist_received_qty": order_line.qty_received,
                    "dist_billed_before_qty": before,
                    "dist_billed_qty": billed,
                    "dist_po_price_unit": po_price,
                    "dist_bill_price_unit": bill_price,
                    "dist_price_variance_cc": price_value,
                    "dist_qty_variance_cc": qty_value,
                    "dist_variance_value": price_value + qty_value,
                    "dist_match_status": status,
                    "dist_match_tolerance": tolerance["source"],
                }
            )

    def _dist_variance_summary(self):
        """One line per variance of these bill lines, in the clerk's words."""
        parts = []
        for line in self:
            label = line.product_id.display_name or line.name
            if line.dist_match_status in ("price", "both"):
                parts.append(
                    self.env._(
                        "%(product)s billed at %(billed)s, ordered at %(po)s",
                        product=label,
                        billed=format(line.dist_bill_price_unit, ",.2f"),
                        po=format(line.dist_po_price_unit, ",.2f"),
                    )
                )
            if line.dist_match_status in ("quantity", "both"):
                parts.append(
                    self.env._(
                        "%(product)s: %(billed)s billed (%(before)s before), "
                        "%(received)s received",
                        product=label,
                        billed=format(line.dist_billed_qty, "g"),
                        before=format(line.dist_billed_before_qty, "g"),
                        received=format(line.dist_received_qty, "g"),
                    )
                )
        return "; ".join(parts)

    @api.model
    def _dist_billed_by_move(self, order_lines):
        """{order line id: {move id: quantity in the order's unit}} over the
        posted vendor bills of `order_lines`, refunds negative: read through
        the order lines' bill lines, one prefetch for the whole set."""
        result = {}
        for bill_line in order_lines.invoice_lines:
            move = bill_line.move_id
            if (
                move.state != "posted"
                or move.move_type not in BILL_TYPES
                or bill_line.display_type != "product"
            ):
                continue
            order_line = bill_line.purchase_line_id
            sign = -1 if move.move_type == "in_refund" else 1
            uom = bill_line.product_uom_id
            qty = bill_line.quantity
            if uom and uom.category_id == order_line.product_uom.category_id:
                qty = uom._compute_quantity(qty, order_line.product_uom, round=False)
            qty *= sign
            per_move = result.setdefault(order_line.id, {})
            per_move[move.id] = per_move.get(move.id, 0.0) + qty
        return result
