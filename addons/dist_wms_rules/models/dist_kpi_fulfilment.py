"""The fulfilment KPIs of sales order lines: fill rate (lines and value) and
the value waiting in open backorders.

Values are the sale line's net price (untaxed, after discount) in the
company's currency at the order's rate; quantities are compared in the
product's unit of measure.
"""

from odoo import models
from odoo.tools import SQL

# a sales order line's net value in the company's currency and its ordered
# quantity in the product's unit (l: sale_order_line, o: sale_order, su: the
# line's unit, pu: the product's unit)
LINE_VALUES = """
    SELECT l.price_subtotal::float8
               / COALESCE(NULLIF(o.currency_rate, 0), 1.0)::float8 AS value,
           (l.product_uom_qty / su.factor * pu.factor)::float8 AS ordered,
           pu.rounding::float8 / 2.0 AS half_unit
"""

# the sales order lines whose first delivery to a customer (the earliest
# done delivery holding a move of the line) was done in the window, with
# what that delivery carried of them (the quantity done, not the demand), in
# the product's unit (the product's family and unit come with the moves: a
# join fewer per line, a fifth of the statement at 5M moves)
FIRST_DELIVERIES = """
    WITH shipped AS (
        SELECT m.sale_line_id, p.id AS picking_id, p.date_done, p.company_id,
               t.warehouse_id, mt.categ_id, pu.factor AS pu_factor,
               pu.rounding AS pu_rounding,
               SUM(m.quantity / mu.factor * pu.factor)::float8 AS delivered
          FROM stock_picking p
          JOIN stock_picking_type t ON t.id = p.picking_type_id
          JOIN stock_location dst ON dst.id = p.location_dest_id
          JOIN stock_move m ON m.picking_id = p.id
          JOIN uom_uom mu ON mu.id = m.product_uom
          JOIN product_product mp ON mp.id = m.product_id
          JOIN product_template mt ON mt.id = mp.product_tmpl_id
          JOIN uom_uom pu ON pu.id = mt.uom_id
         WHERE p.state = 'done'
           AND t.code = 'outgoing'
           AND dst.usage = 'customer'
           AND %(since)s AND %(before)s
           AND p.company_id = ANY(%(companies)s)
           AND m.state = 'done'
           AND m.sale_line_id IS NOT NULL
         GROUP BY m.sale_line_id, p.id, p.date_done, p.company_id, t.warehouse_id,
                  mt.categ_id, pu.factor, pu.rounding
    ), firsts AS (
        SELECT DISTINCT ON (s.sale_line_id) s.*
          FROM shipped s
         WHERE NOT EXISTS (
               SELECT 1
                 FROM stock_move e
                 JOIN stock_picking ep ON ep.id = e.picking_id
                 JOIN stock_picking_type et ON et.id = ep.picking_type_id
                 JOIN stock_location ed ON ed.id = ep.location_dest_id
                WHERE e.sale_line_id = s.sale_line_id
                  AND e.state = 'done'
                  AND et.code = 'outgoing'
                  AND ed.usage = 'customer'
                  AND %(earlier)s)
         ORDER BY s.sale_line_id, s.date_done, s.picking_id
    )
    SELECT f.company_id, f.warehouse_id, f.delivered, v.ordered, v.value,
           v.half_unit, f.categ_id,
           COALESCE(cp.dist_service_tier, 'standard') AS customer_segment
      FROM firsts f
      JOIN sale_order_line l ON l.id = f.sale_line_id
      JOIN sale_order o ON o.id = l.order_id
      JOIN res_partner pa ON pa.id = o.partner_id
      JOIN res_partner cp ON cp.id = pa.commercial_partner_id
      JOIN uom_uom su ON su.id = l.product_uom
     CROSS JOIN LATERAL (
           SELECT f.pu_factor AS factor, f.pu_rounding AS rounding) pu
     CROSS JOIN LATERAL (%(line_values)s) v
     WHERE l.product_uom_qty > 0
"""


