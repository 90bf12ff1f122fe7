import logging
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.dist_replenishment_run import LOCK_KEY
from ..stats import classify
from .common import ANCHOR, ReplenishmentCase

SMOOTH = [100] * 12
ERRATIC = [10, 150, 20, 160, 5, 140, 15, 170, 10, 150, 20, 160]
INTERMITTENT = [0, 0, 20] * 4
LUMPY = [0, 0, 5, 0, 0, 80, 0, 0, 10, 0, 0, 150]
NEW = [30, 35, 40]


@tagged("post_install", "-at_install")
class TestSegmentation(ReplenishmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smooth = cls.product("Smooth bolt", cost=10.0)
        cls.erratic = cls.product("Erratic hinge", cost=4.0)
        cls.intermittent = cls.product("Intermittent pump", cost=12.0)
        cls.lumpy = cls.product("Lumpy valve", cost=3.0)
        cls.new = cls.product("New latch", cost=2.0)
        for product, series in (
            (cls.smooth, SMOOTH),
            (cls.erratic, ERRATIC),
            (cls.intermittent, INTERMITTENT),
            (cls.lumpy, LUMPY),
            (cls.new, NEW),
        ):
            cls.demand(product, series)

    def test_classes_on_a_hand_built_data_set(self):
        run = self.run_replenishment()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.segment_count, 5)
        # History starts at a product's first demand in the window. Annual
        # values: smooth 12,000; erratic 1,010 x 4 = 4,040 (CV 0.84, ADI 1,
        # CV2 of sizes 0.70: erratic Y); intermittent 80 x 12 = 960 over 10
        # months = 1,152; lumpy 245 x 3 = 735 over 10 months = 882; new
        # 105 x 2 over 3 months = 840. Total 18,914; share of value before
        # each: smooth 0 (A), erratic 63.4 % (A), intermittent 84.8 % (B),
        # lumpy 90.9 % (B), new 95.6 % (C).
        expected = {
            self.smooth: ("A", "X", "smooth"),
            self.erratic: ("A", "Y", "erratic"),
            self.intermittent: ("B", "Z", "intermittent"),
            self.new: ("C", "X", "new"),
            self.lumpy: ("B", "Z", "lumpy"),
        }
        for product, classes in expected.items():
            segment = self.segment(product)
            self.assertEqual(
                (segment.abc_class, segment.xyz_class, segment.demand_pattern),
                classes,
                product.name,
            )
        segment = self.segment(self.erratic)
        self.assertAlmostEqual(segment.annual_value, 4040.0, places=2)
        self.assertAlmostEqual(segment.avg_demand, 1010 / 12, places=4)
        mean, std = classify.mean_std(ERRATIC)
        self.assertAlmostEqual(segment.demand_std, std, places=4)
        self.assertAlmostEqual(float(segment.cv), std / mean, places=3)
        self.assertAlmostEqual(
            float(self.segment(self.intermittent).adi), 2.5, places=3
        )
        self.assertEqual(self.segment(self.new).history_periods, 3)
        # the matrix's defaults: fast smooth movers automatic, sparse demand
        # on Croston's family, new items reviewed
        self.assertEqual(self.segment(self.smooth).policy_id, self.policies["auto"])
        self.assertEqual(
            self.segment(self.intermittent).policy_id, self.policies["intermittent"]
        )
        self.assertEqual(self.segment(self.lumpy).policy_id, self.policies["lumpy"])
        self.assertEqual(self.segment(self.new).policy_id, self.policies["new"])
        # intermittent items are forecast by SBA (alpha 0.2) on the series
        # from the first demand: 20 every third period from the first, so
        # size 20, interval 1 -> 1.4 -> 1.72 -> 1.976; Croston 20 / 1.976 =
        # 10.121, SBA 0.9 x 10.121 = 9.109
        self.assertAlmostEqual(
            self.segment(self.intermittent).forecast, 9.109, places=3
        )

    def test_a_purchasing_manager_presses_run_now(self):
        """Run now on the list of runs: the companies selected in the
        switcher run at once, by the purchasing manager, and the list shows
        the run made."""
        with freeze_time(ANCHOR + timedelta(hours=12)):
            action = (
                self.Run.with_user(self.manager)
                .with_context(allowed_company_ids=self.company.ids)
                .action_run_now()
            )
        run = self.Run.search(action["domain"])
        self.assertEqual(len(run), 1)
        self.assertEqual(
            (run.company_id, run.trigger, run.state, run.user_id),
            (self.company, "manual", "done", self.manager),
        )
        self.assertEqual(run.anchor, ANCHOR)
        self.assertEqual(run.segment_count, 5)
        self.assertEqual(self.segment(self.smooth).abc_class, "A")

    def test_second_run_changes_nothing(self):
        first = self.run_replenishment()
        self.assertGreater(first.segments_created, 0)
        segments = self.env["dist.product.segment"].search(
            [("company_id", "=", self.company.id)]
        )
        stamps = segments.mapped("write_date")
        recommendations = self.env["dist.purchase.recommendation"].search(
            [("company_id", "=", self.company.id)]
        )
        second = self.run_replenishment(anchor=ANCHOR + timedelta(hours=9))
        for name in (
            "segments_created",
            "segments_updated",
            "segments_removed",
            "class_changes",
            "orderpoints_created",
            "orderpoints_updated",
            "orderpoints_archived",
            "recommendations_created",
            "recommendations_updated",
            "recommendations_removed",
            "scorecards_written",
        ):
            self.assertEqual(second[name], 0, name)
        segments.invalidate_recordset()
        self.assertEqual(segments.mapped("write_date"), stamps)
        self.assertEqual(
            self.env["dist.purchase.recommendation"].search(
                [("company_id", "=", self.company.id)]
            ),
            recommendations,
        )

    def test_a_concurrent_run_skips_with_a_log_line(self):
        """A second worker holds the company's run lock: this run skips."""
        with self.registry.cursor() as other:
            other.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)",
                    LOCK_KEY,
                    self.company.id,
                )
            )
            self.assertTrue(other.fetchone()[0])
            with self.assertLogs(
                "odoo.addons.dist_purchase_policy.models.dist_replenishment_run",
                level=logging.INFO,
            ) as logs:
                run = self.run_replenishment()
            other.rollback()
        self.assertEqual(run.state, "skipped")
        self.assertIn("skipped", logs.output[0])
        self.assertFalse(
            self.env["dist.product.segment"].search_count(
                [("company_id", "=", self.company.id)]
            )
        )

    def test_class_changes_wait_for_consecutive_runs(self):
        """Crossing the XYZ cut-off inside the margin changes the class only
        after the configured number of run days; a second run the same day
        does not count."""
        self.company.write({"dist_hysteresis_runs": 2, "dist_xyz_margin": 0.2})
        self.run_replenishment()
        segment = self.segment(self.smooth)
        self.assertEqual(segment.xyz_class, "X")
        # one more delivery in the last month: CV rises from 0 to about 0.57,
        # across X (0.5) but within the margin (0.7)
        self.demand(self.smooth, [300], anchor=ANCHOR)
        day2 = ANCHOR + timedelta(days=1)
        self.run_replenishment(anchor=day2)
        self.assertEqual(segment.xyz_class, "X")
        self.assertEqual(segment.xyz_pending, "Y")
        self.assertEqual(segment.xyz_pending_runs, 1)
        self.run_replenishment(anchor=day2 + timedelta(hours=3))
        self.assertEqual(segment.xyz_pending_runs, 1)
        run = self.run_replenishment(anchor=day2 + timedelta(days=1))
        self.assertEqual(segment.xyz_class, "Y")
        self.assertFalse(segment.xyz_pending)
        self.assertEqual(run.class_changes, 1)
        change = segment.history_ids.filtered(lambda h: h.dimension == "xyz")
        self.assertEqual((change.old_value, change.new_value), ("X", "Y"))
        self.assertIn("consecutive", change.reason)

    def test_a_decisive_crossing_changes_at_once(self):
        self.company.write({"dist_hysteresis_runs": 3, "dist_xyz_margin": 0.1})
        self.run_replenishment()
        self.demand(self.smooth, [2000], anchor=ANCHOR)
        self.run_replenishment(anchor=ANCHOR + timedelta(days=1))
        segment = self.segment(self.smooth)
        self.assertEqual(segment.xyz_class, "Z")
        change = segment.history_ids.filtered(lambda h: h.dimension == "xyz")
        self.assertIn("margin", change.reason)

    def _company_with_products(self, name, count):
        company = self.env["res.company"].create({"name": name})
        warehouse = self.warehouse_of(company)
        for index in range(count):
            product = (
                self.env["product.product"]
                .with_company(company)
                .create(
                    {
                        "name": f"{name} item {index}",
                        "is_storable": True,
                        "standard_price": 1.0 + index,
                    }
                )
            )
            self.demand(product, SMOOTH if index % 2 else INTERMITTENT, warehouse)
        return company

    def test_the_run_query_count_does_not_grow_with_products(self):
        small = self._company_with_products("Small Lot Traders", 2)
        large = self._company_with_products("Bulk Lot Traders", 12)
        small_run = self.Run._run_company(small, anchor=ANCHOR)
        large_run = self.Run._run_company(large, anchor=ANCHOR)
        self.assertEqual((small_run.segment_count, large_run.segment_count), (2, 12))
        self.assertEqual(small_run.query_count, large_run.query_count)

    def test_a_matrix_with_holes_is_refused(self):
        with self.assertRaises(UserError):
            self.cells[:1].with_user(self.manager).unlink()
        policy = self.policies["auto"]
        with self.assertRaises(Exception) as caught:
            policy.with_user(self.manager).active = False
        self.assertIn("holes", str(caught.exception))
        # a hole made behind the ORM's back stops the run with the cell named
        cell = self.cells[0]
        label = "/".join((cell.abc_class, cell.xyz_class, cell.demand_pattern))
        self.env.cr.execute(
            SQL("DELETE FROM dist_policy_matrix_cell WHERE id = %s", cell.id)
        )
        self.env.invalidate_all()
        with self.assertRaises(UserError) as caught:
            self.run_replenishment()
        self.assertIn(label, str(caught.exception))
