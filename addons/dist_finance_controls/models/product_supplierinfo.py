from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# The route by which an approved vendor price is applied: a Python object in
# the context, which RPC can neither carry nor forge (as the review route)
PRICE_ROUTE = object()
PRICE_CONTEXT_KEY = "dist_vendor_price_route"


def price_route(records):
    """`records` with the context that lets the suite apply a price."""
    return records.with_context(**{PRICE_CONTEXT_KEY: PRICE_ROUTE})


def on_price_route(env):
    return env.context.get(PRICE_CONTEXT_KEY) is PRICE_ROUTE


class ProductSupplierinfo(models.Model):
    """Vendor price changes beyond the company's threshold wait for the
    approval matrix: the line keeps its price (purchase orders go on using
    it) and a ``dist.vendor.price.change`` asks for the new one; the approval
    applies it. A new line of a vendor for a product, currency and minimum
    quantity the vendor already has a line for is a change of that line's
    price (quantity breaks are not). Every route that ends in create or
    write goes this way: the form, an import, RPC."""

    _inherit = "product.supplierinfo"

    dist_price_change_ids = fields.One2many(
        comodel_name="dist.vendor.price.change",
        inverse_name="supplierinfo_id",
        string="Price changes",
        readonly=True,
    )
    dist_pending_price = fields.Float(
        string="Price waiting for approval",
        digits="Product Price",
        compute="_compute_dist_pending_price",
        help="The new price asked for this line, until the approval matrix "
        "approves it (then it is the price) or rejects it.",
    )

    @api.depends("dist_price_change_ids.state")
    def _compute_dist_pending_price(self):
        for line in self:
            # sudo: what waits, shown to whoever reads the line
            waiting = line.sudo().dist_price_change_ids.filtered(
                lambda c: c.state == "draft"
            )
            line.dist_pending_price = waiting[:1].new_price

    def _dist_price_company(self):
        self.ensure_one()
        return self.company_id or self.env.company

    def _dist_price_governed(self):
        """Does the approval matrix govern vendor price changes in this
        line's company (a tier definition of the document type there)?
        Without one a change applies at once, as before the control."""
        self.ensure_one()
        # sudo: the matrix's configuration, read for whoever writes a price
        return bool(
            self.env["tier.definition"]
            .sudo()
            .search_count(
                [
                    ("model", "=", "dist.vendor.price.change"),
                    ("active", "=", True),
                    ("company_id", "in", (False, self._dist_price_company().id)),
                ],
                limit=1,
            )
        )

    def _dist_beyond_threshold(self, old, new):
        """Is `old` to `new` a change beyond the company's threshold, in a
        company whose matrix governs vendor price changes? A price set from
        0 always is beyond it."""
        self.ensure_one()
        if not self._dist_price_governed():
            return False
        digits = self.env["decimal.precision"].precision_get("Product Price")
        if float_compare(old, new, precision_digits=digits) == 0:
            return False
        if float_compare(old, 0.0, precision_digits=digits) == 0:
            return True
        change = abs(new - old) / abs(old) * 100.0
        threshold = self._dist_price_company().dist_vendor_price_threshold
        return float_compare(change, threshold, precision_digits=4) > 0

    def _dist_check_no_waiting_change(self):
        # sudo: the waiting requests of these lines, whoever writes them
        waiting = self.sudo().dist_price_change_ids.filtered(
            lambda c: c.state == "draft"
        )
        if waiting:
            raise UserError(
                self.env._(
                    "%(request)s waits for approval: the price of this vendor "
                    "line changes once it is decided, or after it is cancelled.",
                    request=waiting[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not on_price_route(self.env):
            lines._dist_hold_new_prices()
        return lines

    def _dist_reference_line(self, exclude):
        """The line of the same vendor, product, company, currency and
        minimum quantity this new line would replace, if any."""
        self.ensure_one()
        # sudo: the vendor's other lines, whoever adds one
        return self.sudo().search(
            [
                ("id", "not in", exclude.ids),
                ("partner_id", "=", self.partner_id.id),
                ("product_tmpl_id", "=", self.product_tmpl_id.id),
                ("product_id", "=", self.product_id.id),
                ("company_id", "=", self.company_id.id),
                ("currency_id", "=", self.currency_id.id),
                ("min_qty", "=", self.min_qty),
            ],
            order="sequence, id",
            limit=1,
        )

    def _dist_hold_new_prices(self):
        """New lines that change the price of a vendor's line beyond the
        threshold start at the old price and ask for the new one."""
        for line in self:
            if not line._dist_price_governed():
                continue
            reference = line._dist_reference_line(self)
            if not reference or not line._dist_beyond_threshold(
                reference.price, line.price
            ):
                continue
            new = line.price
            # sudo: the line was just created by this user; it starts at the
            # old price, whatever rights they hold beyond creating
            price_route(line.sudo()).write({"price": reference.price})
            line._dist_ask_price_change(reference.price, new)

    def write(self, vals):
        if "price" not in vals or on_price_route(self.env):
            return super().write(vals)
        new = vals["price"]
        currency = (
            self.env["res.currency"].browse(vals["currency_id"])
            if vals.get("currency_id")
            else None
        )
        digits = self.env["decimal.precision"].precision_get("Product Price")
        changed = self.browse()
        held = self.browse()
        olds = {}
        for line in self:
            old = line.price
            if currency and currency != line.currency_id:
                old = line.currency_id._convert(
                    old,
                    currency,
                    line._dist_price_company(),
                    fields.Date.context_today(line),
                )
            olds[line.id] = old
            if float_compare(old, new, precision_digits=digits) == 0:
                continue
            changed |= line
            if line._dist_beyond_threshold(old, new):
                held |= line
        changed._dist_check_no_waiting_change()
        direct = self - held
        if direct:
            super(ProductSupplierinfo, direct).write(vals)
        if held:
            rest = {k: v for k, v in vals.items() if k != "price"}
            if rest:
                super(ProductSupplierinfo, held).write(rest)
            for line in held:
                line._dist_ask_price_change(line.price, new)
        return True

    def unlink(self):
        # who may delete the lines is checked first; their price changes then
        # go with them through the ORM, with their reviews (a database
        # cascade would leave the reviews waiting)
        self.check_access("unlink")
        # sudo: the lines' own requests, deleted with them
        self.sudo().dist_price_change_ids.unlink()
        return super().unlink()

    def _dist_ask_price_change(self, old, new):
        """Ask the approval matrix for `new` as this line's price; when none
        of its lines stops it (an amount below every band) it applies at
        once, recorded as applied."""
        self.ensure_one()
        # sudo: the suite makes the request (users may not create one); the
        # environment's user stays its creator and requester
        request = (
            self.env["dist.vendor.price.change"]
            .sudo()
            .create(
                {
                    "supplierinfo_id": self.id,
                    "company_id": self._dist_price_company().id,
                    "old_price": old,
                    "new_price": new,
                    "requested_by_id": self.env.user.id,
                }
            )
        )
        if request.need_validation:
            request.request_validation()
        else:
            request._dist_request_execute()
        return request
