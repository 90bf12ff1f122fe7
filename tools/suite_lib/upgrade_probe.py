"""Run inside Odoo by `make test-upgrade` (tools/suite_lib/upgrade.py), with
the virtualenv's Python, against the addons of whichever configuration it is
given (the old release's or the checkout's):

    python upgrade_probe.py edit     -c CONF -d DB   apply the user edits, then
                                                     as snapshot
    python upgrade_probe.py snapshot -c CONF -d DB   row counts and edited values

Both print one JSON document on the last line of their output. Standard
library and Odoo only: the old release's tree is not on the path."""

import argparse
import json
import os
import sys

# run as a script: its own folder (tools/suite_lib, with modules named like
# common or testing) is not a place to import from
sys.path[:] = [
    p
    for p in sys.path
    if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))
]

# The edits an administrator makes after installing, each (xmlid or None,
# model, {field: value}); None: the first record of the model by id (the
# approval matrix lines are the scenario's, they have no external id).
# Values differ from what any release ships, so an upgrade that resets them
# is seen.
EDITS = [
    (
        None,
        "dist.approval.matrix",
        {"sla_hours": 37.5, "comment_required": True},
    ),
    (
        "dist_wms_rules.exception_type_late_delivery",
        "dist.exception.type",
        {
            "description": "Ours: call the customer before noon, then the carrier.",
            "default_severity": "high",
            "resolution_hours": 30.0,
        },
    ),
    (
        "dist_helpdesk_cases.case_category_delayed_shipment",
        "helpdesk.ticket.category",
        {"dist_first_response_hours": 3.0, "dist_resolution_hours": 21.0},
    ),
    (
        "dist_governance.ir_cron_dist_exception_escalate",
        "ir.cron",
        {"interval_number": 3},
    ),
    (
        "dist_wms_rules.ir_cron_late_deliveries",
        "ir.cron",
        {"interval_number": 4},
    ),
]

# Odoo's tables the suite's flows write, counted besides the suite's own
KEY_TABLES = [
    "res_partner",
    "res_users",
    "res_company",
    "product_template",
    "product_product",
    "product_supplierinfo",
    "purchase_order",
    "purchase_order_line",
    "stock_picking",
    "stock_move",
    "stock_move_line",
    "stock_quant",
    "stock_lot",
    "stock_warehouse_orderpoint",
    "stock_valuation_layer",
    "helpdesk_ticket",
    "helpdesk_ticket_category",
    "tier_definition",
    "tier_review",
    "auditlog_rule",
    "auditlog_log",
    "ir_cron",
    "queue_job",
    "mail_message",
]


def edit_key(xmlid, model):
    return xmlid or f"{model} (first by id)"


def target(env, xmlid, model):
    if xmlid:
        return env.ref(xmlid)
    record = env[model].with_context(active_test=False).search([], order="id", limit=1)
    if not record:
        raise SystemExit(f"upgrade_probe: no {model} record to edit")
    return record


def read_edits(env):
    values = {}
    for xmlid, model, vals in EDITS:
        record = target(env, xmlid, model)
        values[edit_key(xmlid, model)] = {
            "id": record.id,
            **{name: record[name] for name in vals},
        }
    return values


def apply_edits(env):
    for xmlid, model, vals in EDITS:
        target(env, xmlid, model).write(vals)
    env.flush_all()


def suite_tables(env):
    """The tables of every dist_* model (stored, not transient) and of the
    many2many fields they declare."""
    tables = set()
    for name, model in env.registry.items():
        if not name.startswith("dist.") or model._abstract or model._transient:
            continue
        if not model._auto:
            continue
        tables.add(model._table)
        for field in model._fields.values():
            if field.type == "many2many" and field.store and field.relation:
                tables.add(field.relation)
    return tables


def row_counts(env, tables):
    from odoo.tools import SQL

    counts = {}
    for table in sorted(tables):
        env.cr.execute(SQL("SELECT to_regclass(%s)", table))
        if env.cr.fetchone()[0] is None:
            continue
        env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
        counts[table] = env.cr.fetchone()[0]
    return counts


def main(argv):
    parser = argparse.ArgumentParser(prog="upgrade_probe.py")
    parser.add_argument("action", choices=["edit", "snapshot"])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.action == "edit":
            apply_edits(env)
            cr.commit()
        result = {
            "edits": read_edits(env),
            "counts": row_counts(env, suite_tables(env) | set(KEY_TABLES)),
        }
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
