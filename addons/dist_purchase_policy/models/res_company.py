from odoo import api, fields, models
from odoo.exceptions import ValidationError

PERIOD_DAYS = {"week": 7.0, "month": 365.0 / 12.0}


class ResCompany(models.Model):
    """Segmentation and replenishment settings, per company."""

    _inherit = "res.company"

    dist_abc_cut_a = fields.Float(
        string="ABC cut-off A (%)",
        default=80.0,
        help="Items making up the first share of consumption value are A.",
    )
    dist_abc_cut_b = fields.Float(
        string="ABC cut-off B (%)",
        default=95.0,
        help="Items up to this share of consumption value are B, the rest C.",
    )
    dist_xyz_cut_x = fields.Float(
        string="XYZ cut-off X (CV)",
        default=0.5,
        help="Coefficient of variation of per-period demand up to which an "
        "item is X (steady).",
    )
    dist_xyz_cut_y = fields.Float(
        string="XYZ cut-off Y (CV)",
        default=1.0,
        help="Coefficient of variation up to which an item is Y; above, Z.",
    )
    dist_segment_period = fields.Selection(
        selection=[("week", "Week"), ("month", "Month")],
        string="Demand period",
        default="month",
        required=True,
    )
    dist_history_periods = fields.Integer(
        string="History window (periods)",
        default=12,
        help="How many periods of done deliveries a segmentation run reads.",
    )
    dist_abc_margin = fields.Float(
        string="ABC hysteresis margin (points)",
        default=5.0,
        help="A product changes ABC class at once only when it crossed the "
        "cut-off by this many points of cumulative value share; otherwise it "
        "must stay across it for the number of runs below.",
    )
    dist_xyz_margin = fields.Float(
        string="XYZ hysteresis margin (CV)",
        default=0.1,
        help="A product changes XYZ class at once only when its CV (spread "
        "of demand over its mean) crossed the cut-off by this much; "
        "otherwise it must stay across it for the number of runs below.",
    )
    dist_hysteresis_runs = fields.Integer(
        string="Runs before a class change",
        default=3,
        help="Consecutive daily runs a product must stay across a cut-off "
        "(within the margin) before its class changes.",
    )
    dist_order_cost = fields.Float(
        string="Cost per purchase order line",
        default=25.0,
        help="Ordering cost used by the economic order quantity.",
    )
    dist_holding_rate = fields.Float(
        string="Holding cost (% of cost per year)",
        default=25.0,
    )
    dist_quote_conversion = fields.Float(
        string="Quotation conversion (%)",
        default=30.0,
        help="Share of open quotations expected to be confirmed, for sales "
        "teams that set none of their own.",
    )
    dist_leadtime_tolerance = fields.Float(
        string="Lead-time tolerance (%)",
        default=20.0,
        help="Measured lead time may differ from the promised one by this "
        "share (and at least two days) before it counts as late or drifting.",
    )
    dist_min_receipts = fields.Integer(
        string="Receipts for a measurement",
        default=5,
        help="Receipts needed before a vendor is graded and its measured lead "
        "time replaces the promised one.",
    )
    dist_receipt_tolerance = fields.Float(
        string="Receipt quantity tolerance (%)",
        default=5.0,
        help="A receipt whose quantity differs from the ordered quantity by "
        "more raises an exception for the buyer.",
    )
    dist_vendor_weight_on_time = fields.Float(
        string="Score weight: on time",
        default=0.4,
        help="Share of the on-time rate in a vendor's scorecard score (the "
        "three weights add up to 1).",
    )
    dist_vendor_weight_quantity = fields.Float(
        string="Score weight: quantity",
        default=0.3,
        help="Share of the quantity accuracy (received as ordered) in a "
        "vendor's scorecard score.",
    )
    dist_vendor_weight_lead_time = fields.Float(
        string="Score weight: lead time",
        default=0.3,
        help="Share of the lead-time reliability (delivered within the "
        "promised delay) in a vendor's scorecard score.",
    )

    dist_job_threshold = fields.Integer(
        string="Split runs above (segments)",
        default=20000,
        help="A company with more product segments than this runs its nightly "
        "replenishment as queued jobs (vendor scorecards, then one job per "
        "warehouse) that several workers share. 0: always in one run.",
    )

    @api.constrains("dist_abc_cut_a", "dist_abc_cut_b")
    def _check_dist_abc_cuts(self):
        for company in self:
            if not 0 < company.dist_abc_cut_a < company.dist_abc_cut_b <= 100:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the ABC cut-offs must rise between 0 and "
                        "100 %% (A below B), not %(a)s then %(b)s.",
                        company=company.name,
                        a=company.dist_abc_cut_a,
                        b=company.dist_abc_cut_b,
                    )
                )

    @api.constrains("dist_xyz_cut_x", "dist_xyz_cut_y")
    def _check_dist_xyz_cuts(self):
        for company in self:
            if not 0 < company.dist_xyz_cut_x < company.dist_xyz_cut_y:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the XYZ cut-offs are coefficients of "
                        "variation above 0, X below Y, not %(x)s then %(y)s.",
                        company=company.name,
                        x=company.dist_xyz_cut_x,
                        y=company.dist_xyz_cut_y,
                    )
                )

    @api.constrains(
        "dist_vendor_weight_on_time",
        "dist_vendor_weight_quantity",
        "dist_vendor_weight_lead_time",
    )
    def _check_dist_vendor_weights(self):
        for company in self:
            weights = (
                company.dist_vendor_weight_on_time,
                company.dist_vendor_weight_quantity,
                company.dist_vendor_weight_lead_time,
            )
            if min(weights) < 0 or abs(sum(weights) - 1.0) > 1e-6:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the weights of on-time delivery, quantity "
                        "and lead time in the vendor score are 0 or more and add "
                        "up to 1, not %(on_time)s + %(quantity)s + %(lead_time)s.",
                        company=company.name,
                        on_time=weights[0],
                        quantity=weights[1],
                        lead_time=weights[2],
                    )
                )

    @api.constrains(
        "dist_history_periods",
        "dist_abc_margin",
        "dist_xyz_margin",
        "dist_hysteresis_runs",
        "dist_order_cost",
        "dist_holding_rate",
        "dist_quote_conversion",
        "dist_leadtime_tolerance",
        "dist_min_receipts",
        "dist_receipt_tolerance",
        "dist_job_threshold",
    )
    def _check_dist_settings(self):
        for company in self:
            problems = []
            if not 3 <= company.dist_history_periods <= 156:
                problems.append(self.env._("a history window of 3 to 156 periods"))
            if company.dist_abc_margin < 0 or company.dist_xyz_margin < 0:
                problems.append(self.env._("hysteresis margins of 0 or more"))
            if company.dist_hysteresis_runs < 1:
                problems.append(self.env._("at least 1 run before a class change"))
            if company.dist_order_cost < 0 or company.dist_holding_rate <= 0:
                problems.append(
                    self.env._("an order cost of 0 or more and a positive holding cost")
                )
            for value in (
                company.dist_quote_conversion,
                company.dist_leadtime_tolerance,
                company.dist_receipt_tolerance,
            ):
                if not 0 <= value <= 100:
                    problems.append(self.env._("percentages between 0 and 100"))
                    break
            if company.dist_job_threshold < 0:
                problems.append(self.env._("a job threshold of 0 or more"))
            if company.dist_min_receipts < 1:
                problems.append(self.env._("at least 1 receipt for a measurement"))
            if problems:
                raise ValidationError(
                    self.env._(
                        "%(company)s: replenishment settings need %(what)s.",
                        company=company.name,
                        what=", ".join(problems),
                    )
                )

    def _dist_period_days(self):
        self.ensure_one()
        return PERIOD_DAYS[self.dist_segment_period]

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # sudo: the caller was allowed to create these companies (checked by
        # super); their shipped default policies come with them, whatever
        # Distribution role the creator holds (an administrator may hold none)
        self.env["dist.replenishment.policy"].sudo()._dist_create_defaults(companies)
        # sudo: as above, the shipped pairs of conflicting duties
        self.env["dist.sod.rule"].sudo()._dist_create_defaults(companies)
        return companies
