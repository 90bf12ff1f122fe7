from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

CLASS_RANK = {"A": 0, "B": 1, "C": 2}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    dist_quarantine_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Quarantine location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', id)]",
        help="Where damaged or failed goods wait for a decision: outside the "
        "stock location, so that deliveries never reserve them. Created on "
        "first use when empty.",
    )

    dist_count_cap = fields.Integer(
        string="Count lines per day",
        default=200,
        help="Most quants the daily count list of this warehouse holds; what "
        "is due beyond it moves to the next days, most valuable classes first.",
    )

    dist_count_days_a = fields.Integer(
        string="Count A every (days)",
        help="This warehouse's cadence for class A; 0: the company's.",
    )
    dist_count_days_b = fields.Integer(
        string="Count B every (days)", help="0: the company's cadence."
    )
    dist_count_days_c = fields.Integer(
        string="Count C every (days)", help="0: the company's cadence."
    )
    dist_rcv_tolerance_own = fields.Boolean(
        string="Own receiving tolerance",
        help="This warehouse receives with its own tolerance instead of the "
        "company's (vendor and category rules still come first).",
    )
    dist_rcv_tolerance_percent = fields.Float(
        string="Receiving tolerance (%)", digits=(5, 2)
    )
    dist_rcv_tolerance_qty = fields.Float(
        string="Receiving tolerance (units)", digits="Product Unit of Measure"
    )
    dist_template_id = fields.Many2one(
        comodel_name="dist.warehouse.template",
        string="Standard",
        check_company=True,
        help="The company standard this warehouse follows; see the "
        "compliance report for where it deviates.",
    )

    def _dist_count_cadence(self, abc_class):
        """Days between counts of `abc_class` stock in this warehouse."""
        self.ensure_one()
        own = {
            "A": self.dist_count_days_a,
            "B": self.dist_count_days_b,
            "C": self.dist_count_days_c,
        }.get(abc_class, self.dist_count_days_c)
        return own or self.company_id._dist_count_cadence(abc_class)

    @api.constrains(
        "dist_count_days_a",
        "dist_count_days_b",
        "dist_count_days_c",
        "dist_rcv_tolerance_percent",
        "dist_rcv_tolerance_qty",
    )
    def _check_dist_standard_values(self):
        for warehouse in self:
            days = (
                warehouse.dist_count_days_a,
                warehouse.dist_count_days_b,
                warehouse.dist_count_days_c,
            )
            if min(days) < 0:
                raise ValidationError(
                    self.env._(
                        "%(warehouse)s: a count cadence cannot be negative "
                        "(0 uses the company's).",
                        warehouse=warehouse.name,
                    )
                )
            percent = warehouse.dist_rcv_tolerance_percent
            if not 0 <= percent <= 100 or warehouse.dist_rcv_tolerance_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(warehouse)s: the receiving tolerance must be between "
                        "0 and 100 %% and at least 0 units.",
                        warehouse=warehouse.name,
                    )
                )

    @api.constrains("dist_count_cap")
    def _check_dist_count_cap(self):
        for warehouse in self:
            if warehouse.dist_count_cap < 1:
                raise ValidationError(
                    self.env._(
                        "%(warehouse)s must count at least one line a day "
                        "(not %(cap)s).",
                        warehouse=warehouse.name,
                        cap=warehouse.dist_count_cap,
                    )
                )

    @api.model
    def _dist_count_classes(self, product_ids, warehouse_ids):
        """{(product, warehouse): 'A'|'B'|'C'}: the class assigned to the
        product in the warehouse (see _dist_count_classes_assigned), else the
        product's count class; missing means C."""
        cr = self.env.cr
        classes = {}
        if not product_ids or not warehouse_ids:
            return classes
        self.env["product.template"].flush_model(["dist_count_class"])
        cr.execute(
            SQL(
                """
                SELECT pp.id, w.id, pt.dist_count_class
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 CROSS JOIN unnest(%s::int4[]) AS w(id)
                 WHERE pp.id = ANY(%s) AND pt.dist_count_class IS NOT NULL
                """,
                list(warehouse_ids),
                list(product_ids),
            )
        )
        classes.update({(p, w): c for p, w, c in cr.fetchall()})
        classes.update(self._dist_count_classes_assigned(product_ids, warehouse_ids))
        return classes

    @api.model
    def _dist_count_classes_assigned(self, product_ids, warehouse_ids):
        """{(product, warehouse): 'A'|'B'|'C'}: classes that win over the
        product's count class, per warehouse (a bridge addon that classifies
        products per warehouse fills it); none here."""
        return {}

    def _dist_plan_counts(self, today=None):
        """Next count date of every quant in these warehouses: last count
        plus its class cadence (never counted: due today; sooner when its
        location has a cyclic count of its own that falls first), then spread so
        that no day holds more than the warehouse's cap, A before B before
        C and the most valuable first on a crowded day. Written in one
        statement per warehouse; planning again the same day writes nothing.
        Today is each warehouse's (its time zone's), whoever plans: the
        scheduler and the operator's count list agree on the day.
        Returns the number of quants whose date changed."""
        cr = self.env.cr
        changed = 0
        self.env["stock.quant"].flush_model()
        self.env["stock.location"].flush_model(["usage", "next_inventory_date"])
        for warehouse in self:
            company = warehouse.company_id
            day = today or warehouse._dist_today()
            cr.execute(
                SQL(
                    """
                    SELECT q.id, q.product_id, q.dist_last_count_date,
                           l.next_inventory_date,
                           ABS(q.quantity) * COALESCE(
                               (pp.standard_price ->> %(company)s)::float8, 0)
                      FROM stock_quant q
                      JOIN stock_location l ON l.id = q.location_id
                      JOIN product_product pp ON pp.id = q.product_id
                     WHERE l.usage = 'internal'
                       AND l.warehouse_id = %(warehouse)s
                       AND q.company_id = %(company_id)s
                    """,
                    company=str(company.id),
                    warehouse=warehouse.id,
                    company_id=company.id,
                )
            )
            rows = cr.fetchall()
            if not rows:
                continue
            classes = self._dist_count_classes(
                list({row[1] for row in rows}), [warehouse.id]
            )
            cadence = {c: warehouse._dist_count_cadence(c) for c in CLASS_RANK}
            plan = []
            for quant_id, product_id, last, cyclic, value in rows:
                abc = classes.get((product_id, warehouse.id), "C")
                due = last + timedelta(days=cadence[abc]) if last else day
                if cyclic:  # the location's own cyclic count, when sooner
                    due = min(due, cyclic)
                plan.append((max(due, day), CLASS_RANK[abc], -value, quant_id))
            plan.sort()
            cap = warehouse.dist_count_cap
            used = 0
            ids, days = [], []
            for due, _rank, _value, quant_id in plan:
                if due > day:
                    day, used = due, 0
                if used >= cap:
                    day, used = day + timedelta(days=1), 0
                used += 1
                ids.append(quant_id)
                days.append(day)
            cr.execute(
                SQL(
                    """
                    UPDATE stock_quant q SET inventory_date = v.day
                      FROM unnest(%s::int4[], %s::date[]) AS v(id, day)
                     WHERE q.id = v.id AND q.inventory_date IS DISTINCT FROM v.day
                    """,
                    ids,
                    days,
                )
            )
            changed += cr.rowcount
        self.env["stock.quant"].invalidate_model(["inventory_date"])
        return changed

    @api.model
    def _cron_dist_counts(self):
        """Daily: plan the count lists of every warehouse and keep the
        accuracy history of yesterday's and today's counts, each warehouse's
        days (its time zone's, not the scheduler's)."""
        # sudo: the scheduled planning covers every company's warehouses
        warehouses = self.sudo().search([])
        warehouses._dist_plan_counts()
        by_day = defaultdict(self.sudo().browse)
        for warehouse in warehouses:
            by_day[warehouse._dist_today()] |= warehouse
        Accuracy = self.env["dist.inventory.accuracy"].sudo()
        for today, group in by_day.items():
            Accuracy._dist_snapshot(today - timedelta(days=1), warehouses=group)
            Accuracy._dist_snapshot(today, warehouses=group)
        self.env["dist.warehouse.template"].sudo()._dist_check_compliance(
            warehouses.filtered("dist_template_id")
        )

    def action_dist_count_list(self):
        """Today's count list of this warehouse, for the operator: the
        warehouse's today, the day the planning used, whatever the
        operator's own time zone."""
        self.ensure_one()
        action = self.env["stock.quant"].action_view_inventory()
        # the warehouse's list, not Odoo's "My Counts" (quants given to the
        # stock user by name): the planning gives them to nobody
        action["context"].pop("search_default_my_count", None)
        action.update(
            {
                "name": self.env._("Count list %(warehouse)s", warehouse=self.code),
                "domain": self._dist_counts_domain(),
            }
        )
        return action

    def _dist_quarantine_location(self):
        """The warehouse's quarantine location, created under the warehouse
        (not under its stock location) the first time it is needed."""
        self.ensure_one()
        if self.dist_quarantine_location_id:
            return self.dist_quarantine_location_id
        # sudo: the quarantine is part of the warehouse's standard layout,
        # created once on behalf of the operator who first quarantines goods
        warehouse = self.sudo()
        location = warehouse.env["stock.location"].create(
            {
                "name": self.env._("Quarantine"),
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
                "company_id": warehouse.company_id.id,
            }
        )
        warehouse.dist_quarantine_location_id = location
        return location
