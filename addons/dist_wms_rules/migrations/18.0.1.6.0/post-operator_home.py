"""Warehouse operators land on Warehouse today instead of the Picking
queue: the users whose home is still the queue (the home this addon gave
them) get their role's home again. A home an administrator chose otherwise
is kept."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    queue = env.ref(
        "dist_wms_rules.stock_picking_action_dist_queue", raise_if_not_found=False
    )
    if not queue:
        return
    users = (
        env["res.users"]
        .with_context(active_test=False)
        .search([("share", "=", False), ("action_id", "=", queue.id)])
    )
    users.write({"action_id": False})
    users._dist_set_role_homes()
