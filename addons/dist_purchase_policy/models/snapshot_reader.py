"""The replenishment run's heavy reads, on other connections while its
Python works.

A run is a few aggregates over a year of moves and purchase lines (work for
PostgreSQL) and then per-segment arithmetic (work for Python). Done one
after the other they use one core at a time. The reader hands the
aggregates to two threads, each with its own connection to the same
database, so that PostgreSQL aggregates the next statement (or the next
company's) while Python computes the current one.

The other connections import the run's transaction snapshot
(``pg_export_snapshot``): they read exactly the committed state the run's
own cursor reads. What they cannot see is what the run's transaction wrote
and has not committed. So a statement goes to them only when it reads
tables the run never writes (``BASE_TABLES``) and its transaction had not
written any of them when the reader started (``pg_stat_xact_user_tables``),
nor locked one against readers (``pg_locks``);
otherwise, as in tests that build their data in the test transaction, every
statement runs on the run's own cursor when submitted. A company's segments,
scorecards and reorder rules in force are read the same way when the
transaction had not written those tables before: each run writes only its
own company's rows of them, and reads them before it writes. The rows are
the same either way: only who computes them changes.
"""

import itertools
import logging
import queue
import threading
from concurrent.futures import Future

from odoo import sql_db
from odoo.exceptions import UserError
from odoo.modules import module
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# what the reader's statements read; the run writes none of them (its writes
# go to its own tables, reorder rules and the vendor grade of partners)
BASE_TABLES = (
    "crm_lead",
    "crm_team",
    "product_packaging",
    "product_product",
    "product_supplierinfo",
    "product_template",
    "purchase_order",
    "purchase_order_line",
    "sale_order",
    "sale_order_line",
    "stock_location",
    "stock_move",
    "stock_picking_type",
    "stock_quant",
)

# tables the run writes only for the company (and warehouses) it runs, after
# it read them: a statement reading one company's rows of them may go to the
# other connections when the transaction had not written them before the
# reader started (the runs of the reader write other companies' rows)
COMPANY_TABLES = (
    "dist_product_segment",
    "dist_vendor_scorecard",
    "stock_warehouse_orderpoint",
)

_STOP = object()

# how many other connections a run reads with (0: none, all on its cursor)
PARAMETER = "dist_purchase_policy.reader_connections"
DEFAULT_CONNECTIONS = 2


