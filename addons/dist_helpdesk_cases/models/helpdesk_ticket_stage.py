from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    dist_waiting_customer = fields.Boolean(
        string="Waiting on the customer",
        help="SLA clocks stop while a case is in this stage and resume, "
        "shifted by the working time spent here, when it leaves.",
    )
