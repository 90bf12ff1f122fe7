from odoo import fields, models


class DistAuditEntry(models.Model):
    _inherit = "dist.audit.entry"

    event = fields.Selection(
        selection_add=[
            ("lead_time_update", "Vendor lead time updated"),
            ("recommendation", "Purchase recommendation decided"),
        ],
        ondelete={"lead_time_update": "cascade", "recommendation": "cascade"},
    )
