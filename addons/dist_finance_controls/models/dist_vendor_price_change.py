from datetime import timedelta

from odoo import api, fields, models

from .product_supplierinfo import price_route

STATES = [
    ("draft", "Waiting for approval"),
    ("done", "Applied"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]


class DistVendorPriceChange(models.Model):
    """A vendor price change beyond the company's threshold, waiting for the
    approval matrix (document type "Vendor price change"): the vendor line
    keeps its old price until the last approval applies the new one; a
    rejection or a cancellation drops it. Made by the write or the creation
    of the vendor line (the suite's code, with sudo()); who asked never
    approves it.

    Its amount, what the matrix's bands read, is the yearly value of the
    change in company currency: the unit change times the quantity bought
    from that vendor in the last 12 months (confirmed purchase orders of the
    company, in the vendor line's unit), at least the line's minimum
    quantity and at least 1."""

    _name = "dist.vendor.price.change"
    _inherit = ["dist.approval.request.mixin"]
    _description = "Vendor price change"
    _order = "id desc"
    _check_company_auto = True
    _dist_system_fields = (
        "change_percent",
        "name",
        "supplierinfo_id",
        "company_id",
        "old_price",
        "new_price",
        "annual_quantity",
        "amount",
        "requested_by_id",
        "done_date",
    )
    _state_to = ["done"]
    _dist_freeze_all = True
    _dist_cancel_groups = ("dist_purchase_policy.group_purchasing_manager",)
    # withdrawn by the managers of who asked (they alone may write it)
    _dist_requester_cancels = False
    _dist_requester_field = "requested_by_id"

    name = fields.Char(compute="_compute_name", store=True)
    supplierinfo_id = fields.Many2one(
        comodel_name="product.supplierinfo",
        string="Vendor line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        help="The vendor line's company; for a line shared by every company, "
        "the company of who changed it.",
    )
    partner_id = fields.Many2one(
        related="supplierinfo_id.partner_id", string="Vendor", store=True
    )
    product_tmpl_id = fields.Many2one(
        related="supplierinfo_id.product_tmpl_id", string="Product", store=True
    )
    product_id = fields.Many2one(
        related="supplierinfo_id.product_id", string="Variant", store=True
    )
    price_currency_id = fields.Many2one(
        related="supplierinfo_id.currency_id", string="Price currency"
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    old_price = fields.Float(digits="Product Price", readonly=True)
    new_price = fields.Float(digits="Product Price", readonly=True)
    change_percent = fields.Float(
        string="Change (%)", compute="_compute_change_percent", store=True
    )
    annual_quantity = fields.Float(
        string="Yearly quantity", digits="Product Unit of Measure", readonly=True
    )
    amount = fields.Monetary(
        string="Yearly value of the change",
        currency_field="company_currency_id",
        readonly=True,
        help="|new - old| x yearly quantity, in company currency: the amount "
        "the approval matrix reads.",
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users", string="Requested by", readonly=True
    )
    done_date = fields.Datetime(string="Applied on", readonly=True)
    state = fields.Selection(
        selection=STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    @api.depends("partner_id", "product_tmpl_id", "old_price", "new_price")
    def _compute_name(self):
        for change in self:
            change.name = self.env._(
                "%(vendor)s / %(product)s: %(old)s to %(new)s",
                vendor=change.partner_id.name or "",
                product=change.product_tmpl_id.name or "",
                old=change.old_price,
                new=change.new_price,
            )

    @api.depends("old_price", "new_price")
    def _compute_change_percent(self):
        for change in self:
            change.change_percent = (
                (change.new_price - change.old_price) / change.old_price * 100.0
                if change.old_price
                else 100.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        # the yearly value is the suite's, worked out once asked
        for change in changes.sudo():
            quantity = change._dist_annual_quantity()
            change.write(
                {
                    "annual_quantity": quantity,
                    "amount": change._dist_value(quantity),
                }
            )
        return changes

    def _dist_annual_quantity(self):
        """Bought from the vendor in the last 12 months (confirmed orders of
        the company), in the vendor line's unit; at least its minimum
        quantity, at least 1."""
        self.ensure_one()
        line = self.supplierinfo_id
        products = line.product_id or line.product_tmpl_id.product_variant_ids
        since = fields.Datetime.now() - timedelta(days=365)
        # sudo: the purchase history sizes the change, whoever asked
        groups = (
            self.env["purchase.order.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "=", line.partner_id.id),
                    ("product_id", "in", products.ids),
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("purchase", "done")),
                    ("order_id.date_approve", ">=", since),
                ],
                aggregates=["product_uom_qty:sum"],
            )
        )
        bought = groups[0][0] if groups else 0.0
        template = line.product_tmpl_id
        if bought and line.product_uom and template.uom_id != line.product_uom:
            bought = template.uom_id._compute_quantity(bought, line.product_uom)
        return max(bought or 0.0, line.min_qty, 1.0)

    def _dist_value(self, quantity):
        self.ensure_one()
        delta = abs(self.new_price - self.old_price) * quantity
        currency = self.supplierinfo_id.currency_id
        if currency and currency != self.company_id.currency_id:
            delta = currency._convert(
                delta,
                self.company_id.currency_id,
                self.company_id,
                fields.Date.context_today(self),
            )
        return delta

    def _dist_requesters(self):
        # sudo: who asked, for the segregation check only
        return super()._dist_requesters() | self.sudo().requested_by_id

    def _dist_needs_approval_intro(self):
        self.ensure_one()
        return self.env._(
            "The vendor price change %(name)s needs approval", name=self.name
        )

    def _dist_request_execute(self):
        """Apply the new prices: the last approval (or the request itself
        when the matrix does not stop it)."""
        for change in self:
            # sudo: the approval matrix approved this price (or does not
            # govern it); its approver need not edit vendor prices
            price_route(change.supplierinfo_id.sudo()).write(
                {"price": change.new_price}
            )
            change.supplierinfo_id.product_tmpl_id.sudo().message_post(
                body=self.env._(
                    "Vendor price of %(vendor)s changed from %(old)s to %(new)s "
                    "(%(request)s).",
                    vendor=change.partner_id.name,
                    old=change.old_price,
                    new=change.new_price,
                    request=change.name,
                )
            )
        # sudo: the status is the request's own (frozen to users, no
        # lifecycle declared): applied, and when
        self.sudo().write({"state": "done", "done_date": fields.Datetime.now()})
