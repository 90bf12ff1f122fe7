"""Uninstall one addon (with what depends on it), list what it left behind,
reinstall it and walk the core flows: run inside the virtualenv by
tools/suite_lib/uninstall.py, one process for every addon in turn.

    python -m tools.suite_lib.uninstall_probe -c .local/odoo.conf -d DB \
        --logfile LOG --report REPORT.json dist_purchase_wms dist_governance

Each addon's outcome is one entry of REPORT.json: the warnings and errors
logged while it was uninstalled and reinstalled, the leftovers (tables,
columns, indexes, constraints, external ids, records, models), the smoke
flows' result and the seconds each phase took.
"""

import argparse
import json
import logging
import sys
import time
import traceback

# Database objects the addons make outside the ORM (init(), hooks): the ORM
# does not know them, so they are listed here; each must be gone once its
# addon is uninstalled, and is not reported as a leftover while its addon is
# installed. Objects on the addon's own tables go with them (not listed).
RAW_OBJECTS = {
    "dist_helpdesk_cases": [
        ("column", "helpdesk_ticket", "dist_text_vector"),
        ("index", "helpdesk_ticket", "dist_helpdesk_ticket_text_vector_idx"),
    ],
    "dist_purchase_policy": [
        ("index", "stock_move", "dist_stock_move_demand_idx"),
    ],
    "dist_wms_rules": [
        ("index", "stock_move", "dist_stock_move_shipped_idx"),
        ("index", "stock_valuation_layer", "dist_svl_remaining_idx"),
    ],
}

# Messages logged at WARNING or above during an uninstall or a reinstall
# that are not the suite's: (logger prefix, message start, why it is allowed).
ALLOWED_LOG = []


# a 1x1 PNG: the photo a quality check point may ask for
PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)