class SnapshotReader:
    """Runs submitted read-only statements on `workers` other connections
    in the snapshot of `env`'s transaction, most urgent first; or on `env`'s
    own cursor when that is not safe or `workers` is 0.

    By default `workers` is the system parameter
    dist_purchase_policy.reader_connections, 2 when unset; 0 when unset
    during tests, which run each in a savepoint, from which PostgreSQL
    exports no snapshot (the reader's tests leave theirs first)."""

    def __init__(self, env, workers=None):
        self.cr = env.cr
        if workers is None:
            # the parameter read in SQL: one query whatever the ORM caches
            self.cr.execute(
                SQL("SELECT value FROM ir_config_parameter WHERE key = %s", PARAMETER)
            )
            row = self.cr.fetchone()
            if not row:
                workers = 0 if module.current_test else DEFAULT_CONNECTIONS
            elif row[0].strip().isdigit():
                workers = int(row[0])
            else:
                raise UserError(
                    env._(
                        "The system parameter %(key)s must be a whole number of "
                        "connections (0 to read everything on the run's own "
                        "connection), not %(value)r.",
                        key=PARAMETER,
                        value=row[0],
                    )
                )
        self.queries = 0
        self.parallel = False
        self.written = set()
        self._jobs = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads = []
        self._cursors = []
        if workers <= 0:
            return
        # what the ORM still holds for the base tables must be in the
        # database for the check below to see it
        env.flush_all()
        self.written = self._written_tables()
        written = self.written.intersection(BASE_TABLES)
        if written:
            _logger.debug(
                "Replenishment reads on the run's cursor: its transaction wrote %s.",
                ", ".join(sorted(written)),
            )
            return
        # (inside a savepoint this fails, and the caller's work with it: a
        # caller in a savepoint passes workers=0)
        self.cr.execute(SQL("SELECT pg_export_snapshot()"))
        snapshot = self.cr.fetchone()[0]
        try:
            for _index in range(workers):
                other = sql_db.db_connect(self.cr.dbname).cursor()
                self._cursors.append(other)
                other.execute(SQL("SET TRANSACTION SNAPSHOT %s", snapshot))
                other.execute(SQL("SET LOCAL work_mem = '128MB'"))
                other.execute(SQL("SET LOCAL jit = off"))
        except Exception:  # any failure means: read inline
            _logger.warning(
                "Replenishment reads on the run's cursor: no second "
                "connection in the run's snapshot.",
                exc_info=True,
            )
            self._close_cursors()
            return
        self.parallel = True
        for other in self._cursors:
            thread = threading.Thread(
                target=self._work,
                args=(other,),
                name="dist-replenishment-reader",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def _written_tables(self):
        """The tables of the reader this transaction wrote, or locked so
        that no other connection may read them (a schema change, say: a
        read there would wait for this transaction, which waits for the
        read); all of them when PostgreSQL does not count writes."""
        tables = [*BASE_TABLES, *COMPANY_TABLES]
        self.cr.execute(
            SQL(
                "SELECT relname FROM pg_stat_xact_user_tables "
                "WHERE relname = ANY(%(tables)s) "
                "AND n_tup_ins + n_tup_upd + n_tup_del > 0 "
                "UNION "
                "SELECT COALESCE(t.relname, c.relname) "
                "  FROM pg_locks l "
                "  JOIN pg_class c ON c.oid = l.relation "
                "  LEFT JOIN pg_index i ON i.indexrelid = c.oid "
                "  LEFT JOIN pg_class t ON t.oid = i.indrelid "
                " WHERE l.pid = pg_backend_pid() "
                "   AND l.mode = 'AccessExclusiveLock' "
                "   AND COALESCE(t.relname, c.relname) = ANY(%(tables)s) "
                "UNION "
                "SELECT unnest(%(tables)s::varchar[]) "
                "WHERE current_setting('track_counts') <> 'on'",
                tables=tables,
            )
        )
        return {row[0] for row in self.cr.fetchall()}

    def submit(self, query, priority=0, tables=()):
        """Start `query` (read-only, over BASE_TABLES and the `tables` of
        COMPANY_TABLES it reads one company's rows of, before that
        company's run writes them) and return its rows as a Future
        (`result()` waits for them, or raises the statement's error); lower
        `priority` values run first."""
        self.queries += 1
        pending = Future()
        if not self.parallel or self.written.intersection(tables):
            self.cr.execute(query)
            pending.set_result(self.cr.fetchall())
            return pending
        self._jobs.put((priority, next(self._order), query, pending))
        return pending

    def _work(self, cr):
        while True:
            _priority, _order, query, pending = self._jobs.get()
            if query is _STOP:
                return
            try:
                cr.execute(query)
                pending.set_result(cr.fetchall())
            except Exception as error:  # handed to the caller
                pending.set_exception(error)

    def close(self, cancel=False):
        """Stop the threads and release their connections; with `cancel`
        (the run failed and needs nothing more), statements still running
        are cancelled instead of waited for."""
        if not self._threads:
            return
        for _thread in self._threads:
            self._jobs.put((-1, next(self._order), _STOP, None))
        if cancel:
            for other in self._cursors:
                try:
                    other._cnx.cancel()
                except Exception:  # nothing left to cancel
                    _logger.debug("Cancelling a replenishment read failed.")
        for thread in self._threads:
            thread.join()
        self._threads = []
        self._close_cursors()

    def _close_cursors(self):
        for other in self._cursors:
            try:
                other.rollback()
                other.close()
            except Exception:  # the connection may be gone
                _logger.debug("Closing a replenishment reader failed.", exc_info=True)
        self._cursors = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        self.close(cancel=exc_type is not None)
