"""One more working day of movements after the history, set-based.

`write_day(env, day)` writes, dated `day`, what the history's most recent
day of the same weekday (the model day) holds, shifted by whole days so that
each row keeps its local hour:

- the sales orders placed that day, with their lines, confirmed and not
  delivered yet: their delivery moves wait (state confirmed), as the
  backlog and the quotations the replenishment run reads;
- the purchase orders received in full or in part that day (placed a lead
  time before, as their models were), with their lines;
- every move done that day (deliveries, receipts, returns), done again on
  `day`, tied to the copied order lines when their order was copied;
- the quants of the internal locations those moves leave and reach, by the
  moved quantities.

It is what the nightly replenishment run finds new after a day at the
scale's volume, written the way the history is (INSERT ... SELECT, a fixed
number of statements whatever the scale). It writes no pickings, move lines
or valuation layers (the run reads none of them): the copied moves have no
picking. Document names get the day as a suffix. The caller commits.
"""

import datetime

from odoo.tools import SQL

# columns never copied from the model rows
_SKIPPED = ("id",)


def _columns(cr, table):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position",
            table,
        )
    )
    return [name for (name,) in cr.fetchall() if name not in _SKIPPED]


def _copy(cr, table, mapping, overrides):
    """Insert into `table` a copy of each row whose id is an `old_id` of the
    TEMP table `mapping`, with id its `new_id` and the columns of
    `overrides` ({column: SQL over the model row `src`}) replaced."""
    columns = _columns(cr, table)
    cr.execute(
        SQL(
            "INSERT INTO %s (id, %s) SELECT m.new_id, %s FROM %s src "
            "JOIN %s m ON m.old_id = src.id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in columns),
            SQL(", ").join(
                overrides.get(c, SQL("src.%s", SQL.identifier(c))) for c in columns
            ),
            SQL.identifier(table),
            SQL.identifier(mapping),
        )
    )
    return cr.rowcount


def _map(cr, mapping, table, where):
    """TEMP table `mapping` (old_id, new_id) of the rows of `table` matching
    `where` (SQL over `src`), each with a new id from the table's sequence."""
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(mapping)))
    cr.execute(
        SQL(
            "CREATE TEMP TABLE %s AS SELECT src.id AS old_id, "
            "nextval(pg_get_serial_sequence(%s, 'id')) AS new_id "
            "FROM %s src WHERE %s",
            SQL.identifier(mapping),
            table,
            SQL.identifier(table),
            where,
        )
    )
    rows = cr.rowcount
    cr.execute(SQL("CREATE UNIQUE INDEX ON %s (old_id)", SQL.identifier(mapping)))
    cr.execute(SQL("ANALYZE %s", SQL.identifier(mapping)))
    return rows


def history_end(cr):
    """The day of the last done move: the history's last day, before any
    day is written after it."""
    cr.execute("SELECT max(date)::date FROM stock_move WHERE state = 'done'")
    last = cr.fetchone()[0]
    if last is None:
        raise ValueError("No done move: write the scenario's history first.")
    return last


def model_day(cr, day, last=None):
    """The day of `day`'s weekday the history ends with (on or before
    `last`, the history's last day, default that of the last done move)."""
    last = min(last or history_end(cr), day - datetime.timedelta(days=1))
    return last - datetime.timedelta(days=(last.weekday() - day.weekday()) % 7)


