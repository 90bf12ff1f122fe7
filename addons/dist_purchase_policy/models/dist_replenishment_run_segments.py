from operator import attrgetter

from odoo import models
from odoo.tools import SQL

from ..engine.records import Segment
from ..engine.rounding import r4
from ..stats import classify, hysteresis

# float8 arithmetic throughout (date_part, not EXTRACT, which is numeric
# since PostgreSQL 14): the same figures at four decimals, a sixth faster.
# The cost is joined after the arrays are built: grouping by the product's
# jsonb cost as well made PostgreSQL sort on it (a quarter slower).
# Besides the series (for the forecasts), each row carries its sums (for the
# demand statistics) and its consumption value with the share of value
# ranked before it in its warehouse (largest first, then by product: the
# ABC ranking), so that the run's Python does not loop over the series or
# sort the warehouse again: the statement runs on another core meanwhile.
DEMAND_QUERY = """
WITH demand AS (
    SELECT m.product_id,
           src.warehouse_id,
           LEAST(%(last)s, FLOOR(date_part('epoch', %(anchor)s - m.date)
                                / %(period_seconds)s))::int AS idx,
           SUM(m.product_qty::float8) AS qty
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
     WHERE m.company_id = %(company)s
       AND m.state = 'done'
       AND src.usage = 'internal'
       AND dst.usage = 'customer'
       AND src.warehouse_id IS NOT NULL
       AND m.date >= %(start)s
       AND m.date < %(anchor)s
       %(scope)s
     GROUP BY 1, 2, 3
), series AS (
    SELECT product_id,
           warehouse_id,
           ARRAY_AGG(idx ORDER BY idx DESC) AS idxs,
           ARRAY_AGG(qty ORDER BY idx DESC) AS qtys,
           MAX(idx) + 1 AS periods,
           COUNT(*) AS count,
           SUM(qty) AS total,
           SUM(qty * qty) AS squares
      FROM demand
     GROUP BY product_id, warehouse_id
), valued AS (
    SELECT s.*,
           c.cost,
           s.total * c.cost * 365.0::float8
               / (s.periods * %(period_days)s::float8) AS annual
      FROM series s
      JOIN product_product pp ON pp.id = s.product_id
     CROSS JOIN LATERAL (
           SELECT COALESCE((pp.standard_price ->> %(company_key)s)::float8, 0)
                  AS cost
           ) c
)
SELECT product_id,
       warehouse_id,
       idxs,
       qtys,
       cost,
       periods,
       count,
       total,
       squares,
       annual,
       CASE WHEN SUM(GREATEST(annual, 0)) OVER warehouse > 0
            THEN 100.0::float8
                 * COALESCE(SUM(GREATEST(annual, 0)) OVER (
                       ranked ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ), 0)
                 / SUM(GREATEST(annual, 0)) OVER warehouse
            ELSE 100.0::float8
       END
  FROM valued
WINDOW warehouse AS (PARTITION BY warehouse_id),
       ranked AS (PARTITION BY warehouse_id ORDER BY annual DESC, product_id)
"""

# what the run writes on a segment, in write order (product, warehouse and
# company identify it)
SEGMENT_FIELDS = (
    ("abc_class", "varchar"),
    ("xyz_class", "varchar"),
    ("demand_pattern", "varchar"),
    ("annual_value", "float8"),
    ("value_share_before", "float8"),
    ("total_qty", "float8"),
    ("avg_demand", "float8"),
    ("demand_std", "float8"),
    ("cv", "numeric"),
    ("adi", "numeric"),
    ("cv2", "numeric"),
    ("history_periods", "int4"),
    ("policy_id", "int4"),
    ("override_id", "int4"),
    ("forecast", "float8"),
    ("vendor_id", "int4"),
    ("supplierinfo_id", "int4"),
    ("lead_time_days", "float8"),
    ("lead_time_std_days", "float8"),
    ("lead_time_source", "varchar"),
    ("safety_stock", "float8"),
    ("reorder_point", "float8"),
    ("max_qty", "float8"),
    ("moq", "float8"),
    ("pack_multiple", "float8"),
    ("abc_pending", "varchar"),
    ("xyz_pending", "varchar"),
    ("pattern_pending", "varchar"),
    ("abc_pending_runs", "int4"),
    ("xyz_pending_runs", "int4"),
    ("pattern_pending_runs", "int4"),
    ("pending_date", "date"),
    ("orderpoint_id", "int4"),
    ("computed_at", "timestamp"),
)

