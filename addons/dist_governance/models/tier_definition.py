from odoo import fields, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    dist_matrix_line_id = fields.Many2one(
        comodel_name="dist.approval.matrix",
        string="Approval matrix line",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The matrix line that generates and keeps this definition.",
    )
