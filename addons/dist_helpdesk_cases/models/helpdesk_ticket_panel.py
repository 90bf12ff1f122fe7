"""The order panel of a case: what an agent needs about the case's order,
read live in a fixed number of queries whatever the number of deliveries,
returns, invoices or products.

The order's transfers are told apart as the customer sees them: what goes
out to the customer (deliveries, replacements, and in routes of several
steps the steps before them) and what comes back from the customer
(returns: the order's incoming transfers, made by Odoo's return of a
delivery).
"""

from odoo import api, fields, models

OPEN_PICKING_STATES = ("draft", "waiting", "confirmed", "assigned")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    dist_order_panel = fields.Html(
        string="Order panel",
        compute="_compute_dist_order_panel",
        sanitize=False,
        # stock, invoices and other cases: for the service desk only
        groups="helpdesk_mgmt.group_helpdesk_user",
        help="The case's order, its deliveries and returns, promise dates, "
        "stock now, invoices and the customer's other cases, read when the "
        "case is opened.",
    )
    dist_delivery_count = fields.Integer(compute="_compute_dist_counts")
    dist_return_count = fields.Integer(compute="_compute_dist_counts")
    dist_invoice_count = fields.Integer(compute="_compute_dist_counts")
    dist_other_case_count = fields.Integer(compute="_compute_dist_counts")
    dist_resolution_ids = fields.One2many(
        comodel_name="dist.case.resolution",
        inverse_name="ticket_id",
        string="Resolutions",
        readonly=True,
    )
    dist_resolution_count = fields.Integer(compute="_compute_dist_resolution_count")

    def _dist_order(self):
        self.ensure_one()
        return self.dist_sale_order_id or self.dist_picking_id.sale_id

    def _dist_deliveries_and_returns(self):
        """(deliveries, returns) of the case's order: returns are the
        transfers that come back in from the customer."""
        self.ensure_one()
        pickings = self._dist_order().picking_ids
        returns = pickings.filtered(lambda p: p.picking_type_code == "incoming")
        return pickings - returns, returns

    def _compute_dist_counts(self):
        for ticket in self:
            order = ticket._dist_order()
            deliveries, returns = ticket._dist_deliveries_and_returns()
            ticket.dist_delivery_count = len(deliveries)
            ticket.dist_return_count = len(returns)
            ticket.dist_invoice_count = len(order.invoice_ids)
            ticket.dist_other_case_count = len(ticket._dist_other_cases())

    def _dist_other_cases(self, limit=None):
        self.ensure_one()
        customer = self.commercial_partner_id
        if not customer:
            return self.browse()
        return self.search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("id", "!=", self.id or 0),
            ],
            order="id desc",
            limit=limit,
        )

    def _dist_panel_delivery_fields(self):
        """The fields of a delivery the panel reads; an addon adds its own
        (the bridge to shipping carriers: the carrier and tracking reference),
        which the panel's template prints when they are there."""
        return ["name", "state", "scheduled_date", "date_done"]

    def _dist_panel_values(self):
        """Everything the panel shows, in a fixed number of reads."""
        self.ensure_one()
        order = self._dist_order()
        values = {
            "ticket": self,
            "order": order,
            "pickings": [],
            "returns": [],
            "stock": [],
            "invoices": [],
        }
        if order:
            Picking = self.env["stock.picking"]
            deliveries, returns = self._dist_deliveries_and_returns()
            values["pickings"] = self._dist_with_promise_dates(
                self._dist_with_state_labels(
                    deliveries.read(self._dist_panel_delivery_fields()),
                    Picking,
                    "state",
                ),
                deliveries,
            )
            values["returns"] = self._dist_return_rows(returns)
            products = order.order_line.product_id.filtered("is_storable")
            if products:
                # sudo: stock now per warehouse is shown to agents without
                # stock rights; quantities only
                groups = (
                    self.env["stock.quant"]
                    .sudo()
                    ._read_group(
                        [
                            ("product_id", "in", products.ids),
                            ("location_id.usage", "=", "internal"),
                            ("company_id", "=", order.company_id.id),
                        ],
                        groupby=["product_id", "warehouse_id"],
                        aggregates=["quantity:sum", "reserved_quantity:sum"],
                    )
                )
                values["stock"] = [
                    {
                        "product": product.display_name,
                        "warehouse": warehouse.name or "-",
                        "available": quantity - reserved,
                    }
                    for product, warehouse, quantity, reserved in groups
                ]
            values["invoices"] = self._dist_with_state_labels(
                order.invoice_ids.read(
                    [
                        "name",
                        "state",
                        "payment_state",
                        "amount_total",
                        "amount_residual",
                    ]
                ),
                order.invoice_ids,
                "state",
                "payment_state",
            )
            lines = order.order_line.filtered(lambda line: not line.display_type)
            values["lines"] = self._dist_with_promise_dates(
                lines.read(["product_id", "product_uom_qty", "qty_delivered"]), lines
            )
        values["cases"] = self._dist_with_state_labels(
            self._dist_other_cases(limit=8).read(
                ["number", "name", "stage_id", "create_date", "dist_sla_status"]
            ),
            self,
            "dist_sla_status",
        )
        return values

    def _dist_with_promise_dates(self, rows, records):
        """`rows` read from `records` (sales lines or deliveries) with the
        day promised to the customer under `promise_date`."""
        promised = self._dist_promise_dates(records)
        for row in rows:
            row["promise_date"] = promised.get(row["id"], False)
        return rows

    def _dist_promise_dates(self, records):
        """{id: promise date} of sales lines or deliveries `records`: none
        here, where they carry no promise date; a bridge addon whose records
        carry one fills it."""
        return {}

    def _dist_with_state_labels(self, rows, model, *fnames):
        """`rows` of `model` with each selection in `fnames` as its label
        (as the user reads it on the record), under `<fname>_label`."""
        for fname in fnames:
            labels = dict(model._fields[fname]._description_selection(self.env))
            for row in rows:
                row[f"{fname}_label"] = labels.get(row[fname], row[fname] or "")
        return rows

    def _dist_return_rows(self, returns):
        """What the panel shows of each return: its state, the delivery it
        takes back and the products coming back, in two reads whatever
        the number of returns."""
        if not returns:
            return []
        rows = self._dist_with_state_labels(
            returns.read(["name", "state", "scheduled_date", "date_done", "return_id"]),
            returns,
            "state",
        )
        products = {}
        for move in returns.move_ids.read(
            [
                "picking_id",
                "product_id",
                "product_uom_qty",
                "quantity",
                "product_uom",
                "state",
            ]
        ):
            if move["state"] == "cancel":
                continue
            # what came back once done, what is expected until then
            done = move["state"] == "done"
            quantity = move["quantity"] if done else move["product_uom_qty"]
            products.setdefault(move["picking_id"][0], []).append(
                {
                    "product": move["product_id"][1],
                    "quantity": quantity,
                    "uom": move["product_uom"][1],
                }
            )
        for row in rows:
            row["products"] = products.get(row["id"], [])
        return rows

    def _compute_dist_order_panel(self):
        for ticket in self:
            if not ticket.id:
                ticket.dist_order_panel = False
                continue
            ticket.dist_order_panel = self.env["ir.qweb"]._render(
                "dist_helpdesk_cases.order_panel", ticket._dist_panel_values()
            )

    def action_dist_open_order(self):
        self.ensure_one()
        return self._dist_order().get_formview_action()

    @api.depends("dist_resolution_ids")
    def _compute_dist_resolution_count(self):
        for ticket in self:
            ticket.dist_resolution_count = len(ticket.dist_resolution_ids)

    def action_dist_open_resolutions(self):
        self.ensure_one()
        return self.dist_resolution_ids._get_records_action(
            name=self.env._("Resolutions of %(case)s", case=self.number),
            context={"create": False},
        )

    def action_dist_open_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", self._dist_deliveries_and_returns()[0].ids)]
        action["context"] = {"create": False}
        return action

    def action_dist_open_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["name"] = self.env._(
            "Returns of %(order)s", order=self._dist_order().name
        )
        action["domain"] = [("id", "in", self._dist_deliveries_and_returns()[1].ids)]
        action["context"] = {"create": False}
        return action

    def action_dist_open_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self._dist_order().invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_dist_open_other_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("id", "in", self._dist_other_cases().ids)]
        return action
