from odoo import api, fields, models
from odoo.exceptions import ValidationError

MODES = [
    ("auto", "Automatic min/max"),
    ("review", "Buyer review"),
    ("sensing", "Demand sensing"),
]
FORECAST_METHODS = [
    ("moving_average", "Moving average"),
    ("exponential_smoothing", "Exponential smoothing"),
    ("croston", "Croston"),
    ("sba", "Syntetos-Boylan (SBA)"),
    ("tsb", "Teunter-Syntetos-Babai (TSB)"),
]

# (code, name, mode, service level, forecast method, POs without review)
DEFAULT_POLICIES = [
    ("auto", "Automatic min/max", "auto", 95.0, "moving_average", True),
    ("strategic", "Strategic review", "review", 98.0, "exponential_smoothing", False),
    ("sensing", "Demand sensing", "sensing", 95.0, "exponential_smoothing", False),
    ("intermittent", "Intermittent review (SBA)", "review", 90.0, "sba", False),
    ("lumpy", "Lumpy demand sensing (TSB)", "sensing", 90.0, "tsb", False),
    ("new", "New item review", "review", 90.0, "moving_average", False),
]


class DistReplenishmentPolicy(models.Model):
    """How a segment of products is replenished: by Odoo's reorder rules on
    their own, or through recommendations a buyer reviews."""

    _name = "dist.replenishment.policy"
    _description = "Replenishment policy"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    mode = fields.Selection(selection=MODES, required=True, default="review")
    service_level = fields.Float(
        string="Target service level (%)",
        default=95.0,
        required=True,
        help="Cycle service level: the chance of no stock-out in a "
        "replenishment cycle; sets the safety factor z.",
    )
    review_period_days = fields.Integer(
        string="Review period (days)",
        default=7,
        required=True,
        help="Days between two orders; the max covers this demand (or the "
        "economic order quantity, whichever is larger).",
    )
    forecast_method = fields.Selection(
        selection=FORECAST_METHODS,
        default="moving_average",
        required=True,
        help="How the demand of the next periods is estimated from the past "
        "ones. Moving average and exponential smoothing suit products sold "
        "most periods; Croston, SBA and TSB suit products sold only some "
        "periods (intermittent or lumpy demand).",
    )
    ma_window = fields.Integer(
        string="Moving-average periods",
        default=3,
    )
    alpha = fields.Float(
        string="Smoothing (alpha)",
        default=0.2,
        digits=(3, 2),
    )
    beta = fields.Float(
        string="Probability smoothing (beta)",
        default=0.1,
        digits=(3, 2),
        help="TSB only: how fast the demand probability follows.",
    )
    round_to_moq = fields.Boolean(
        string="Round to MOQ and packs",
        default=True,
        help="Raise order quantities to the vendor's minimum and to whole "
        "purchase packs.",
    )
    auto_po = fields.Boolean(
        string="Purchase orders without review",
        help="Automatic policies only: Odoo's scheduler creates the RFQs on "
        "its own (reorder rule trigger Auto); otherwise the rules wait in "
        "the Replenishment report for a buyer to order.",
    )
    description = fields.Text()
    cell_count = fields.Integer(compute="_compute_cell_count")

    _sql_constraints = [
        (
            "code_company_unique",
            "unique (company_id, code)",
            "A policy code is unique per company.",
        ),
    ]

    def _compute_cell_count(self):
        counts = dict(
            self.env["dist.policy.matrix.cell"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.cell_count = counts.get(policy, 0)

    @api.constrains(
        "service_level", "review_period_days", "ma_window", "alpha", "beta", "mode"
    )
    def _check_parameters(self):
        for policy in self:
            if not 50 <= policy.service_level <= 99.99:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: a target service level is between 50 and "
                        "99.99 %%, not %(level)s.",
                        policy=policy.name,
                        level=policy.service_level,
                    )
                )
            if policy.review_period_days < 1:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: the review period is at least one day.",
                        policy=policy.name,
                    )
                )
            if policy.ma_window < 1:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: a moving average needs at least one period.",
                        policy=policy.name,
                    )
                )
            if not (0 < policy.alpha <= 1 and 0 < policy.beta <= 1):
                raise ValidationError(
                    self.env._(
                        "%(policy)s: smoothing constants are above 0 and at "
                        "most 1 (alpha %(alpha)s, beta %(beta)s).",
                        policy=policy.name,
                        alpha=policy.alpha,
                        beta=policy.beta,
                    )
                )
            if policy.auto_po and policy.mode != "auto":
                raise ValidationError(
                    self.env._(
                        "%(policy)s: only automatic min/max policies create "
                        "purchase orders without review.",
                        policy=policy.name,
                    )
                )

    def write(self, vals):
        if vals.get("active") is False or "company_id" in vals:
            used = self.env["dist.policy.matrix.cell"].search_count(
                [("policy_id", "in", self.ids)]
            )
            if used:
                raise ValidationError(
                    self.env._(
                        "%(policies)s still serve cells of the policy matrix: "
                        "assign those cells another policy first, the matrix "
                        "cannot have holes.",
                        policies=", ".join(self.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.model
    def _dist_create_defaults(self, companies):
        """The shipped policies and a complete matrix for each company that
        has none."""
        cell_model = self.env["dist.policy.matrix.cell"]
        for company in companies:
            if self.with_context(active_test=False).search_count(
                [("company_id", "=", company.id)]
            ):
                continue
            policies = self.create(
                [
                    {
                        "code": code,
                        "name": name,
                        "mode": mode,
                        "service_level": level,
                        "forecast_method": method,
                        "auto_po": auto_po,
                        "sequence": 10 * (index + 1),
                        "company_id": company.id,
                    }
                    for index, (code, name, mode, level, method, auto_po) in enumerate(
                        DEFAULT_POLICIES
                    )
                ]
            )
            by_code = {policy.code: policy for policy in policies}
            cell_model.create(
                [
                    {
                        "company_id": company.id,
                        "abc_class": abc,
                        "xyz_class": xyz,
                        "demand_pattern": pattern,
                        "policy_id": by_code[
                            cell_model._dist_default_policy_code(abc, xyz, pattern)
                        ].id,
                    }
                    for abc, xyz, pattern in cell_model._dist_all_cells()
                ]
            )
