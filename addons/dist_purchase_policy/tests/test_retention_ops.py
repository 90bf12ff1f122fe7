from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestRunRetention(DistRolesCase):
    """The nightly retention archives each company's finished runs past its
    days; the settings are the governance controller's, not a buyer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create(
            {"name": "Runs North", "dist_archive_after_days": 365}
        )
        cls.south = Company.create({"name": "Runs South", "dist_archive_after_days": 0})
        cls.buyer = cls.role_user(
            "runs_buyer",
            "dist_purchase_policy.group_buyer",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )
        cls.controller = cls.role_user(
            "runs_controller",
            "dist_governance.group_governance_controller",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )

    def _run(self, company, state, days_ago):
        return self.env["dist.replenishment.run"].create(
            {
                "company_id": company.id,
                "state": state,
                "trigger": "cron",
                "started_at": fields.Datetime.now() - timedelta(days=days_ago),
            }
        )

    def test_finished_runs_archived_per_company(self):
        old = self._run(self.north, "done", 400)
        old_skipped = self._run(self.north, "skipped", 500)
        recent = self._run(self.north, "done", 30)
        south_old = self._run(self.south, "done", 900)
        audit = self.env["dist.audit.entry"].sudo().search([])

        done = (self.north | self.south)._dist_retention()

        self.assertEqual(done["replenishment_runs"], 2)
        self.assertFalse(old.active)
        self.assertFalse(old_skipped.active)
        self.assertTrue(recent.active)
        # south archives nothing (0 days)
        self.assertTrue(south_old.active)
        self.assertEqual(
            self.env["dist.replenishment.run"].search(
                [("company_id", "=", self.north.id)]
            ),
            recent,
        )
        self.assertEqual(audit.exists(), audit)

    def test_the_scheduled_retention_runs_the_purchase_part(self):
        old = self._run(self.north, "done", 400)
        self.env.ref("dist_governance.ir_cron_dist_retention").method_direct_trigger()
        self.assertFalse(old.active)

    def test_buyer_may_not_write_the_retention(self):
        # through the settings form (an RPC create or write on it)
        with self.assertRaises(AccessError):
            self.as_user(self.env["dist.governance.settings"], self.buyer).create(
                {"dist_archive_after_days": 0}
            )
        # nor on the company itself
        with self.assertRaises(AccessError):
            self.as_user(self.north, self.buyer).write(
                {"dist_archive_after_days": 0, "dist_kpi_retention_months": 0}
            )
        self.assertEqual(self.north.dist_archive_after_days, 365)
        # the controller may
        settings = self.as_user(
            self.env["dist.governance.settings"], self.controller
        ).create({"dist_archive_after_days": 90})
        settings.action_save()
        self.assertEqual(self.north.dist_archive_after_days, 90)


@tagged("post_install", "-at_install")
class TestJobSignals(DistRolesCase):
    """A failed queued job, or one stuck started or enqueued, is one open
    exception for the governance controller, resolved once the job is
    done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Jobs Company"})
        cls.controller = cls.role_user(
            "jobs_controller",
            "dist_governance.group_governance_controller",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Exception = cls.env["dist.exception"]

    def _job(self):
        before = self.env["queue.job"].search([])
        self.env["res.partner"].with_company(self.company).with_delay(
            description="Jobs test job"
        ).exists()
        job = self.env["queue.job"].search([]) - before
        self.assertEqual(len(job), 1)
        return job

    def _set(self, job, **values):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE queue_job SET %s WHERE id = %s",
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(name), value)
                    for name, value in values.items()
                ),
                job.id,
            )
        )
        job.invalidate_recordset()

    def _exceptions(self, job, code):
        return self.Exception.search(
            [
                ("type_id.code", "=", code),
                ("res_model", "=", "queue.job"),
                ("res_id", "=", job.id),
            ]
        )

    def test_failed_job(self):
        job = self._job()
        self.Exception._dist_ops_signals()
        self.assertFalse(self._exceptions(job, "ops_job_failed"))

        self._set(job, state="failed", exc_message="division by zero")
        self.Exception._dist_ops_signals()
        exception = self._exceptions(job, "ops_job_failed")
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.company_id, self.company)
        self.assertEqual(exception.owner_id, self.controller)
        self.assertIn("division by zero", exception.summary)
        # checked again: still one
        self.Exception._dist_ops_signals()
        self.assertEqual(self._exceptions(job, "ops_job_failed"), exception)
        self.assertEqual(exception.state, "open")

        self._set(job, state="done", date_done=fields.Datetime.now())
        self.Exception._dist_ops_signals()
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(self._exceptions(job, "ops_job_failed"), exception)

    def test_stuck_job(self):
        job = self._job()
        long_ago = fields.Datetime.now() - timedelta(hours=3)
        # started a minute ago: not stuck
        self._set(
            job,
            state="started",
            date_started=fields.Datetime.now() - timedelta(minutes=1),
        )
        self.Exception._dist_ops_signals()
        self.assertFalse(self._exceptions(job, "ops_job_stuck"))

        self._set(job, state="started", date_started=long_ago)
        self.Exception._dist_ops_signals()
        exception = self._exceptions(job, "ops_job_stuck")
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.state, "open")

        # a threshold above its age: no longer stuck
        self.env["ir.config_parameter"].set_param(
            "dist_purchase_policy.job_stuck_minutes", "600"
        )
        self.Exception._dist_ops_signals()
        self.assertEqual(exception.state, "resolved")
        self.env["ir.config_parameter"].set_param(
            "dist_purchase_policy.job_stuck_minutes", "60"
        )

        # enqueued for long: stuck again (a new exception), then done
        self._set(job, state="enqueued", date_enqueued=long_ago)
        self.Exception._dist_ops_signals()
        again = self._exceptions(job, "ops_job_stuck") - exception
        self.assertEqual(len(again), 1)
        self._set(job, state="done", date_done=fields.Datetime.now())
        self.Exception._dist_ops_signals()
        self.assertEqual(again.state, "resolved")