# position of each of them in a segment's values as read back
INDEX = {name: position for position, (name, _type) in enumerate(SEGMENT_FIELDS)}
ABC, XYZ, PATTERN = INDEX["abc_class"], INDEX["xyz_class"], INDEX["demand_pattern"]
# a segment's values in SEGMENT_FIELDS order, as written and compared
segment_values = attrgetter(*(name for name, _type in SEGMENT_FIELDS))


def select_columns(fields):
    """The columns of `fields` as the run compares them: numeric columns
    read as float8, so that a value read back equals the one written."""
    return SQL(", ").join(
        SQL("%s::float8", SQL.identifier(name))
        if pgtype == "numeric"
        else SQL.identifier(name)
        for name, pgtype in fields
    )


class DistReplenishmentRun(models.Model):
    _inherit = "dist.replenishment.run"

    def _dist_demand_query(self, ctx):
        company = ctx.company
        return SQL(
            DEMAND_QUERY,
            last=ctx.periods - 1,
            anchor=ctx.anchor,
            period_seconds=ctx.period_days * 86400.0,
            period_days=float(ctx.period_days),
            company=company.id,
            start=ctx.start,
            company_key=str(company.id),
            scope=SQL("AND src.warehouse_id = ANY(%s)", ctx.scope)
            if ctx.scope
            else SQL(""),
        )

    def _dist_segments_query(self, ctx):
        return SQL(
            "SELECT id, product_id, warehouse_id, %s FROM dist_product_segment "
            "WHERE company_id = %s %s",
            select_columns(SEGMENT_FIELDS),
            ctx.company.id,
            SQL("AND warehouse_id = ANY(%s)", ctx.scope) if ctx.scope else SQL(""),
        )

    def _dist_compute_segments(self, ctx):
        """Demand statistics and classes of every product that left a
        warehouse of the company toward customers in the window, from the
        demand and the segments in force (both submitted to the run's
        reader beforehand)."""
        company = ctx.company
        # (product, warehouse) -> (segment id, values in SEGMENT_FIELDS order)
        ctx.existing = {
            (values[1], values[2]): (values[0], values[3:])
            for values in ctx.reads.pop("segments").result()
        }
        ctx.overrides = self._dist_approved_overrides(company)
        demand = ctx.reads.pop("demand").result()
        for (
            product_id,
            warehouse_id,
            idxs,
            qtys,
            cost,
            periods,
            count,
            total,
            squares,
            annual,
            share,
        ) in demand:
            # the history starts at the first period with demand
            total, mean, std, adi, cv2 = classify.stats_from_sums(
                periods, count, total, squares
            )
            cv = std / mean if mean > 0 else None
            ctx.segments[(product_id, warehouse_id)] = Segment(
                # sparse history for the forecast: ages (periods ago, oldest
                # first) and demands
                ages=idxs,
                demands=qtys,
                history_periods=periods,
                total_qty=r4(total),
                avg_demand=r4(mean),
                demand_std=r4(std),
                raw_cv=cv,
                cv=r4(cv) if cv is not None else None,
                adi=r4(adi) if adi is not None else None,
                cv2=r4(cv2) if cv2 is not None else None,
                abc_strict=classify.abc_class(annual, share, ctx.cut_a, ctx.cut_b),
                value_share_before=r4(share),
                xyz_strict=classify.xyz_from_cv(cv, ctx.cut_x, ctx.cut_y),
                pattern_strict=classify.pattern_from(adi, cv2, periods),
                annual_value=r4(annual),
                cost=cost,
            )
        # the products are known: their vendors can be read meanwhile
        self._dist_submit_sellers(ctx)
        for key, segment in ctx.segments.items():
            self._dist_settle_classes(ctx, key, segment)

    def _dist_approved_overrides(self, company):
        """{(product, warehouse or None): (override id, policy id)}."""
        self.env.cr.execute(
            SQL(
                "SELECT o.product_id, o.warehouse_id, o.id, o.policy_id "
                "FROM dist_policy_override o "
                "JOIN dist_replenishment_policy p ON p.id = o.policy_id "
                "WHERE o.company_id = %s AND o.state = 'approved' AND p.active",
                company.id,
            )
        )
        return {
            (product, warehouse): (override, policy)
            for product, warehouse, override, policy in self.env.cr.fetchall()
        }

    def _dist_settle_classes(self, ctx, key, segment):
        """Classes in force after this run, with hysteresis, and the policy
        they select (an approved override first)."""
        old = ctx.existing.get(key)
        old = old[1] if old else None
        if (
            old is not None
            and old[ABC] == segment.abc_strict
            and old[XYZ] == segment.xyz_strict
            and old[PATTERN] == segment.pattern_strict
        ):
            # every class holds, nothing pending: most segments on most
            # runs (what hysteresis gives them, without its work; the
            # pending fields keep their defaults: none)
            segment.abc_class = old[ABC]
            segment.xyz_class = old[XYZ]
            segment.demand_pattern = old[PATTERN]
        else:
            self._dist_settle_changes(ctx, key, segment, old)
        self._dist_settle_policy(ctx, key, segment, old)

    def _dist_settle_changes(self, ctx, key, segment, old):
        """Classes of a new segment, or of one whose computed class differs
        from the one in force: hysteresis decides."""
        counted_today = old is not None and old[INDEX["pending_date"]] == ctx.today
        runs = ctx.runs
        pending_date = None
        for dimension, strict, metric, cuts, margin in (
            (
                "abc",
                segment.abc_strict,
                segment.value_share_before if segment.annual_value > 0 else None,
                (ctx.cut_a, ctx.cut_b),
                ctx.abc_margin,
            ),
            (
                "xyz",
                segment.xyz_strict,
                segment.raw_cv,
                (ctx.cut_x, ctx.cut_y),
                ctx.xyz_margin,
            ),
            ("pattern", segment.pattern_strict, None, None, None),
        ):
            field = "demand_pattern" if dimension == "pattern" else f"{dimension}_class"
            current = old[INDEX[field]] if old else None
            if current is not None and strict == current:
                # the class holds (what settle() answers, without weighing
                # the margin): most segments on most runs
                value, pending, pending_runs, reason = current, None, 0, None
            else:
                if dimension == "pattern":
                    is_decisive = current == "new"
                else:
                    is_decisive = current is not None and hysteresis.decisive(
                        current, strict, metric, cuts[0], cuts[1], margin
                    )
                value, pending, pending_runs, reason = hysteresis.settle(
                    current,
                    strict,
                    is_decisive,
                    old[INDEX[f"{dimension}_pending"]] if old else None,
                    (old[INDEX[f"{dimension}_pending_runs"]] or 0) if old else 0,
                    counted_today,
                    runs,
                )
            setattr(segment, field, value)
            setattr(segment, f"{dimension}_pending", pending)
            setattr(segment, f"{dimension}_pending_runs", pending_runs)
            if pending:
                pending_date = ctx.today
            if reason and reason != "new":
                ctx.history.append((key, dimension, current, value, ctx.text[reason]))
                ctx.count("class_changes")
        segment.pending_date = pending_date

    def _dist_settle_policy(self, ctx, key, segment, old):
        """The policy the classes select (an approved override first)."""
        product_id, warehouse_id = key
        override = ctx.overrides.get((product_id, warehouse_id)) or ctx.overrides.get(
            (product_id, None)
        )
        if override:
            segment.override_id, segment.policy_id = override
        else:
            segment.override_id = None
            segment.policy_id = ctx.matrix[
                (segment.abc_class, segment.xyz_class, segment.demand_pattern)
            ]
        if old and old[INDEX["policy_id"]] != segment.policy_id:
            ctx.history.append(
                (
                    key,
                    "policy",
                    str(old[INDEX["policy_id"]] or ""),
                    str(segment.policy_id),
                    ctx.text["override"] if override else ctx.text["matrix"],
                )
            )
        elif not old:
            ctx.history.append(
                (
                    key,
                    "segment",
                    "",
                    f"{segment.abc_class}{segment.xyz_class} {segment.demand_pattern}",
                    ctx.text["first"],
                )
            )
