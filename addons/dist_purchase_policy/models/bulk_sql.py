"""Set-based writes for the replenishment run: one statement per table
whatever the number of rows, values passed as one typed array per column."""

from odoo.tools import SQL

AUDIT_COLUMNS = [
    ("create_uid", "int4"),
    ("write_uid", "int4"),
    ("create_date", "timestamp"),
    ("write_date", "timestamp"),
]


def _arrays(columns, rows):
    return [
        SQL(f"%s::{pgtype}[]", [row[index] for row in rows])
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
