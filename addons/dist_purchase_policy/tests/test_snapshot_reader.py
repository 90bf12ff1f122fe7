import psycopg2

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from ..models.snapshot_reader import PARAMETER, SnapshotReader

COUNT_LOCATIONS = SQL("SELECT pg_backend_pid(), count(*) FROM stock_location")
COUNT_SEGMENTS = SQL("SELECT pg_backend_pid(), count(*) FROM dist_product_segment")


class ReaderCase(TransactionCase):
    def _main(self):
        self.env.cr.execute(COUNT_LOCATIONS)
        return self.env.cr.fetchone()


class OutsideSavepointCase(ReaderCase):
    def setUp(self):
        # PostgreSQL exports no snapshot from a subtransaction: these tests
        # leave their savepoint and run in the class's transaction (rolled
        # back when the class ends; none writes what the reader reads). The
        # savepoint comes back for the test case's own rollback to it, and
        # goes after it (cleanups run last registered first).
        self.addCleanup(self._savepoint_sql, "RELEASE SAVEPOINT")
        super().setUp()
        self._savepoint_sql("RELEASE SAVEPOINT")
        self.addCleanup(self._savepoint_sql, "SAVEPOINT")

    def _savepoint_sql(self, command):
        self.env.cr.execute(
            SQL(f"{command} %s", SQL.identifier(f"test_{self._savepoint_id}"))
        )


@tagged("post_install", "-at_install")
class TestSnapshotReader(OutsideSavepointCase):
    """The run's heavy reads go to other connections in the run's snapshot
    when nothing they read was written by its transaction."""

    def test_reads_on_other_connections_in_the_run_snapshot(self):
        """The statements run on other backends, most urgent first, and read
        what the run's cursor reads."""
        main_pid, locations = self._main()
        with SnapshotReader(self.env, workers=2) as reader:
            self.assertTrue(reader.parallel)
            later = reader.submit(COUNT_LOCATIONS, priority=5)
            first = reader.submit(
                SQL("SELECT pg_backend_pid(), count(*) FROM stock_move"), priority=0
            )
            (pid, count), (_pid, moves) = later.result()[0], first.result()[0]
        self.env.cr.execute(SQL("SELECT count(*) FROM stock_move"))
        self.assertEqual(moves, self.env.cr.fetchone()[0])
        self.assertNotEqual(pid, main_pid)
        self.assertEqual(count, locations)
        self.assertEqual(reader.queries, 2)

    def test_a_company_segments_on_other_connections_while_unwritten(self):
        """The segments in force (which runs write) go to other connections
        too while this transaction has not written segments."""
        main_pid, _locations = self._main()
        with SnapshotReader(self.env, workers=1) as reader:
            self.assertEqual(reader.written, set())
            pid, count = reader.submit(
                COUNT_SEGMENTS, tables=["dist_product_segment"]
            ).result()[0]
        self.assertNotEqual(pid, main_pid)
        self.assertEqual(count, 0)

    def test_the_most_urgent_waiting_statement_runs_first(self):
        """One connection, busy: of two statements waiting, the one of lower
        priority value runs first, whatever the order they came in."""
        stamp = SQL("SELECT clock_timestamp()")
        with SnapshotReader(self.env, workers=1) as reader:
            busy = reader.submit(SQL("SELECT pg_sleep(0.3)"))
            later = reader.submit(stamp, priority=1)
            sooner = reader.submit(stamp, priority=0)
            busy.result()
            self.assertLess(sooner.result()[0][0], later.result()[0][0])

    def test_a_failed_read_raises_in_the_run(self):
        """An error on another connection reaches the run when it asks for
        the rows; the run's own transaction goes on."""
        with SnapshotReader(self.env, workers=1) as reader:
            self.assertTrue(reader.parallel)
            failing = reader.submit(
                SQL("SELECT 1 / (count(*) - count(*)) FROM stock_move")
            )
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.DivisionByZero),
            ):
                failing.result()
        main_pid, _locations = self._main()
        self.assertTrue(main_pid)

    def test_a_run_with_other_connections(self):
        """The button's path with its reads on other connections (the
        system parameter set): the run completes and counts them."""
        self.env["ir.config_parameter"].set_param(PARAMETER, "2")
        company = self.env.ref("base.main_company")
        runs = self.env["dist.replenishment.run"]._run_companies(company)
        self.assertEqual(runs.mapped("state"), ["done"])
        self.assertEqual(runs.segment_count, 0)
        # parameter, demand, receipts, positions, vendors and packagings
        # at least, whoever ran them
        self.assertGreaterEqual(runs.query_count, 6)