class Capture(logging.Handler):
    """Keeps the records at WARNING and above logged since the last take()."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def take(self):
        taken = []
        for record in self.records:
            message = record.getMessage()
            if any(
                record.name.startswith(prefix) and message.startswith(start)
                for prefix, start, _why in ALLOWED_LOG
            ):
                continue
            taken.append(
                f"{record.levelname} {record.name}: {message.splitlines()[0][:300]}"
            )
        self.records = []
        return taken


def removed_with(env, name):
    module = env["ir.module.module"].search([("name", "=", name)])
    return module, (module + module.downstream_dependencies()).mapped("name")


def owned_objects(env, modules):
    """What the ORM knows the modules own: records whose every external id
    is theirs, the tables of their models, the columns of their fields,
    their relation tables and constraints."""
    cr = env.cr
    cr.execute(
        """
        SELECT d.model, d.res_id, d.module || '.' || d.name
          FROM ir_model_data d
         WHERE d.module IN %s
           AND NOT EXISTS (
               SELECT 1 FROM ir_model_data o
                WHERE o.model = d.model AND o.res_id = d.res_id
                  AND o.module NOT IN %s)
        """,
        (tuple(modules), tuple(modules)),
    )
    records = cr.fetchall()
    model_ids = [res_id for model, res_id, _x in records if model == "ir.model"]
    field_ids = [res_id for model, res_id, _x in records if model == "ir.model.fields"]
    models = env["ir.model"].browse(model_ids).mapped("model")
    tables = set()
    for model in models:
        if model in env and not env[model]._abstract:
            tables.add(env[model]._table)
    columns = set()
    for field in env["ir.model.fields"].browse(field_ids):
        if field.model in models or field.model not in env:
            continue
        orm_field = env[field.model]._fields.get(field.name)
        if orm_field and orm_field.store and orm_field.column_type:
            columns.add((env[field.model]._table, field.name))
    cr.execute(
        """
        SELECT r.name FROM ir_model_relation r
          JOIN ir_module_module m ON m.id = r.module
         WHERE m.name IN %s
        """,
        (tuple(modules),),
    )
    tables |= {row[0] for row in cr.fetchall()}
    cr.execute(
        """
        SELECT c.name FROM ir_model_constraint c
          JOIN ir_module_module m ON m.id = c.module
         WHERE m.name IN %s
        """,
        (tuple(modules),),
    )
    constraints = {row[0] for row in cr.fetchall()}
    return {
        "records": [r for r in records if r[0] not in models],
        "models": models,
        "tables": tables,
        "columns": columns,
        "constraints": constraints,
    }


def leftovers(env, modules, owned):
    """What is still there of the removed modules."""
    cr = env.cr
    found = []
    cr.execute(
        "SELECT name, state FROM ir_module_module WHERE name IN %s",
        (tuple(modules),),
    )
    for name, state in cr.fetchall():
        if state != "uninstalled":
            found.append(f"module {name} is {state}")
    cr.execute(
        "SELECT module, count(*) FROM ir_model_data WHERE module IN %s GROUP BY module",
        (tuple(modules),),
    )
    for module, count in cr.fetchall():
        found.append(f"{count} external ids of {module}")
    if owned["models"]:
        cr.execute(
            "SELECT model FROM ir_model WHERE model IN %s", (tuple(owned["models"]),)
        )
        found += [f"ir.model {row[0]}" for row in cr.fetchall()]
    if owned["tables"]:
        cr.execute(
            "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v', 'm') "
            "AND relname IN %s",
            (tuple(owned["tables"]),),
        )
        found += [f"table {row[0]}" for row in cr.fetchall()]
    for table, column in sorted(owned["columns"]):
        cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            (table, column),
        )
        if cr.fetchone():
            found.append(f"column {table}.{column}")
    if owned["constraints"]:
        cr.execute(
            "SELECT conname FROM pg_constraint WHERE conname IN %s",
            (tuple(owned["constraints"]),),
        )
        found += [f"constraint {row[0]}" for row in cr.fetchall()]
    for module in modules:
        for kind, table, name in RAW_OBJECTS.get(module, ()):
            if kind == "column":
                cr.execute(
                    "SELECT 1 FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = %s",
                    (table, name),
                )
            else:
                cr.execute(
                    "SELECT 1 FROM pg_class WHERE relkind = 'i' AND relname = %s",
                    (name,),
                )
            if cr.fetchone():
                found.append(f"{kind} {table}.{name} (made outside the ORM)")
    found += records_left(env, owned["records"])
    found += unclaimed_objects(env)
    return found


def records_left(env, records):
    """The records (with an external id of the removed modules) still there."""
    from odoo.tools import SQL

    cr = env.cr
    found = []
    for model, res_id, xmlid in records:
        if model not in env or env[model]._abstract:
            continue
        table = env[model]._table
        cr.execute(
            "SELECT 1 FROM pg_class WHERE relkind = 'r' AND relname = %s", (table,)
        )
        if not cr.fetchone():
            continue
        cr.execute(SQL("SELECT 1 FROM %s WHERE id = %s", SQL.identifier(table), res_id))
        if cr.fetchone():
            found.append(f"record {model}({res_id}) of {xmlid}")
    return found


def unclaimed_objects(env):
    """Tables and columns named dist_* and indexes named dist_* that no
    installed addon claims: left by an addon no longer installed."""
    cr = env.cr
    cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
    installed = {row[0] for row in cr.fetchall()}
    raw = {
        (table, name)
        for module, objects in RAW_OBJECTS.items()
        if module in installed
        for _kind, table, name in objects
    }
    tables = {}
    for model in env.values():
        if model._abstract:
            continue
        columns = tables.setdefault(model._table, set())
        for field in model._fields.values():
            if field.store and field.column_type:
                columns.add(field.name)
            if field.type == "many2many" and field.store:
                tables.setdefault(field.relation, set()).update(
                    (field.column1, field.column2)
                )
    found = []
    cr.execute(
        "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND relkind IN ('r', 'v', 'm') "
        "AND relname LIKE 'dist\\_%%'"
    )
    found += [f"table {row[0]}" for row in cr.fetchall() if row[0] not in tables]
    cr.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name LIKE 'dist\\_%%'"
    )
    for table, column in cr.fetchall():
        if table in tables and column not in tables[table]:
            if (table, column) not in raw:
                found.append(f"column {table}.{column}")
    cr.execute(
        "SELECT tablename, indexname FROM pg_indexes "
        "WHERE schemaname = current_schema() AND indexname LIKE 'dist\\_%%'"
    )
    for table, index in cr.fetchall():
        if not table.startswith("dist_") and (table, index) not in raw:
            found.append(f"index {table}.{index}")
    return found


def smoke(env):
    """The core flows on the reinstalled suite, as the administrator, rolled
    back afterwards: a purchase order confirmed and received, a delivery
    exception raised, a case opened and its similar cases searched."""
    done = []
    installed = set(
        env["ir.module.module"]
        .search([("state", "=", "installed"), ("name", "like", "dist_")])
        .mapped("name")
    )
    product = env["product.product"].search(
        [("is_storable", "=", True), ("purchase_ok", "=", True)], limit=1
    )
    vendor = env["res.partner"].search([("supplier_rank", ">", 0)], limit=1)
    if not product or not vendor:
        raise AssertionError("no storable product or vendor to buy from")
    order = env["purchase.order"].create(
        {
            "partner_id": vendor.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_qty": 3})],
        }
    )
    if "validate_tier" in order and order.need_validation:
        order.request_validation()
        order.invalidate_recordset()
        order.sudo().validate_tier()  # sudo: the smoke walks the flow as admin
    order.button_confirm()
    if order.state not in ("purchase", "done"):
        raise AssertionError(f"purchase order left in state {order.state}")
    picking = order.picking_ids[:1]
    picking.move_ids.quantity = 3
    picking.move_ids.picked = True
    if "dist_wms_rules" in installed:
        # the receiving checks of dist_wms_rules, every point passed
        picking._dist_create_quality_checks()
        for check in picking.dist_quality_check_ids:
            for line in check.line_ids:
                line.write(
                    {"result": "pass", "photo": PIXEL if line.photo_required else False}
                )
            check.action_finish()
        done.append("quality checks passed")
    picking.button_validate()
    if picking.state != "done":
        raise AssertionError(f"receipt left in state {picking.state}")
    done.append("PO confirmed and received")
    if "dist_governance" in installed:
        exception_type = env["dist.exception.type"].search([], limit=1)
        if exception_type:
            env["dist.exception"].raise_exception(
                exception_type.code, order, "Uninstall smoke: raised on a PO"
            )
            done.append("exception raised")
        env["dist.kpi"].search([], limit=3).mapped("name")
    if "dist_helpdesk_cases" in installed:
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Uninstall smoke: pallet arrived damaged",
                "description": "The pallet arrived damaged, cartons crushed.",
                "partner_id": vendor.id,
            }
        )
        ticket._dist_similar_cases()
        done.append("case opened, similar cases searched")
    env.flush_all()
    return done


def uninstall(registry_of, capture, entry):
    """Uninstall the addon (and what depends on it); list what is left."""
    t0 = time.monotonic()
    with registry_of().cursor() as cr:
        env = env_of(cr)
        module, removed = removed_with(env, entry["addon"])
        entry["removed"] = removed
        owned = owned_objects(env, removed)
        capture.take()
        module.button_immediate_uninstall()
    entry["uninstall_log"] = capture.take()
    entry["uninstall_s"] = round(time.monotonic() - t0, 1)
    with registry_of().cursor() as cr:
        entry["leftovers"] = leftovers(env_of(cr), removed, owned)


def reinstall(registry_of, capture, entry):
    """Install again what was removed; walk the core flows (rolled back)."""
    removed = entry["removed"]
    t0 = time.monotonic()
    with registry_of().cursor() as cr:
        env_of(cr)["ir.module.module"].search(
            [("name", "in", removed)]
        ).button_immediate_install()
    entry["reinstall_log"] = capture.take()
    entry["reinstall_s"] = round(time.monotonic() - t0, 1)
    with registry_of().cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE name IN %s "
            "AND state != 'installed'",
            (tuple(removed),),
        )
        entry["errors"] += [f"{row[0]} not installed again" for row in cr.fetchall()]
        t0 = time.monotonic()
        try:
            entry["smoke"] = smoke(env_of(cr))
        finally:
            entry["smoke_log"] = capture.take()
            entry["smoke_s"] = round(time.monotonic() - t0, 1)
            cr.rollback()


def env_of(cr):
    import odoo

    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def main(argv=None):
    parser = argparse.ArgumentParser(prog="uninstall_probe")
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--logfile", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--no-reinstall", action="store_true")
    parser.add_argument("addons", nargs="+")
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--logfile", args.logfile]
    )
    odoo.netsvc.init_logger()
    capture = Capture()
    logging.getLogger().addHandler(capture)

    def registry_of():
        return Registry(args.database)

    report = []
    for name in args.addons:
        entry = {"addon": name, "errors": [], "leftovers": [], "smoke": []}
        report.append(entry)
        try:
            uninstall(registry_of, capture, entry)
            if not args.no_reinstall:
                reinstall(registry_of, capture, entry)
        except Exception:
            entry["errors"].append(traceback.format_exc(limit=8))
            entry["errors"] += capture.take()
        with open(args.report, "w") as out:
            json.dump(report, out, indent=1, default=list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
