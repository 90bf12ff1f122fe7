from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicketCategory(models.Model):
    """OCA helpdesk_mgmt's ticket category, made a distribution case
    category: default team, SLA in working hours of a calendar, escalation,
    required links, playbook, allowed resolution actions, root cause."""

    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "dist.system.fields.mixin"]
    # the stable key of a seed category (shipped data)
    _dist_system_fields = ("dist_code",)

    dist_code = fields.Char(
        string="Code",
        readonly=True,
        help="Stable key of the suite's seed categories (e.g. short_shipment).",
    )
    dist_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Default team",
        help="Team a case of this category goes to when none is given.",
    )
    dist_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working hours",
        help="SLA deadlines count these hours, read in the company's time "
        "zone (not the calendar's), skipping its public holidays. Empty: "
        "the company's.",
    )
    dist_first_response_hours = fields.Float(
        string="First response (working hours)",
        default=4.0,
        help="Working hours from the opening within which the customer must "
        "have had a first answer.",
    )
    dist_resolution_hours = fields.Float(
        string="Resolution (working hours)",
        default=24.0,
        help="Working hours from the opening within which the case must be "
        "closed; time waiting for the customer does not count.",
    )
    dist_at_risk_share = fields.Float(
        string="At risk from (% of the time used)",
        default=75.0,
        help="A case is at risk once this share of a deadline's working time "
        "is used; its team leader is told.",
    )
    dist_breach_action = fields.Selection(
        selection=[
            ("notify", "Notify the service managers"),
            ("reassign", "Reassign to the team leader and notify the service managers"),
        ],
        string="On breach",
        default="notify",
        required=True,
        help="What happens when a deadline passes.",
    )
    dist_requires_order = fields.Boolean(
        string="Requires a sales order",
        help="A case of this category cannot be closed without its sales order.",
    )
    dist_requires_delivery = fields.Boolean(
        string="Requires a delivery",
        help="A case of this category cannot be closed without its delivery.",
    )
    dist_requires_invoice = fields.Boolean(
        string="Requires an invoice",
        help="A case of this category cannot be closed without its invoice.",
    )
    dist_requires_product = fields.Boolean(
        string="Requires a product",
        help="A case of this category cannot be closed without the product concerned.",
    )
    dist_requires_lot = fields.Boolean(
        string="Requires a lot",
        help="A case of this category cannot be closed without the lot or "
        "serial number concerned.",
    )
    dist_action_ids = fields.Many2many(
        comodel_name="dist.case.action",
        string="Allowed resolution actions",
        help="What an agent may do to settle a case of this category "
        "(return, replacement, credit note...).",
    )
    dist_keywords = fields.Text(
        string="Keywords",
        help="Words and phrases, separated by commas, that put incoming mail "
        "in this category until the classifier has resolved cases to learn "
        "from.",
    )
    dist_playbook_ids = fields.One2many(
        comodel_name="dist.case.playbook.step",
        inverse_name="category_id",
        string="Playbook",
        help="The steps an agent follows on a case of this category, in order.",
    )
    dist_exception_codes = fields.Char(
        string="Opens cases for",
        help="Codes of governance exception types (comma-separated, e.g. "
        "late_delivery) that open a case of this category, once per "
        "exception, linked to the delivery, its order and its customer.",
    )
    dist_root_cause_required = fields.Boolean(
        string="Root cause required to close",
        help="A case of this category cannot be closed without a root cause.",
    )

    @api.constrains(
        "dist_first_response_hours", "dist_resolution_hours", "dist_at_risk_share"
    )
    def _check_dist_sla(self):
        for category in self:
            if (
                category.dist_first_response_hours <= 0
                or category.dist_resolution_hours <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(category)s: SLA hours must be more than 0 (first "
                        "response %(first)s, resolution %(resolution)s).",
                        category=category.display_name,
                        first=category.dist_first_response_hours,
                        resolution=category.dist_resolution_hours,
                    )
                )
            if not 0 < category.dist_at_risk_share < 100:
                raise ValidationError(
                    self.env._(
                        "%(category)s: a case is at risk after a share of its "
                        "time between 0 and 100 %% (not %(share)s).",
                        category=category.display_name,
                        share=category.dist_at_risk_share,
                    )
                )

    @api.constrains("dist_calendar_id", "company_id")
    def _check_dist_calendar_company(self):
        for category in self:
            calendar = category.dist_calendar_id
            if (
                calendar.company_id
                and category.company_id
                and calendar.company_id != category.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(category)s belongs to %(company)s: its working hours "
                        "cannot be %(calendar)s of %(other)s.",
                        category=category.display_name,
                        company=category.company_id.name,
                        calendar=calendar.name,
                        other=calendar.company_id.name,
                    )
                )

    @api.constrains("dist_action_ids", "dist_playbook_ids")
    def _check_dist_playbook_actions(self):
        for category in self:
            category.dist_playbook_ids._check_action_allowed()

    def _dist_calendar(self, company):
        self.ensure_one()
        return self.dist_calendar_id or company.resource_calendar_id
