"""Retention (18.0.1.6.0): replenishment runs get `active`, true for every
existing run, added at once (a constant default rewrites no row in
PostgreSQL); the default then goes, as the ORM keeps none in the database."""

from openupgradelib import openupgrade

from odoo.tools import SQL


@openupgrade.migrate()
def migrate(env, version):
    if openupgrade.column_exists(env.cr, "dist_replenishment_run", "active"):
        return
    for query in (
        SQL(
            "ALTER TABLE dist_replenishment_run ADD COLUMN active boolean DEFAULT true"
        ),
        SQL("ALTER TABLE dist_replenishment_run ALTER COLUMN active DROP DEFAULT"),
    ):
        openupgrade.logged_query(env.cr, query.code, query.params)
