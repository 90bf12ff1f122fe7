from odoo import fields, models


class DistQualityChecklistItem(models.Model):
    _name = "dist.quality.checklist.item"
    _description = "Quality checklist point"
    _order = "sequence, id"

    checklist_id = fields.Many2one(
        comodel_name="dist.quality.checklist", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="checklist_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Point", required=True, translate=True)
    photo_required = fields.Boolean(
        help="The operator attaches a photo of this point before finishing."
    )
