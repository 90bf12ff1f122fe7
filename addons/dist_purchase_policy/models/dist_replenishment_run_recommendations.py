from odoo import models
from odoo.tools import SQL

from ..engine.proposals import (
    URGENCY_RANK,
    plan_transfers,
    proposal,
    purchase_quantity,
    spare_stock,
)
from ..engine.records import Position
from .bulk_sql import delete_rows, insert_rows, update_rows
from .dist_replenishment_run_segments import select_columns

PENDING_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
NO_POSITION = Position()

# per product and warehouse: on hand, incoming (receipts, RFQs), open
# deliveries (backlog) and quotations weighted by %(probability)s (percent)
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

# what the run writes on a recommendation, in write order
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
RECOMMENDATION_NAMES = [name for name, _type in RECOMMENDATION_FIELDS]


class DistReplenishmentRun(models.Model):
    """The run's purchase (and transfer) recommendations: positions read,
    proposals from the engine, rows written."""

    _inherit = "dist.replenishment.run"

    def _dist_quotation_probability(self, ctx):
        """The SQL percentage a quotation line (sale_order so, crm_team
        team) counts with in sensed demand: its sales team's conversion
        rate, else the company's."""
        return SQL(
            "COALESCE(team.dist_quote_conversion, %s)",
            ctx.company.dist_quote_conversion,
        )

    def _dist_positions_query(self, ctx):
        return SQL(
            POSITIONS_QUERY,
            company=ctx.company.id,
            pending=list(PENDING_MOVE_STATES),
            probability=self._dist_quotation_probability(ctx),
        )

    def _dist_positions(self, ctx):
        """{(product, warehouse): Position}: on hand, incoming, open
        deliveries and weighted quotations (read by the run's reader), with
        what buyers approved and not ordered yet."""
        self.env.cr.execute(SQL(APPROVED_QUERY, company=ctx.company.id))
        approved = self.env.cr.fetchall()
        sums = {}
        for rows in (ctx.reads.pop("positions").result(), approved):
            for kind, product, warehouse, qty in rows:
                figures = sums.setdefault((product, warehouse), {})
                figures[kind] = figures.get(kind, 0.0) + (qty or 0.0)
        return {key: Position(**figures) for key, figures in sums.items()}

    def _dist_buyers(self, ctx):
        """Who owns the recommendations of each chosen vendor in the run's
        company, and who owns those without one: one query per run."""
        partners = {
            choice.supplier.partner_id
            for choice in ctx.vendor_choice.values()
            if choice
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
            keep = segment.max_qty if segment else others.get((product, warehouse), 0.0)
            spare = spare_stock(position.on_hand, position.backlog, keep)
            if spare:
                excess[(product, warehouse)] = spare
        targets = {}
        for key in sorted(ctx.segments):
            segment = ctx.segments[key]
            if segment.mode == "auto" or key[1] not in ctx.warehouses:
                continue
            self._dist_recommend(
                ctx, key, segment, positions.get(key, NO_POSITION), excess, targets
            )
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
        """The recommendations of `segment` at `position` into `targets`
        ((product, warehouse, kind, source warehouse) -> values in
        RECOMMENDATION_FIELDS order): transfers from other warehouses'
        `excess` first, then a purchase of the rest."""
        product_id, warehouse_id = key
        policy = ctx.policies[segment.policy_id]
        needed = proposal(policy.mode, position, segment, ctx.period_days, ctx.today)
        if needed is None:
            return
        text = ctx.text
        numbers = text["numbers"] % {
            "policy": policy.name,
            "demand": segment.forecast,
            "period": text["period"],
            "method": text["methods"][policy.forecast_method],
            "safety": segment.safety_stock,
            "reorder": segment.reorder_point,
            "maximum": segment.max_qty,
            "available": needed.available,
            "on_hand": position.on_hand,
            "incoming": position.incoming,
            "backlog": position.backlog,
            "sensed": text["sensed"] % {"q": needed.sensed} if needed.sensed else "",
        }
        choice = ctx.vendor_choice.get(product_id)
        # the vendor's buyer in the company, else the company's buyer role
        buyer = (
            ctx.buyers.get(choice.supplier.partner_id) if choice else None
        ) or ctx.role_buyer
        moves, need = plan_transfers(
            needed.need, product_id, warehouse_id, ctx.warehouses, excess
        )
        for source_id, spare, moved in moves:
            targets[(product_id, warehouse_id, "transfer", source_id)] = (
                self._dist_rec_values(
                    self._prepare_recommendation_values(
                        ctx,
                        segment,
                        policy,
                        position,
                        needed,
                        {
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
                        },
                    )
                )
            )
        if need < 1e-6:
            return
        moq, pack = segment.moq, segment.pack_multiple
        quantity, raised = purchase_quantity(need, moq, pack)
        rounding = text["rounding"] % {"moq": moq, "pack": pack} if raised else ""
        source = text["sources"].get(segment.lead_time_source, "")
        targets[(product_id, warehouse_id, "purchase", None)] = self._dist_rec_values(
            self._prepare_recommendation_values(
                ctx,
                segment,
                policy,
                position,
                needed,
                {
                    "quantity": quantity,
                    "partner_id": choice.supplier.partner_id if choice else None,
                    "supplierinfo_id": choice.supplier.id if choice else None,
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
                        "lead": segment.lead_time_days,
                        "spread": segment.lead_time_std_days,
                        "basis": source,
                    },
                },
            )
        )

    def _prepare_recommendation_values(
        self, ctx, segment, policy, position, needed, values
    ):
        """The values of a recommendation (the names of
        RECOMMENDATION_FIELDS; others are not written) of `segment` under
        `policy` (engine records) at `position`, `needed` its
        engine.records.Proposal; `values` those of its kind (quantity,
        buyer, reason; vendor and MOQ for a purchase)."""
        return {
            "segment_id": segment.id,
            "policy_id": policy.id,
            "need_date": needed.need_date,
            "urgency": needed.urgency,
            "urgency_rank": URGENCY_RANK[needed.urgency],
            "forecast": segment.forecast,
            "safety_stock": segment.safety_stock,
            "reorder_point": segment.reorder_point,
            "max_qty": segment.max_qty,
            "on_hand": position.on_hand,
            "incoming": position.incoming,
            "backlog": position.backlog,
            "sensed": needed.sensed,
            "run_date": ctx.today,
            **values,
        }

    def _dist_rec_values(self, values):
        return tuple(map(values.get, RECOMMENDATION_NAMES))
