from odoo import api, fields, models
from odoo.exceptions import UserError


class DistInventoryAdjustment(models.Model):
    """A counted difference worth more than the governance matrix lets a
    warehouse apply on its own: it waits for approval (document type
    "Inventory adjustment"), then is applied to the quant as counted."""

    _name = "dist.inventory.adjustment"
    _inherit = ["dist.approval.request.mixin"]
    # the count's figures and stamps are the suite's (a count held for
    # approval makes the request)
    _dist_system_fields = (
        "name",
        "expected_qty",
        "counted_qty",
        "variance_qty",
        "variance_value",
        "amount",
        "counted_by_id",
        "requested_by_id",
        "applied_by_id",
        "applied_date",
    )
    _dist_fixed_fields = (
        "company_id",
        "warehouse_id",
        "location_id",
        "quant_id",
        "product_id",
        "lot_id",
        "reason",
    )
    _description = "Inventory adjustment request"
    _order = "id desc"
    _check_company_auto = True
    # made waiting ("draft"); applied, rejected or cancelled by its own
    # methods only (the status is frozen to users: no lifecycle is declared,
    # see dist.approval.request.mixin)
    _state_to = ["applied"]
    # the count it was made from, frozen to users from the start: what it
    # fixes and the count's figures and stamps (its name is computed)
    _dist_frozen_fields = _dist_fixed_fields + tuple(
        name for name in _dist_system_fields if name != "name"
    )
    # withdrawn by whoever asked for it or by a warehouse manager
    _dist_cancel_groups = ("dist_wms_rules.group_warehouse_manager",)
    _dist_requester_cancels = True
    _dist_requester_field = "requested_by_id"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", readonly=True, index=True, check_company=True
    )
    location_id = fields.Many2one(
        comodel_name="stock.location", required=True, readonly=True, check_company=True
    )
    quant_id = fields.Many2one(
        comodel_name="stock.quant", readonly=True, ondelete="set null", index=True
    )
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, readonly=True, index=True
    )
    lot_id = fields.Many2one(comodel_name="stock.lot", readonly=True)
    expected_qty = fields.Float(
        string="Expected", digits="Product Unit of Measure", readonly=True
    )
    counted_qty = fields.Float(
        string="Counted", digits="Product Unit of Measure", readonly=True
    )
    variance_qty = fields.Float(
        string="Variance", digits="Product Unit of Measure", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    variance_value = fields.Monetary(readonly=True)
    amount = fields.Monetary(
        string="Value at stake",
        readonly=True,
        help="Absolute value of the variance: what the approval matrix compares.",
    )
    reason = fields.Char(readonly=True)
    counted_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    requested_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    applied_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    applied_date = fields.Datetime(readonly=True)
    state = fields.Selection(
        selection=[
            ("draft", "Waiting for approval"),
            ("applied", "Applied"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.depends("product_id", "location_id")
    def _compute_name(self):
        for request in self:
            request.name = self.env._(
                "ADJ/%(id)s %(product)s @ %(location)s",
                id=request.id or "-",
                product=request.product_id.display_name,
                location=request.location_id.display_name,
            )

    def _dist_request_frozen_message(self):
        return self.env._(
            "An adjustment request keeps the count it was made from; "
            "count again instead of editing it."
        )

    def _dist_last_approver(self):
        self.ensure_one()
        return self.review_ids.filtered(lambda r: r.status == "approved").done_by[-1:]

    def _dist_request_execute(self):
        """The last approval applies the count."""
        return self._dist_apply()

    def _dist_request_rejected(self):
        """The stock counted no longer waits: it may be counted again."""
        # sudo: pending marks are the system's (see stock.quant)
        self.quant_id.sudo().write({"dist_adjustment_id": False})

    def _dist_request_cancelled(self):
        """As a rejection: the stock counted no longer waits."""
        # sudo: as in _dist_request_rejected
        self.quant_id.sudo().write({"dist_adjustment_id": False})

    def _dist_apply(self):
        """Apply validated requests to their quants, as counted."""
        for request in self:
            if request.validation_status != "validated":
                raise UserError(
                    self.env._("%(name)s is not approved yet.", name=request.name)
                )
            quant = request.quant_id
            if not quant:
                raise UserError(
                    self.env._(
                        "%(name)s: the stock it counted no longer exists; count again.",
                        name=request.name,
                    )
                )
            # sudo: the approval matrix validated this request; whoever gave
            # the last approval applies it even without stock rights
            quant = quant.sudo().with_context(
                inventory_mode=True,
                dist_adjustment_apply=request.id,
                inventory_name=request.reason,
            )
            quant.inventory_quantity = request.counted_qty
            quant._apply_inventory()
