"""Two years of movements, written set-based in SQL.

Sales orders and their deliveries (some late, some short with a backorder),
purchase orders and their receipts (late and short as each vendor's hidden
reliability says), customer returns, an opening stock that keeps every
location non-negative, then today's open work: orders waiting to ship,
quotations, purchase orders on the water, RFQs.

Every row goes in with `INSERT ... SELECT` from staging tables (TEMP, in this
session only); ids come from the tables' own sequences, names from the
documents' own ir.sequence, and the stored fields Odoo would compute
(quantities delivered and received, statuses, amounts, quants, reservations,
valuation layers with FIFO remaining quantities) are written consistently.
The query count does not depend on the scale.

Randomness is a hash of (seed, stable keys), not a generator state, so the
result does not depend on the order PostgreSQL evaluates rows in.
"""

import datetime
import logging
import re
import time

from .inputs import load_inputs, random_functions
from .inserts import INSERTS, STATUSES
from .purchases import PURCHASES
from .sales import SALES

_logger = logging.getLogger(__name__)

HISTORY_DAYS = 730  # day 0 is the first day of history, day 730 is today


class Writer:
    """Runs the statements, logs each one's time and row count."""

    def __init__(self, cr, params):
        self.cr = cr
        self.params = params
        self.timings = []

    def run(self, label, sql):
        t0 = time.monotonic()
        self.cr.execute(sql, self.params)
        rows = self.cr.rowcount
        # autovacuum never analyzes TEMP tables: without statistics the
        # planner guesses, and at millions of rows a wrong guess costs hours
        created = re.match(r"\s*(?:CREATE TEMP TABLE|INSERT INTO) (dist_gen_\w+)", sql)
        if created:
            self.cr.execute(f"ANALYZE {created.group(1)}")
        took = time.monotonic() - t0
        self.timings.append((label, took, rows))
        _logger.info("scenario sql %-38s %8.2fs %10s rows", label, took, rows)


def _picking_names(cr, master, sequences):
    """Number pickings per picking type in date order; fill returns' origin."""
    cr.execute("ALTER TABLE dist_gen_pick ADD COLUMN name text")
    cases = []
    for wh in master.warehouses:
        for ptype, type_key in (("in", "in"), ("out", "out")):
            seq = sequences[(wh["widx"], type_key)]
            cases.append(
                cr.mogrify(
                    "WHEN widx = %s AND ptype = %s "
                    "THEN %s || pg_temp.dist_seq(%s - 1 + n, %s)",
                    (wh["widx"], ptype, seq["prefix"], seq["next"], seq["padding"]),
                ).decode()
            )
    cr.execute(
        f"""
        UPDATE dist_gen_pick p
           SET name = CASE {" ".join(cases)} END
          FROM (SELECT id, row_number() OVER (PARTITION BY widx, ptype
                                              ORDER BY sort_dt, id) AS n
                  FROM dist_gen_pick) numbered
         WHERE numbered.id = p.id
        """
    )
    cr.execute(
        """
        UPDATE dist_gen_pick p
           SET origin = 'Return of ' || o.name
          FROM dist_gen_pick o
         WHERE p.kind = 'ret' AND o.id = p.return_of
        """
    )
    cr.execute("CREATE UNIQUE INDEX ON dist_gen_pick (id)")
    cr.execute("SELECT widx, ptype, count(*) FROM dist_gen_pick GROUP BY widx, ptype")
    return {(widx, ptype): count for widx, ptype, count in cr.fetchall()}


# --------------------------------------------------------------------------
# Into Odoo's tables
# --------------------------------------------------------------------------


LOADED_TABLES = [
    "procurement_group",
    "sale_order",
    "sale_order_line",
    "purchase_order",
    "purchase_order_line",
    "stock_picking",
    "stock_move",
    "stock_move_line",
    "stock_move_move_rel",
    "purchase_order_stock_picking_rel",
    "stock_valuation_layer",
    "stock_quant",
]


class BulkLoad:
    """Load big tables without per-row foreign-key triggers and index upkeep.

    Inside the caller's transaction: the foreign keys *of* the loaded tables
    and their plain (non-unique, non-constraint) indexes are dropped, then
    re-created with their exact definitions once the rows are in; re-adding a
    foreign key validates every row in one join. Primary keys and unique
    constraints stay in place. If anything fails, the transaction rolls the
    DDL back with the rows.
    """

    def __init__(self, cr, tables):
        self.cr = cr
        self.tables = tables
        self.fkeys = []
        self.indexes = []

    def __enter__(self):
        cr = self.cr
        cr.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname,
                   pg_get_constraintdef(c.oid)
              FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
            """,
            [self.tables],
        )
        self.fkeys = cr.fetchall()
        cr.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid = ANY(%s::regclass[])
               AND NOT i.indisunique AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                WHERE c.conindid = i.indexrelid)
            """,
            [self.tables],
        )
        self.indexes = cr.fetchall()
        for table, name, _definition in self.fkeys:
            cr.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            cr.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the transaction is rolled back by the caller
        cr = self.cr
        for _name, definition in self.indexes:
            cr.execute(definition)
        for table, name, definition in self.fkeys:
            cr.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table in self.tables:
            cr.execute(f"ANALYZE {table}")
        return False


