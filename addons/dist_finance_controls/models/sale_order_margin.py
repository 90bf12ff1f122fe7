from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

from .dist_sale_price_exception import STATES


class SaleOrder(models.Model):
    """Discount and margin approval: confirming an order with a line beyond
    the rule of its customer segment (``dist.sale.margin.rule``) asks for a
    price exception instead; the order stays a quotation until the exception
    is approved (the approval confirms it). Orders within their rules, or
    whose lines are covered by an approved exception at their current prices
    and discounts, confirm as before (the credit check of sale_order.py runs
    in the same chain)."""

    _inherit = "sale.order"

    dist_price_exception_ids = fields.One2many(
        comodel_name="dist.sale.price.exception",
        inverse_name="order_id",
        string="Price exceptions",
        readonly=True,
    )
    dist_price_exception_id = fields.Many2one(
        comodel_name="dist.sale.price.exception",
        string="Price exception",
        compute="_compute_dist_price_exception_id",
        help="The latest request for approval of this order's discounts and margins.",
    )
    dist_price_exception_state = fields.Selection(
        selection=STATES,
        string="Price approval",
        compute="_compute_dist_price_exception_id",
    )
    dist_price_exception_reason = fields.Text(
        string="Why approval", compute="_compute_dist_price_exception_id"
    )

    @api.depends("dist_price_exception_ids.state", "dist_price_exception_ids.reason")
    def _compute_dist_price_exception_id(self):
        for order in self:
            # sudo: the order's own requests, shown to who reads the order
            latest = order.sudo().dist_price_exception_ids.sorted("id", reverse=True)[
                :1
            ]
            order.dist_price_exception_id = latest.id
            order.dist_price_exception_state = latest.state
            order.dist_price_exception_reason = latest.reason

    def action_confirm(self):
        held = self._dist_margin_hold()
        todo = self - held
        result = super(SaleOrder, todo).action_confirm() if todo else True
        if held:
            return held._dist_margin_held_notification()
        return result

    def unlink(self):
        # who may delete the orders is checked first; their price exceptions
        # then go with them through the ORM, and so do the exceptions'
        # reviews (a database cascade would leave them waiting)
        self.check_access("unlink")
        # sudo: the orders' own requests, deleted with them
        self.sudo().dist_price_exception_ids.unlink()
        return super().unlink()

    def _action_cancel(self):
        # a cancelled order no longer waits for its prices to be approved
        # sudo: the order's own requests, withdrawn with it
        waiting = self.sudo().dist_price_exception_ids.filtered(
            lambda r: r.state == "draft"
        )
        if waiting:
            waiting._dist_request_set_state("cancel")
            waiting._dist_request_cancelled()
        return super()._action_cancel()

    def _dist_customer_segment(self):
        """The service tier of the customer's commercial partner,
        "standard" when it has none."""
        self.ensure_one()
        # sudo: the customer's tier decides the rule, whoever confirms
        partner = self.sudo().partner_id.commercial_partner_id
        return partner.dist_service_tier or "standard"

    def _dist_margin_hold(self):
        """The orders among these that may not be confirmed yet: a line is
        beyond the rule of their customer segment and no approved exception
        covers it as it is now. Each gets its request for approval (or keeps
        the one waiting)."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent"))
        if not orders:
            return self.browse()
        rules = self.env["dist.sale.margin.rule"]._dist_rules_by_key(orders.company_id)
        if not rules:
            return self.browse()
        held = self.browse()
        for order in orders:
            rule = rules.get((order.company_id.id, order._dist_customer_segment()))
            if not rule:
                continue
            beyond = order._dist_lines_beyond(rule)
            if not beyond:
                continue
            lines = self.env["sale.order.line"].browse([line.id for line, _r in beyond])
            # sudo: the order's exceptions, whoever confirms
            requests = order.sudo().dist_price_exception_ids
            if any(r._dist_covers(lines) for r in requests if r.state == "done"):
                continue
            held |= order
            waiting = requests.filtered(lambda r: r.state == "draft")
            if any(r._dist_covers(lines) for r in waiting):
                continue
            # what waits no longer says what the order asks: asked anew
            waiting._dist_request_set_state("cancel")
            order._dist_ask_price_exception(rule, beyond)
        return held

    def _dist_lines_beyond(self, rule):
        """[(line, reason)] of the lines beyond `rule`: a discount above its
        maximum, a margin below its minimum."""
        self.ensure_one()
        beyond = []
        # sudo: margins and costs decide, whoever confirms (the portal too)
        for line in self.sudo().order_line:
            if line.display_type or not line.product_id or line.product_uom_qty <= 0:
                continue
            reasons = []
            if float_compare(line.discount, rule.max_discount, precision_digits=2) > 0:
                reasons.append(
                    self.env._(
                        "discount %(discount)s%% above the maximum %(max)s%%",
                        discount=round(line.discount, 2),
                        max=round(rule.max_discount, 2),
                    )
                )
            margin = line.margin_percent * 100
            if float_compare(margin, rule.min_margin, precision_digits=2) < 0:
                reasons.append(
                    self.env._(
                        "margin %(margin)s%% below the minimum %(min)s%%",
                        margin=round(margin, 2),
                        min=round(rule.min_margin, 2),
                    )
                )
            if reasons:
                beyond.append((line, "; ".join(reasons)))
        return beyond

    def _dist_given_away(self, line, rule):
        """The margin `line` gives away, in company currency: the discount
        granted plus the margin missing to the rule's minimum."""
        discount = line.price_unit * line.product_uom_qty * line.discount / 100.0
        missing = max(0.0, rule.min_margin / 100.0 * line.price_subtotal - line.margin)
        return self.currency_id._convert(
            discount + missing,
            self.company_id.currency_id,
            self.company_id,
            fields.Date.context_today(self, self.date_order),
        )

    def _dist_ask_price_exception(self, rule, beyond):
        """Make this order's request for approval of the lines `beyond` and
        send it to the approvers of the matrix."""
        self.ensure_one()
        lines = []
        for line, reason in beyond:
            lines.append(
                {
                    "sale_line_id": line.id,
                    "product_id": line.product_id.id,
                    "quantity": line.product_uom_qty,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "margin_percent": line.margin_percent * 100,
                    "given_away": self._dist_given_away(line, rule),
                    "reason": reason,
                }
            )
        reason = "\n".join(
            f"{line.product_id.display_name}: {why}" for line, why in beyond
        )
        # sudo: the suite makes the request (users may not); it keeps who
        # asked (the environment's user stays the creator and requester)
        request = (
            self.env["dist.sale.price.exception"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "company_id": self.company_id.id,
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "user_id": self.user_id.id,
                    "requested_by_id": self.env.user.id,
                    "segment": rule.segment,
                    "rule_id": rule.id,
                    "max_discount": rule.max_discount,
                    "min_margin": rule.min_margin,
                    "amount": sum(vals["given_away"] for vals in lines),
                    "reason": reason,
                    "line_ids": [fields.Command.create(vals) for vals in lines],
                }
            )
        )
        if not request.need_validation:
            raise UserError(
                self.env._(
                    "%(order)s needs approval of its discounts and margins "
                    "(%(reason)s), and no approval matrix line covers sales "
                    "discounts and margins in %(company)s: ask a governance "
                    "controller to add one.",
                    order=self.name,
                    reason=reason.replace("\n", "; "),
                    company=self.company_id.name,
                )
            )
        request.request_validation()
        self.message_post(
            body=self.env._(
                "Confirmation waits for the approval of %(request)s (margin given "
                "away %(amount)s): %(reason)s",
                request=request.name,
                amount=format_amount(self.env, request.amount, request.currency_id),
                reason=reason.replace("\n", "; "),
            )
        )
        return request

    def _dist_margin_held_notification(self):
        """Tell who confirmed why these orders stay quotations."""
        message = "\n".join(
            self.env._(
                "%(order)s waits for approval of its discounts and margins: %(reason)s",
                order=order.name,
                reason=(order.dist_price_exception_reason or "").replace("\n", "; "),
            )
            for order in self
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Sent for price approval"),
                "message": message,
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
