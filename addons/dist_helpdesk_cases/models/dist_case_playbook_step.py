from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistCasePlaybookStep(models.Model):
    """A step of a category's resolution playbook, shown to the agent."""

    _name = "dist.case.playbook.step"
    _description = "Case playbook step"
    _order = "sequence, id"

    category_id = fields.Many2one(
        comodel_name="helpdesk.ticket.category", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="category_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True, translate=True)
    action_id = fields.Many2one(
        comodel_name="dist.case.action",
        string="Resolution action",
        help="The action this step leads to; the category must allow it.",
    )

    @api.constrains("action_id", "category_id")
    def _check_action_allowed(self):
        for step in self:
            if (
                step.action_id
                and step.action_id not in step.category_id.dist_action_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Playbook step %(step)s of %(category)s leads to "
                        "%(action)s, which the category does not allow. Allow "
                        "it on the category or choose another action.",
                        step=step.name,
                        category=step.category_id.display_name,
                        action=step.action_id.name,
                    )
                )
