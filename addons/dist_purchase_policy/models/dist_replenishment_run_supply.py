import math
from collections import defaultdict
from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ..stats import forecast as forecasting
from ..stats import safety_stock as levels
from .bulk_sql import delete_rows, insert_rows, update_rows
from .dist_replenishment_run_segments import (
    INDEX,
    SEGMENT_FIELDS,
    r4,
    select_columns,
)

PENDING_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
GRADE_POINTS = {"a": 1.0, "b": 0.75, "c": 0.5, "d": 0.0, None: 0.6}
URGENCY_RANK = {"critical": 1, "high": 2, "normal": 3}

CANDIDATES_QUERY = """
WITH products AS (
    SELECT pp.id, pp.product_tmpl_id, pt.categ_id
      FROM product_product pp
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE pp.id = ANY(%(products)s)
), sellers AS (
    SELECT p.id AS for_product, si.id, si.partner_id, si.min_qty, si.price,
           si.delay, si.sequence, si.company_id, si.date_start, si.date_end
      FROM products p
      JOIN product_supplierinfo si ON si.product_id = p.id
    UNION ALL
    SELECT p.id AS for_product, si.id, si.partner_id, si.min_qty, si.price,
           si.delay, si.sequence, si.company_id, si.date_start, si.date_end
      FROM products p
      JOIN product_supplierinfo si ON si.product_tmpl_id = p.product_tmpl_id
                                  AND si.product_id IS NULL
)
SELECT p.id, s.id, s.partner_id, s.min_qty::float8, s.price::float8, s.delay,
       p.categ_id
  FROM products p
  LEFT JOIN sellers s
         ON s.for_product = p.id
        AND (s.company_id IS NULL OR s.company_id = %(company)s)
        AND (s.date_start IS NULL OR s.date_start <= %(today)s)
        AND (s.date_end IS NULL OR s.date_end >= %(today)s)
 ORDER BY p.id, s.sequence, s.id
"""

POSITIONS_QUERY = """
SELECT 'on_hand', q.product_id, l.warehouse_id, SUM(q.quantity)::float8
  FROM stock_quant q
  JOIN stock_location l ON l.id = q.location_id
 WHERE q.company_id = %(company)s AND l.usage = 'internal'
   AND l.warehouse_id IS NOT NULL
 GROUP BY 2, 3
UNION ALL
SELECT 'incoming', m.product_id, dst.warehouse_id, SUM(m.product_qty)::float8
  FROM stock_move m
  JOIN stock_location src ON src.id = m.location_id
  JOIN stock_location dst ON dst.id = m.location_dest_id
 WHERE m.company_id = %(company)s AND m.state = ANY(%(pending)s)
   AND dst.usage = 'internal' AND dst.warehouse_id IS NOT NULL
   AND src.warehouse_id IS DISTINCT FROM dst.warehouse_id
 GROUP BY 2, 3
UNION ALL
SELECT 'backlog', m.product_id, src.warehouse_id, SUM(m.product_qty)::float8
  FROM stock_move m
  JOIN stock_location src ON src.id = m.location_id
  JOIN stock_location dst ON dst.id = m.location_dest_id
 WHERE m.company_id = %(company)s AND m.state = ANY(%(pending)s)
   AND src.usage = 'internal' AND src.warehouse_id IS NOT NULL
   AND dst.warehouse_id IS DISTINCT FROM src.warehouse_id
 GROUP BY 2, 3
UNION ALL
SELECT 'incoming', pol.product_id, t.warehouse_id, SUM(pol.product_uom_qty)::float8
  FROM purchase_order_line pol
  JOIN purchase_order po ON po.id = pol.order_id
  JOIN stock_picking_type t ON t.id = po.picking_type_id
 WHERE po.company_id = %(company)s AND po.state IN ('draft', 'sent', 'to approve')
   AND pol.product_id IS NOT NULL AND t.warehouse_id IS NOT NULL
 GROUP BY 2, 3
UNION ALL
SELECT 'sensed', sol.product_id, so.warehouse_id,
       SUM(sol.product_uom_qty * %(probability)s / 100.0)::float8
  FROM sale_order_line sol
  JOIN sale_order so ON so.id = sol.order_id
  LEFT JOIN crm_team team ON team.id = so.team_id
  %(opportunity_join)s
 WHERE so.company_id = %(company)s AND so.state IN ('draft', 'sent')
   AND sol.product_id IS NOT NULL AND so.warehouse_id IS NOT NULL
 GROUP BY 2, 3
"""

