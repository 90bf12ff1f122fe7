"""What the replenishment run writes in Odoo's own tables is what the ORM
writes.

- Reorder rules (stock.warehouse.orderpoint): thousands a run, kept
  set-based (one INSERT, one UPDATE); every stored field of every rule the
  run wrote equals that of a rule created through
  ``stock.warehouse.orderpoint.create()`` with the values the run decides,
  Odoo's constraints hold on them, and the ORM would have posted no message.
- Vendor grades (res.partner): written through the ORM, for the vendors
  whose grade changed only.
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from . import test_suppliers
from .common import ANCHOR, ReplenishmentCase

SMOOTH = [100] * 12

# what the run decides on a reorder rule; every other stored field is the
# ORM's: its defaults, its computed and related fields
RUN_DECIDES = (
    "name",
    "product_id",
    "warehouse_id",
    "location_id",
    "company_id",
    "product_min_qty",
    "product_max_qty",
    "qty_multiple",
    "trigger",
    "active",
    "dist_managed",
    "supplier_id",
)
# who and when: compared apart
AUDIT = ("create_uid", "create_date", "write_uid", "write_date")


@tagged("post_install", "-at_install")
class TestRunOrderpoints(ReplenishmentCase):
    """The reorder rules of automatic policies, written set-based by the
    run, row for row what Odoo's ORM writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Farfield Trading"})
        cls.far_vendor = cls.env["res.partner"].create({"name": "Farfield Castings"})
        # bought from two vendors, sold from both warehouses
        cls.bolt = cls.product(
            "Hex bolt M8", cost=10.0, vendors=[cls.vendor, cls.alt_vendor]
        )
        cls.demand(cls.bolt, SMOOTH)
        cls.demand(cls.bolt, SMOOTH, warehouse=cls.wh2)
        # its template's first vendor line is another company's: Odoo's
        # "Product Supplier" is that vendor, the run's choice is not
        cls.gasket = cls.product("Flat gasket", cost=10.0, vendors=[cls.alt_vendor])
        cls.env["product.supplierinfo"].create(
            {
                "product_tmpl_id": cls.gasket.product_tmpl_id.id,
                "partner_id": cls.far_vendor.id,
                "price": 5.0,
                "sequence": 0,
                "company_id": cls.other_company.id,
            }
        )
        cls.demand(cls.gasket, SMOOTH)
        # no vendor at all
        cls.washer = cls.product("Spring washer", cost=10.0, vendors=[])
        cls.demand(cls.washer, SMOOTH)
        cls.Orderpoint = cls.env["stock.warehouse.orderpoint"]

    def setUp(self):
        super().setUp()
        # whatever class the three fall in, they are replenished
        # automatically
        for abc in ("A", "B", "C"):
            self.set_cell_policy(abc, "X", "smooth", "auto")

    # ------------------------------------------------------------------

    def _columns(self):
        return sorted(
            name
            for name, field in self.Orderpoint._fields.items()
            if field.store and field.column_type and name != "id"
        )

    def _rows(self, ids):
        """{(product, location, company): {column: value}} of the rules
        `ids`, as stored."""
        self.env.flush_all()
        columns = self._columns()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM stock_warehouse_orderpoint WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                list(ids),
            )
        )
        rows = [dict(zip(columns, row, strict=True)) for row in self.env.cr.fetchall()]
        return {(r["product_id"], r["location_id"], r["company_id"]): r for r in rows}

    def _rules(self):
        return self.Orderpoint.with_context(active_test=False).search(
            [("company_id", "=", self.company.id), ("dist_managed", "=", True)]
        )

    def assertRulesAsOrmWrites(self, rules, user):
        """Every stored column of `rules` equals that of the rule the ORM
        creates with the values the run decided, as `user` running the
        run (the run's environment: superuser rights, `user`'s id, the
        run's company); Odoo's constraints hold; the ORM posts no message
        on a reorder rule."""
        self.assertTrue(rules)
        run_rows = self._rows(rules.ids)
        self.assertEqual(len(run_rows), len(rules))
        messages = self.env["mail.message"].search_count(
            [("model", "=", "stock.warehouse.orderpoint")]
        )
        savepoint = self.env.cr.savepoint()
        try:
            # the rules are removed first: a product has one rule per
            # location and company
            self.env.cr.execute(
                SQL(
                    "DELETE FROM stock_warehouse_orderpoint WHERE id = ANY(%s)",
                    rules.ids,
                )
            )
            self.env.invalidate_all()
            created = (
                self.Orderpoint.with_user(user)
                .sudo()
                .with_company(self.company)
                .create(
                    [
                        {name: row[name] for name in RUN_DECIDES}
                        for row in run_rows.values()
                    ]
                )
            )
            orm_rows = self._rows(created.ids)
            self.assertEqual(
                self.env["mail.message"].search_count(
                    [("model", "=", "stock.warehouse.orderpoint")]
                ),
                messages,
                "the ORM posts no message on a reorder rule: nor does the run",
            )
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        self.assertEqual(set(run_rows), set(orm_rows))
        # and the ORM, recomputing on the run's rows every stored field it
        # computes that the run does not decide, changes none of them
        computed = [
            name
            for name, field in self.Orderpoint._fields.items()
            if field.store and field.compute and name not in RUN_DECIDES
        ]
        self.assertIn("product_supplier_id", computed)
        savepoint = self.env.cr.savepoint()
        try:
            rules.invalidate_recordset()
            for name in computed:
                self.env.add_to_compute(self.Orderpoint._fields[name], rules)
            rules._recompute_recordset(computed)
            recomputed = self._rows(rules.ids)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        self.assertEqual(recomputed, run_rows)
        compared = [name for name in self._columns() if name not in AUDIT]
        # every stored field, computed and related ones included
        self.assertIn("product_supplier_id", compared)
        self.assertIn("vendor_id", compared)
        self.assertIn("product_category_id", compared)
        for key, run_row in run_rows.items():
            orm_row = orm_rows[key]
            for name in compared:
                self.assertEqual(
                    run_row[name],
                    orm_row[name],
                    f"{name} of the rule of {run_row['name']}",
                )
            for name in AUDIT:
                self.assertTrue(run_row[name], name)
        # Odoo's constraints: the Python ones, the company checks, and the
        # SQL ones (one rule per product, location and company)
        rules.invalidate_recordset()
        rules._validate_fields(list(rules._fields))
        rules._check_company()
        self.env.cr.execute(
            SQL(
                "SELECT product_id, location_id, company_id "
                "FROM stock_warehouse_orderpoint WHERE company_id = %s "
                "GROUP BY 1, 2, 3 HAVING COUNT(*) > 1",
                self.company.id,
            )
        )
        self.assertFalse(self.env.cr.fetchall())
        for rule in rules:
            self.assertLessEqual(rule.product_min_qty, rule.product_max_qty)
            self.assertGreaterEqual(rule.qty_multiple, 0)
        # and no message of the run's either
        self.assertNotIn("message_ids", self.Orderpoint._fields)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "stock.warehouse.orderpoint")]
            ),
            messages,
        )

    # ------------------------------------------------------------------

    def test_rules_created_updated_archived_as_the_orm_writes(self):
        """A purchasing manager presses Run now: the rules created are the
        ORM's; demand grows, the next run updates them; the products leave
        automatic replenishment, the run after archives them: each time,
        the ORM's rows."""
        with freeze_time(ANCHOR + timedelta(hours=12)):
            self.Run.with_user(self.manager).with_context(
                allowed_company_ids=self.company.ids
            ).action_run_now()
        rules = self._rules()
        # the bolt in both warehouses, the gasket, the washer
        self.assertEqual(len(rules), 4)
        gasket_rule = rules.filtered(lambda r: r.product_id == self.gasket)
        self.assertEqual(gasket_rule.product_supplier_id, self.far_vendor)
        self.assertEqual(gasket_rule.vendor_id, self.alt_vendor)
        washer_rule = rules.filtered(lambda r: r.product_id == self.washer)
        self.assertFalse(washer_rule.supplier_id)
        self.assertFalse(washer_rule.product_supplier_id)
        self.assertRulesAsOrmWrites(rules, self.manager)

        # a month later the bolt sells four times as much: its levels rise
        later = ANCHOR + timedelta(days=30)
        self.demand(self.bolt, [400], anchor=later)
        self.demand(self.bolt, [400], anchor=later, warehouse=self.wh2)
        run = self.run_replenishment(anchor=later)
        self.assertGreaterEqual(run.orderpoints_updated, 2)
        self.assertEqual(run.orderpoints_created, 0)
        self.assertRulesAsOrmWrites(self._rules(), self.manager)

        # the products leave automatic replenishment: archived
        active = self._rules().filtered("active")
        self.assertTrue(active)
        for abc in ("A", "B", "C"):
            for xyz in ("X", "Y", "Z"):
                for pattern in ("smooth", "erratic"):
                    self.set_cell_policy(abc, xyz, pattern, "strategic")
        run = self.run_replenishment(anchor=later + timedelta(days=1))
        self.assertEqual(run.orderpoints_archived, len(active))
        rules = self._rules()
        self.assertFalse(any(rules.mapped("active")))
        self.assertRulesAsOrmWrites(rules, self.manager)

    def test_the_nightly_run_writes_as_the_orm_as_its_user(self):
        """The scheduled run, as the cron's user."""
        cron = self.env.ref("dist_purchase_policy.ir_cron_replenishment_run")
        user = cron.user_id
        self.Run.with_user(user).with_context(
            allowed_company_ids=self.company.ids
        )._run_companies(self.company, anchor=ANCHOR, trigger="cron")
        run = self.Run.search([("company_id", "=", self.company.id)])
        self.assertEqual((run.trigger, run.state), ("cron", "done"))
        self.assertEqual(run.orderpoints_created, 4)
        self.assertRulesAsOrmWrites(self._rules(), user)


