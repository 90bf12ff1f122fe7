from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from odoo.addons.dist_governance.local_time import day_end_sql
from odoo.addons.dist_governance.roles import check_role

OPEN_EXCEPTION_STATES = ("open", "progress")


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "dist.system.fields.mixin"]
    # computed from the sales lines' promises
    _dist_system_fields = ("dist_promise_date",)

    dist_promise_date = fields.Datetime(
        string="Promise date",
        compute="_compute_dist_promise_date",
        store=True,
        index=True,
        help="The earliest day promised to the customer on the sales lines "
        "this delivery serves; else the day of its deadline, else of its "
        "scheduled date, in the warehouse's time zone. It holds until that "
        "day ends there: past it and not done, the delivery is late.",
    )
    dist_pod_exception = fields.Boolean(
        string="Proof-of-delivery exception",
        copy=False,
        tracking=True,
        help="Set by the carrier integration or by hand when the delivery "
        "was refused, damaged, incomplete or not signed for: raises an "
        "exception customer service works from.",
    )
    dist_pod_note = fields.Text(string="Proof-of-delivery note", copy=False)
    dist_quality_check_ids = fields.One2many(
        comodel_name="dist.quality.check", inverse_name="picking_id"
    )
    dist_quality_check_count = fields.Integer(
        compute="_compute_dist_quality_check_count"
    )

    def _auto_init(self):
        """Fill the promise date of existing deliveries in one statement on
        install (the end of the day of their deadline, else of their
        scheduled date: no sales line has a promise yet), instead of the ORM
        computing it per picking."""
        cr = self.env.cr
        if not column_exists(cr, "stock_picking", "dist_promise_date"):
            create_column(cr, "stock_picking", "dist_promise_date", "timestamp")
            cr.execute(
                SQL(
                    "UPDATE stock_picking p SET dist_promise_date = %s "
                    "FROM stock_picking_type t WHERE t.id = p.picking_type_id "
                    "AND t.code = 'outgoing'",
                    day_end_sql(
                        SQL("COALESCE(p.date_deadline, p.scheduled_date)"),
                        self._dist_zone_sql(),
                    ),
                )
            )
        return super()._auto_init()

    @api.model
    def _dist_zone_sql(self):
        """SQL: the time zone of a picking `p` of type `t`: its warehouse's
        address's, else its company's, else UTC."""
        return SQL(
            """COALESCE(
                (SELECT wp.tz FROM stock_warehouse w
                   JOIN res_partner wp ON wp.id = w.partner_id
                  WHERE w.id = t.warehouse_id),
                (SELECT cp.tz FROM res_company c
                   JOIN res_partner cp ON cp.id = c.partner_id
                  WHERE c.id = p.company_id),
                'UTC')"""
        )

    @api.depends(
        "picking_type_code",
        "move_ids.sale_line_id.dist_promise_date",
        "date_deadline",
        "scheduled_date",
    )
    def _compute_dist_promise_date(self):
        for picking in self:
            if picking.picking_type_code != "outgoing":
                picking.dist_promise_date = False
                continue
            promised = [
                date
                for date in picking.move_ids.sale_line_id.mapped("dist_promise_date")
                if date
            ]
            moment = (
                min(promised)
                if promised
                else picking.date_deadline or picking.scheduled_date
            )
            # a promise is a day of the warehouse: it holds until it ends
            place = picking.picking_type_id.warehouse_id or picking.company_id
            picking.dist_promise_date = moment and place._dist_day_end(
                place._dist_local_day(moment)
            )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("dist_pod_exception"):
            self._dist_raise_pod_exceptions()
        return result

    # ------------------------------------------------------------------
    # two people validating the same transfer
    # ------------------------------------------------------------------

    def button_validate(self):
        """One validation of a transfer at a time: the second person to
        press Validate waits for the first, then is told the transfer is
        done, instead of Odoo's internal errors (two followers, a
        serialization failure replayed on a done transfer)."""
        self._dist_lock_for_validation()
        return super().button_validate()

    def _dist_lock_for_validation(self):
        """Lock these transfers' rows until the end of the transaction and
        refuse those already done.

        A concurrent validation holding the lock makes this one wait; when
        it commits, PostgreSQL fails this transaction with a serialization
        error, which Odoo's RPC layer replays: the replay finds the transfer
        done and says so. Taken before anything is written (Odoo subscribes
        the validator as a follower first), so that two validations never
        insert the same follower at once."""
        ids = [picking_id for picking_id in self.ids if picking_id]
        if not ids:
            return
        # the caller's right to change these transfers first: nobody locks
        # rows they could not validate
        self.check_access("write")
        self.env.cr.execute(
            SQL(
                "SELECT id FROM stock_picking WHERE id IN %s FOR NO KEY UPDATE",
                tuple(ids),
            )
        )
        done = self.filtered(lambda p: p.state == "done")
        if done:
            raise UserError(done[0]._dist_validated_message())

    def _dist_validated_message(self):
        self.ensure_one()
        kind = {
            "incoming": self.env._("Receipt"),
            "outgoing": self.env._("Delivery"),
        }.get(self.picking_type_code, self.env._("Transfer"))
        # sudo: the name of the colleague who validated it, whatever the
        # reader's access to users
        validator = self.sudo().write_uid
        return self.env._(
            "%(kind)s %(name)s was just validated by %(user)s; reload it.",
            kind=kind,
            name=self.name,
            user=validator.name or self.env._("someone else"),
        )

    # ------------------------------------------------------------------
    # receiving control
    # ------------------------------------------------------------------

    def _pre_action_done_hook(self):
        """After Odoo's own pre-validation wizards (backorder), a receipt
        whose lines differ from the expected quantities beyond tolerance
        stops for a reason code per line, unless every such line has one,
        in companies that turned receiving control on."""
        result = super()._pre_action_done_hook()
        if result is not True:
            return result
        receipts = self.filtered(lambda p: p.picking_type_code == "incoming")
        if not receipts:
            return True
        receipts._dist_check_quality_finished()
        controlled = receipts._dist_receiving_controlled()
        pending = controlled._dist_unexplained_deviations() if controlled else []
        if not pending:
            return True
        return receipts._dist_deviation_wizard_action(pending)

    def _dist_receiving_controlled(self):
        """Receipts of companies that turned receiving control on: their
        lines beyond tolerance need a reason, and the deviation is raised for
        the buyer here."""
        return self.filtered(
            lambda p: p.picking_type_code == "incoming" and p.company_id.dist_rcv_check
        )

    def _dist_final_moves(self):
        """Moves of these pickings whose missing quantity will not come in
        a backorder (the operator chose no backorder, for the receipt or
        for the line in the scanner, or the operation type
        never creates one)."""
        not_to_backorder = self.browse(
            self.env.context.get("picking_ids_not_to_backorder") or []
        )
        final = self.filtered(
            lambda p: (
                p.picking_type_id.create_backorder == "never"
                or (
                    p in not_to_backorder
                    and p.picking_type_id.create_backorder != "always"
                )
            )
        )
        # the scanner's "No backorder" on a line (stock_barcodes) closes
        # that line short whatever the operation's backorder setting
        return final.move_ids | self.move_ids.filtered(
            lambda m: m.barcode_backorder_action == "skip_backorder"
        )

    def _dist_receipt_deviations(self):
        """[(move, expected, received, allowed, tolerance source)] of these
        receipts' lines beyond tolerance."""
        deviations = []
        final = self._dist_final_moves()
        for company in self.company_id:
            resolve = self.env["dist.receipt.tolerance"]._dist_resolver(company)
            moves = self.filtered(lambda p, c=company: p.company_id == c).move_ids
            deviations += moves._dist_receipt_deviations(final, resolve)
        return deviations

    def _dist_unexplained_deviations(self):
        return [
            d for d in self._dist_receipt_deviations() if not d[0].dist_deviation_reason
        ]

    def _dist_deviation_wizard_action(self, deviations):
        wizard = self.env["stock.picking.deviation"].create(
            {
                "picking_ids": [Command.set(self.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "move_id": move.id,
                            "expected_qty": expected,
                            "received_qty": received,
                            "allowed_qty": allowed,
                            "tolerance_source": source,
                            "reason": "over_shipped"
                            if received > expected
                            else "short_shipped",
                        }
                    )
                    for move, expected, received, allowed, source in deviations
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Receipt differs from what was expected"),
            "res_model": "stock.picking.deviation",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }

    def _action_done(self):
        result = super()._action_done()
        receipts = self.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )
        if receipts:
            receipts._dist_quarantine_damaged()
            receipts._dist_quarantine_failed_checks()
            receipts._dist_raise_receipt_deviations()
        deliveries = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        if deliveries:
            deliveries._dist_raise_short_shipments()
        return result

    def _dist_quarantine_damaged(self):
        """Damaged units leave the stock for the warehouse's quarantine."""
        for move in self.move_ids.filtered(
            lambda m: m.state == "done" and m.dist_damaged_qty > 0
        ):
            move.picking_id._dist_to_quarantine(
                move,
                move.dist_damaged_qty,
                self.env._(
                    "%(receipt)s: damaged to quarantine", receipt=move.picking_id.name
                ),
            )

    def _dist_to_quarantine(self, move, quantity, label):
        """Move `quantity` of what receipt move `move` brought (its lots
        first to last) to the warehouse's quarantine, in one internal move
        validated at once."""
        self.ensure_one()
        warehouse = self.picking_type_id.warehouse_id
        quarantine = warehouse._dist_quarantine_location()
        product = move.product_id
        lines = []
        left = quantity
        for line in move.move_line_ids:
            if left <= 0:
                break
            taken = min(
                left,
                line.product_uom_id._compute_quantity(line.quantity, product.uom_id),
            )
            left -= taken
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "lot_id": line.lot_id.id,
                        "quantity": taken,
                        "location_id": line.location_dest_id.id,
                        "location_dest_id": quarantine.id,
                        "company_id": move.company_id.id,
                    }
                )
            )
        transfer = self.env["stock.move"].create(
            {
                "name": label,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": move.location_dest_id.id,
                "location_dest_id": quarantine.id,
                "company_id": move.company_id.id,
                "origin": self.name,
                "picking_type_id": warehouse.int_type_id.id,
            }
        )
        transfer._action_confirm()
        transfer.move_line_ids.unlink()
        transfer.write({"move_line_ids": lines})
        transfer.picked = True
        transfer._action_done()
        return transfer

    # ------------------------------------------------------------------
    # quality checks on receipt
    # ------------------------------------------------------------------

    @api.depends("dist_quality_check_ids")
    def _compute_dist_quality_check_count(self):
        for picking in self:
            picking.dist_quality_check_count = len(picking.dist_quality_check_ids)

    def _dist_create_quality_checks(self):
        """A check per product and checklist that covers it, for receipts
        that have none yet for it."""
        receipts = self.filtered(
            lambda p: (
                p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
            )
        )
        if not receipts:
            return self.env["dist.quality.check"]
        vals_list = []
        for company in receipts.company_id:
            # sudo: the company's checklists are read for whoever creates
            # the receipt (a buyer confirming a purchase order has no stock
            # rights); only their scope and points are used
            checklists = (
                self.env["dist.quality.checklist"]
                .sudo()
                .search([("company_id", "=", company.id)])
            )
            if not checklists:
                continue
            for picking in receipts.filtered(lambda p, c=company: p.company_id == c):
                done = {
                    (c.product_id.id, c.checklist_id.id)
                    for c in picking.dist_quality_check_ids
                }
                for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                    for checklist in checklists:
                        key = (move.product_id.id, checklist.id)
                        if key in done or not checklist._dist_applies(
                            move.product_id, picking.partner_id
                        ):
                            continue
                        done.add(key)
                        vals_list.append(
                            {
                                "company_id": company.id,
                                "picking_id": picking.id,
                                "move_id": move.id,
                                "product_id": move.product_id.id,
                                "checklist_id": checklist.id,
                                "line_ids": [
                                    Command.create(
                                        {
                                            "sequence": item.sequence,
                                            "name": item.name,
                                            "photo_required": item.photo_required,
                                        }
                                    )
                                    for item in checklist.item_ids
                                ],
                            }
                        )
        # sudo: checks are created by the system for the receipt's operator
        return self.env["dist.quality.check"].sudo().create(vals_list)

    def _dist_check_quality_finished(self):
        self._dist_create_quality_checks()
        todo = self.dist_quality_check_ids.filtered(lambda c: c.state == "todo")
        if todo:
            raise UserError(
                self.env._(
                    "Finish the quality checks of this receipt before validating "
                    "it: %(checks)s.",
                    checks=", ".join(todo.mapped("name")),
                )
            )

    def _dist_quarantine_failed_checks(self):
        """A failed check sends the product's received quantity (its lots)
        to quarantine and raises a quality failure for the vendor's buyer."""
        for picking in self:
            failed = picking.dist_quality_check_ids.filtered(
                lambda c: c.state == "fail"
            )
            for check in failed:
                moves = picking.move_ids.filtered(
                    lambda m, c=check: (
                        m.product_id == c.product_id and m.state == "done"
                    )
                )
                for move in moves:
                    received = (
                        move.product_uom._compute_quantity(
                            move.quantity, move.product_id.uom_id
                        )
                        - move.dist_damaged_qty
                    )
                    if received > 0:
                        picking._dist_to_quarantine(
                            move,
                            received,
                            self.env._(
                                "%(receipt)s: failed quality check, to quarantine",
                                receipt=picking.name,
                            ),
                        )
            if failed:
                buyer = picking._dist_receipt_buyer()
                points = failed.line_ids.filtered(lambda line: line.result == "fail")
                self.env["dist.exception"].raise_exception(
                    "quality_failure",
                    picking,
                    self.env._(
                        "%(receipt)s from %(vendor)s failed its quality check "
                        "(%(products)s): %(points)s. The goods are in quarantine.",
                        receipt=picking.name,
                        vendor=picking.partner_id.display_name or "-",
                        products=", ".join(failed.product_id.mapped("display_name")),
                        points=", ".join(
                            f"{line.name}{': ' + line.note if line.note else ''}"
                            for line in points
                        ),
                    ),
                    company_id=picking.company_id.id,
                    warehouse_id=picking.picking_type_id.warehouse_id.id,
                    partner_id=picking.partner_id.commercial_partner_id.id or False,
                    product_id=failed[0].product_id.id,
                    owner_id=buyer.id or False,
                )

    def action_dist_quality_checks(self):
        self.ensure_one()
        # the checks are created with the system's rights: a warehouse user
        # of this receipt asks for them
        check_role(
            self.env,
            self.env._("open the quality checks of a receipt"),
            "stock.group_stock_user",
        )
        self.check_access("write")
        self._dist_create_quality_checks()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_wms_rules.dist_quality_check_action"
        )
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _dist_receipt_buyer(self):
        """Who owns a receipt's discrepancy: the purchase order's buyer,
        else the vendor's buyer, when they work in the receipt's company;
        nobody else (the register then names the company's owner)."""
        self.ensure_one()
        order = self.move_ids.purchase_line_id.order_id[:1]
        candidates = order.user_id | self.partner_id.commercial_partner_id.buyer_id
        return candidates.filtered(
            lambda user, company=self.company_id: company in user.company_ids
        )[:1]

    def _dist_raise_receipt_deviations(self):
        for picking in self:
            moves = picking.move_ids.filtered("dist_deviation_reason")
            if not moves:
                continue
            reasons = dict(
                moves._fields["dist_deviation_reason"]._description_selection(self.env)
            )
            details = "; ".join(
                self.env._(
                    "%(product)s %(reason)s: expected %(expected)s, received "
                    "%(received)s%(damaged)s",
                    product=move.product_id.display_name,
                    reason=reasons[move.dist_deviation_reason].lower(),
                    expected=move.dist_expected_qty,
                    received=move.dist_expected_qty + move.dist_deviation_qty,
                    damaged=self.env._(", %(qty)s damaged", qty=move.dist_damaged_qty)
                    if move.dist_damaged_qty
                    else "",
                )
                for move in moves
            )
            buyer = picking._dist_receipt_buyer()
            self.env["dist.exception"].raise_exception(
                "receipt_deviation",
                picking,
                self.env._(
                    "%(receipt)s from %(vendor)s: %(details)s",
                    receipt=picking.name,
                    vendor=picking.partner_id.display_name or "-",
                    details=details,
                ),
                company_id=picking.company_id.id,
                warehouse_id=picking.picking_type_id.warehouse_id.id,
                partner_id=picking.partner_id.commercial_partner_id.id or False,
                product_id=moves[0].product_id.id,
                owner_id=buyer.id or False,
                description="\n".join(
                    f"{move.product_id.display_name}: {move.dist_deviation_note}"
                    for move in moves
                    if move.dist_deviation_note
                )
                or False,
            )

    # ------------------------------------------------------------------
    # delivery exception events
    # ------------------------------------------------------------------

    def _dist_already_raised(self, type_code):
        """The pickings of `self` with an open exception `type_code`: a
        check that runs again raises nothing new for them."""
        if not self:
            return self.browse()
        self.env["dist.exception"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT e.res_id
                  FROM dist_exception e
                  JOIN dist_exception_type t ON t.id = e.type_id
                 WHERE t.code = %s
                   AND e.res_model = 'stock.picking'
                   AND e.res_id = ANY(%s)
                   AND e.state IN %s
                """,
                type_code,
                self.ids,
                OPEN_EXCEPTION_STATES,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _dist_raise_events(self, type_code, summary_of, **values_of):
        """Raise `type_code` on each picking of `self` that has no open one
        yet; `summary_of` and `values_of[...]` give its words and fields
        (the product defaults to the picking's first line's)."""
        Exception_ = self.env["dist.exception"]
        raised = Exception_
        for picking in self - self._dist_already_raised(type_code):
            values = {
                "company_id": picking.company_id.id,
                "warehouse_id": picking.picking_type_id.warehouse_id.id,
                "partner_id": picking.partner_id.commercial_partner_id.id or False,
                "product_id": picking.move_ids[:1].product_id.id or False,
            }
            values.update({name: get(picking) for name, get in values_of.items()})
            raised |= Exception_.raise_exception(
                type_code, picking, summary_of(picking), **values
            )
        return raised

    def _dist_raise_short_shipments(self):
        """Deliveries that left with less than asked: a backorder was
        created, or a line was shipped short and the rest cancelled."""
        short = self.filtered(
            lambda p: (
                p.backorder_ids
                or any(
                    m.state == "cancel"
                    or (m.state == "done" and m.quantity < m.product_uom_qty)
                    for m in p.move_ids
                )
            )
        )
        backorders = {p: p.backorder_ids[:1].name for p in short}

        def summary(picking):
            if backorders[picking]:
                return self.env._(
                    "%(delivery)s for %(customer)s left short: the rest waits "
                    "in backorder %(backorder)s.",
                    delivery=picking.name,
                    customer=picking.partner_id.display_name or "-",
                    backorder=backorders[picking],
                )
            return self.env._(
                "%(delivery)s for %(customer)s left short and the rest was cancelled.",
                delivery=picking.name,
                customer=picking.partner_id.display_name or "-",
            )

        return short._dist_raise_events(
            "short_shipment", summary, product_id=self._dist_short_product_id
        )

    @api.model
    def _dist_short_product_id(self, picking):
        """The product that fell short on `picking`: the first of its
        backorder, else of a line shipped short or cancelled (the case it
        opens proposes that product's missing quantity)."""
        short = picking.backorder_ids.move_ids or picking.move_ids.filtered(
            lambda m: (
                m.state == "cancel"
                or (m.state == "done" and m.quantity < m.product_uom_qty)
            )
        )
        return (short or picking.move_ids)[:1].product_id.id or False

    def _dist_raise_pod_exceptions(self):
        flagged = self.filtered(
            lambda p: p.dist_pod_exception and p.picking_type_code == "outgoing"
        )
        return flagged._dist_raise_events(
            "pod_exception",
            lambda picking: self.env._(
                "Proof-of-delivery exception on %(delivery)s for %(customer)s: "
                "%(note)s",
                delivery=picking.name,
                customer=picking.partner_id.display_name or "-",
                note=picking.dist_pod_note or self.env._("no note"),
            ),
            description=lambda picking: picking.dist_pod_note or False,
        )

    @api.model
    def _dist_check_late_deliveries(self, now=None):
        """Raise a late-delivery exception on every delivery past its
        promise date and not done, once: a second check raises nothing new.
        Returns the exceptions raised."""
        now = now or fields.Datetime.now()
        late = self.search(
            [
                ("picking_type_code", "=", "outgoing"),
                ("state", "not in", ("done", "cancel", "draft")),
                ("dist_promise_date", "<", now),
            ]
        )
        return late._dist_raise_events(
            "late_delivery",
            lambda picking: self.env._(
                "%(delivery)s for %(customer)s was promised for %(date)s and "
                "has not left.",
                delivery=picking.name,
                customer=picking.partner_id.display_name or "-",
                date=fields.Date.to_string(
                    (
                        picking.picking_type_id.warehouse_id or picking.company_id
                    )._dist_local_day(picking.dist_promise_date)
                ),
            ),
        )

    @api.model
    def _cron_dist_delivery_checks(self):
        """Hourly: late deliveries to the register, fulfilment priorities
        refreshed (the promise-date urgency moves with the clock)."""
        # sudo: the scheduled check looks at every company's deliveries
        for company in self.env["res.company"].sudo().search([]):
            pickings = (
                self.sudo()
                .with_company(company)
                .with_context(allowed_company_ids=company.ids)
            )
            pickings._dist_check_late_deliveries()
            pickings._dist_refresh_priorities([("company_id", "=", company.id)])
