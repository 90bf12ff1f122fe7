from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from odoo.addons.dist_governance.roles import check_role

from ..models.dist_case_resolution import MONEY_OR_STOCK

OPEN_STATES = ("draft", "waiting", "confirmed", "assigned")


class HelpdeskTicketResolve(models.TransientModel):
    """An agent applies one of the case category's resolution actions:
    reschedule (a new promise date for the open deliveries, told to the
    customer) and expedite (the deliveries marked urgent) at once; return,
    replacement and credit note, where money or stock moves, as a case
    resolution for the chosen lines that goes through the approval
    matrix."""

    _name = "helpdesk.ticket.resolve"
    _description = "Apply a resolution action to a case"

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", required=True)
    action_id = fields.Many2one(comodel_name="dist.case.action", required=True)
    action_code = fields.Char(related="action_id.code")
    allowed_action_ids = fields.Many2many(
        comodel_name="dist.case.action", compute="_compute_allowed_action_ids"
    )
    new_date = fields.Datetime(
        string="New promise date",
        help="The day the customer's open deliveries are now promised for; "
        "it replaces their scheduled date and deadline.",
    )
    message = fields.Text(
        string="Message to the customer",
        help="Posted on the case and sent to the customer.",
    )
    line_ids = fields.One2many(
        comodel_name="helpdesk.ticket.resolve.line",
        inverse_name="wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    return_goods = fields.Boolean(
        string="Take the goods back",
        compute="_compute_return_goods",
        store=True,
        readonly=False,
        precompute=True,
    )
    to_quarantine = fields.Boolean(
        string="Returned goods are damaged",
        compute="_compute_return_goods",
        store=True,
        readonly=False,
        precompute=True,
        help="The return goes to the warehouse's quarantine.",
    )
    reason = fields.Text(help="Why: kept on the resolution the approvers see.")

    @api.depends("ticket_id")
    def _compute_allowed_action_ids(self):
        for wizard in self:
            wizard.allowed_action_ids = wizard.ticket_id.category_id.dist_action_ids

    @api.depends("action_id", "ticket_id")
    def _compute_return_goods(self):
        for wizard in self:
            damaged = wizard.ticket_id.category_id.dist_code == "damaged_goods"
            code = wizard.action_id.code
            wizard.return_goods = code == "return" or (
                damaged and code in MONEY_OR_STOCK
            )
            wizard.to_quarantine = damaged

    @api.depends("action_id", "ticket_id")
    def _compute_line_ids(self):
        for wizard in self:
            if wizard.action_id.code not in MONEY_OR_STOCK:
                wizard.line_ids = [Command.clear()]
                continue
            wizard.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in wizard._dist_line_proposals()
            ]

    @api.model
    def _dist_sent_again(self, order):
        """{product: quantity} already sent again to the order's customer by
        earlier replacements (shipped or still to ship): Odoo does not count
        them as delivered on the order line."""
        sent = {}
        group = order.procurement_group_id
        if not group:
            return sent
        for move in group.stock_move_ids.filtered(
            lambda m: (
                not m.sale_line_id
                and m.state != "cancel"
                and m.picking_code == "outgoing"
                and m.location_dest_id.usage == "customer"
            )
        ):
            sent[move.product_id] = sent.get(move.product_id, 0.0) + move.product_qty
        return sent

    @api.model
    def _dist_missing(self, sale_line, sent_again):
        """What the customer still lacks on `sale_line`, in the product's
        unit: ordered, less delivered, less what its open deliveries (a
        backorder) will still bring, less what replacements sent again;
        the customer must not receive it twice."""
        if not sale_line:
            return 0.0
        product = sale_line.product_id
        to_product = sale_line.product_uom._compute_quantity
        ordered = to_product(sale_line.product_uom_qty, product.uom_id)
        delivered = to_product(sale_line.qty_delivered, product.uom_id)
        coming = sum(
            sale_line.move_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.picking_code == "outgoing"
                    and m.location_dest_id.usage == "customer"
                )
            ).mapped("product_qty")
        )
        missing = ordered - delivered - coming - sent_again.get(product, 0.0)
        # counted once, on the first line of that product
        sent_again[product] = max(
            sent_again.get(product, 0.0) - (ordered - delivered - coming), 0.0
        )
        return max(
            float_round(missing, precision_rounding=product.uom_id.rounding), 0.0
        )

    def _dist_line_proposals(self):
        """Lines the agent starts from: what was delivered (with what is
        still missing on the order line for a replacement), or the
        invoice's lines when the case is about an invoice and no delivery."""
        ticket = self.ticket_id
        order = ticket._dist_order()
        product = ticket.dist_product_id
        deliveries = ticket.dist_picking_id or order.picking_ids
        moves = deliveries.move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.picking_code == "outgoing"
                and m.location_dest_id.usage == "customer"
                and (not product or m.product_id == product)
            )
        )
        proposals = []
        code = self.action_id.code
        sent_again = self._dist_sent_again(order)
        proposed = set()  # order lines whose missing quantity is proposed
        for move in moves:
            sale_line = move.sale_line_id
            missing = (
                0.0
                if sale_line in proposed
                else self._dist_missing(sale_line, sent_again)
            )
            proposed.add(sale_line)
            invoice_line = sale_line.invoice_lines.filtered(
                lambda il: (
                    il.move_id.state == "posted"
                    and il.move_id.move_type == "out_invoice"
                )
            )[:1]
            proposals.append(
                {
                    "product_id": move.product_id.id,
                    "move_id": move.id,
                    "sale_line_id": sale_line.id,
                    "invoice_line_id": invoice_line.id,
                    "delivered_qty": move.quantity,
                    "missing_qty": missing,
                    "quantity": missing if code == "replacement" else 0.0,
                    "price_unit": sale_line.price_reduce_taxexcl
                    if sale_line
                    else move.product_id.lst_price,
                }
            )
        if not proposals and ticket.dist_invoice_id:
            for line in ticket.dist_invoice_id.invoice_line_ids.filtered(
                lambda il: (
                    il.display_type == "product"
                    and il.product_id
                    and (not product or il.product_id == product)
                )
            ):
                proposals.append(
                    {
                        "product_id": line.product_id.id,
                        "invoice_line_id": line.id,
                        "sale_line_id": line.sale_line_ids[:1].id,
                        "delivered_qty": line.quantity,
                        "quantity": 0.0,
                        "price_unit": line.price_unit * (1 - line.discount / 100),
                    }
                )
        return proposals

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
        check_role(
            self.env,
            self.env._("resolve a case"),
            "dist_helpdesk_cases.group_service_agent",
        )
        ticket = self.ticket_id
        # the actions below run with the system's rights on the case's
        # documents: the agent must be able to work this case
        ticket.check_access("write")
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
        # sudo: the actions a case took are the system's record, kept to
        # suggest them for similar cases
        ticket.sudo().dist_action_done_ids = [Command.link(self.action_id.id)]
        if self.action_id.code in MONEY_OR_STOCK:
            return self._dist_propose_resolution()
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
        # the new promise is a day of the warehouse (its time zone's), kept
        # until it ends, as promises are
        days = {}
        for picking in pickings:
            place = picking.picking_type_id.warehouse_id or picking.company_id
            days[picking] = place._dist_local_day(self.new_date)
            lines = picking.move_ids.sale_line_id
            if lines:
                self._dist_promise_lines(lines, place._dist_day_end(days[picking]))
        date = fields.Date.to_string(
            days[pickings[:1]]
            if pickings
            else self.ticket_id.company_id._dist_local_day(self.new_date)
        )
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

    def _dist_promise_lines(self, lines, moment):
        """The customer is now promised sales lines `lines` for `moment`
        (the end of the new day): nothing to record here, where order lines
        carry no promise date; a bridge addon whose lines carry one writes
        it."""
        return True

    def _dist_apply_expedite(self):
        deliveries = self._dist_open_deliveries()
        # sudo: as in reschedule; the urgent flag is Odoo's own priority
        pickings = deliveries.sudo()
        pickings.write({"priority": "1"})
        self.ticket_id._dist_deliveries_changed(pickings)
        return self.env._(
            "%(deliveries)s marked urgent.",
            deliveries=", ".join(pickings.mapped("name")),
        )

    def _dist_propose_resolution(self):
        """The case resolution for the chosen lines: carried out at once
        when the approval matrix lets service do it alone, else waiting for
        its approvers. Opens it."""
        ticket = self.ticket_id
        lines = self.line_ids.filtered("quantity")
        values = [
            {
                "product_id": line.product_id.id,
                "quantity": line.quantity,
                "limit": line.delivered_qty
                if self.return_goods or self.action_id.code == "credit_note"
                else None,
            }
            for line in self.line_ids
        ]
        self.env["dist.case.resolution.line"]._dist_check_quantities(
            values, self.action_id.name
        )
        if self.return_goods and not lines.move_id:
            raise UserError(
                self.env._(
                    "Case %(case)s has no delivered goods to take back: link "
                    "the delivery or the order first.",
                    case=ticket.number,
                )
            )
        if self.action_id.code == "credit_note" and not (
            ticket.dist_invoice_id or lines.invoice_line_id
        ):
            raise UserError(
                self.env._(
                    "Case %(case)s: these goods are not invoiced yet, there is "
                    "nothing to credit; link the invoice, or correct the order "
                    "before it is invoiced.",
                    case=ticket.number,
                )
            )
        order = ticket._dist_order()
        picking = ticket.dist_picking_id or lines.move_id.picking_id[:1]
        warehouse = picking.picking_type_id.warehouse_id or order.warehouse_id
        if self.action_id.code == "replacement" and not warehouse:
            raise UserError(
                self.env._(
                    "Case %(case)s: link the order or the delivery so the "
                    "replacement leaves from its warehouse.",
                    case=ticket.number,
                )
            )
        if (
            self.return_goods
            and self.to_quarantine
            and not self.env["dist.case.resolution"]._dist_can_quarantine(warehouse)
        ):
            raise UserError(
                self.env._(
                    "%(warehouse)s has no quarantine for damaged goods: return "
                    "them as not damaged.",
                    warehouse=warehouse.display_name or "-",
                )
            )
        currency = order.currency_id or ticket.dist_invoice_id.currency_id
        company = ticket.company_id

        def in_company_currency(price):
            if not currency or currency == company.currency_id:
                return price
            return currency._convert(
                price, company.currency_id, company, company._dist_today()
            )

        resolution = self.env["dist.case.resolution"].create(
            {
                "ticket_id": ticket.id,
                "company_id": company.id,
                "partner_id": ticket.partner_id.id,
                "action_id": self.action_id.id,
                "sale_order_id": order.id,
                "picking_id": picking.id,
                "invoice_id": ticket.dist_invoice_id.filtered(
                    lambda m: m.move_type == "out_invoice" and m.state == "posted"
                ).id,
                "warehouse_id": warehouse.id,
                "return_goods": self.return_goods,
                "to_quarantine": self.return_goods and self.to_quarantine,
                "reason": self.reason,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": line.quantity,
                            "price_unit": in_company_currency(line.price_unit),
                            "move_id": line.move_id.id,
                            "sale_line_id": line.sale_line_id.id,
                            "invoice_line_id": line.invoice_line_id.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        resolution._dist_submit()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dist.case.resolution",
            "res_id": resolution.id,
            "view_mode": "form",
            "target": "current",
        }