@tagged("post_install", "-at_install")
class TestRunGrades(ReplenishmentCase):
    """Vendor grades go through the ORM, once per grade, for the vendors
    whose grade in the run's company changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valve = cls.product(
            "Ball valve DN25", cost=10.0, vendors=[cls.vendor, cls.alt_vendor], delay=5
        )
        cls.demand(cls.valve, SMOOTH)
        cls.other_company = cls.env["res.company"].create({"name": "Farfield Trading"})

    def _late_history(self):
        # the receipts of test_suppliers: six orders, delivered a week late
        test_suppliers.TestSupplierGovernance._late_history(self)

    def _order(self, *args, **kwargs):
        return test_suppliers.TestSupplierGovernance._order(self, *args, **kwargs)

    def test_grades_written_through_the_orm_for_changed_vendors_only(self):
        self._late_history()
        self.stock(self.valve, -600.0)
        # the vendor's grade in another company is that company's
        self.vendor.with_company(self.other_company).sudo().dist_vendor_grade = "a"
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT write_uid FROM res_partner WHERE id = %s", self.vendor.id)
        )
        self.assertNotEqual(self.env.cr.fetchone()[0], self.manager.id)
        messages = len(self.vendor.message_ids)

        run = self.run_replenishment()
        self.assertEqual(run.grades_changed, 1)
        self.assertEqual(self.vendor.with_company(self.company).dist_vendor_grade, "d")
        self.assertEqual(
            self.vendor.with_company(self.other_company).dist_vendor_grade, "a"
        )
        # written by the ORM, as the user who ran the run
        self.vendor.invalidate_recordset()
        self.assertEqual(self.vendor.write_uid, self.manager)
        # the grade is not tracked: the ORM posts nothing on the vendor
        self.assertEqual(len(self.vendor.message_ids), messages)

        # the same grade the next day: the vendor is not written again
        run = self.run_replenishment(
            anchor=ANCHOR + timedelta(days=1), user=self.env.ref("base.user_root")
        )
        self.assertEqual(run.grades_changed, 0)
        self.vendor.invalidate_recordset()
        self.assertEqual(self.vendor.write_uid, self.manager)
        self.assertEqual(self.vendor.with_company(self.company).dist_vendor_grade, "d")
