"""The KPIs of the stock held: its age by value and how often it turns.

Stock is valued at the product's cost (company-dependent standard price),
as it is on the day the statement runs: the nightly snapshot keeps the
history. Its age comes from the stock valuation layers: each incoming layer
(a receipt, a return, a count that found more) keeps in remaining_qty what
deliveries have not yet taken from it, oldest first (Odoo's FIFO run keeps
it for every cost method), so the quantity still on hand splits into the
receipts it came from, each aged from the day its layer was made. A quant's
own date (in_date) is that of its first receipt and stays when later
receipts merge into it: aged by it, all stock of a product ever held long
enough looked old.
"""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import span_days

# the value at cost of each positive quant in a warehouse's internal
# locations, with its product family
STOCK_VALUES = """
    SELECT q.company_id, l.warehouse_id, pt.categ_id,
           q.quantity::float8 * COALESCE(
               (pp.standard_price ->> q.company_id::text)::float8, 0.0
           ) AS value
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id
      JOIN product_product pp ON pp.id = q.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
       AND q.quantity > 0
       AND q.company_id = ANY(%(companies)s)
"""

# the quantity still on hand from each incoming valuation layer, valued at
# the product's cost, with the day it was received, the warehouse that
# received it (Odoo's "Receipt WH" of a layer) and its product family
LAYER_VALUES = """
    SELECT svl.company_id,
           CASE WHEN src.usage = 'internal' THEN src.warehouse_id
                ELSE dst.warehouse_id END AS warehouse_id,
           svl.create_date AS received, pt.categ_id,
           svl.remaining_qty::float8 * COALESCE(
               (pp.standard_price ->> svl.company_id::text)::float8, 0.0
           ) AS value
      FROM stock_valuation_layer svl
      JOIN stock_move m ON m.id = svl.stock_move_id
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
      JOIN product_product pp ON pp.id = svl.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE svl.remaining_qty > 0
       AND svl.company_id = ANY(%(companies)s)
       AND (CASE WHEN src.usage = 'internal' THEN src.warehouse_id
                 ELSE dst.warehouse_id END) IS NOT NULL
"""

# the aged stock KPIs: code -> (older than, at most) days before the end
# of the day; None: no bound
AGE_BUCKETS = {
    "aged_stock": (180, None),
    "aged_stock_0_90": (None, 90),
    "aged_stock_91_180": (90, 180),
    "aged_stock_181_365": (180, 365),
    "aged_stock_over_365": (365, None),
}