@tagged("post_install", "-at_install")
class TestSnapshotReaderInline(ReaderCase):
    """Otherwise every statement runs on the run's own cursor."""

    def test_reads_on_the_run_cursor_after_writes(self):
        """A location created in this transaction (not visible to other
        connections): the statement runs on the run's cursor and counts
        it."""
        main_pid, locations = self._main()
        self.env["stock.location"].create({"name": "Overflow bay", "usage": "internal"})
        reader = SnapshotReader(self.env, workers=2)
        self.assertFalse(reader.parallel)
        pid, count = reader.submit(COUNT_LOCATIONS).result()[0]
        reader.close()
        self.assertEqual((pid, count), (main_pid, locations + 1))

    def test_written_segments_are_read_on_the_run_cursor(self):
        """A segment written in this transaction: the reader knows, and the
        segments in force are read on the run's cursor, with it."""
        main_pid, _locations = self._main()
        product = self.env["product.product"].create({"name": "Hex bolt M8"})
        self.env["dist.product.segment"].create(
            {
                "product_id": product.id,
                "warehouse_id": self.env["stock.warehouse"].search([], limit=1).id,
                "company_id": self.env.company.id,
            }
        )
        reader = SnapshotReader(self.env, workers=2)
        self.assertLessEqual(
            {"product_product", "dist_product_segment"}, reader.written
        )
        pid, count = reader.submit(
            COUNT_SEGMENTS, tables=["dist_product_segment"]
        ).result()[0]
        reader.close()
        self.assertEqual((pid, count), (main_pid, 1))

    def test_a_connection_count_that_is_no_number_is_refused(self):
        """A mistyped system parameter stops the run with a message naming
        it, before anything is written."""
        self.env["ir.config_parameter"].set_param(PARAMETER, "two")
        Run = self.env["dist.replenishment.run"]
        before = Run.search_count([])
        with self.assertRaisesRegex(UserError, "reader_connections.*whole number"):
            Run._run_companies(self.env.ref("base.main_company"))
        self.assertEqual(Run.search_count([]), before)

    def test_tests_and_zero_connections_read_on_the_run_cursor(self):
        main_pid, locations = self._main()
        for reader in (SnapshotReader(self.env), SnapshotReader(self.env, workers=0)):
            self.assertFalse(reader.parallel)
            self.assertEqual(
                reader.submit(COUNT_LOCATIONS).result()[0], (main_pid, locations)
            )


@tagged("post_install", "-at_install")
class TestSnapshotReaderLocked(OutsideSavepointCase):
    """A table the transaction locked against readers (as a schema change
    does until it commits): another connection would wait for the run, which
    waits for it; the reads stay on the run's cursor."""

    def test_a_locked_table_keeps_the_reads_on_the_run_cursor(self):
        main_pid, locations = self._main()
        self.env.cr.execute(SQL("LOCK TABLE stock_quant IN ACCESS EXCLUSIVE MODE"))
        with SnapshotReader(self.env, workers=2) as reader:
            self.assertFalse(reader.parallel)
            self.assertIn("stock_quant", reader.written)
            self.assertEqual(
                reader.submit(COUNT_LOCATIONS).result()[0], (main_pid, locations)
            )
