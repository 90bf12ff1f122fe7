from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_vendor_grade = fields.Selection(
        selection=[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")],
        string="Vendor grade",
        company_dependent=True,
        help="Grade from the supplier scorecard (A best); the approval matrix "
        "can route orders by it.",
    )
