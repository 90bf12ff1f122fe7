from odoo import fields, models


class DistQualityCheckLine(models.Model):
    _name = "dist.quality.check.line"
    _inherit = ["dist.system.fields.mixin"]
    # the checklist's point, copied by the suite
    _dist_system_fields = (
        "name",
        "photo_required",
    )
    _description = "Quality check point result"
    _order = "sequence, id"

    check_id = fields.Many2one(
        comodel_name="dist.quality.check", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="check_id.company_id", store=True)
    sequence = fields.Integer()
    name = fields.Char(string="Point", required=True, readonly=True)
    photo_required = fields.Boolean(readonly=True)
    result = fields.Selection(selection=[("pass", "Pass"), ("fail", "Fail")])
    note = fields.Char()
    photo = fields.Image(max_width=1920, max_height=1920, attachment=True)
