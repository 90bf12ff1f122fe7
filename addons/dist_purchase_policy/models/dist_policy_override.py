from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.dist_governance.models.review_route import state_route


class DistPolicyOverride(models.Model):
    """A product that must not follow its segment's policy, with the reason.

    An override is a reorder-rule change: it takes effect only once the
    governance approval matrix (document type "Reorder-rule override") has
    validated it, and the next replenishment run applies it."""

    _name = "dist.policy.override"
    _inherit = ["dist.approval.request.mixin"]
    # computed reference
    _dist_system_fields = ("name",)
    _description = "Replenishment policy override"
    _order = "id desc"
    _check_company_auto = True
    _state_to = ["approved"]
    # approved only through action_approve once validated; a cancelled
    # override goes back to draft (and to its validation) only
    _dist_state_transitions = {
        "draft": ("approved", "cancel"),
        "approved": ("cancel",),
        "cancel": ("draft",),
    }
    # what its approvers decided on, frozen once it is in force
    _dist_frozen_fields = ("company_id", "product_id", "warehouse_id", "policy_id")
    _dist_frozen_states = ("approved",)
    # a rejection leaves it a draft (its validation says it was rejected)
    _dist_rejected_state = None
    # the buyer puts the validated override in force (action_approve)
    _dist_execute_on_approval = False
    # cancelled in force or not, by whoever may write it (its lifecycle says
    # from where)
    _dist_cancel_states = ("draft", "approved", "cancel")

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        tracking=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        check_company=True,
        index=True,
        tracking=True,
        domain=[("is_storable", "=", True)],
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        check_company=True,
        tracking=True,
        help="Empty: every warehouse of the company.",
    )
    policy_id = fields.Many2one(
        comodel_name="dist.replenishment.policy",
        required=True,
        check_company=True,
        tracking=True,
    )
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    dist_annual_value = fields.Float(
        string="Annual value",
        compute="_compute_dist_annual_value",
        help="Consumption value of the product in the warehouses concerned: "
        "the amount the approval matrix reads.",
    )
    segment_ids = fields.Many2many(
        comodel_name="dist.product.segment",
        compute="_compute_segment_ids",
    )

    @api.depends("product_id", "warehouse_id", "policy_id")
    def _compute_name(self):
        for override in self:
            override.name = "{}{}: {}".format(
                override.product_id.display_name or "",
                f" @ {override.warehouse_id.code}" if override.warehouse_id else "",
                override.policy_id.name or "",
            )

    def _segment_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("product_id", "=", self.product_id.id),
        ]
        if self.warehouse_id:
            domain.append(("warehouse_id", "=", self.warehouse_id.id))
        return domain

    @api.depends("product_id", "warehouse_id", "company_id")
    def _compute_segment_ids(self):
        for override in self:
            override.segment_ids = self.env["dist.product.segment"].search(
                override._segment_domain()
            )

    @api.depends("product_id", "warehouse_id", "company_id")
    def _compute_dist_annual_value(self):
        for override in self:
            override.dist_annual_value = sum(
                override.segment_ids.mapped("annual_value")
            )

    @api.constrains("product_id", "warehouse_id", "state", "company_id")
    def _check_one_open(self):
        for override in self.filtered(lambda o: o.state in ("draft", "approved")):
            clash = self.search(
                [
                    ("id", "!=", override.id),
                    ("company_id", "=", override.company_id.id),
                    ("product_id", "=", override.product_id.id),
                    ("warehouse_id", "=", override.warehouse_id.id),
                    ("state", "in", ("draft", "approved")),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(product)s already has an override here (%(other)s): "
                        "cancel it before asking for another.",
                        product=override.product_id.display_name,
                        other=clash.name,
                    )
                )

    @api.constrains("reason")
    def _check_reason(self):
        for override in self:
            if len((override.reason or "").strip()) < 10:
                raise ValidationError(
                    self.env._(
                        "Say why %(product)s should not follow its segment's "
                        "policy (a sentence, not a word).",
                        product=override.product_id.display_name,
                    )
                )

    def _dist_request_frozen_message(self):
        return self.env._(
            "%(name)s is in force as approved: its product, "
            "warehouse and policy do not change. Cancel it and ask "
            "for another override.",
            name=self[:1].name,
        )

    def action_approve(self):
        """Put the validated override in force (the next run applies it)."""
        for override in self:
            if override.validation_status != "validated":
                if not override.review_ids:
                    raise UserError(
                        self.env._(
                            "%(name)s has not been through the approval "
                            "matrix: request validation first. (Without a "
                            "matrix line for reorder-rule overrides in "
                            "%(company)s, a governance controller must add "
                            "one.)",
                            name=override.name,
                            company=override.company_id.name,
                        )
                    )
                raise UserError(
                    self.env._("%(name)s is not validated yet.", name=override.name)
                )
        self._dist_request_execute()

    def _dist_request_execute(self):
        """In force: the next replenishment run applies it."""
        return self._dist_request_set_state("approved")

    def action_draft(self):
        """A cancelled override asked again: by whoever asked for it or a
        purchasing manager; it goes through its validation again."""
        self._dist_check_can_reopen()
        state_route(self.filtered(lambda o: o.state == "cancel")).write(
            {"state": "draft"}
        )
        self.restart_validation()

    def _dist_check_can_reopen(self):
        if self.env.su or self.env.user.has_group(
            "dist_purchase_policy.group_purchasing_manager"
        ):
            return
        for override in self:
            # sudo: who asked for the override, for the check only
            if override.sudo().create_uid != self.env.user:
                raise AccessError(
                    self.env._(
                        "%(user)s did not ask for %(name)s and cannot set it "
                        "back to draft: its requester or a purchasing manager "
                        "can.",
                        user=self.env.user.name,
                        name=override.name,
                    )
                )

    def request_validation(self):
        for override in self:
            if not override._dist_matrix_has_line():
                raise UserError(
                    self.env._(
                        "No approval matrix line covers reorder-rule overrides "
                        "in %(company)s: a governance controller must add one "
                        "before overrides can be approved.",
                        company=override.company_id.name,
                    )
                )
        return super().request_validation()

    def _dist_matrix_has_line(self):
        self.ensure_one()
        # sudo: checks configuration the requester cannot read in full
        return bool(
            self.env["tier.definition"]
            .sudo()
            .search_count(
                [
                    ("model", "=", self._name),
                    ("active", "=", True),
                    ("company_id", "in", (False, self.company_id.id)),
                ]
            )
        )
