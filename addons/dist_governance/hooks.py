from collections import defaultdict

from odoo.tools import SQL

# Rows that point at a record an addon ships, through a foreign key that
# refuses the deletion (history kept on purpose while the record lives):
# (model of the shipped record, model of the rows, their field). When the
# addon is uninstalled, Odoo deletes its shipped records: these rows are
# removed first, or the deletion fails and the records, their tables and
# external ids stay behind.
ROWS_OF_SHIPPED = (
    ("dist.kpi", "dist.kpi.snapshot", "kpi_id"),
    ("dist.kpi", "dist.kpi.baseline.line", "kpi_id"),
    ("dist.approval.document.type", "dist.approval.matrix", "document_type_id"),
    ("dist.exception.type", "dist.exception", "type_id"),
    ("dist.sod.duty", "dist.sod.rule", "duty_a_id"),
    ("dist.sod.duty", "dist.sod.rule", "duty_b_id"),
)
# rows many and mail-less: deleted in SQL, not one ORM unlink per row
SQL_DELETED = {"dist.kpi.snapshot", "dist.kpi.baseline.line"}
CONTROLLER = "dist_governance.group_governance_controller"


def shipped_records(env, module):
    """{model: [ids]} of the records whose external id is the module's."""
    env.cr.execute(
        SQL("SELECT model, res_id FROM ir_model_data WHERE module = %s", module)
    )
    shipped = defaultdict(list)
    for model, res_id in env.cr.fetchall():
        shipped[model].append(res_id)
    return shipped


def release_shipped_records(env, module, rows_of_shipped=()):
    """Remove what keeps the module's shipped records from being deleted
    with it: the rows of ROWS_OF_SHIPPED (and rows_of_shipped, the
    module's own such links) pointing at them, and the exception types
    owned by or escalating to the module's roles (given to the governance
    controller; removed when dist_governance itself goes)."""
    shipped = shipped_records(env, module)
    for model, rows_model, field in ROWS_OF_SHIPPED + tuple(rows_of_shipped):
        ids = shipped.get(model)
        if not ids or rows_model not in env:
            continue
        rows = env[rows_model]
        if rows_model in SQL_DELETED:
            env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s IN %s",
                    SQL.identifier(rows._table),
                    SQL.identifier(field),
                    tuple(ids),
                )
            )
            continue
        # sudo: uninstalling is the administrator's act; these rows go with
        # the shipped records they describe (archived ones too)
        rows.sudo().with_context(active_test=False).search(
            [(field, "in", ids)]
        ).unlink()
    groups = shipped.get("res.groups")
    if groups:
        release_groups(env, module, groups)


def release_groups(env, module, group_ids):
    # sudo: as above, exception types are the administrator's records
    types = (
        env["dist.exception.type"]
        .sudo()
        .with_context(active_test=False)
        .search(
            [
                "|",
                ("owner_group_id", "in", group_ids),
                ("escalation_group_id", "in", group_ids),
            ]
        )
    )
    if module == "dist_governance":
        env["dist.exception"].sudo().with_context(active_test=False).search(
            [("type_id", "in", types.ids)]
        ).unlink()
        types.unlink()
        return
    controller = env.ref(CONTROLLER)
    for exception_type in types:
        values = {}
        if exception_type.owner_group_id.id in group_ids:
            values["owner_group_id"] = controller.id
        if exception_type.escalation_group_id.id in group_ids:
            values["escalation_group_id"] = False
        exception_type.write(values)


def uninstall_hook(env):
    """Shipped KPIs, exception types, duties, document types and roles go
    with the addon, whatever history points at them."""
    release_shipped_records(env, "dist_governance")
