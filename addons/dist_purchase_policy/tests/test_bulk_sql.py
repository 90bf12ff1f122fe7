import datetime
from decimal import Decimal

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.bulk_sql import insert_rows, update_rows

COLUMNS = [
    ("i", "int4"),
    ("f", "float8"),
    ("n", "numeric"),
    ("v", "varchar"),
    ("t", "text"),
    ("d", "date"),
    ("ts", "timestamp"),
    ("b", "bool"),
]

# values PostgreSQL's array syntax treats apart: quotes, backslashes,
# braces, commas, blanks, the word NULL, the empty string
AWKWARD = ['say "hi"', "back\\slash", "it's", "{braces}", "a, b ", "NULL", ""]


@tagged("post_install", "-at_install")
class TestBulkWrites(TransactionCase):
    """The run's set-based writes pass each column as one array literal:
    what is read back is what was written, whatever the value."""

    def setUp(self):
        super().setUp()
        self.env.cr.execute(
            SQL(
                "CREATE TEMPORARY TABLE dist_test_bulk (id serial PRIMARY KEY, "
                "i int4, f float8, n numeric, v varchar, t text, d date, "
                "ts timestamp, b bool, create_uid int4, write_uid int4, "
                "create_date timestamp, write_date timestamp)"
            )
        )

    def _read(self, ids):
        self.env.cr.execute(
            SQL(
                "SELECT i, f, n::float8, v, t, d, ts, b FROM dist_test_bulk "
                "WHERE id = ANY(%s) ORDER BY id",
                ids,
            )
        )
        return self.env.cr.fetchall()

    def test_values_read_back_as_written(self):
        now = datetime.datetime(2026, 12, 7, 3, 0, 0)
        rows = [
            (
                index,
                0.1 + 0.2 * index,
                1.2345 * index,
                text,
                text,
                datetime.date(2026, 12, 1 + index),
                datetime.datetime(2026, 12, 7, 12, 30, 15, 123456 + index),
                index % 2 == 0,
            )
            for index, text in enumerate(AWKWARD)
        ]
        rows.append((None,) * len(COLUMNS))
        rows.append((-(2**31), -0.0, 1e-300, "é ü", "line\nbreak", None, None, False))
        ids = insert_rows(self.env, "dist_test_bulk", COLUMNS, rows, now)
        self.assertEqual(len(ids), len(rows))
        self.assertEqual(self._read(ids), rows)

        # an update: ints in a float column and a Decimal in a numeric one
        # (no plain list of floats), every string changed
        updates = [
            (row_id, 7, 3, Decimal("2.5"), f"{text}'x\"", None, None, None, True)
            for row_id, text in zip(ids, AWKWARD + ["", "z"], strict=True)
        ]
        self.assertEqual(
            update_rows(self.env, "dist_test_bulk", COLUMNS, updates, now), len(ids)
        )
        self.assertEqual(
            self._read(ids),
            [(7, 3.0, 2.5, update[4], None, None, None, True) for update in updates],
        )
