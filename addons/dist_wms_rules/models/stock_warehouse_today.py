"""Warehouse today: the warehouse operator's home.

One card per warehouse of the operator (their Default Warehouse in each
company they work in, else every warehouse of that company) with today's
receipts, deliveries and counts, how many are late, and a click on each
that opens the list behind it. Counters are plain computed fields of
stock.warehouse read under the operator's own rights: the kanban is Odoo's
own Inventory Overview pattern, with no JavaScript of the suite's.
"""

from odoo import api, fields, models

from odoo.addons.dist_governance import local_time
from odoo.addons.dist_governance.roles import check_role

OPEN_STATES = ("assigned", "waiting", "confirmed")
OPERATOR_ROLES = (
    "dist_wms_rules.group_warehouse_operator",
    "stock.group_stock_manager",
)


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    dist_mine = fields.Boolean(
        string="My warehouse",
        compute="_compute_dist_mine",
        search="_search_dist_mine",
        help="Your Default Warehouse in its company (on your user), or every "
        "warehouse of a company where you have none.",
    )
    dist_today_receipts = fields.Integer(
        string="Receipts today", compute="_compute_dist_today"
    )
    dist_today_receipts_late = fields.Integer(
        string="Late receipts", compute="_compute_dist_today"
    )
    dist_today_picks = fields.Integer(
        string="Deliveries today", compute="_compute_dist_today"
    )
    dist_today_picks_late = fields.Integer(
        string="Late deliveries", compute="_compute_dist_today"
    )
    dist_today_counts = fields.Integer(
        string="Counts due", compute="_compute_dist_today"
    )
    dist_today_counts_late = fields.Integer(
        string="Overdue counts", compute="_compute_dist_today"
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dist_mine(self):
        mine = self.env.user._dist_operator_warehouses()
        for warehouse in self:
            warehouse.dist_mine = warehouse in mine

    def _search_dist_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(f"dist_mine {operator} {value!r}")
        ids = self.env.user._dist_operator_warehouses().ids
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    # -- the day ------------------------------------------------------------

    @api.model
    def _dist_user_today_bounds(self):
        """[start of today, start of tomorrow) in naive UTC, in the user's
        time zone: the operator's day, as their clock shows it."""
        tz = self.env.user.tz or local_time.UTC
        day = local_time.today(tz, fields.Datetime.now())
        return local_time.day_bounds(day, day, tz)

    def _dist_today_domains(self, kind, late=False):
        """The domain of today's `kind` ('receipts', 'picks') in these
        warehouses: open (ready or waiting), scheduled before tomorrow (in
        the user's time zone), late ones included. Late: a receipt scheduled
        before today; a delivery past its promise date (the suite's own
        late, as the picking queue shows it in red)."""
        start, tomorrow = self._dist_user_today_bounds()
        code = "incoming" if kind == "receipts" else "outgoing"
        domain = [
            ("picking_type_id.warehouse_id", "in", self.ids),
            ("picking_type_code", "=", code),
            ("state", "in", OPEN_STATES),
        ]
        if kind == "receipts":
            late_domain = [("scheduled_date", "<", start)]
        else:
            late_domain = [("dist_promise_date", "<", fields.Datetime.now())]
        if late:
            return domain + late_domain
        return domain + ["|", ("scheduled_date", "<", tomorrow)] + late_domain

    def _dist_counts_domain(self, late=False):
        """Today's count list of this warehouse (its planning's day, the
        warehouse's time zone, as the count list opens it); late: due
        before today."""
        self.ensure_one()
        return [
            ("location_id.usage", "=", "internal"),
            ("warehouse_id", "=", self.id),
            ("inventory_date", "<" if late else "<=", self._dist_today()),
        ]

    def _compute_dist_today(self):
        Picking = self.env["stock.picking"]
        warehouses = self.filtered("id")
        counters = {}
        for kind in ("receipts", "picks"):
            for late in (False, True):
                field = f"dist_today_{kind}" + ("_late" if late else "")
                groups = Picking._read_group(
                    warehouses._dist_today_domains(kind, late=late),
                    ["picking_type_id"],
                    ["__count"],
                )
                per_warehouse = {}
                for picking_type, count in groups:
                    key = picking_type.warehouse_id.id
                    per_warehouse[key] = per_warehouse.get(key, 0) + count
                counters[field] = per_warehouse
        Quant = self.env["stock.quant"]
        for warehouse in self:
            for field, per_warehouse in counters.items():
                warehouse[field] = per_warehouse.get(warehouse.id, 0)
            if warehouse.id:
                warehouse.dist_today_counts = Quant.search_count(
                    warehouse._dist_counts_domain()
                )
                warehouse.dist_today_counts_late = Quant.search_count(
                    warehouse._dist_counts_domain(late=True)
                )
            else:
                warehouse.dist_today_counts = warehouse.dist_today_counts_late = 0

    # -- the clicks -----------------------------------------------------------

    def action_dist_today_receipts(self):
        """Today's receipts of this warehouse (late only with the context
        key dist_late), earliest first."""
        check_role(self.env, self.env._("open today's receipts"), *OPERATOR_ROLES)
        self.ensure_one()
        late = bool(self.env.context.get("dist_late"))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action.update(
            {
                "name": (
                    self.env._("Late receipts %(warehouse)s", warehouse=self.code)
                    if late
                    else self.env._("Receipts today %(warehouse)s", warehouse=self.code)
                ),
                "domain": self._dist_today_domains("receipts", late=late),
                "context": {
                    "default_picking_type_id": self.in_type_id.id,
                    "restricted_picking_type_code": "incoming",
                },
                "help": self.env._(
                    "<p>No receipt left for today at this warehouse.</p>"
                    "<p>Receipts appear here on their scheduled day, once "
                    "their purchase order is confirmed.</p>"
                ),
            }
        )
        return action

    def action_dist_today_picks(self):
        """Today's deliveries of this warehouse in the picking queue's
        order (pinned, then fulfilment priority); late only with the context
        key dist_late."""
        check_role(self.env, self.env._("open today's deliveries"), *OPERATOR_ROLES)
        self.ensure_one()
        late = bool(self.env.context.get("dist_late"))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_wms_rules.stock_picking_action_dist_queue"
        )
        action.update(
            {
                "name": (
                    self.env._("Late deliveries %(warehouse)s", warehouse=self.code)
                    if late
                    else self.env._(
                        "Deliveries today %(warehouse)s", warehouse=self.code
                    )
                ),
                "domain": self._dist_today_domains("picks", late=late),
                "context": {},
            }
        )
        return action

    def action_dist_today_counts(self):
        """Today's count list of this warehouse (overdue only with the
        context key dist_late)."""
        check_role(self.env, self.env._("open today's counts"), *OPERATOR_ROLES)
        self.ensure_one()
        action = self.action_dist_count_list()
        if self.env.context.get("dist_late"):
            action["name"] = self.env._(
                "Overdue counts %(warehouse)s", warehouse=self.code
            )
            action["domain"] = self._dist_counts_domain(late=True)
        return action