# approved recommendations not yet ordered: the run writes this table, so
# this part is read on the run's own cursor (not by its reader)
APPROVED_QUERY = """
SELECT 'incoming', r.product_id, r.warehouse_id, SUM(r.quantity)::float8
  FROM dist_purchase_recommendation r
 WHERE r.company_id = %(company)s AND r.state = 'approved'
 GROUP BY 2, 3
UNION ALL
SELECT 'backlog', r.product_id, r.source_warehouse_id, SUM(r.quantity)::float8
  FROM dist_purchase_recommendation r
 WHERE r.company_id = %(company)s AND r.state = 'approved'
   AND r.kind = 'transfer'
 GROUP BY 2, 3
"""

ORDERPOINT_FIELDS = (
    ("product_min_qty", "numeric"),
    ("product_max_qty", "numeric"),
    ("qty_multiple", "numeric"),
    ("trigger", "varchar"),
    ("active", "bool"),
    ("dist_managed", "bool"),
    ("supplier_id", "int4"),
    ("vendor_id", "int4"),
)

RECOMMENDATION_FIELDS = (
    ("segment_id", "int4"),
    ("policy_id", "int4"),
    ("partner_id", "int4"),
    ("supplierinfo_id", "int4"),
    ("vendor_reason", "varchar"),
    ("quantity", "numeric"),
    ("need_date", "date"),
    ("urgency", "varchar"),
    ("urgency_rank", "int4"),
    ("buyer_id", "int4"),
    ("reason", "text"),
    ("forecast", "float8"),
    ("safety_stock", "float8"),
    ("reorder_point", "float8"),
    ("max_qty", "float8"),
    ("on_hand", "float8"),
    ("incoming", "float8"),
    ("backlog", "float8"),
    ("sensed", "float8"),
    ("moq", "float8"),
    ("run_date", "date"),
)


SEGMENT_NAMES = [name for name, _type in SEGMENT_FIELDS]
RECOMMENDATION_NAMES = [name for name, _type in RECOMMENDATION_FIELDS]


def _ceil(value):
    return float(math.ceil(value - 1e-9))


