from odoo import fields, models

SERVICE_TIERS = [
    ("strategic", "Strategic"),
    ("key", "Key account"),
    ("standard", "Standard"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_service_tier = fields.Selection(
        selection=SERVICE_TIERS,
        string="Service tier",
        help="How the warehouse ranks this customer's deliveries: strategic "
        "accounts first, then key accounts, then standard ones (no tier "
        "counts as standard).",
    )
