"""Set-based writes for the replenishment run: one statement per table
whatever the number of rows, values passed as one typed array per column.

Each array is passed as one text parameter in PostgreSQL's array syntax
('{1,2,NULL}'::int4[]), which PostgreSQL reads in one go: psycopg2 would
adapt a list as an ARRAY[...] expression of one parameter per value, which
PostgreSQL parses and plans value by value (on the night after a new day,
when most segments change, that took most of the run's writing)."""

from odoo.tools import SQL

AUDIT_COLUMNS = [
    ("create_uid", "int4"),
    ("write_uid", "int4"),
    ("create_date", "timestamp"),
    ("write_date", "timestamp"),
]


NUMBERS = {"int4", "int8", "float8", "numeric"}
# the element types written as quoted strings
QUOTED = {"varchar", "text", "date", "timestamp"}


def _number(value):
    if value is None:
        return "NULL"
    if isinstance(value, float):
        # the shortest text that reads back as the same float (psycopg2's
        # own); nan and inf read as NaN and Infinity
        return repr(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _quoted(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        # as psycopg2 would cast it
        value = "true" if value else "false"
    return '"{}"'.format(str(value).replace("\\", "\\\\").replace('"', '\\"'))


def _boolean(value):
    if value is None:
        return "NULL"
    return "t" if value else "f"


# the Python types whose list prints as PostgreSQL reads its elements
PLAIN = {float, int, type(None)}


def _array(values, pgtype):
    """`values` (a list) as one parameter of type `pgtype`[]."""
    if pgtype in NUMBERS:
        if set(map(type, values)) <= PLAIN:
            # floats print as repr() in a list: at C speed
            text = str(values)[1:-1].replace("None", "NULL")
        else:
            text = ",".join(map(_number, values))
    elif pgtype in QUOTED:
        # few distinct values (classes, dates, reasons): each quoted once
        quoted = {value: _quoted(value) for value in set(values)}
        text = ",".join(map(quoted.__getitem__, values))
    elif pgtype == "bool":
        text = ",".join(map(_boolean, values))
    else:
        # any other type: psycopg2's adaptation of the list
        return SQL(f"%s::{pgtype}[]", list(values))
    return SQL(f"%s::{pgtype}[]", "{" + text + "}")


def _arrays(columns, rows):
    return [
        _array([row[index] for row in rows], pgtype)
        for index, (_name, pgtype) in enumerate(columns)
    ]


def insert_rows(env, table, columns, rows, now):
    """INSERT `rows` (tuples in `columns` order) into `table`; returns the
    new ids in row order."""
    if not rows:
        return []
    uid = env.uid
    columns = list(columns) + AUDIT_COLUMNS
    rows = [tuple(row) + (uid, uid, now, now) for row in rows]
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT * FROM unnest(%s) RETURNING id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(name) for name, _type in columns),
            SQL(", ").join(_arrays(columns, rows)),
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def update_rows(env, table, columns, rows, now):
    """UPDATE `table` from `rows` whose first value is the id."""
    if not rows:
        return 0
    columns = [("id", "int4")] + list(columns)
    env.cr.execute(
        SQL(
            "UPDATE %s AS t SET %s, write_uid = %s, write_date = %s "
            "FROM unnest(%s) AS v(%s) WHERE t.id = v.id",
            SQL.identifier(table),
            SQL(", ").join(
                SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
                for name, _type in columns[1:]
            ),
            env.uid,
            now,
            SQL(", ").join(_arrays(columns, rows)),
            SQL(", ").join(SQL.identifier(name) for name, _type in columns),
        )
    )
    return env.cr.rowcount


def delete_rows(env, table, ids):
    if not ids:
        return 0
    env.cr.execute(
        SQL("DELETE FROM %s WHERE id = ANY(%s)", SQL.identifier(table), list(ids))
    )
    return env.cr.rowcount


# Fill factor of the tables the run rewrites nearly whole every night (the
# demand window slides by a day: most segments' figures and every open
# recommendation's dates change): each page keeps room for a new version of
# each of its rows, so that PostgreSQL updates them on the same page (a HOT
# update: no new index entries, the old version pruned on the page) instead
# of moving every row to a new page and indexing it again. Measured at large:
# the segments' update four times faster (1.9-2.9 s against 0.45-0.53 s for
# 35,815 rows); the tables take about twice the pages.
NIGHTLY_FILLFACTOR = 45


def leave_room(env, table, fillfactor=NIGHTLY_FILLFACTOR):
    """Set the fill factor of `table` (its model's init(): on install and
    update); the pages written from then on keep that room."""
    option = f"fillfactor={fillfactor}"
    env.cr.execute(
        SQL(
            "SELECT %s = ANY(COALESCE(reloptions, '{}')) FROM pg_class "
            "WHERE oid = %s::regclass",
            option,
            table,
        )
    )
    if not env.cr.fetchone()[0]:
        env.cr.execute(
            SQL(
                "ALTER TABLE %s SET (fillfactor = %s)",
                SQL.identifier(table),
                fillfactor,
            )
        )
