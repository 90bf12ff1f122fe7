from odoo import models
from odoo.tools import SQL

# deliveries to customers done in the window
DELIVERIES = """
    SELECT p.id, p.company_id, t.warehouse_id, p.date_done,
           COALESCE(p.dist_promise_date, p.date_deadline, p.scheduled_date)
               AS promised
      FROM stock_picking p
      JOIN stock_picking_type t ON t.id = p.picking_type_id
      JOIN stock_location dst ON dst.id = p.location_dest_id
     WHERE p.state = 'done'
       AND t.code = 'outgoing'
       AND dst.usage = 'customer'
       AND p.date_done >= %(date_from)s AND p.date_done < %(date_to)s
       AND p.company_id = ANY(%(companies)s)
"""


class DistKpi(models.Model):
    """The KPIs the warehouse feeds: OTIF and inventory accuracy."""

    _inherit = "dist.kpi"

    def _kpi_otif(self, date_from, date_to, company_ids):
        # on time: done by the promise date (else deadline, else scheduled
        # date); in full: nothing of it left behind (no backorder, no
        # cancelled rest, no line done short)
        deliveries = SQL(
            DELIVERIES, date_from=date_from, date_to=date_to, companies=company_ids
        )
        return SQL(
            """
            WITH d AS (%s)
            SELECT d.company_id, d.warehouse_id,
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

    def _kpi_drill_otif(self, date_from, date_to, companies):
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [
                ("state", "=", "done"),
                ("picking_type_code", "=", "outgoing"),
                ("location_dest_id.usage", "=", "customer"),
                ("date_done", ">=", date_from),
                ("date_done", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            "context": {"group_by": "picking_type_id", "create": False},
        }

    def _kpi_inventory_accuracy(self, date_from, date_to, company_ids):
        return SQL(
            """
            SELECT r.company_id, r.warehouse_id,
                   CASE WHEN r.within_tolerance THEN 1.0 ELSE 0.0 END
                       AS numerator,
                   1.0 AS denominator
              FROM dist_count_result r
             WHERE r.date >= %s AND r.date < %s AND r.company_id = ANY(%s)
            """,
            date_from,
            date_to,
            company_ids,
        )

    def _kpi_drill_inventory_accuracy(self, date_from, date_to, companies):
        return {
            "type": "ir.actions.act_window",
            "res_model": "dist.count.result",
            "view_mode": "list,pivot",
            "domain": [
                ("date", ">=", date_from),
                ("date", "<", date_to),
                ("company_id", "in", companies.ids),
            ],
            "context": {"group_by": ["warehouse_id", "within_tolerance"]},
        }
