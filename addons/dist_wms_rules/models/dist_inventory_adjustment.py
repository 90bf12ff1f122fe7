from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class DistInventoryAdjustment(models.Model):
    """A counted difference worth more than the governance matrix lets a
    warehouse apply on its own: it waits for approval (document type
    "Inventory adjustment"), then is applied to the quant as counted."""

    _name = "dist.inventory.adjustment"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
        "dist.system.fields.mixin",
    ]
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
    _state_from = ["draft"]
    _state_to = ["applied"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False
    # made waiting; applied, rejected or cancelled by its own methods only
    # (the status is frozen to users in write)
    _dist_create_states = ("draft",)

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

    _FROZEN = {
        "company_id",
        "warehouse_id",
        "location_id",
        "quant_id",
        "product_id",
        "lot_id",
        "expected_qty",
        "counted_qty",
        "variance_qty",
        "variance_value",
        "amount",
        "reason",
        "counted_by_id",
        "requested_by_id",
        "applied_by_id",
        "applied_date",
        "state",
    }

    def write(self, vals):
        if not self.env.su and self._FROZEN.intersection(vals):
            raise UserError(
                self.env._(
                    "An adjustment request keeps the count it was made from; "
                    "count again instead of editing it."
                )
            )
        return super().write(vals)

    def _get_under_validation_exceptions(self):
        """A rejected or cancelled request records it in its status (the
        status is frozen to users: only reject_tier and action_cancel move
        it)."""
        return super()._get_under_validation_exceptions() + ["state"]

    def _dist_last_approver(self):
        self.ensure_one()
        return self.review_ids.filtered(lambda r: r.status == "approved").done_by[-1:]

    def validate_tier(self):
        result = super().validate_tier()
        validated = self.filtered(
            lambda r: r.state == "draft" and r.validation_status == "validated"
        )
        if validated:
            validated._dist_apply()
        return result

    def reject_tier(self):
        result = super().reject_tier()
        rejected = self.filtered(
            lambda r: r.state == "draft" and r.validation_status == "rejected"
        )
        if rejected:
            # sudo: the request's status moves only here and in _dist_apply
            rejected.sudo().write({"state": "rejected"})
            rejected.quant_id.sudo().write({"dist_adjustment_id": False})
        return result

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

    def action_cancel(self):
        self._dist_check_can_cancel()
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: only a request waiting for "
                        "approval can be cancelled.",
                        name=request.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[request.state],
                    )
                )
        # sudo: as in reject_tier; the caller was checked above
        self.sudo().write({"state": "cancel"})
        self.quant_id.sudo().write({"dist_adjustment_id": False})
        return True

    def _dist_check_can_cancel(self):
        """A request is withdrawn by whoever asked for it or by a warehouse
        manager, in the request's company."""
        if self.env.su:
            return
        self.check_access("write")
        user = self.env.user
        if user.has_group("dist_wms_rules.group_warehouse_manager"):
            return
        others = self.filtered(lambda r: r.requested_by_id != user)
        if others:
            manager = self.env.ref("dist_wms_rules.group_warehouse_manager")
            raise AccessError(
                self.env._(
                    "%(user)s cannot cancel %(names)s: it takes the %(role)s "
                    "role, or having asked for it.",
                    user=user.name,
                    names=", ".join(others.mapped("name")),
                    role=manager.sudo().name,
                )
            )
