from odoo import models
from odoo.tools import SQL

# deliveries to customers done in the window, with the customer's segment
# (the service tier of the commercial partner; none counts as standard)
DELIVERIES = """
    SELECT p.id, p.company_id, t.warehouse_id, p.date_done,
           COALESCE(p.dist_promise_date, p.date_deadline, p.scheduled_date)
               AS promised,
           COALESCE(cp.dist_service_tier, 'standard') AS customer_segment
      FROM stock_picking p
      JOIN stock_picking_type t ON t.id = p.picking_type_id
      JOIN stock_location dst ON dst.id = p.location_dest_id
      LEFT JOIN res_partner pa ON pa.id = p.partner_id
      LEFT JOIN res_partner cp ON cp.id = pa.commercial_partner_id
     WHERE p.state = 'done'
       AND t.code = 'outgoing'
       AND dst.usage = 'customer'
       AND %(since)s AND %(before)s
       AND p.company_id = ANY(%(companies)s)
"""


class DistKpi(models.Model):
    """The KPIs of deliveries and counts: OTIF, backorder rate, order cycle
    time, return rate and inventory accuracy."""

    _inherit = "dist.kpi"

    def _dist_deliveries(self, date_from, date_to, company_ids):
        """The DELIVERIES statement for the window."""
        return SQL(
            DELIVERIES,
            since=self._dist_since("p.date_done", "p.company_id", date_from),
            before=self._dist_before("p.date_done", "p.company_id", date_to),
            companies=company_ids,
        )

    def _kpi_otif(self, date_from, date_to, company_ids):
        # on time: done by the promise date (else deadline, else scheduled
        # date); in full: nothing of it left behind (no backorder, no
        # cancelled rest, no line done short)
        deliveries = self._dist_deliveries(date_from, date_to, company_ids)
        return SQL(
            """
            WITH d AS (%s)
            SELECT d.company_id, d.warehouse_id, d.customer_segment,
                   CASE WHEN d.date_done <= d.promised
                         AND NOT EXISTS (
                             SELECT 1 FROM stock_picking b WHERE b.backorder_id = d.id)
                         AND NOT EXISTS (
                             SELECT 1 FROM stock_move m
                              WHERE m.picking_id = d.id
                                AND (m.state = 'cancel'
                                     OR (m.state = 'done'
                                         AND m.quantity < m.product_uom_qty)))
                        THEN 1.0 ELSE 0.0 END AS numerator,
                   1.0 AS denominator
              FROM d
            """,
            deliveries,
        )

    def _dist_dimension_paths(self, res_model):
        paths = super()._dist_dimension_paths(res_model)
        segment = "commercial_partner_id.dist_service_tier"
        family = "product_id.categ_id"
        paths.update(
            {
                "stock.picking": {
                    "warehouse": "picking_type_id.warehouse_id",
                    "customer_segment": f"partner_id.{segment}",
                },
                "stock.move": {
                    "warehouse": "picking_type_id.warehouse_id",
                    "product_family": family,
                    "customer_segment": f"picking_id.partner_id.{segment}",
                },
                "stock.quant": {
                    "warehouse": "location_id.warehouse_id",
                    "product_family": family,
                },
                "stock.valuation.layer": {
                    "warehouse": "warehouse_id",
                    "product_family": "categ_id",
                },
                "sale.order.line": {
                    "warehouse": "order_id.warehouse_id",
                    "product_family": family,
                    "customer_segment": f"order_id.partner_id.{segment}",
                },
                "dist.count.result": {
                    "warehouse": "warehouse_id",
                    "product_family": family,
                },
            }.get(res_model, {})
        )
        return paths

    def _kpi_dims_otif(self):
        return ["customer_segment"]

    def _kpi_dims_backorder_rate(self):
        return ["customer_segment"]

    def _kpi_dims_order_cycle_time(self):
        return ["customer_segment"]

    def _kpi_dims_return_rate(self):
        return ["product_family"]

    def _kpi_dims_inventory_accuracy(self):
        return ["product_family"]

    def _kpi_drill_otif(self, date_from, date_to, companies):
        return self._dist_records(
            "stock.picking",
            [
                ("state", "=", "done"),
                ("picking_type_code", "=", "outgoing"),
                ("location_dest_id.usage", "=", "customer"),
                ("date_done", ">=", date_from),
                ("date_done", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            "picking_type_id",
            create=False,
        )

    def _kpi_inventory_accuracy(self, date_from, date_to, company_ids):
        return SQL(
            """
            SELECT r.company_id, r.warehouse_id, pt.categ_id,
                   CASE WHEN r.within_tolerance THEN 1.0 ELSE 0.0 END
                       AS numerator,
                   1.0 AS denominator
              FROM dist_count_result r
              JOIN product_product pp ON pp.id = r.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE %s AND %s AND r.company_id = ANY(%s)
            """,
            self._dist_since("r.date", "r.company_id", date_from),
            self._dist_before("r.date", "r.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_inventory_accuracy(self, date_from, date_to, companies):
        return self._dist_records(
            "dist.count.result",
            [
                ("date", ">=", date_from),
                ("date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            ["warehouse_id", "within_tolerance"],
            view_mode="list,pivot",
        )

    def _kpi_backorder_rate(self, date_from, date_to, company_ids):
        # deliveries done in the window that left a backorder behind
        deliveries = self._dist_deliveries(date_from, date_to, company_ids)
        return SQL(
            """
            WITH d AS (%s)
            SELECT d.company_id, d.warehouse_id, d.customer_segment,
                   CASE WHEN EXISTS (
                            SELECT 1 FROM stock_picking b WHERE b.backorder_id = d.id)
                        THEN 1.0 ELSE 0.0 END AS numerator,
                   1.0 AS denominator
              FROM d
            """,
            deliveries,
        )

    def _kpi_drill_backorder_rate(self, date_from, date_to, companies):
        action = self._kpi_drill_otif(date_from, date_to, companies)
        action["domain"] = action["domain"] + [("backorder_ids", "!=", False)]
        return action

    def _kpi_order_cycle_time(self, date_from, date_to, company_ids):
        # days from the order's confirmation to the delivery, for the
        # deliveries of sales orders done in the window
        deliveries = self._dist_deliveries(date_from, date_to, company_ids)
        return SQL(
            """
            WITH d AS (%s)
            SELECT d.company_id, d.warehouse_id, d.customer_segment,
                   date_part('epoch', d.date_done - so.date_order) / 86400.0
                       AS numerator,
                   1.0 AS denominator
              FROM d
              JOIN stock_picking p ON p.id = d.id
              JOIN sale_order so ON so.id = p.sale_id
            """,
            deliveries,
        )

    def _kpi_drill_order_cycle_time(self, date_from, date_to, companies):
        action = self._kpi_drill_otif(date_from, date_to, companies)
        action["domain"] = action["domain"] + [("sale_id", "!=", False)]
        return action

    def _kpi_return_rate(self, date_from, date_to, company_ids):
        # quantity customers sent back (returns done in the window) over
        # the quantity delivered to them in the window, per warehouse: the
        # quantities done (not the demand, which a delivery done short
        # without backorder keeps), in the product's unit
        return SQL(
            """
            SELECT m.company_id,
                   COALESCE(src.warehouse_id, dst.warehouse_id) AS warehouse_id,
                   pt.categ_id,
                   CASE WHEN src.usage = 'customer'
                        THEN q.done ELSE 0.0 END AS numerator,
                   CASE WHEN dst.usage = 'customer'
                        THEN q.done ELSE 0.0 END AS denominator
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom mu ON mu.id = m.product_uom
              JOIN uom_uom pu ON pu.id = pt.uom_id
             CROSS JOIN LATERAL (
                 SELECT (m.quantity / mu.factor * pu.factor)::float8 AS done
             ) q
             WHERE m.state = 'done'
               AND %s AND %s
               AND m.company_id = ANY(%s)
               AND ((src.usage = 'customer' AND dst.usage = 'internal')
                    OR (src.usage = 'internal' AND dst.usage = 'customer'))
            """,
            self._dist_since("m.date", "m.company_id", date_from),
            self._dist_before("m.date", "m.company_id", date_to),
            company_ids,
        )

    def _kpi_drill_return_rate(self, date_from, date_to, companies):
        return self._dist_records(
            "stock.move",
            [
                ("state", "=", "done"),
                ("date", ">=", date_from),
                ("date", "<", date_to),
                ("company_id", "in", companies.ids),
                ("location_id.usage", "=", "customer"),
                ("location_dest_id.usage", "=", "internal"),
            ],
            ["warehouse_id", "product_id"],
            view_mode="list,pivot",
        )
