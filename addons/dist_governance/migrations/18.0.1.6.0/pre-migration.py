"""Retention (18.0.1.6.0): exceptions get `active`, KPI rows their period
(day or rolled-up month) and day count. The columns are added here with
their value for every existing row at once (a constant default is no
rewrite of the table in PostgreSQL), instead of the ORM filling them row
by row; the default then goes, as the ORM keeps none in the database."""

from openupgradelib import openupgrade

from odoo.tools import SQL

COLUMNS = [
    ("dist_exception", "active", "boolean", SQL("true")),
    ("dist_kpi_snapshot", "period", "varchar", SQL("'day'")),
    ("dist_kpi_snapshot", "day_count", "int4", SQL("1")),
]


@openupgrade.migrate()
def migrate(env, version):
    for table, column, kind, default in COLUMNS:
        if openupgrade.column_exists(env.cr, table, column):
            continue
        _run(
            env,
            SQL(
                "ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s",
                SQL.identifier(table),
                SQL.identifier(column),
                SQL(kind),
                default,
            ),
        )
        _run(
            env,
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT",
                SQL.identifier(table),
                SQL.identifier(column),
            ),
        )


def _run(env, query):
    openupgrade.logged_query(env.cr, query.code, query.params)
