from odoo import api, fields, models

from odoo.addons.dist_wms_rules.models.res_partner import SERVICE_TIERS

STATES = [
    ("draft", "Waiting for approval"),
    ("done", "Approved"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]


class DistSalePriceException(models.Model):
    """A sales order whose lines go beyond the discount and margin rule of
    its customer segment (``dist.sale.margin.rule``): confirming it asked for
    this request, a document of the approval matrix ("Sales discount and
    margin", amount = the margin given away in company currency). The last
    approval confirms the order; the approval covers the lines' prices and
    discounts as asked, a later change of them asks again.

    Made by the order's confirmation only (the suite's code, with sudo());
    its salesperson and whoever asked never approve it."""

    _name = "dist.sale.price.exception"
    _inherit = ["dist.approval.request.mixin"]
    _description = "Sales discount and margin exception"
    _order = "id desc"
    _check_company_auto = True
    _dist_system_fields = (
        "name",
        "order_id",
        "company_id",
        "partner_id",
        "user_id",
        "requested_by_id",
        "segment",
        "rule_id",
        "max_discount",
        "min_margin",
        "amount",
        "reason",
        "line_ids",
    )
    # made waiting by the order's confirmation; approved (and the order
    # confirmed), rejected or cancelled by its own methods only
    _state_to = ["done"]
    _dist_freeze_all = True
    _dist_cancel_groups = ("sales_team.group_sale_manager",)
    # withdrawn by the managers of who asked (they alone may write it)
    _dist_requester_cancels = False
    _dist_requester_field = "requested_by_id"

    name = fields.Char(compute="_compute_name", store=True)
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sales order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        readonly=True,
        help="The commercial partner of the order's customer.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        readonly=True,
        help="The order's salesperson: never its approver.",
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested by",
        readonly=True,
        help="Who confirmed the order and so asked for the exception.",
    )
    segment = fields.Selection(
        selection=SERVICE_TIERS, string="Customer segment", readonly=True
    )
    rule_id = fields.Many2one(
        comodel_name="dist.sale.margin.rule",
        string="Rule",
        readonly=True,
        check_company=True,
    )
    max_discount = fields.Float(string="Maximum discount (%)", readonly=True)
    min_margin = fields.Float(string="Minimum margin (%)", readonly=True)
    amount = fields.Monetary(
        string="Margin given away",
        currency_field="currency_id",
        readonly=True,
        help="In company currency, over the lines beyond the rule: the "
        "discount granted on them plus the margin missing to the segment's "
        "minimum. The amount the approval matrix reads.",
    )
    reason = fields.Text(string="Why", readonly=True)
    line_ids = fields.One2many(
        comodel_name="dist.sale.price.exception.line",
        inverse_name="exception_id",
        string="Lines beyond the rule",
        readonly=True,
    )
    state = fields.Selection(
        selection=STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    @api.depends("order_id.name")
    def _compute_name(self):
        for request in self:
            request.name = self.env._(
                "Price exception %(order)s", order=request.order_id.name or ""
            )

    def _dist_requesters(self):
        # sudo: the order's salesperson and who asked, for the segregation
        # check only (the salesperson never approves their own discounts)
        request = self.sudo()
        return super()._dist_requesters() | request.user_id | request.requested_by_id

    def _dist_needs_approval_intro(self):
        self.ensure_one()
        return self.env._(
            "The discounts and margins of %(order)s need approval",
            order=self.order_id.name,
        )

    def _dist_covers(self, lines):
        """Does this request cover `lines` (sale.order.line) at their current
        prices and discounts?"""
        self.ensure_one()
        asked = {line.sale_line_id.id: line for line in self.line_ids}
        for line in lines:
            ask = asked.get(line.id)
            if not ask or not ask._dist_same_price(line):
                return False
        return True

    def _dist_request_execute(self):
        """The last approval confirms the orders still waiting for it, as the
        approver when their role may, else as the system: the matrix named
        them (checked by validate_tier before this runs)."""
        self._dist_request_set_state("done")
        for request in self:
            order = request.order_id
            # sudo: the note on the order is the approval's, whatever the
            # approver may write (the author stays the user)
            order.sudo().message_post(
                body=self.env._(
                    "%(request)s approved by %(user)s.",
                    request=request.name,
                    user=self.env.user.name,
                )
            )
            if order.state not in ("draft", "sent"):
                continue
            if not order.has_access("write"):
                # sudo: the approval matrix made this user the approver of
                # the order's prices; confirming is what their approval does
                order = order.sudo()
            order.action_confirm()

    def _dist_request_rejected(self):
        for request in self:
            # sudo: the note on the order is the request's, whatever the
            # decider may write (the author stays the user)
            request.order_id.sudo().message_post(
                body=self.env._(
                    "%(request)s was rejected: the order stays a quotation. "
                    "Change its prices or discounts, or confirm it again to "
                    "ask anew.",
                    request=request.name,
                )
            )

    def _dist_request_cancelled(self):
        for request in self:
            # sudo: the note on the order is the request's, whatever the
            # decider may write (the author stays the user)
            request.order_id.sudo().message_post(
                body=self.env._("%(request)s was cancelled.", request=request.name)
            )


class DistSalePriceExceptionLine(models.Model):
    """A sales line beyond its rule, as it was when approval was asked."""

    _name = "dist.sale.price.exception.line"
    _description = "Sales discount and margin exception line"
    _order = "exception_id, id"

    exception_id = fields.Many2one(
        comodel_name="dist.sale.price.exception",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="exception_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="exception_id.currency_id")
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Sales line", ondelete="cascade"
    )
    product_id = fields.Many2one(comodel_name="product.product")
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit price", digits="Product Price")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    margin_percent = fields.Float(string="Margin (%)")
    given_away = fields.Monetary(
        string="Margin given away", currency_field="currency_id"
    )
    reason = fields.Char(string="Why")

    def _dist_same_price(self, sale_line):
        """Is `sale_line` still at the price and discount asked?"""
        self.ensure_one()
        price_digits = self.env["decimal.precision"].precision_get("Product Price")
        return round(self.price_unit - sale_line.price_unit, price_digits) == 0 and (
            round(self.discount - sale_line.discount, 2) == 0
        )