class DistKpi(models.Model):
    """The KPIs of how fully the warehouse serves sales order lines."""

    _inherit = "dist.kpi"

    def _kpi_dims_fill_rate_lines(self):
        return ["customer_segment", "product_family"]

    _kpi_dims_fill_rate_value = _kpi_dims_fill_rate_lines
    _kpi_dims_backorder_value = _kpi_dims_fill_rate_lines

    def _dist_first_deliveries(self, date_from, date_to, company_ids):
        """(company_id, warehouse_id, delivered, ordered, value, half_unit,
        categ_id, customer_segment) of each sales order line first
        delivered in the window (the family of its product, the service
        tier of its customer; none counts as standard)."""
        return self._dist_shared_rows(
            ("first_deliveries", date_from, date_to, tuple(company_ids)),
            SQL(
                FIRST_DELIVERIES,
                since=self._dist_since("p.date_done", "p.company_id", date_from),
                before=self._dist_before("p.date_done", "p.company_id", date_to),
                # an earlier delivery: before the window of the line's company
                earlier=self._dist_before("ep.date_done", "s.company_id", date_from),
                companies=company_ids,
                line_values=SQL(LINE_VALUES),
            ),
        )

    def _dist_first_deliveries_domain(self, date_from, date_to, companies):
        """The sales order lines of `_dist_first_deliveries`."""
        delivery = [
            ("state", "=", "done"),
            ("picking_id.picking_type_code", "=", "outgoing"),
            ("picking_id.location_dest_id.usage", "=", "customer"),
        ]
        return [
            ("product_uom_qty", ">", 0),
            (
                "move_ids",
                "any",
                delivery
                + [
                    ("picking_id.date_done", ">=", date_from),
                    ("picking_id.date_done", "<", date_to),
                    ("picking_id.company_id", "in", companies.ids),
                ],
            ),
            (
                "move_ids",
                "not any",
                delivery + [("picking_id.date_done", "<", date_from)],
            ),
        ]

    def _kpi_fill_rate_lines(self, date_from, date_to, company_ids):
        # sales order lines first delivered in the window, in full when that
        # first delivery carried the whole ordered quantity (to half the
        # unit's rounding): nothing left to a backorder, nothing cancelled
        return SQL(
            """
            SELECT d.company_id, d.warehouse_id, d.categ_id, d.customer_segment,
                   CASE WHEN d.delivered >= d.ordered - d.half_unit
                        THEN 1.0 ELSE 0.0 END AS numerator,
                   1.0 AS denominator
              FROM (%s) d
            """,
            self._dist_first_deliveries(date_from, date_to, company_ids),
        )

    def _kpi_drill_fill_rate_lines(self, date_from, date_to, companies):
        return self._dist_records(
            "sale.order.line",
            self._dist_first_deliveries_domain(date_from, date_to, companies),
            ["warehouse_id", "order_id"],
            create=False,
        )

    def _kpi_fill_rate_value(self, date_from, date_to, company_ids):
        # the same lines: value their first delivery carried (at most the
        # ordered quantity) over the value ordered, at the line's net price
        return SQL(
            """
            SELECT d.company_id, d.warehouse_id, d.categ_id, d.customer_segment,
                   d.value * LEAST(d.delivered / d.ordered, 1.0) AS numerator,
                   d.value AS denominator
              FROM (%s) d
             WHERE d.ordered > 0
            """,
            self._dist_first_deliveries(date_from, date_to, company_ids),
        )

    def _kpi_drill_fill_rate_value(self, date_from, date_to, companies):
        return self._kpi_drill_fill_rate_lines(date_from, date_to, companies)

    def _kpi_backorder_value(self, date_from, date_to, company_ids):
        # value at the sale line's net price of the quantities of sales
        # order lines waiting in backorders to customers open at the end of
        # the day: created before it, not done by then, not cancelled (the
        # moves' demand, in the product's unit)
        return SQL(
            """
            SELECT p.company_id, t.warehouse_id, pt.categ_id,
                   COALESCE(cp.dist_service_tier, 'standard') AS customer_segment,
                   m.product_qty::float8 * v.value / v.ordered AS numerator,
                   NULL::float8 AS denominator
              FROM stock_picking p
              JOIN stock_picking_type t ON t.id = p.picking_type_id
              JOIN stock_location dst ON dst.id = p.location_dest_id
              JOIN stock_move m ON m.picking_id = p.id
              JOIN sale_order_line l ON l.id = m.sale_line_id
              JOIN sale_order o ON o.id = l.order_id
              JOIN res_partner pa ON pa.id = o.partner_id
              JOIN res_partner cp ON cp.id = pa.commercial_partner_id
              JOIN uom_uom su ON su.id = l.product_uom
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom pu ON pu.id = pt.uom_id
             CROSS JOIN LATERAL (%s) v
             WHERE p.backorder_id IS NOT NULL
               AND t.code = 'outgoing'
               AND dst.usage = 'customer'
               AND p.state != 'cancel'
               AND %s
               AND (p.date_done IS NULL OR %s)
               AND p.company_id = ANY(%s)
               AND m.state != 'cancel'
               AND l.product_uom_qty > 0
            """,
            SQL(LINE_VALUES),
            self._dist_before("p.create_date", "p.company_id", date_to),
            self._dist_since("p.date_done", "p.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_backorder_value(self, date_from, date_to, companies):
        return self._dist_records(
            "stock.move",
            [
                ("picking_id.backorder_id", "!=", False),
                ("picking_id.picking_type_code", "=", "outgoing"),
                ("picking_id.location_dest_id.usage", "=", "customer"),
                ("picking_id.state", "!=", "cancel"),
                ("picking_id.create_date", "<", date_to),
                "|",
                ("picking_id.date_done", "=", False),
                ("picking_id.date_done", ">=", date_to),
                ("picking_id.company_id", "in", companies.ids),
                ("state", "!=", "cancel"),
                ("sale_line_id.product_uom_qty", ">", 0),
            ],
            ["picking_type_id", "product_id"],
            view_mode="list,pivot",
            create=False,
        )
