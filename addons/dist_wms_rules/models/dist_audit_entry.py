from odoo import fields, models


class DistAuditEntry(models.Model):
    _inherit = "dist.audit.entry"

    event = fields.Selection(
        selection_add=[("promise_override", "Confirmed beyond available-to-promise")],
        ondelete={"promise_override": "cascade"},
    )
