from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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
        default=True,
        help="Confirming a sales order whose stocked lines cannot be met by "
        "their commitment date is refused with the earliest date of each "
        "line, unless the user may confirm beyond availability (logged).",
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
