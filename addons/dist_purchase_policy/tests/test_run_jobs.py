from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from .common import ANCHOR, ReplenishmentCase


@tagged("post_install", "-at_install")
class TestRunJobs(ReplenishmentCase):
    """A large company's nightly run is split into queued jobs: the vendor
    scorecards, then one job per warehouse; the result is the run's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for index in range(3):
            product = cls.product(f"Split item {index}", cost=5.0 + index)
            cls.demand(product, [50 + 10 * index] * 12)
            cls.demand(product, [0, 0, 20] * 4, warehouse=cls.wh2)

    def _state(self):
        segments = self.env["dist.product.segment"].search(
            [("company_id", "=", self.company.id)]
        )
        rules = self.env["stock.warehouse.orderpoint"].search(
            [("company_id", "=", self.company.id), ("dist_managed", "=", True)]
        )
        recommendations = self.env["dist.purchase.recommendation"].search(
            [("company_id", "=", self.company.id)]
        )
        return (
            sorted(
                (s.product_id.id, s.warehouse_id.id, s.abc_class, s.policy_id.id)
                for s in segments
            ),
            sorted(
                (r.product_id.id, r.product_min_qty, r.product_max_qty) for r in rules
            ),
            sorted(
                (r.product_id.id, r.warehouse_id.id, r.quantity)
                for r in recommendations
            ),
        )

    def test_a_large_company_runs_as_jobs_with_the_same_result(self):
        self.run_replenishment()
        inline = self._state()
        self.assertEqual(len(inline[0]), 6)
        jobs = self._enqueued(lambda: self.Run._dist_enqueue(self.company, ANCHOR))
        methods = sorted(job.method_name for job in jobs)
        self.assertEqual(
            methods, ["_dist_job_vendors", "_dist_job_warehouse", "_dist_job_warehouse"]
        )
        # the warehouse jobs wait for the vendors' job (scorecards first)
        vendors = jobs.filtered(lambda j: j.method_name == "_dist_job_vendors")
        for job in jobs - vendors:
            self.assertIn(vendors.uuid, job.dependencies["depends_on"], job.method_name)
        for job in vendors + (jobs - vendors):
            Job.load(self.env, job.uuid).perform()
        runs = self.Run.search(
            [("company_id", "=", self.company.id), ("trigger", "=", "job")]
        )
        self.assertEqual(len(runs), 3)
        self.assertEqual(set(runs.mapped("state")), {"done"})
        self.assertEqual(
            sorted(runs.mapped("scope")),
            sorted(["Vendor scorecards", self.wh1.code, self.wh2.code]),
        )
        # each warehouse job kept to its warehouse: nothing of the other
        # was archived or removed, and the day's result is unchanged
        self.assertEqual(self._state(), inline)
        self.assertEqual(sum(runs.mapped("segments_removed")), 0)
        self.assertEqual(sum(runs.mapped("orderpoints_archived")), 0)

    def _enqueued(self, action):
        before = self.env["queue.job"].search([])
        action()
        return self.env["queue.job"].search([]) - before

    def test_the_nightly_job_splits_only_above_the_threshold(self):
        self.run_replenishment()
        self.company.dist_job_threshold = 0
        jobs = self._enqueued(self.Run._cron_run)
        self.assertFalse(jobs.filtered(lambda j: j.model_name == self.Run._name))
        self.company.dist_job_threshold = 5
        jobs = self._enqueued(self.Run._cron_run)
        self.assertEqual(
            len(jobs.filtered(lambda j: j.model_name == self.Run._name)), 3
        )
