from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_rcv_check = fields.Boolean(
        string="Receiving control",
        help="Receipt lines differing from the expected quantity beyond "
        "tolerance need a reason code before the receipt is validated. Off "
        "(the default for a new company), receipts validate as in Odoo.",
    )
    dist_rcv_tolerance_percent = fields.Float(
        string="Receiving tolerance (%)",
        digits=(5, 2),
        default=5.0,
        help="A receipt line may differ from the expected quantity by this "
        "share, over or under, without a reason; vendors and product "
        "categories can have their own.",
    )
    dist_rcv_tolerance_qty = fields.Float(
        string="Receiving tolerance (units)",
        digits="Product Unit of Measure",
        default=0.0,
        help="Units a receipt line may differ by whatever its size; the "
        "larger of the two tolerances applies.",
    )

    dist_atp_check = fields.Boolean(
        string="Check available-to-promise",
        help="Confirming a sales order whose stocked lines cannot be met by "
        "their commitment date is refused with the earliest date of each "
        "line, unless the user may confirm beyond availability (logged). Off "
        "(the default for a new company), orders confirm as in Odoo.",
    )

    dist_priority_weight_tier = fields.Float(
        string="Priority: service tier",
        default=40.0,
        help="Points of a strategic customer in the fulfilment priority.",
    )
    dist_priority_weight_promise = fields.Float(
        string="Priority: promise date",
        default=30.0,
        help="Points of a delivery due today or late.",
    )
    dist_priority_weight_age = fields.Float(
        string="Priority: order age",
        default=20.0,
        help="Points of an order two weeks old or older.",
    )
    dist_priority_weight_case = fields.Float(
        string="Priority: open case",
        default=10.0,
        help="Points of a delivery with an open customer case.",
    )

    dist_count_days_a = fields.Integer(
        string="Count A items every (days)",
        default=30,
        help="Cycle-count cadence of class A stock.",
    )
    dist_count_days_b = fields.Integer(string="Count B items every (days)", default=90)
    dist_count_days_c = fields.Integer(string="Count C items every (days)", default=365)
    dist_count_tolerance = fields.Float(
        string="Count accuracy tolerance (%)",
        digits=(5, 2),
        default=2.0,
        help="A count within this share of the expected quantity counts as "
        "accurate in the inventory accuracy figures.",
    )

    @api.constrains(
        "dist_count_days_a",
        "dist_count_days_b",
        "dist_count_days_c",
        "dist_count_tolerance",
    )
    def _check_dist_count_settings(self):
        for company in self:
            days = (
                company.dist_count_days_a,
                company.dist_count_days_b,
                company.dist_count_days_c,
            )
            if min(days) < 1:
                raise ValidationError(
                    self.env._(
                        "A count cadence is at least 1 day (%(company)s: "
                        "A %(a)s, B %(b)s, C %(c)s days).",
                        company=company.name,
                        a=days[0],
                        b=days[1],
                        c=days[2],
                    )
                )
            if not 0 <= company.dist_count_tolerance <= 100:
                raise ValidationError(
                    self.env._(
                        "The count accuracy tolerance of %(company)s must be "
                        "between 0 and 100 %% (not %(value)s).",
                        company=company.name,
                        value=company.dist_count_tolerance,
                    )
                )

    def _dist_count_cadence(self, abc_class):
        self.ensure_one()
        return {
            "A": self.dist_count_days_a,
            "B": self.dist_count_days_b,
        }.get(abc_class, self.dist_count_days_c)

    @api.constrains(
        "dist_priority_weight_tier",
        "dist_priority_weight_promise",
        "dist_priority_weight_age",
        "dist_priority_weight_case",
    )
    def _check_dist_priority_weights(self):
        for company in self:
            weights = (
                company.dist_priority_weight_tier,
                company.dist_priority_weight_promise,
                company.dist_priority_weight_age,
                company.dist_priority_weight_case,
            )
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    self.env._(
                        "The fulfilment priority weights of %(company)s cannot "
                        "be negative and cannot all be zero.",
                        company=company.name,
                    )
                )

    @api.constrains("dist_rcv_tolerance_percent", "dist_rcv_tolerance_qty")
    def _check_dist_rcv_tolerance(self):
        for company in self:
            percent = company.dist_rcv_tolerance_percent
            if percent < 0 or percent > 100 or company.dist_rcv_tolerance_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The receiving tolerance of %(company)s must be between "
                        "0 and 100 %% and at least 0 units (not %(percent)s %% "
                        "/ %(quantity)s units).",
                        company=company.name,
                        percent=percent,
                        quantity=company.dist_rcv_tolerance_qty,
                    )
                )
