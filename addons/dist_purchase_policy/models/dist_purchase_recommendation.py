from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang

from .bulk_sql import leave_room

# what a buyer may edit on a recommendation; the rest moves only through the
# actions below, which mark their writes with this object (a request cannot
# carry a Python object in its context)
EDITABLE = {"quantity", "partner_id", "buyer_id"}
_ACTION = object()

URGENCIES = [
    ("critical", "Critical"),
    ("high", "High"),
    ("normal", "Normal"),
]
STATES = [
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("ordered", "Ordered"),
    ("dismissed", "Dismissed"),
]


class DistPurchaseRecommendation(models.Model):
    """What the run proposes a buyer buys (or moves from another warehouse
    of the company), with the numbers behind it. Proposals are rewritten by
    each run; approved ones count as incoming supply until they are ordered.
    """

    _name = "dist.purchase.recommendation"
    _description = "Purchase recommendation"
    _order = "urgency_rank, need_date, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        help="The unit of the quantity: the product's purchase unit for a "
        "purchase (the RFQ line's), its stock unit for a transfer.",
    )
    stock_uom_id = fields.Many2one(
        related="product_id.uom_id",
        string="Figures in",
        help="The unit of the stock figures below (forecast, levels, stock).",
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        required=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    segment_id = fields.Many2one(
        comodel_name="dist.product.segment", readonly=True, check_company=True
    )
    policy_id = fields.Many2one(
        comodel_name="dist.replenishment.policy", readonly=True, check_company=True
    )
    kind = fields.Selection(
        selection=[("purchase", "Purchase"), ("transfer", "Transfer")],
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Vendor",
        index=True,
        check_company=True,
        help="Proposed vendor; the buyer may choose another of the product's "
        "vendors before ordering.",
    )
    supplierinfo_id = fields.Many2one(
        comodel_name="product.supplierinfo", readonly=True, check_company=True
    )
    vendor_reason = fields.Char(readonly=True)
    source_warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", readonly=True, check_company=True
    )
    # quantities of different products and units: never summed in groups
    quantity = fields.Float(digits="Product Unit of Measure", aggregator=None)
    need_date = fields.Date(readonly=True)
    urgency = fields.Selection(selection=URGENCIES, readonly=True)
    urgency_rank = fields.Integer(readonly=True)
    state = fields.Selection(
        selection=STATES, default="proposed", required=True, readonly=True, index=True
    )
    buyer_id = fields.Many2one(
        comodel_name="res.users",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Who works this recommendation: the vendor's buyer in the "
        "company, else one of the company's buyers (set by the run).",
    )
    reason = fields.Text(
        string="Why",
        readonly=True,
        help="What the run saw: forecast, stock, open supply and the level "
        "the policy asks for.",
    )
    forecast = fields.Float(
        string="Forecast per period",
        readonly=True,
        aggregator=None,
        help="Quantity expected to sell per period, by the policy's forecast method.",
    )
    safety_stock = fields.Float(
        readonly=True,
        aggregator=None,
        help="Stock kept on top of the expected demand over the lead time, "
        "against demand above the forecast and late receipts.",
    )
    reorder_point = fields.Float(
        readonly=True,
        aggregator=None,
        help="Stock level at which to order again: the demand expected over "
        "the lead time plus the safety stock.",
    )
    max_qty = fields.Float(string="Max", readonly=True, aggregator=None)
    on_hand = fields.Float(readonly=True, aggregator=None)
    incoming = fields.Float(readonly=True, aggregator=None)
    backlog = fields.Float(string="Open deliveries", readonly=True, aggregator=None)
    sensed = fields.Float(string="Weighted quotations", readonly=True, aggregator=None)
    moq = fields.Float(
        string="MOQ",
        readonly=True,
        aggregator=None,
        help="Minimum order quantity: the smallest quantity the vendor sells "
        "at once; the proposal is rounded up to it.",
    )
    purchase_line_id = fields.Many2one(
        comodel_name="purchase.order.line", readonly=True, check_company=True
    )
    purchase_id = fields.Many2one(related="purchase_line_id.order_id", string="RFQ")
    picking_id = fields.Many2one(
        comodel_name="stock.picking", readonly=True, check_company=True
    )
    dismiss_reason = fields.Text(readonly=True)
    decided_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    run_date = fields.Date(readonly=True)

    def init(self):
        res = super().init()
        # rewritten nearly whole every night: room for HOT updates
        leave_room(self.env, "dist_purchase_recommendation")
        return res

    @api.depends("kind", "product_id.uom_po_id", "product_id.uom_id")
    def _compute_product_uom_id(self):
        for rec in self:
            rec.product_uom_id = (
                rec.product_id.uom_po_id
                if rec.kind == "purchase"
                else rec.product_id.uom_id
            )

    @api.depends("kind", "quantity", "product_id", "warehouse_id")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for rec in self:
            rec.name = "{} {} {} {} @ {}".format(
                kinds.get(rec.kind, ""),
                formatLang(self.env, rec.quantity, dp="Product Unit of Measure"),
                rec.product_uom_id.name or "",
                rec.product_id.display_name,
                rec.warehouse_id.code,
            )

    @api.constrains("buyer_id")
    def _check_buyer_company(self):
        may_own = self.env["dist.exception"]._dist_may_own
        for rec in self:
            if rec.buyer_id and not may_own(rec.buyer_id, rec.company_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot work %(name)s: they are no user of "
                        "%(company)s and could not open it.",
                        user=rec.buyer_id.name,
                        name=rec.name,
                        company=rec.company_id.name,
                    )
                )

    def _as_action(self):
        return self.with_context(dist_recommendation_action=_ACTION)

    def write(self, vals):
        if (
            set(vals) - EDITABLE
            and not self.env.su
            and self.env.context.get("dist_recommendation_action") is not _ACTION
        ):
            raise AccessError(
                self.env._(
                    "A recommendation's status and links change through its "
                    "buttons (approve, create RFQ, dismiss), not by editing "
                    "%(fields)s.",
                    fields=", ".join(sorted(set(vals) - EDITABLE)),
                )
            )
        if {"quantity", "partner_id"} & set(vals):
            for rec in self:
                if rec.state not in ("proposed", "approved"):
                    raise UserError(
                        self.env._(
                            "%(name)s is %(state)s: its quantity and vendor "
                            "can no longer change.",
                            name=rec.name,
                            state=dict(STATES)[rec.state],
                        )
                    )
            if vals.get("quantity") is not None and vals["quantity"] <= 0:
                raise UserError(
                    self.env._(
                        "A recommended quantity is positive; dismiss the "
                        "recommendation instead of setting it to zero."
                    )
                )
        return super().write(vals)

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(names)s: only %(allowed)s "
                    "recommendations can.",
                    action=action,
                    names=", ".join(wrong[:5].mapped("name")),
                    allowed=", ".join(dict(STATES)[s] for s in allowed),
                )
            )

    def action_approve(self):
        self._check_state(("proposed",), self.env._("approve"))
        self._as_action().write({"state": "approved", "decided_by_id": self.env.uid})
        return True

    def action_reset(self):
        self._check_state(("approved", "dismissed"), self.env._("reopen"))
        self._as_action().write(
            {"state": "proposed", "decided_by_id": False, "dismiss_reason": False}
        )
        return True

    def action_open_dismiss(self):
        self._check_state(("proposed", "approved"), self.env._("dismiss"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "dist.purchase.recommendation.dismiss",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids},
        }

    def _dismiss(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the recommendation is dismissed."))
        self._check_state(("proposed", "approved"), self.env._("dismiss"))
        self._as_action().write(
            {
                "state": "dismissed",
                "dismiss_reason": reason.strip(),
                "decided_by_id": self.env.uid,
            }
        )

    def action_create_orders(self):
        """RFQs for the purchase recommendations and transfers for the
        transfer ones; proposed ones are approved on the way."""
        # the transfers are created with the system's rights: the caller
        # must be a buyer who may decide these recommendations
        self.check_access("write")
        self._check_state(("proposed", "approved"), self.env._("order"))
        self.filtered(lambda r: r.state == "proposed").action_approve()
        orders = self.filtered(lambda r: r.kind == "purchase")._create_rfqs()
        pickings = self.filtered(lambda r: r.kind == "transfer")._create_transfers()
        return self._open_documents(orders, pickings)

    def _open_documents(self, orders, pickings):
        """What the buyer sees once the documents are made: the RFQs (or the
        transfers, for a warehouse user) in a list, and a note naming what
        was made when the list cannot show all of it."""
        action = False
        if orders:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "purchase.purchase_rfq"
            )
            action["domain"] = [("id", "in", orders.ids)]
        elif pickings and self.env.user.has_group("stock.group_stock_user"):
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "stock.action_picking_tree_all"
            )
            action["domain"] = [("id", "in", pickings.ids)]
        if not pickings or (action and not orders):
            return action or True
        # transfers the list does not show: say what was made
        message = self.env._(
            "%(orders)s RFQs and %(count)s transfers between warehouses created: "
            "%(transfers)s.",
            orders=len(orders),
            count=len(pickings),
            transfers=", ".join(pickings.mapped("name")),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Documents created"),
                "message": message,
                "type": "success",
                "sticky": True,
                "next": action or {"type": "ir.actions.act_window_close"},
            },
        }

    def _create_rfqs(self):
        """One RFQ per vendor, warehouse and company, merged into the open
        draft RFQ of that vendor and warehouse when there is one (not into
        one waiting for approval or approved: its approvers decided on what
        it held); a product
        already on it gets its quantity raised instead of a second line.

        Hooks, as purchase's own procurement has them: which
        recommendations share an RFQ (`_get_rfq_group_key`), the values of
        a new RFQ (`_prepare_rfq_values`) and of a new line
        (`_prepare_rfq_line_values`)."""
        missing = self.filtered(lambda r: not r.partner_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose a vendor for %(names)s before creating RFQs.",
                    names=", ".join(missing[:5].mapped("name")),
                )
            )
        groups = defaultdict(lambda: self.browse())
        for rec in self:
            groups[rec._get_rfq_group_key()] |= rec
        order_model = self.env["purchase.order"]
        orders = order_model.browse()
        for recs in groups.values():
            company, vendor, warehouse = (
                recs[:1].company_id,
                recs[:1].partner_id,
                recs[:1].warehouse_id,
            )
            picking_type = warehouse.in_type_id
            order = order_model.search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", vendor.id),
                    ("picking_type_id", "=", picking_type.id),
                    ("state", "=", "draft"),
                    # one asked for validation is frozen for its approvers
                    ("validation_status", "=", "no"),
                ],
                order="id desc",
                limit=1,
            )
            if not order:
                order = order_model.with_company(company).create(
                    recs._prepare_rfq_values(company, vendor, warehouse)
                )
            for rec in recs:
                line = order.order_line.filtered(
                    lambda line, rec=rec: (
                        line.product_id == rec.product_id
                        and line.product_uom == rec.product_id.uom_po_id
                    )
                )[:1]
                if line:
                    line.product_qty += rec.quantity
                else:
                    order.write(
                        {
                            "order_line": [
                                Command.create(rec._prepare_rfq_line_values(order))
                            ]
                        }
                    )
                    line = order.order_line.filtered(
                        lambda line, rec=rec: line.product_id == rec.product_id
                    )[-1:]
                rec._as_action().write(
                    {"state": "ordered", "purchase_line_id": line.id}
                )
            orders |= order
        return orders

    def _get_rfq_group_key(self):
        """The key of the RFQ this purchase recommendation goes on: those
        with the same key share one RFQ (or the open draft RFQ of their
        company, vendor and warehouse). By default its company, vendor and
        warehouse; an override may add to it to split RFQs further (an
        RFQ's company, vendor and warehouse are those of its first
        recommendation, so the key must keep them apart)."""
        self.ensure_one()
        return (self.company_id, self.partner_id, self.warehouse_id)

    def _prepare_rfq_values(self, company, vendor, warehouse):
        """Values of the new RFQ (purchase.order) of `vendor` for `company`
        received in `warehouse`, made from the recommendations `self` (one
        group of `_get_rfq_group_key`); its lines are added afterwards
        (`_prepare_rfq_line_values`)."""
        return {
            "company_id": company.id,
            "partner_id": vendor.id,
            "picking_type_id": warehouse.in_type_id.id,
            "user_id": self._dist_order_buyer(company, vendor).id,
            "origin": self.env._("Replenishment recommendations"),
        }

    def _prepare_rfq_line_values(self, order):
        """Values of the RFQ line (purchase.order.line, created on `order`)
        that orders this recommendation's quantity: in the product's
        purchase unit, planned for the end of the need day at the
        warehouse. Used for a product not yet on `order`; one already on it
        gets its quantity raised instead."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_qty": self.quantity,
            "product_uom": self.product_id.uom_po_id.id,
            # by the end of the need day at the warehouse (its time zone's)
            "date_planned": self.warehouse_id._dist_day_end(self.need_date)
            if self.need_date
            else fields.Datetime.now(),
        }

    def _dist_order_buyer(self, company, vendor):
        """The purchase representative of an RFQ of `vendor` for `company`
        made from these recommendations: the buyer they name when that user
        works in the company, else the vendor's buyer there, else whoever
        orders (never a user of another company: the RFQ would be theirs
        and they could not open it)."""
        may_own = self.env["dist.exception"]._dist_may_own
        named = self[:1].buyer_id.filtered(lambda user: may_own(user, company))
        return named or vendor._dist_buyer_for(company, role=False) or self.env.user

    def _create_transfers(self):
        """One internal transfer per source and destination warehouse."""
        groups = defaultdict(lambda: self.browse())
        for rec in self:
            groups[(rec.source_warehouse_id, rec.warehouse_id)] |= rec
        # sudo: the buyer decides that stock moves between two warehouses of
        # the company instead of being bought; the transfer is only created
        # and waits for the warehouse to pick and validate it (buyers hold no
        # stock rights). The warehouses are the recommendation's, checked
        # against the buyer's companies by the record rules when read.
        pickings = self.env["stock.picking"].sudo()
        for (source, destination), recs in groups.items():
            picking = pickings.create(
                {
                    "picking_type_id": source.int_type_id.id,
                    "location_id": source.lot_stock_id.id,
                    "location_dest_id": destination.lot_stock_id.id,
                    "company_id": source.company_id.id,
                    "origin": self.env._("Excess stock to %(wh)s", wh=destination.code),
                    "move_ids": [
                        Command.create(
                            {
                                "name": rec.product_id.display_name,
                                "product_id": rec.product_id.id,
                                "product_uom_qty": rec.quantity,
                                "product_uom": rec.product_id.uom_id.id,
                                "location_id": source.lot_stock_id.id,
                                "location_dest_id": destination.lot_stock_id.id,
                                "company_id": source.company_id.id,
                            }
                        )
                        for rec in recs
                    ],
                }
            )
            picking.action_confirm()
            recs._as_action().write({"state": "ordered", "picking_id": picking.id})
            pickings |= picking
        return pickings.sudo(False)
