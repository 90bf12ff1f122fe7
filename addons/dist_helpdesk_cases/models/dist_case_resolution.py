from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, format_amount

from odoo.addons.dist_governance.roles import check_role

MONEY_OR_STOCK = ("return", "replacement", "credit_note")


class DistCaseResolution(models.Model):
    """What an agent proposes to settle a case when money or stock moves: a
    return, a replacement delivery or a credit note, for chosen lines.

    It is a document of the governance approval matrix ("Case resolution",
    amount = value at stake at the customer's prices): within what the matrix
    lets service do alone it is carried out at once, above it waits for the
    approvers and is carried out by the last approval. Carrying it out makes
    Odoo's own documents: a return transfer (damaged goods to the
    warehouse's quarantine), a delivery through the warehouse's routes, a
    draft credit note against the invoice."""

    _name = "dist.case.resolution"
    _inherit = ["dist.approval.request.mixin"]
    # the reference, the amount and what carrying out made are the suite's;
    # what was asked is given once, by the resolve wizard
    _dist_system_fields = (
        "name",
        "amount",
        "requested_by_id",
        "done_date",
        "return_picking_id",
        "replacement_picking_ids",
        "credit_note_id",
    )
    _dist_fixed_fields = (
        "ticket_id",
        "company_id",
        "partner_id",
        "action_id",
        "sale_order_id",
        "picking_id",
        "invoice_id",
        "warehouse_id",
        "return_goods",
        "to_quarantine",
        "reason",
    )
    _description = "Case resolution (return, replacement, credit note)"
    _order = "id desc"
    _check_company_auto = True
    # made waiting ("draft"); carried out ("done"), rejected or cancelled by
    # its own methods only (the status is frozen to users: no lifecycle is
    # declared, see dist.approval.request.mixin)
    _state_to = ["done"]
    # what was asked and what carrying it out made, frozen to users from
    # the start (it is made waiting)
    _dist_frozen_fields = _dist_fixed_fields + (
        "line_ids",
        "requested_by_id",
        "done_date",
        "return_picking_id",
        "replacement_picking_ids",
        "credit_note_id",
    )
    # agents withdraw what waits; approvers reject it
    _dist_cancel_groups = ("dist_helpdesk_cases.group_service_agent",)

    name = fields.Char(compute="_compute_name", store=True)
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Case",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    action_id = fields.Many2one(
        comodel_name="dist.case.action",
        string="Action",
        required=True,
        readonly=True,
        check_company=True,
    )
    action_code = fields.Char(related="action_id.code", store=True)
    sale_order_id = fields.Many2one(
        comodel_name="sale.order", readonly=True, check_company=True
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        readonly=True,
        check_company=True,
        help="The delivery the goods went out on.",
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        readonly=True,
        check_company=True,
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", readonly=True, index=True, check_company=True
    )
    return_goods = fields.Boolean(
        string="Take the goods back",
        readonly=True,
        help="A return transfer brings the lines' quantities back.",
    )
    to_quarantine = fields.Boolean(
        string="Returned goods are damaged",
        readonly=True,
        help="The return goes to the warehouse's quarantine, never to stock.",
    )
    line_ids = fields.One2many(
        comodel_name="dist.case.resolution.line",
        inverse_name="resolution_id",
        readonly=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Value at stake",
        compute="_compute_amount",
        store=True,
        help="Quantities at the customer's prices, in company currency: what "
        "the approval matrix compares.",
    )
    reason = fields.Text(readonly=True)
    requested_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    done_date = fields.Datetime(readonly=True, copy=False)
    return_picking_id = fields.Many2one(
        comodel_name="stock.picking", readonly=True, copy=False, check_company=True
    )
    replacement_picking_ids = fields.Many2many(
        comodel_name="stock.picking",
        relation="dist_case_resolution_replacement_rel",
        string="Replacement deliveries",
        readonly=True,
        copy=False,
        check_company=True,
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move", readonly=True, copy=False, check_company=True
    )
    state = fields.Selection(
        selection=[
            ("draft", "Waiting for approval"),
            ("done", "Carried out"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.depends("action_id", "ticket_id")
    def _compute_name(self):
        for resolution in self:
            resolution.name = self.env._(
                "RES/%(id)s %(action)s (%(case)s)",
                id=resolution.id or "-",
                action=resolution.action_id.name,
                case=resolution.ticket_id.number,
            )

    @api.depends("line_ids.subtotal")
    def _compute_amount(self):
        for resolution in self:
            resolution.amount = sum(resolution.line_ids.mapped("subtotal"))

    def _dist_prepare_system_vals(self, vals_list):
        # who asked is whoever creates the resolution
        for vals in vals_list:
            if not self.env.su or "requested_by_id" not in vals:
                vals["requested_by_id"] = self.env.uid
        return super()._dist_prepare_system_vals(vals_list)

    def _dist_request_frozen_message(self):
        return self.env._(
            "A case resolution keeps what was asked for approval; "
            "cancel it and propose another instead of editing it."
        )

    def _dist_check_lines_open(self, frozen=False):
        """What a resolution covers is fixed once it is made: its lines are
        not added to, raised or removed afterwards (the amount the matrix
        compared, or its approvers saw, would no longer be what is carried
        out). `frozen`: the resolution exists already (lines edited)."""
        for resolution in self:
            if frozen or resolution.state != "draft" or resolution.review_ids:
                raise UserError(
                    self.env._(
                        "%(name)s keeps the lines it was proposed with: cancel "
                        "it and propose another instead of changing them.",
                        name=resolution.name,
                    )
                )

    # ------------------------------------------------------------------
    # submitting and approving
    # ------------------------------------------------------------------

    def _dist_submit(self):
        """Carry out what the matrix lets service do alone; send the rest
        for approval. Returns the resolutions that wait."""
        waiting = self.filtered("need_validation")
        for resolution in waiting:
            resolution.request_validation()
            resolution.ticket_id.message_post(
                body=self.env._(
                    "%(name)s (%(amount)s) waits for approval: %(approvers)s.",
                    name=resolution.name,
                    amount=resolution._dist_amount_label(),
                    approvers=", ".join(resolution.review_ids.mapped("display_name"))
                    or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        (self - waiting)._dist_carry_out()
        return waiting

    def _dist_amount_label(self):
        self.ensure_one()
        return format_amount(self.env, self.amount, self.currency_id)

    def request_validation(self):
        # any role may write resolutions (approvers decide them): asking for
        # their approval is the service's
        check_role(
            self.env,
            self.env._("ask for the approval of a case resolution"),
            "dist_helpdesk_cases.group_service_agent",
        )
        return super().request_validation()

    def _dist_request_rejected(self):
        """Note the rejection on the case."""
        for resolution in self:
            resolution.ticket_id.message_post(
                body=self.env._("%(name)s was rejected.", name=resolution.name),
                subtype_xmlid="mail.mt_note",
            )

    def _dist_request_cancel_action(self):
        return self.env._("cancel a case resolution")

    def _dist_request_not_cancellable_message(self):
        self.ensure_one()
        return self.env._(
            "%(name)s is no longer waiting: only a resolution "
            "waiting for approval can be cancelled.",
            name=self.name,
        )

    def action_open_documents(self):
        self.ensure_one()
        pickings = self.return_picking_id | self.replacement_picking_ids
        if self.credit_note_id:
            return self.credit_note_id._get_records_action()
        return pickings._get_records_action(name=self.name)

    # ------------------------------------------------------------------
    # carrying out
    # ------------------------------------------------------------------

    def _dist_request_execute(self):
        """The last approval carries the resolution out."""
        return self._dist_carry_out()

    def _dist_carry_out(self):
        for resolution in self:
            if resolution.state != "draft":
                continue
            if resolution.need_validation or resolution.validation_status not in (
                "no",
                "validated",
            ):
                raise UserError(
                    self.env._("%(name)s is not approved yet.", name=resolution.name)
                )
            # sudo: the approval matrix allowed this resolution (at once, or
            # by its approvers); agents and approvers hold no stock or
            # invoicing rights, the documents are made on their behalf
            done = resolution.sudo()
            vals = {"state": "done", "done_date": fields.Datetime.now()}
            if done.return_goods:
                vals["return_picking_id"] = done._dist_make_return().id
            if done.action_code == "replacement":
                vals["replacement_picking_ids"] = [
                    Command.set(done._dist_make_replacement().ids)
                ]
            elif done.action_code == "credit_note":
                vals["credit_note_id"] = done._dist_make_credit_note().id
            done.write(vals)
            resolution._dist_tell()

    def _dist_make_return(self):
        """A return transfer of the delivered lines, through Odoo's own
        return (linked to the delivered moves); damaged goods to the
        warehouse's quarantine. Quantities on the order do not change: the
        money side is this resolution's credit note, if any."""
        self.ensure_one()
        lines = self.line_ids.filtered("move_id")
        pickings = lines.move_id.picking_id
        if not pickings:
            raise UserError(
                self.env._("%(name)s: nothing delivered to take back.", name=self.name)
            )
        returns = self.env["stock.picking"]
        for picking in pickings:
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=picking.id, active_model="stock.picking")
                .create({"picking_id": picking.id})
            )
            quantities = {line.move_id: line.quantity for line in lines}
            for wizard_line in wizard.product_return_moves:
                wizard_line.quantity = quantities.get(wizard_line.move_id, 0.0)
                # stock_account's flag: the order's quantities stay as they are
                wizard_line.to_refund = False
            if not any(wizard.product_return_moves.mapped("quantity")):
                continue
            if self.to_quarantine:
                wizard = wizard.with_context(
                    dist_return_to=self._dist_quarantine(picking).id
                )
            returns |= wizard._create_return()
        returns.write({"origin": f"{self.ticket_id.number} {self.name}"})
        return returns[:1]

    @api.model
    def _dist_can_quarantine(self, warehouse):
        """Whether damaged goods returned to `warehouse` have a quarantine
        to go to: not here; a bridge addon that gives warehouses one says
        so (and names it in _dist_quarantine)."""
        return False

    def _dist_quarantine(self, picking):
        """The quarantine location of the warehouse that delivered
        `picking`, where damaged goods come back to; refused here, where
        warehouses have none (see _dist_can_quarantine)."""
        warehouse = picking.picking_type_id.warehouse_id or self.warehouse_id
        raise UserError(
            self.env._(
                "%(warehouse)s has no quarantine: return the goods to stock.",
                warehouse=warehouse.display_name,
            )
        )

    def _dist_make_replacement(self):
        """The quantities sent again through the warehouse's delivery
        routes (one, two or three steps), in the order's procurement group
        so they show on the order, not counted as delivered on its lines."""
        self.ensure_one()
        order = self.sale_order_id
        group = order.procurement_group_id
        if not group:
            group = self.env["procurement.group"].create(
                {
                    "name": self.ticket_id.number,
                    "partner_id": self.partner_id.id,
                    "sale_id": order.id or False,
                }
            )
        # what the group holds before: a procurement may land in a new move
        # or be merged into an open one (a replacement not shipped yet)
        before = {move: move.product_uom_qty for move in group.stock_move_ids}
        partner = self.picking_id.partner_id or order.partner_shipping_id
        partner = partner or self.partner_id
        procurements = [
            self.env["procurement.group"].Procurement(
                line.product_id,
                line.quantity,
                line.product_id.uom_id,
                partner.property_stock_customer,
                line.product_id.display_name,
                f"{self.ticket_id.number} {self.name}",
                self.company_id,
                {
                    "group_id": group,
                    "warehouse_id": self.warehouse_id,
                    "partner_id": partner.id,
                    "date_planned": fields.Datetime.now(),
                    "priority": "1",
                },
            )
            for line in self.line_ids
            if not float_is_zero(
                line.quantity, precision_rounding=line.product_id.uom_id.rounding
            )
        ]
        self.env["procurement.group"].run(procurements)
        moves = group.stock_move_ids.filtered(
            lambda move: (
                move not in before
                or float_compare(
                    move.product_uom_qty,
                    before[move],
                    precision_rounding=move.product_uom.rounding,
                )
                > 0
            )
        )
        return (
            moves.picking_id.filtered(lambda p: p.picking_type_id.code == "outgoing")
            or moves.picking_id
        )

    def _dist_make_credit_note(self):
        """A draft credit note against the invoice, at the invoiced prices
        and taxes; accounting posts it."""
        self.ensure_one()
        invoice = self.invoice_id or self.line_ids.invoice_line_id.move_id[:1]
        if not invoice:
            raise UserError(
                self.env._(
                    "%(name)s: the goods are not invoiced yet, there is nothing "
                    "to credit; correct the order before invoicing instead.",
                    name=self.name,
                )
            )
        line_vals = []
        for line in self.line_ids:
            source = line.invoice_line_id
            line_vals.append(
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": source.name or line.product_id.display_name,
                        "quantity": line.quantity,
                        "price_unit": source.price_unit or line.price_unit,
                        "discount": source.discount,
                        "tax_ids": [Command.set(source.tax_ids.ids)],
                        "account_id": source.account_id.id or False,
                    }
                )
            )
        return self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "company_id": self.company_id.id,
                "partner_id": invoice.partner_id.id,
                "journal_id": invoice.journal_id.id,
                "currency_id": invoice.currency_id.id,
                "reversed_entry_id": invoice.id,
                "invoice_origin": invoice.invoice_origin or invoice.name,
                "ref": self.env._(
                    "Case %(case)s: %(reason)s",
                    case=self.ticket_id.number,
                    reason=self.reason or self.action_id.name,
                ),
                "invoice_line_ids": line_vals,
            }
        )

    def _dist_tell(self):
        """Note on the case what was made; tell the customer."""
        self.ensure_one()
        made = self.return_picking_id | self.replacement_picking_ids
        names = made.mapped("name") + self.credit_note_id.mapped("display_name")
        self.ticket_id.message_post(
            body=self.env._(
                "%(name)s carried out: %(documents)s.",
                name=self.name,
                documents=", ".join(names) or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )
        parts = []
        if self.return_picking_id:
            parts.append(
                self.env._(
                    "we take back the goods (return %(ref)s)",
                    ref=self.return_picking_id.name,
                )
            )
        if self.replacement_picking_ids:
            parts.append(
                self.env._(
                    "we send the goods again (%(ref)s)",
                    ref=", ".join(self.replacement_picking_ids.mapped("name")),
                )
            )
        if self.credit_note_id:
            parts.append(self.env._("we are issuing you a credit note"))
        if parts and self.partner_id:
            self.ticket_id.message_post(
                body=self.env._(
                    "About your case %(case)s: %(what)s.",
                    case=self.ticket_id.number,
                    what="; ".join(parts),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.partner_id.ids,
            )
