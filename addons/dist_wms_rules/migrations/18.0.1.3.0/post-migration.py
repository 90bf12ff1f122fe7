"""Promise dates become days of the warehouse: a promise holds until the
last second of its day in the warehouse's time zone (its address's, else
its company's, else UTC). Stored promises and earliest dates of sales lines,
and the promise dates of deliveries, move to the end of their day; done
deliveries too, so that OTIF recomputed over past days reads them alike."""

from openupgradelib import openupgrade

from odoo.tools import SQL

from odoo.addons.dist_governance.local_time import day_end_sql

# the zone of a sales line `l`: its warehouse's, else its order's, else its
# company's address's
LINE_ZONE = """COALESCE(
    (SELECT wp.tz FROM stock_warehouse w
       JOIN res_partner wp ON wp.id = w.partner_id
      WHERE w.id = COALESCE(l.warehouse_id,
                            (SELECT o.warehouse_id FROM sale_order o
                              WHERE o.id = l.order_id))),
    (SELECT cp.tz FROM res_company c
       JOIN res_partner cp ON cp.id = c.partner_id
      WHERE c.id = l.company_id),
    'UTC')"""


def run(env, query):
    openupgrade.logged_query(env.cr, query.code, query.params)


@openupgrade.migrate()
def migrate(env, version):
    zone = SQL(LINE_ZONE)
    run(
        env,
        SQL(
            """
            UPDATE sale_order_line l
               SET dist_promise_date = %s,
                   dist_earliest_date = %s
             WHERE l.dist_promise_date IS NOT NULL
                OR l.dist_earliest_date IS NOT NULL
            """,
            day_end_sql(SQL("l.dist_promise_date"), zone),
            day_end_sql(SQL("l.dist_earliest_date"), zone),
        ),
    )
    run(
        env,
        SQL(
            """
            UPDATE stock_picking p
               SET dist_promise_date = %s
              FROM stock_picking_type t
             WHERE t.id = p.picking_type_id
               AND p.dist_promise_date IS NOT NULL
            """,
            day_end_sql(
                SQL("p.dist_promise_date"), env["stock.picking"]._dist_zone_sql()
            ),
        ),
    )
