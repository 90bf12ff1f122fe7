from odoo import models
from odoo.tools import SQL

from ..engine.rounding import ceil as _ceil
from .bulk_sql import delete_rows, insert_rows, update_rows
from .dist_replenishment_run_segments import (
    INDEX,
    SEGMENT_FIELDS,
    segment_values,
    select_columns,
)

ORDERPOINT_FIELDS = (
    ("product_min_qty", "numeric"),
    ("product_max_qty", "numeric"),
    ("qty_multiple", "numeric"),
    ("trigger", "varchar"),
    ("active", "bool"),
    ("dist_managed", "bool"),
    ("supplier_id", "int4"),
    ("vendor_id", "int4"),
)
ORDERPOINT_NAMES = tuple(name for name, _type in ORDERPOINT_FIELDS)


class DistReplenishmentRun(models.Model):
    """The run's writes of reorder rules and segments (with their
    history)."""

    _inherit = "dist.replenishment.run"

    # ------------------------------------------------------------------
    # reorder rules
    # ------------------------------------------------------------------

    def _dist_warehouses(self, ctx):
        self.env.cr.execute(
            SQL(
                "SELECT id, code, lot_stock_id FROM stock_warehouse "
                "WHERE company_id = %s AND active ORDER BY id",
                ctx.company.id,
            )
        )
        ctx.warehouses = {
            wh: {"code": code, "location_id": location}
            for wh, code, location in self.env.cr.fetchall()
        }

    def _dist_orderpoints_query(self, ctx):
        return SQL(
            "SELECT id, product_id, location_id, %s "
            "FROM stock_warehouse_orderpoint WHERE company_id = %s %s",
            select_columns(ORDERPOINT_FIELDS),
            ctx.company.id,
            SQL("AND warehouse_id = ANY(%s)", ctx.scope) if ctx.scope else SQL(""),
        )

    def _prepare_orderpoint_values(self, ctx, segment, policy, choice):
        """{field: value} of the reorder rule an automatic policy sets for
        `segment` (engine.records.Segment) under `policy` (Policy) with the
        vendor `choice` (VendorChoice or None), one key per field of
        ORDERPOINT_FIELDS: min = the reorder point rounded up, max, the pack
        multiple, the trigger (automatic when the policy orders by itself),
        active and managed by the suite, the chosen vendor line and vendor.
        An extension may change values; a field outside ORDERPOINT_FIELDS is
        not written (the run writes reorder rules set-based, see
        _dist_write_orderpoints)."""
        return {
            "product_min_qty": _ceil(segment.reorder_point),
            "product_max_qty": segment.max_qty,
            "qty_multiple": segment.pack_multiple or 1.0,
            "trigger": "auto" if policy.auto_po else "manual",
            "active": True,
            "dist_managed": True,
            "supplier_id": choice.supplier.id if choice else None,
            "vendor_id": choice.supplier.partner_id if choice else None,
        }

    def _dist_write_orderpoints(self, ctx):
        """Automatic policies own the standard reorder rule of their product
        in the warehouse's stock location (min = reorder point, max, pack
        multiple); rules the suite set for products that left automatic
        policies are archived, rules people made elsewhere are left alone."""
        company = ctx.company
        existing = {
            (row[1], row[2]): (row[0], tuple(row[3:]))
            for row in ctx.reads.pop("orderpoints").result()
        }
        targets = {}
        for key, segment in ctx.segments.items():
            warehouse = ctx.warehouses.get(key[1])
            if segment.mode != "auto" or not warehouse:
                continue
            values = self._prepare_orderpoint_values(
                ctx,
                segment,
                ctx.policies[segment.policy_id],
                ctx.vendor_choice.get(key[0]),
            )
            targets[(key[0], warehouse["location_id"])] = (
                key,
                tuple(values[name] for name in ORDERPOINT_NAMES),
            )
        inserts, updates = [], []
        ctx.orderpoint_by_segment = {}
        suppliers = self._dist_orderpoint_product_suppliers(
            [
                key[0]
                for location_key, (key, _v) in targets.items()
                if location_key not in existing
            ]
        )
        for location_key, (key, values) in targets.items():
            old = existing.pop(location_key, None)
            if old is None:
                inserts.append(
                    (
                        location_key,
                        key,
                        (
                            "DIST/{}/{}".format(ctx.warehouses[key[1]]["code"], key[0]),
                            key[0],
                            key[1],
                            location_key[1],
                            company.id,
                            ctx.categories.get(key[0]),
                            suppliers.get(key[0]),
                            0.0,
                            *values,
                        ),
                    )
                )
                continue
            ctx.orderpoint_by_segment[key] = old[0]
            if old[1] != values:
                updates.append((old[0], *values))
        # rules the suite set and that no automatic policy owns any more
        # are archived, their levels kept
        archive = []
        for op_id, old in existing.values():
            rule = dict(zip(ORDERPOINT_NAMES, old, strict=True))
            if rule["dist_managed"] and rule["active"]:
                rule["active"] = False
                archive.append((op_id, *(rule[name] for name in ORDERPOINT_NAMES)))
        columns = [
            ("name", "varchar"),
            ("product_id", "int4"),
            ("warehouse_id", "int4"),
            ("location_id", "int4"),
            ("company_id", "int4"),
            ("product_category_id", "int4"),
            ("product_supplier_id", "int4"),
            ("purchase_visibility_days", "float8"),
            *ORDERPOINT_FIELDS,
        ]
        ids = insert_rows(
            self.env,
            "stock_warehouse_orderpoint",
            columns,
            [row for _loc, _key, row in inserts],
            ctx.now,
        )
        for (_loc, key, _row), op_id in zip(inserts, ids, strict=True):
            ctx.orderpoint_by_segment[key] = op_id
        update_rows(
            self.env,
            "stock_warehouse_orderpoint",
            ORDERPOINT_FIELDS,
            updates + archive,
            ctx.now,
        )
        ctx.count("orderpoints_created", len(inserts))
        ctx.count("orderpoints_updated", len(updates))
        ctx.count("orderpoints_archived", len(archive))

    def _dist_orderpoint_product_suppliers(self, product_ids):
        """{product id: partner id} of the "Product Supplier" the ORM stores
        on a new reorder rule (purchase_stock's product_supplier_id): the
        first vendor line of the product's template by sequence, in the
        vendor lines' own order, whatever their company, dates or variant
        (the field is computed as superuser on the template's lines), which
        is not the run's chosen vendor. One query for the new rules only."""
        if not product_ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT ON (pp.id) pp.id, si.partner_id "
                "FROM product_product pp "
                "JOIN product_supplierinfo si "
                "  ON si.product_tmpl_id = pp.product_tmpl_id "
                "WHERE pp.id = ANY(%s) "
                "ORDER BY pp.id, COALESCE(si.sequence, 0), si.min_qty DESC, "
                "si.price, si.id",
                sorted(set(product_ids)),
            )
        )
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------
    # segments
    # ------------------------------------------------------------------

    def _dist_write_segments(self, ctx):
        company = ctx.company
        inserts, updates = [], []
        for key, segment in ctx.segments.items():
            segment.orderpoint_id = ctx.orderpoint_by_segment.get(key)
            segment.computed_at = ctx.anchor
            values = segment_values(segment)
            old = ctx.existing.get(key)
            if old is None:
                inserts.append((key, (company.id, *key, *values)))
                continue
            segment.id, old_values = old
            if old_values != values:
                updates.append((old[0], *values))
        columns = [
            ("company_id", "int4"),
            ("product_id", "int4"),
            ("warehouse_id", "int4"),
            *SEGMENT_FIELDS,
        ]
        ids = insert_rows(
            self.env, "dist_product_segment", columns, [r for _k, r in inserts], ctx.now
        )
        for (key, _row), segment_id in zip(inserts, ids, strict=True):
            ctx.segments[key].id = segment_id
        update_rows(self.env, "dist_product_segment", SEGMENT_FIELDS, updates, ctx.now)
        removed = {
            key: old for key, old in ctx.existing.items() if key not in ctx.segments
        }
        for key, old in removed.items():
            ctx.history.append(
                (
                    key,
                    "segment",
                    "{}{} {}".format(
                        old[1][INDEX["abc_class"]],
                        old[1][INDEX["xyz_class"]],
                        old[1][INDEX["demand_pattern"]],
                    ),
                    "",
                    ctx.text["gone"],
                )
            )
        ctx.count("segments_created", len(inserts))
        ctx.count("segments_updated", len(updates))
        ctx.count("segments_removed", len(removed))
        self._dist_write_history(ctx)
        delete_rows(
            self.env, "dist_product_segment", [old[0] for old in removed.values()]
        )

    def _dist_write_history(self, ctx):
        names = {pid: p.name for pid, p in ctx.policies.items()}
        rows = []
        for key, dimension, old, new, reason in ctx.history:
            if dimension == "policy":
                old = names.get(int(old), old) if old else old
                new = names.get(int(new), new) if new else new
            segment = ctx.segments.get(key)
            rows.append(
                (
                    segment.id if segment else None,
                    ctx.company.id,
                    key[0],
                    key[1],
                    dimension,
                    old or None,
                    new or None,
                    reason,
                    ctx.now,
                )
            )
        ctx.history = insert_rows(
            self.env,
            "dist_product_segment_history",
            [
                ("segment_id", "int4"),
                ("company_id", "int4"),
                ("product_id", "int4"),
                ("warehouse_id", "int4"),
                ("dimension", "varchar"),
                ("old_value", "varchar"),
                ("new_value", "varchar"),
                ("reason", "varchar"),
                ("changed_at", "timestamp"),
            ],
            rows,
            ctx.now,
        )
