from odoo import api, fields, models
from odoo.exceptions import UserError

OPEN_STATES = ("draft", "waiting", "confirmed", "assigned")


class HelpdeskTicketResolve(models.TransientModel):
    """An agent applies one of the case category's resolution actions.
    Implemented so far: reschedule (a new promise date for the open
    deliveries, told to the customer) and expedite (the deliveries marked
    urgent)."""

    _name = "helpdesk.ticket.resolve"
    _description = "Apply a resolution action to a case"

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", required=True)
    action_id = fields.Many2one(comodel_name="dist.case.action", required=True)
    action_code = fields.Char(related="action_id.code")
    allowed_action_ids = fields.Many2many(
        comodel_name="dist.case.action", compute="_compute_allowed_action_ids"
    )
    new_date = fields.Datetime(string="New promise date")
    message = fields.Text(
        string="Message to the customer",
        help="Posted on the case and sent to the customer.",
    )

    @api.depends("ticket_id")
    def _compute_allowed_action_ids(self):
        for wizard in self:
            wizard.allowed_action_ids = wizard.ticket_id.category_id.dist_action_ids

    def _dist_open_deliveries(self):
        ticket = self.ticket_id
        order = ticket._dist_order()
        deliveries = (ticket.dist_picking_id | order.picking_ids).filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state in OPEN_STATES
        )
        if not deliveries:
            raise UserError(
                self.env._(
                    "Case %(case)s has no open delivery to act on: link its "
                    "order or delivery first.",
                    case=ticket.number,
                )
            )
        return deliveries

    def action_apply(self):
        self.ensure_one()
        ticket = self.ticket_id
        if self.action_id not in ticket.category_id.dist_action_ids:
            raise UserError(
                self.env._(
                    "%(action)s is not a resolution of %(category)s cases (allowed: "
                    "%(allowed)s).",
                    action=self.action_id.name,
                    category=ticket.category_id.display_name or "-",
                    allowed=", ".join(ticket.category_id.dist_action_ids.mapped("name"))
                    or "-",
                )
            )
        handler = getattr(self, f"_dist_apply_{self.action_id.code}", None)
        if handler is None:
            raise UserError(
                self.env._(
                    "%(action)s is not available from a case yet.",
                    action=self.action_id.name,
                )
            )
        summary = handler()
        ticket.message_post(
            body=self.env._(
                "%(action)s: %(summary)s", action=self.action_id.name, summary=summary
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _dist_apply_reschedule(self):
        if not self.new_date or self.new_date <= fields.Datetime.now():
            raise UserError(self.env._("Give a new promise date in the future."))
        deliveries = self._dist_open_deliveries()
        # sudo: agents have no stock rights; the case's category allows them
        # to move the promise of the case's own deliveries
        pickings = deliveries.sudo()
        pickings.write(
            {"scheduled_date": self.new_date, "date_deadline": self.new_date}
        )
        lines = pickings.move_ids.sale_line_id
        if lines and "dist_promise_date" in lines._fields:
            lines.write({"dist_promise_date": self.new_date})
        date = fields.Datetime.to_string(self.new_date)
        for picking in pickings:
            picking.message_post(
                body=self.env._(
                    "New promise date %(date)s, agreed in case %(case)s.",
                    date=date,
                    case=self.ticket_id.number,
                ),
                subtype_xmlid="mail.mt_note",
            )
        customer = self.ticket_id.partner_id
        self.ticket_id.message_post(
            body=self.message
            or self.env._("Your delivery is now planned for %(date)s.", date=date),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=customer.ids,
        )
        return self.env._(
            "%(deliveries)s moved to %(date)s.",
            deliveries=", ".join(pickings.mapped("name")),
            date=date,
        )

    def _dist_apply_expedite(self):
        deliveries = self._dist_open_deliveries()
        # sudo: as in reschedule; the urgent flag is Odoo's own priority
        pickings = deliveries.sudo()
        pickings.write({"priority": "1"})
        if hasattr(pickings, "_dist_refresh_priorities"):
            pickings._dist_refresh_priorities([("id", "in", pickings.ids)])
        return self.env._(
            "%(deliveries)s marked urgent.",
            deliveries=", ".join(pickings.mapped("name")),
        )