class DistReplenishmentRun(models.Model):
    _inherit = "dist.replenishment.run"

    # ------------------------------------------------------------------
    # levels
    # ------------------------------------------------------------------

    def _dist_submit_sellers(self, ctx):
        """Hand the vendors and purchase packagings of the segments'
        products to the run's reader (read while the classes settle)."""
        products = sorted({product for product, _wh in ctx.segments})
        ctx.submit(
            "sellers",
            SQL(
                CANDIDATES_QUERY,
                company=ctx.company.id,
                today=ctx.today,
                products=products,
            ),
        )
        ctx.submit(
            "packs",
            SQL(
                "SELECT product_id, MIN(qty)::float8 FROM product_packaging "
                "WHERE purchase AND qty > 0 AND product_id = ANY(%s) "
                "AND (company_id IS NULL OR company_id = %s) GROUP BY 1",
                products,
                ctx.company.id,
            ),
        )
        ctx.submitted()

    def _dist_compute_levels(self, ctx):
        """Forecast, vendor, lead time, safety stock, reorder point and max
        of every segment, by its policy."""
        company = ctx.company
        cr = self.env.cr
        ctx.policies = {
            policy["id"]: policy
            for policy in self.env["dist.replenishment.policy"]
            .with_context(active_test=False)
            .search_read(
                [("company_id", "=", company.id)],
                [
                    "code",
                    "name",
                    "mode",
                    "service_level",
                    "review_period_days",
                    "forecast_method",
                    "ma_window",
                    "alpha",
                    "beta",
                    "round_to_moq",
                    "auto_po",
                ],
            )
        }
        sellers = ctx.reads.pop("sellers").result()
        ctx.packs = dict(ctx.reads.pop("packs").result())
        # vendors archived since are no candidates (read here, not in the
        # sellers statement: the run writes partners' grades)
        cr.execute(
            SQL(
                "SELECT id, name, active FROM res_partner WHERE id = ANY(%s)",
                sorted({row[2] for row in sellers if row[2]}),
            )
        )
        ctx.partner_names = {}
        active = set()
        for partner, name, is_active in cr.fetchall():
            ctx.partner_names[partner] = name
            if is_active:
                active.add(partner)
        ctx.candidates = defaultdict(list)
        ctx.categories = {}
        for product, si, partner, min_qty, price, delay, categ in sellers:
            ctx.categories[product] = categ
            if si and partner in active:
                ctx.candidates[product].append(
                    {
                        "id": si,
                        "partner_id": partner,
                        "min_qty": min_qty or 0.0,
                        "price": price or 0.0,
                        "delay": delay or 0,
                    }
                )
        self._dist_warehouses(ctx)
        ctx.vendor_choice = {}
        # (each segment on its own: their order does not matter here)
        for key, segment in ctx.segments.items():
            self._dist_segment_levels(ctx, key, segment)

    def _dist_choose_vendor(self, ctx, product_id):
        """(candidate, lead days, lead spread, source, why, primary
        candidate) of the best vendor of `product_id`: price, measured lead
        time and grade weighed 40/30/30; the primary vendor (first in the
        price list) wins ties. `why` is what _dist_vendor_reason words."""
        if product_id in ctx.vendor_choice:
            return ctx.vendor_choice[product_id]
        candidates = ctx.candidates.get(product_id) or []
        minimum = ctx.min_receipts
        options = []
        for candidate in candidates:
            partner = candidate["partner_id"]
            card = ctx.product_cards.get((partner, product_id))
            vendor_card = ctx.vendor_cards.get(partner)
            if card and card["receipt_count"] >= minimum:
                lead, spread, source = (
                    card["lead_mean_days"],
                    card["lead_std_days"],
                    "product",
                )
            elif vendor_card and vendor_card["receipt_count"] >= minimum:
                lead, spread, source = (
                    vendor_card["lead_mean_days"],
                    vendor_card["lead_std_days"],
                    "vendor",
                )
            else:
                lead, spread, source = float(candidate["delay"]), 0.0, "promised"
            grade = ctx.grades.get(partner)
            options.append([candidate, lead, spread, source, grade])
        if not options:
            ctx.vendor_choice[product_id] = None
            return None
        primary = best = options[0]
        if len(options) > 1:
            best_price = min(
                (o[0]["price"] for o in options if o[0]["price"] > 0), default=0
            )
            best_lead = min((o[1] for o in options if o[1] > 0), default=0)
            for option in options:
                price, lead = option[0]["price"], option[1]
                option.append(
                    0.4 * (best_price / price if price > 0 and best_price else 1.0)
                    + 0.3 * (best_lead / lead if lead > 0 and best_lead else 1.0)
                    + 0.3 * GRADE_POINTS[option[4]]
                )
            best = max(options, key=lambda o: (round(o[5], 6), o is primary))
        if best is primary:
            kind = "primary"
        elif primary[4] == "d":
            kind = "alternate"
        else:
            kind = "better"
        # the reason in words is written when a recommendation needs it
        choice = (best[0], best[1], best[2], best[3], (kind, best, primary), primary[0])
        ctx.vendor_choice[product_id] = choice
        return choice

    def _dist_vendor_reason(self, ctx, choice):
        """Why the recommendation's vendor was chosen, in the buyer's words."""
        kind, best, primary = choice[4]
        names = ctx.partner_names

        def describe(option):
            return ctx.text["vendor"] % {
                "vendor": names.get(option[0]["partner_id"], ""),
                "price": option[0]["price"],
                "lead": option[1],
                "grade": (option[4] or "-").upper(),
            }

        if kind == "better":
            return ctx.text["better"] % {
                "primary": describe(primary),
                "detail": describe(best),
            }
        return ctx.text[kind] % {"detail": describe(best)}

    def _dist_forecast(self, policy, segment):
        """The policy's forecast of the segment's next period, from its
        periods with demand (the history starts at its first demand)."""
        periods = segment["history_periods"]
        last = periods - 1
        points = [
            (last - age, qty)
            for age, qty in zip(segment["ages"], segment["demands"], strict=True)
            if qty > 0
        ]
        method = policy["forecast_method"]
        if method == "moving_average":
            return forecasting.sparse_moving_average(
                periods, points, policy["ma_window"] or 1
            )
        if method == "exponential_smoothing":
            return forecasting.sparse_exponential_smoothing(
                periods, points, policy["alpha"]
            )
        if method == "croston":
            return forecasting.sparse_croston(periods, points, policy["alpha"])
        if method == "sba":
            return forecasting.sparse_sba(periods, points, policy["alpha"])
        return forecasting.sparse_tsb(periods, points, policy["alpha"], policy["beta"])

    def _dist_segment_levels(self, ctx, key, segment):
        product_id, _warehouse_id = key
        policy = ctx.policies[segment["policy_id"]]
        demand = self._dist_forecast(policy, segment)
        choice = self._dist_choose_vendor(ctx, product_id)
        if choice:
            candidate, lead, spread, source, _why, _primary = choice
            segment["vendor_id"] = candidate["partner_id"]
            segment["supplierinfo_id"] = candidate["id"]
            moq = candidate["min_qty"] if policy["round_to_moq"] else 0.0
        else:
            lead, spread, source, moq = 0.0, 0.0, None, 0.0
            segment["vendor_id"] = segment["supplierinfo_id"] = None
        pack = ctx.packs.get(product_id, 0.0) if policy["round_to_moq"] else 0.0
        days = ctx.period_days
        z = policy.get("z")
        if z is None:
            z = policy["z"] = levels.z_value(policy["service_level"])
        safety = levels.safety_stock_z(
            z,
            demand,
            segment["demand_std"],
            lead / days,
            spread / days,
        )
        reorder = levels.reorder_point(demand, lead / days, safety)
        cycle = demand * policy["review_period_days"] / days
        holding = segment["cost"] * ctx.holding_rate
        if holding > 0 and demand > 0:
            cycle = max(
                cycle,
                levels.eoq(demand * 365.0 / days, ctx.order_cost, holding),
            )
        cycle = levels.round_up(cycle, moq, pack)
        segment["forecast"] = r4(demand)
        segment["lead_time_days"] = r4(lead)
        segment["lead_time_std_days"] = r4(spread)
        segment["lead_time_source"] = source
        segment["safety_stock"] = r4(safety)
        segment["reorder_point"] = r4(reorder)
        segment["max_qty"] = _ceil(reorder + cycle)
        segment["moq"] = moq
        segment["pack_multiple"] = pack
        segment["mode"] = policy["mode"]

    # ------------------------------------------------------------------
    # reorder rules
    # ------------------------------------------------------------------

    def _dist_warehouses(self, ctx):
        self.env.cr.execute(
            SQL(
                "SELECT id, code, lot_stock_id FROM stock_warehouse "
                "WHERE company_id = %s AND active ORDER BY id",
                ctx.company.id,
            )
        )
        ctx.warehouses = {
            wh: {"code": code, "location_id": location}
            for wh, code, location in self.env.cr.fetchall()
        }

    def _dist_orderpoints_query(self, ctx):
        return SQL(
            "SELECT id, product_id, location_id, %s "
            "FROM stock_warehouse_orderpoint WHERE company_id = %s %s",
            select_columns(ORDERPOINT_FIELDS),
            ctx.company.id,
            SQL("AND warehouse_id = ANY(%s)", ctx.scope) if ctx.scope else SQL(""),
        )

    def _dist_write_orderpoints(self, ctx):
        """Automatic policies own the standard reorder rule of their product
        in the warehouse's stock location (min = reorder point, max, pack
        multiple); rules the suite set for products that left automatic
        policies are archived, rules people made elsewhere are left alone."""
        company = ctx.company
        existing = {
            (row[1], row[2]): (row[0], tuple(row[3:]))
            for row in ctx.reads.pop("orderpoints").result()
        }
        targets = {}
        for key, segment in ctx.segments.items():
            warehouse = ctx.warehouses.get(key[1])
            if segment["mode"] != "auto" or not warehouse:
                continue
            policy = ctx.policies[segment["policy_id"]]
            choice = ctx.vendor_choice.get(key[0])
            values = (
                _ceil(segment["reorder_point"]),
                segment["max_qty"],
                segment["pack_multiple"] or 1.0,
                "auto" if policy["auto_po"] else "manual",
                True,
                True,
                choice[0]["id"] if choice else None,
                choice[0]["partner_id"] if choice else None,
            )
            targets[(key[0], warehouse["location_id"])] = (key, values)
        inserts, updates = [], []
        ctx.orderpoint_by_segment = {}
        suppliers = self._dist_orderpoint_product_suppliers(
            [
                key[0]
                for location_key, (key, _v) in targets.items()
                if location_key not in existing
            ]
        )
        for location_key, (key, values) in targets.items():
            old = existing.pop(location_key, None)
            if old is None:
                inserts.append(
                    (
                        location_key,
                        key,
                        (
                            "DIST/{}/{}".format(ctx.warehouses[key[1]]["code"], key[0]),
                            key[0],
                            key[1],
                            location_key[1],
                            company.id,
                            ctx.categories.get(key[0]),
                            suppliers.get(key[0]),
                            0.0,
                            *values,
                        ),
                    )
                )
                continue
            ctx.orderpoint_by_segment[key] = old[0]
            if old[1] != values:
                updates.append((old[0], *values))
        archive = [
            (op_id, *old[:4], False, *old[5:])
            for op_id, old in existing.values()
            if old[5] and old[4]  # managed by the suite and active
        ]
        columns = [
            ("name", "varchar"),
            ("product_id", "int4"),
            ("warehouse_id", "int4"),
            ("location_id", "int4"),
            ("company_id", "int4"),
            ("product_category_id", "int4"),
            ("product_supplier_id", "int4"),
            ("purchase_visibility_days", "float8"),
            *ORDERPOINT_FIELDS,
        ]
        ids = insert_rows(
            self.env,
            "stock_warehouse_orderpoint",
            columns,
            [row for _loc, _key, row in inserts],
            ctx.now,
        )
        for (_loc, key, _row), op_id in zip(inserts, ids, strict=True):
            ctx.orderpoint_by_segment[key] = op_id
        update_rows(
            self.env,
            "stock_warehouse_orderpoint",
            ORDERPOINT_FIELDS,
            updates + archive,
            ctx.now,
        )
        ctx.count("orderpoints_created", len(inserts))
        ctx.count("orderpoints_updated", len(updates))
        ctx.count("orderpoints_archived", len(archive))

    def _dist_orderpoint_product_suppliers(self, product_ids):
        """{product id: partner id} of the "Product Supplier" the ORM stores
        on a new reorder rule (purchase_stock's product_supplier_id): the
        first vendor line of the product's template by sequence, in the
        vendor lines' own order, whatever their company, dates or variant
        (the field is computed as superuser on the template's lines), which
        is not the run's chosen vendor. One query for the new rules only."""
        if not product_ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT ON (pp.id) pp.id, si.partner_id "
                "FROM product_product pp "
                "JOIN product_supplierinfo si "
                "  ON si.product_tmpl_id = pp.product_tmpl_id "
                "WHERE pp.id = ANY(%s) "
                "ORDER BY pp.id, COALESCE(si.sequence, 0), si.min_qty DESC, "
                "si.price, si.id",
                sorted(set(product_ids)),
            )
        )
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------
    # segments
    # ------------------------------------------------------------------

    def _dist_write_segments(self, ctx):
        company = ctx.company
        inserts, updates = [], []
        for key, segment in ctx.segments.items():
            segment["orderpoint_id"] = ctx.orderpoint_by_segment.get(key)
            segment["computed_at"] = ctx.anchor
            values = tuple(map(segment.get, SEGMENT_NAMES))
            old = ctx.existing.get(key)
            if old is None:
                inserts.append((key, (company.id, *key, *values)))
                continue
            segment["id"], old_values = old
            if old_values != values:
                updates.append((old[0], *values))
        columns = [
            ("company_id", "int4"),
            ("product_id", "int4"),
            ("warehouse_id", "int4"),
            *SEGMENT_FIELDS,
        ]
        ids = insert_rows(
            self.env, "dist_product_segment", columns, [r for _k, r in inserts], ctx.now
        )
        for (key, _row), segment_id in zip(inserts, ids, strict=True):
            ctx.segments[key]["id"] = segment_id
        update_rows(self.env, "dist_product_segment", SEGMENT_FIELDS, updates, ctx.now)
        removed = {
            key: old for key, old in ctx.existing.items() if key not in ctx.segments
        }
        for key, old in removed.items():
            ctx.history.append(
                (
                    key,
                    "segment",
                    "{}{} {}".format(
                        old[1][INDEX["abc_class"]],
                        old[1][INDEX["xyz_class"]],
                        old[1][INDEX["demand_pattern"]],
                    ),
                    "",
                    ctx.text["gone"],
                )
            )
        ctx.count("segments_created", len(inserts))
        ctx.count("segments_updated", len(updates))
        ctx.count("segments_removed", len(removed))
        self._dist_write_history(ctx)
        delete_rows(
            self.env, "dist_product_segment", [old[0] for old in removed.values()]
        )

    def _dist_write_history(self, ctx):
        names = {pid: p["name"] for pid, p in ctx.policies.items()}
        rows = []
        for key, dimension, old, new, reason in ctx.history:
            if dimension == "policy":
                old = names.get(int(old), old) if old else old
                new = names.get(int(new), new) if new else new
            segment = ctx.segments.get(key)
            rows.append(
                (
                    segment["id"] if segment else None,
                    ctx.company.id,
                    key[0],
                    key[1],
                    dimension,
                    old or None,
                    new or None,
                    reason,
                    ctx.now,
                )
            )
        ctx.history = insert_rows(
            self.env,
            "dist_product_segment_history",
            [
                ("segment_id", "int4"),
                ("company_id", "int4"),
                ("product_id", "int4"),
                ("warehouse_id", "int4"),
                ("dimension", "varchar"),
                ("old_value", "varchar"),
                ("new_value", "varchar"),
                ("reason", "varchar"),
                ("changed_at", "timestamp"),
            ],
            rows,
            ctx.now,
        )

    # ------------------------------------------------------------------
    # recommendations
    # ------------------------------------------------------------------

    def _dist_positions_query(self, ctx):
        probability = SQL(
            "COALESCE(team.dist_quote_conversion, %s)",
            ctx.company.dist_quote_conversion,
        )
        opportunity_join = SQL("")
        if "opportunity_id" in self.env["sale.order"]._fields:
            opportunity_join = SQL(
                "LEFT JOIN crm_lead lead ON lead.id = so.opportunity_id"
            )
            probability = SQL("COALESCE(lead.probability, %s)", probability)
        return SQL(
            POSITIONS_QUERY,
            company=ctx.company.id,
            pending=list(PENDING_MOVE_STATES),
            probability=probability,
            opportunity_join=opportunity_join,
        )

    def _dist_positions(self, ctx):
        """On hand, incoming, open deliveries and weighted quotations per
        product and warehouse (read by the run's reader), with what buyers
        approved and not ordered yet."""
        self.env.cr.execute(SQL(APPROVED_QUERY, company=ctx.company.id))
        approved = self.env.cr.fetchall()
        positions = defaultdict(lambda: defaultdict(float))
        for rows in (ctx.reads.pop("positions").result(), approved):
            for kind, product, warehouse, qty in rows:
                positions[(product, warehouse)][kind] += qty or 0.0
        return positions

    def _dist_buyers(self, ctx):
        """Who owns the recommendations of each chosen vendor in the run's
        company, and who owns those without one: one query per run."""
        partners = {
            choice[0]["partner_id"] for choice in ctx.vendor_choice.values() if choice
        }
        return (
            self.env["res.partner"]
            .browse(sorted(partners))
            ._dist_buyers_for(ctx.company)
        )

    def _dist_write_recommendations(self, ctx):
        """Purchase (or transfer-from-excess) recommendations for segments
        under review and sensing policies whose position reached the
        reorder point; proposals of earlier runs are updated in place or
        removed when no longer needed; decided ones are not touched."""
        positions = self._dist_positions(ctx)
        ctx.buyers, ctx.role_buyer = self._dist_buyers(ctx)
        others = {}
        if ctx.scope:
            # a warehouse job: the other warehouses keep what their own
            # segments (written by their jobs) say
            self.env.cr.execute(
                SQL(
                    "SELECT product_id, warehouse_id, max_qty FROM "
                    "dist_product_segment WHERE company_id = %s "
                    "AND NOT warehouse_id = ANY(%s)",
                    ctx.company.id,
                    ctx.scope,
                )
            )
            others = {(p, w): m or 0.0 for p, w, m in self.env.cr.fetchall()}
        excess = {}
        for (product, warehouse), position in positions.items():
            if warehouse not in ctx.warehouses:
                continue
            segment = ctx.segments.get((product, warehouse))
            keep = (
                segment["max_qty"] if segment else others.get((product, warehouse), 0.0)
            )
            spare = position["on_hand"] - position["backlog"] - keep
            if spare >= 1:
                excess[(product, warehouse)] = math.floor(spare)
        targets = {}
        for key in sorted(ctx.segments):
            segment = ctx.segments[key]
            if segment["mode"] == "auto" or key[1] not in ctx.warehouses:
                continue
            self._dist_recommend(ctx, key, segment, positions[key], excess, targets)
        # a buyer's dismissal holds for the policy's review period
        self.env.cr.execute(
            SQL(
                "SELECT r.product_id, r.warehouse_id, r.kind, r.source_warehouse_id "
                "FROM dist_purchase_recommendation r "
                "JOIN dist_replenishment_policy p ON p.id = r.policy_id "
                "WHERE r.company_id = %s AND r.state = 'dismissed' "
                "AND r.write_date >= %s - make_interval(days => p.review_period_days)",
                ctx.company.id,
                ctx.anchor,
            )
        )
        for dismissed in self.env.cr.fetchall():
            targets.pop(tuple(dismissed), None)
        self.env.cr.execute(
            SQL(
                "SELECT id, product_id, warehouse_id, kind, source_warehouse_id, %s "
                "FROM dist_purchase_recommendation "
                "WHERE company_id = %s AND state = 'proposed' %s",
                select_columns(RECOMMENDATION_FIELDS),
                ctx.company.id,
                SQL("AND warehouse_id = ANY(%s)", ctx.scope) if ctx.scope else SQL(""),
            )
        )
        existing = {}
        duplicates = []
        for row in self.env.cr.fetchall():
            key = (row[1], row[2], row[3], row[4])
            if key in existing:
                duplicates.append(row[0])
                continue
            existing[key] = (row[0], tuple(row[5:]))
        inserts, updates = [], []
        for key, values in targets.items():
            old = existing.pop(key, None)
            if old is None:
                inserts.append(
                    (
                        ctx.company.id,
                        key[0],
                        key[1],
                        key[2],
                        key[3],
                        "proposed",
                        *values,
                    )
                )
            elif old[1] != values:
                updates.append((old[0], *values))
        insert_rows(
            self.env,
            "dist_purchase_recommendation",
            [
                ("company_id", "int4"),
                ("product_id", "int4"),
                ("warehouse_id", "int4"),
                ("kind", "varchar"),
                ("source_warehouse_id", "int4"),
                ("state", "varchar"),
                *RECOMMENDATION_FIELDS,
            ],
            inserts,
            ctx.now,
        )
        update_rows(
            self.env,
            "dist_purchase_recommendation",
            RECOMMENDATION_FIELDS,
            updates,
            ctx.now,
        )
        removed = [old[0] for old in existing.values()] + duplicates
        delete_rows(self.env, "dist_purchase_recommendation", removed)
        ctx.count("recommendations_created", len(inserts))
        ctx.count("recommendations_updated", len(updates))
        ctx.count("recommendations_removed", len(removed))

    def _dist_recommend(self, ctx, key, segment, position, excess, targets):
        product_id, warehouse_id = key
        policy = ctx.policies[segment["policy_id"]]
        sensed = position["sensed"] if policy["mode"] == "sensing" else 0.0
        on_hand, incoming, backlog = (
            position["on_hand"],
            position["incoming"],
            position["backlog"],
        )
        available = on_hand + incoming - backlog - sensed
        reorder, maximum = segment["reorder_point"], segment["max_qty"]
        if available > reorder or maximum - available < 1:
            return
        need = maximum - available
        demand, safety = segment["forecast"], segment["safety_stock"]
        days = ctx.period_days
        lead = segment["lead_time_days"]
        if demand > 0 and available > safety:
            cover_days = (available - safety) / demand * days
            urgency = "high" if cover_days < lead else "normal"
        else:
            cover_days, urgency = 0.0, "critical"
        need_date = ctx.today + timedelta(days=int(cover_days))
        text = ctx.text
        numbers = text["numbers"] % {
            "policy": policy["name"],
            "demand": demand,
            "period": text["period"],
            "method": text["methods"][policy["forecast_method"]],
            "safety": safety,
            "reorder": reorder,
            "maximum": maximum,
            "available": available,
            "on_hand": on_hand,
            "incoming": incoming,
            "backlog": backlog,
            "sensed": text["sensed"] % {"q": sensed} if sensed else "",
        }
        common = {
            "segment_id": segment["id"],
            "policy_id": policy["id"],
            "need_date": need_date,
            "urgency": urgency,
            "urgency_rank": URGENCY_RANK[urgency],
            "forecast": demand,
            "safety_stock": safety,
            "reorder_point": reorder,
            "max_qty": maximum,
            "on_hand": on_hand,
            "incoming": incoming,
            "backlog": backlog,
            "sensed": sensed,
            "run_date": ctx.today,
        }
        choice = ctx.vendor_choice.get(product_id)
        # the vendor's buyer in the company, else the company's buyer role
        buyer = (ctx.buyers.get(choice[0]["partner_id"]) if choice else None) or (
            ctx.role_buyer
        )
        for source_id in ctx.warehouses:
            if need < 1 or source_id == warehouse_id:
                continue
            spare = excess.get((product_id, source_id), 0)
            moved = min(spare, math.floor(need))
            if moved < 1:
                continue
            excess[(product_id, source_id)] = spare - moved
            need -= moved
            targets[(product_id, warehouse_id, "transfer", source_id)] = (
                self._dist_rec_values(
                    {
                        **common,
                        "quantity": float(moved),
                        "buyer_id": buyer,
                        "reason": text["transfer"]
                        % {
                            "origin": ctx.warehouses[source_id]["code"],
                            "spare": spare,
                            "moved": moved,
                            "target": ctx.warehouses[warehouse_id]["code"],
                            "numbers": numbers,
                        },
                    }
                )
            )
        if need < 1e-6:
            return
        moq = segment["moq"]
        pack = segment["pack_multiple"]
        quantity = _ceil(levels.round_up(need, moq, pack))
        rounding = ""
        if quantity > _ceil(need):
            rounding = text["rounding"] % {"moq": moq, "pack": pack}
        source = text["sources"].get(segment["lead_time_source"], "")
        targets[(product_id, warehouse_id, "purchase", None)] = self._dist_rec_values(
            {
                **common,
                "quantity": quantity,
                "partner_id": choice[0]["partner_id"] if choice else None,
                "supplierinfo_id": choice[0]["id"] if choice else None,
                "vendor_reason": self._dist_vendor_reason(ctx, choice)
                if choice
                else text["no_vendor"],
                "moq": moq,
                "buyer_id": buyer,
                "reason": text["purchase"]
                % {
                    "numbers": numbers,
                    "quantity": quantity,
                    "rounding": rounding,
                    "lead": lead,
                    "spread": segment["lead_time_std_days"],
                    "basis": source,
                },
            }
        )

    def _dist_rec_values(self, values):
        return tuple(map(values.get, RECOMMENDATION_NAMES))
