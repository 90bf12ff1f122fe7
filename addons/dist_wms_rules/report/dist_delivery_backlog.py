from odoo import fields, models
from odoo.tools import SQL


class DistDeliveryBacklog(models.Model):
    """Open deliveries per warehouse and scheduled day: ready, waiting and
    late, in deliveries and in lines (the warehouse's workload). The day is
    the warehouse's (its time zone's: its address's, else its company's):
    the open deliveries' dates are converted one by one, which the view can
    afford (open deliveries only, never the history)."""

    _name = "dist.delivery.backlog"
    _description = "Delivery backlog"
    _auto = False
    _order = "day, warehouse_id"

    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    day = fields.Date(string="Scheduled day", readonly=True)
    ready_count = fields.Integer(string="Ready", readonly=True)
    waiting_count = fields.Integer(string="Waiting", readonly=True)
    late_count = fields.Integer(string="Late", readonly=True)
    ready_lines = fields.Integer(readonly=True)
    waiting_lines = fields.Integer(readonly=True)
    late_lines = fields.Integer(readonly=True)

    def init(self):
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW dist_delivery_backlog AS (
                    SELECT MIN(p.id) AS id,
                           p.company_id,
                           t.warehouse_id,
                           z.day,
                           COUNT(*) FILTER (WHERE p.state = 'assigned')
                               AS ready_count,
                           COUNT(*) FILTER (WHERE p.state IN ('waiting', 'confirmed'))
                               AS waiting_count,
                           COUNT(*) FILTER (
                               WHERE p.dist_promise_date < (now() AT TIME ZONE 'UTC')
                           ) AS late_count,
                           COALESCE(SUM(m.lines) FILTER (WHERE p.state = 'assigned'), 0)
                               AS ready_lines,
                           COALESCE(SUM(m.lines) FILTER (
                               WHERE p.state IN ('waiting', 'confirmed')), 0)
                               AS waiting_lines,
                           COALESCE(SUM(m.lines) FILTER (
                               WHERE p.dist_promise_date < (now() AT TIME ZONE 'UTC')
                           ), 0) AS late_lines
                      FROM stock_picking p
                      JOIN stock_picking_type t ON t.id = p.picking_type_id
                      JOIN res_company c ON c.id = p.company_id
                      JOIN res_partner cp ON cp.id = c.partner_id
                      LEFT JOIN stock_warehouse w ON w.id = t.warehouse_id
                      LEFT JOIN res_partner wp ON wp.id = w.partner_id
                     CROSS JOIN LATERAL (
                          SELECT (p.scheduled_date AT TIME ZONE 'UTC'
                                  AT TIME ZONE COALESCE(wp.tz, cp.tz, 'UTC'))::date
                                 AS day
                     ) z
                      LEFT JOIN (
                          SELECT picking_id, COUNT(*) AS lines
                            FROM stock_move
                           WHERE state NOT IN ('done', 'cancel')
                           GROUP BY picking_id
                      ) m ON m.picking_id = p.id
                     WHERE t.code = 'outgoing'
                       AND p.state IN ('waiting', 'confirmed', 'assigned')
                     GROUP BY p.company_id, t.warehouse_id, z.day
                )
                """
            )
        )
        return True