def _sequences(env, master):
    """Current next numbers of the sequences the documents are named by."""
    seqs = {}
    for wh in master.warehouses:
        for key, seq_key in (("in", "in_seq_id"), ("out", "out_seq_id")):
            seq = env["ir.sequence"].browse(wh[seq_key])
            seqs[(wh["widx"], key)] = {
                "record": seq,
                "prefix": seq.prefix or "",
                "next": seq.number_next_actual,
                "padding": seq.padding,
            }
    return seqs


def _advance_sequence(seq, used):
    if used:
        seq.sudo().write({"number_next": seq.number_next_actual + used})


def write_history(env, master, scale, today):
    """Write the movements; return {label: rowcount} and timings."""
    cr = env.cr
    env.flush_all()
    cr.execute("SELECT count(*) FROM stock_move")
    if cr.fetchone()[0]:
        raise ValueError(
            "The database already has stock moves: the scenario writes its "
            "history into a fresh database only."
        )
    start = today - datetime.timedelta(days=HISTORY_DAYS)
    expected = sum(p["rate"] for p in master.pairs)
    mult = scale.sales_lines / expected if expected else 0.0
    so_seq = env["ir.sequence"].search([("code", "=", "sale.order")], limit=1)
    po_seq = env["ir.sequence"].search([("code", "=", "purchase.order")], limit=1)
    pick_seqs = _sequences(env, master)
    inventory_date = (
        env["stock.location"]
        .browse(master.warehouses[0]["stock_loc_id"])
        ._get_next_inventory_date()
    )
    params = {
        "start": start,
        "today": today,
        "days": HISTORY_DAYS,
        "mult": mult,
        "customer_loc": master.customer_location_id,
        "supplier_loc": master.supplier_location_id,
        "so_next": so_seq.number_next_actual,
        "so_prefix": so_seq.prefix or "",
        "so_pad": so_seq.padding,
        "po_next": po_seq.number_next_actual,
        "po_prefix": po_seq.prefix or "",
        "po_pad": po_seq.padding,
        "currency": env.ref("base.USD").id,
        "uid": env.ref("base.user_admin").id,
        "inventory_date": inventory_date or f"{today.year}-12-31",
    }
    cr.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    cr.execute("SET LOCAL work_mem = '256MB'")
    # JIT compiles these one-off statements for seconds and saves nothing
    cr.execute("SET LOCAL jit = off")
    load_inputs(cr, master)
    random_functions(cr, scale.seed)
    writer = Writer(cr, params)
    for label, sql in SALES + PURCHASES + STATUSES:
        writer.run(label, sql)
    picks_by_type = _picking_names(cr, master, pick_seqs)
    counts = {}
    t0 = time.monotonic()
    with BulkLoad(cr, LOADED_TABLES):
        for label, sql in INSERTS:
            writer.run(label, sql)
            counts[label] = cr.rowcount
        t_restore = time.monotonic()
    writer.timings.append(
        ("restore keys and indexes", time.monotonic() - t_restore, -1)
    )
    _logger.info("scenario inserts in %.1fs", time.monotonic() - t0)
    # move the sequences past the numbers used
    cr.execute("SELECT count(*) FROM dist_gen_order2")
    _advance_sequence(so_seq, cr.fetchone()[0])
    cr.execute("SELECT count(*) FROM dist_gen_po2")
    _advance_sequence(po_seq, cr.fetchone()[0])
    for (widx, ptype), used in picks_by_type.items():
        _advance_sequence(pick_seqs[(widx, ptype)]["record"], used)
    cr.execute(
        "SELECT count(*) FILTER (WHERE state = 'done'), count(*) FROM dist_gen_mv"
    )
    done_moves, all_moves = cr.fetchone()
    cr.execute(
        "SELECT string_agg(quote_ident(relname), ', ') FROM pg_class "
        r"WHERE relname LIKE 'dist\_gen\_%' AND relpersistence = 't' "
        "AND relkind = 'r' AND pg_table_is_visible(oid)"
    )
    staging = cr.fetchone()[0]
    if staging:
        cr.execute(f"DROP TABLE {staging}")
    env.invalidate_all()
    counts["done_moves"] = done_moves
    counts["all_moves"] = all_moves
    counts["multiplier"] = round(mult, 4)
    return counts, writer.timings
