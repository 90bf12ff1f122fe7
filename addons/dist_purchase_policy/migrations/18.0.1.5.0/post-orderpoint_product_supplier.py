"""The replenishment run stored, on the reorder rules it created, its own
choice of vendor as the rule's "Product Supplier" (purchase_stock's
product_supplier_id), where the ORM stores the first vendor line of the
product's template. Recompute it through the ORM on those rules."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    rules = (
        env["stock.warehouse.orderpoint"]
        .with_context(active_test=False)
        .search([("dist_managed", "=", True)])
    )
    env.add_to_compute(rules._fields["product_supplier_id"], rules)
    rules._recompute_recordset(["product_supplier_id"])
    env.flush_all()