class DistKpi(models.Model):
    """The KPIs of the stock held: aged stock (over 180 days, and in
    buckets) and inventory turns."""

    _inherit = "dist.kpi"

    def _kpi_dims_aged_stock(self):
        return ["product_family"]

    _kpi_dims_aged_stock_0_90 = _kpi_dims_aged_stock
    _kpi_dims_aged_stock_91_180 = _kpi_dims_aged_stock
    _kpi_dims_aged_stock_181_365 = _kpi_dims_aged_stock
    _kpi_dims_aged_stock_over_365 = _kpi_dims_aged_stock
    _kpi_dims_inventory_turns = _kpi_dims_aged_stock

    def _dist_stock_values(self, company_ids):
        # read once a snapshot refresh for the inventory turns
        return self._dist_shared_rows(
            ("stock_values", tuple(company_ids)),
            SQL(STOCK_VALUES, companies=company_ids),
        )

    def _dist_layer_values(self, company_ids):
        # read once a snapshot refresh for the five age KPIs
        return self._dist_shared_rows(
            ("layer_values", tuple(company_ids)),
            SQL(LAYER_VALUES, companies=company_ids),
        )

    def _dist_age_bounds(self, code, date_to):
        """(received before, received from) of an age bucket: the receipt
        dates of its stock (None: no bound); moments, or PerCompany ones
        when `date_to` is."""
        older, at_most = AGE_BUCKETS[code]
        return (
            date_to - timedelta(days=older) if older is not None else None,
            date_to - timedelta(days=at_most) if at_most is not None else None,
        )

    def _dist_aged_stock(self, code, date_to, company_ids):
        # value of the stock whose age at the end of the day falls in the
        # bucket, over the value of all stock, per warehouse; stock received
        # after the day (a refresh of an earlier day) is the youngest
        before, since = self._dist_age_bounds(code, date_to)
        in_bucket = SQL(" AND ").join(
            [SQL("TRUE")]
            + (
                [self._dist_before("s.received", "s.company_id", before)]
                if before
                else []
            )
            + ([self._dist_since("s.received", "s.company_id", since)] if since else [])
        )
        return SQL(
            """
            SELECT s.company_id, s.warehouse_id, s.categ_id,
                   CASE WHEN %s THEN s.value ELSE 0.0 END AS numerator,
                   s.value AS denominator
              FROM (%s) s
            """,
            in_bucket,
            self._dist_layer_values(company_ids),
        )

    def _dist_drill_aged_stock(self, code, date_to, companies):
        # the receipts whose stock is still on hand, of the bucket's age
        before, since = self._dist_age_bounds(code, date_to)
        return self._dist_records(
            "stock.valuation.layer",
            [
                ("remaining_qty", ">", 0),
                # the layers of a warehouse, as Odoo's non-stored Receipt WH
                # (warehouse_id) tells it, on stored fields: its search
                # loads every layer and filters on their ids
                (
                    "stock_move_id",
                    "any",
                    [
                        "|",
                        ("location_dest_id.warehouse_id", "!=", False),
                        "&",
                        ("location_id.usage", "=", "internal"),
                        ("location_id.warehouse_id", "!=", False),
                    ],
                ),
                ("company_id", "in", companies.ids),
            ]
            + ([("create_date", "<", before)] if before else [])
            + ([("create_date", ">=", since)] if since else []),
            ["product_id"],
            view_mode="list,pivot",
            # Odoo's valuation list offers revaluations and a valuation at
            # date: a reader gets the receipts and what is left of them
            views={
                "list": "dist_wms_rules.stock_valuation_layer_view_list_dist_aged",
                "pivot": "dist_wms_rules.stock_valuation_layer_view_pivot_dist_aged",
            },
        )

    def _kpi_aged_stock(self, date_from, date_to, company_ids):
        return self._dist_aged_stock("aged_stock", date_to, company_ids)

    def _kpi_drill_aged_stock(self, date_from, date_to, companies):
        return self._dist_drill_aged_stock("aged_stock", date_to, companies)

    def _kpi_aged_stock_0_90(self, date_from, date_to, company_ids):
        return self._dist_aged_stock("aged_stock_0_90", date_to, company_ids)

    def _kpi_drill_aged_stock_0_90(self, date_from, date_to, companies):
        return self._dist_drill_aged_stock("aged_stock_0_90", date_to, companies)

    def _kpi_aged_stock_91_180(self, date_from, date_to, company_ids):
        return self._dist_aged_stock("aged_stock_91_180", date_to, company_ids)

    def _kpi_drill_aged_stock_91_180(self, date_from, date_to, companies):
        return self._dist_drill_aged_stock("aged_stock_91_180", date_to, companies)

    def _kpi_aged_stock_181_365(self, date_from, date_to, company_ids):
        return self._dist_aged_stock("aged_stock_181_365", date_to, company_ids)

    def _kpi_drill_aged_stock_181_365(self, date_from, date_to, companies):
        return self._dist_drill_aged_stock("aged_stock_181_365", date_to, companies)

    def _kpi_aged_stock_over_365(self, date_from, date_to, company_ids):
        return self._dist_aged_stock("aged_stock_over_365", date_to, company_ids)

    def _kpi_drill_aged_stock_over_365(self, date_from, date_to, companies):
        return self._dist_drill_aged_stock("aged_stock_over_365", date_to, companies)

    def _kpi_inventory_turns(self, date_from, date_to, company_ids):
        # cost of the goods shipped from a warehouse to customers in the
        # window (the quantity done of the moves, at the product's cost),
        # scaled to a year, over
        # the value of the warehouse's stock: turns per year
        per_year = 365.0 / max(span_days(date_from, date_to), 1)
        # the moves are summed per product first (in the product's unit,
        # through the reference unit) and only then joined to the products:
        # a join per move cost four fifths of the statement at 5M moves
        return SQL(
            """
            WITH shipped AS (
                SELECT m.company_id, src.warehouse_id, m.product_id,
                       SUM(m.quantity / mu.factor)::float8 AS reference_qty
                  FROM stock_location dst
                  JOIN stock_move m ON m.location_dest_id = dst.id
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN uom_uom mu ON mu.id = m.product_uom
                 WHERE dst.usage = 'customer'
                   AND m.state = 'done'
                   AND m.company_id = ANY(%(companies)s)
                   AND %(since)s AND %(before)s
                   AND src.usage = 'internal' AND src.warehouse_id IS NOT NULL
                 GROUP BY m.company_id, src.warehouse_id, m.product_id
            )
            SELECT s.company_id, s.warehouse_id, pt.categ_id,
                   s.reference_qty * pu.factor::float8 * COALESCE(
                       (pp.standard_price ->> s.company_id::text)::float8, 0.0
                   ) * %(per_year)s AS numerator,
                   0.0::float8 AS denominator
              FROM shipped s
              JOIN product_product pp ON pp.id = s.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom pu ON pu.id = pt.uom_id
            UNION ALL
            SELECT s.company_id, s.warehouse_id, s.categ_id, 0.0::float8, s.value
              FROM (%(stock)s) s
            """,
            per_year=per_year,
            since=self._dist_since("m.date", "m.company_id", date_from),
            before=self._dist_before("m.date", "m.company_id", date_to),
            companies=company_ids,
            stock=self._dist_stock_values(company_ids),
        )

    def _kpi_drill_inventory_turns(self, date_from, date_to, companies):
        return self._dist_records(
            "stock.move",
            [
                ("state", "=", "done"),
                ("date", ">=", date_from),
                ("date", "<", date_to),
                ("company_id", "in", companies.ids),
                ("location_id.usage", "=", "internal"),
                ("location_id.warehouse_id", "!=", False),
                ("location_dest_id.usage", "=", "customer"),
            ],
            ["location_id", "product_id"],
            view_mode="list,pivot",
        )