def write_day(env, day, last=None):
    """Write the movements of `day` (a date) modelled on the history's last
    day of the same weekday; return {what: rows}. When days are written one
    after the other, pass `last`, the history's last day (history_end()
    before the first one): the days written are no model."""
    env.flush_all()
    cr = env.cr
    model = model_day(cr, day, last)
    shift = SQL("%s::interval", f"{(day - model).days} days")
    start = datetime.datetime.combine(model, datetime.time())
    end = start + datetime.timedelta(days=1)
    suffix = f"/{day.isoformat()}"

    def shifted(column):
        return SQL("src.%s + %s", SQL.identifier(column), shift)

    def renamed(column):
        return SQL("src.%s || %s", SQL.identifier(column), suffix)

    now = SQL("now() AT TIME ZONE 'UTC'")
    counts = {}
    # the day's sales orders, confirmed, nothing delivered yet
    counts["sale_orders"] = _map(
        cr,
        "dist_day_so",
        "sale_order",
        SQL("src.date_order >= %s AND src.date_order < %s", start, end),
    )
    _copy(
        cr,
        "sale_order",
        "dist_day_so",
        {
            "name": renamed("name"),
            "date_order": shifted("date_order"),
            "commitment_date": shifted("commitment_date"),
            "effective_date": SQL("NULL"),
            "delivery_status": SQL("CASE WHEN src.state = 'sale' THEN 'pending' END"),
            "create_date": now,
            "write_date": now,
        },
    )
    counts["sale_order_lines"] = _map(
        cr,
        "dist_day_sol",
        "sale_order_line",
        SQL("src.order_id IN (SELECT old_id FROM dist_day_so)"),
    )
    _copy(
        cr,
        "sale_order_line",
        "dist_day_sol",
        {
            "order_id": SQL(
                "(SELECT new_id FROM dist_day_so WHERE old_id = src.order_id)"
            ),
            "qty_delivered": SQL("0"),
            "qty_invoiced": SQL("0"),
            "create_date": now,
            "write_date": now,
        },
    )
    # the purchase orders received that day
    counts["purchase_orders"] = _map(
        cr,
        "dist_day_po",
        "purchase_order",
        SQL("src.effective_date >= %s AND src.effective_date < %s", start, end),
    )
    _copy(
        cr,
        "purchase_order",
        "dist_day_po",
        {
            "name": renamed("name"),
            "date_order": shifted("date_order"),
            "date_approve": shifted("date_approve"),
            "date_planned": shifted("date_planned"),
            "effective_date": shifted("effective_date"),
            "create_date": now,
            "write_date": now,
        },
    )
    _map(
        cr,
        "dist_day_pol",
        "purchase_order_line",
        SQL("src.order_id IN (SELECT old_id FROM dist_day_po)"),
    )
    _copy(
        cr,
        "purchase_order_line",
        "dist_day_pol",
        {
            "order_id": SQL(
                "(SELECT new_id FROM dist_day_po WHERE old_id = src.order_id)"
            ),
            "date_planned": shifted("date_planned"),
            "create_date": now,
            "write_date": now,
        },
    )
    # the moves: done that day, and the new orders' deliveries waiting
    _map(
        cr,
        "dist_day_mv",
        "stock_move",
        SQL(
            "(src.state = 'done' AND src.date >= %s AND src.date < %s) "
            "OR (src.sale_line_id IN (SELECT old_id FROM dist_day_sol) "
            "AND src.origin_returned_move_id IS NULL AND src.state <> 'cancel')",
            start,
            end,
        ),
    )
    cr.execute("ALTER TABLE dist_day_mv ADD COLUMN waiting boolean")
    cr.execute(
        SQL(
            "UPDATE dist_day_mv m SET waiting = NOT (src.state = 'done' "
            "AND src.date >= %s AND src.date < %s) FROM stock_move src "
            "WHERE src.id = m.old_id",
            start,
            end,
        )
    )
    waiting = SQL("(SELECT waiting FROM dist_day_mv WHERE old_id = src.id)")
    _copy(
        cr,
        "stock_move",
        "dist_day_mv",
        {
            "date": shifted("date"),
            "date_deadline": shifted("date_deadline"),
            "state": SQL("CASE WHEN %s THEN 'confirmed' ELSE src.state END", waiting),
            "quantity": SQL("CASE WHEN %s THEN 0 ELSE src.quantity END", waiting),
            "picked": SQL("NOT %s", waiting),
            "picking_id": SQL("NULL"),
            "origin_returned_move_id": SQL("NULL"),
            "sale_line_id": SQL(
                "(SELECT new_id FROM dist_day_sol WHERE old_id = src.sale_line_id)"
            ),
            "purchase_line_id": SQL(
                "(SELECT new_id FROM dist_day_pol WHERE old_id = src.purchase_line_id)"
            ),
            "create_date": now,
            "write_date": now,
        },
    )
    cr.execute("SELECT count(*) FILTER (WHERE waiting), count(*) FROM dist_day_mv")
    counts["waiting_moves"], moves = cr.fetchone()
    counts["done_moves"] = moves - counts["waiting_moves"]
    # the quants: what the done moves took from and brought to the shelves
    cr.execute(
        """
        CREATE TEMP TABLE dist_day_delta AS
        SELECT moved.product_id, moved.location_id, moved.company_id,
               sum(moved.qty) AS qty
          FROM (SELECT m.product_id, m.location_id, m.company_id,
                       -m.product_qty AS qty
                  FROM stock_move m JOIN dist_day_mv d ON d.new_id = m.id
                 WHERE NOT d.waiting
                UNION ALL
                SELECT m.product_id, m.location_dest_id, m.company_id,
                       m.product_qty
                  FROM stock_move m JOIN dist_day_mv d ON d.new_id = m.id
                 WHERE NOT d.waiting) moved
          JOIN stock_location l ON l.id = moved.location_id
         WHERE l.usage = 'internal'
         GROUP BY 1, 2, 3
        """
    )
    cr.execute(
        """
        WITH target AS (
            SELECT DISTINCT ON (q.product_id, q.location_id) q.id, d.qty
              FROM stock_quant q
              JOIN dist_day_delta d ON d.product_id = q.product_id
                                   AND d.location_id = q.location_id
             WHERE q.lot_id IS NULL AND q.package_id IS NULL
               AND q.owner_id IS NULL
             ORDER BY q.product_id, q.location_id, q.id
        )
        UPDATE stock_quant q SET quantity = q.quantity + target.qty,
               write_date = now() AT TIME ZONE 'UTC'
          FROM target WHERE target.id = q.id
        """
    )
    counts["quants"] = cr.rowcount
    cr.execute(
        SQL(
            """
            INSERT INTO stock_quant (product_id, location_id, company_id,
                                     quantity, reserved_quantity, in_date,
                                     create_date, write_date)
            SELECT d.product_id, d.location_id, d.company_id, d.qty, 0, %s,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM dist_day_delta d
             WHERE NOT EXISTS (SELECT 1 FROM stock_quant q
                                WHERE q.product_id = d.product_id
                                  AND q.location_id = d.location_id
                                  AND q.lot_id IS NULL AND q.package_id IS NULL
                                  AND q.owner_id IS NULL)
            """,
            datetime.datetime.combine(day, datetime.time(12)),
        )
    )
    counts["quants"] += cr.rowcount
    cr.execute(
        "DROP TABLE dist_day_so, dist_day_sol, dist_day_po, dist_day_pol, "
        "dist_day_mv, dist_day_delta"
    )
    env.invalidate_all()
    counts["model_day"] = model.isoformat()
    return counts
