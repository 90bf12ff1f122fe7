from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.base.models.ir_cron import CompletionStatus

from .common import DistRolesCase


@tagged("post_install", "-at_install")
class TestOpsSignals(DistRolesCase):
    """A failing scheduled action is one open exception of the register for
    the governance controller, resolved once the action runs fine again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.controller = cls.role_user(
            "ops_controller",
            "dist_governance.group_governance_controller",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )
        cls.cron = cls.env["ir.cron"].create(
            {
                "name": "Ops test action",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "state": "code",
                "code": "model.browse()",
                "interval_number": 1,
                "interval_type": "days",
            }
        )

    def _exceptions(self):
        return self.env["dist.exception"].search(
            [
                ("type_id.code", "=", "ops_cron_failed"),
                ("res_model", "=", "ir.cron"),
                ("res_id", "=", self.cron.id),
            ]
        )

    def test_failing_cron_raises_once_then_resolves(self):
        Exception_ = self.env["dist.exception"]
        Exception_._dist_ops_signals()
        self.assertFalse(self._exceptions())

        self.cron.write({"failure_count": 3})
        Exception_._dist_ops_signals()
        exception = self._exceptions()
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.state, "open")
        self.assertEqual(
            exception.owner_group_id,
            self.env.ref("dist_governance.group_governance_controller"),
        )
        self.assertEqual(exception.owner_id, self.controller)
        self.assertIn("Ops test action", exception.summary)
        # the controller sees it in the register
        self.assertEqual(
            self.as_user(Exception_, self.controller).search(
                [("id", "=", exception.id)]
            ),
            exception,
        )

        self._raised_hours_ago(exception, 2)

        # checked again while still failing: still one, its count told
        self.cron.write({"failure_count": 4})
        Exception_._dist_ops_signals()
        self.assertEqual(self._exceptions(), exception)
        self.assertEqual(exception.state, "open")
        self.assertEqual(exception.recurrence_count, 1)
        self.assertIn("4 time(s)", exception.summary)

        # Odoo switches it off after one more failure a week after the
        # first, and resets its count to 0 as it does so
        self._raised_hours_ago(exception, 2)
        self._odoo_runs(
            CompletionStatus.FAILED,
            first_failure_date=fields.Datetime.now() - timedelta(days=8),
            ago=60,
        )
        self.assertFalse(self.cron.active)
        self.assertEqual(self.cron.failure_count, 0)
        Exception_._dist_ops_signals()
        self.assertEqual(self._exceptions(), exception)
        self.assertEqual(exception.state, "open")
        self.assertIn("switched off by Odoo", exception.summary)
        self.assertIn("administrator reactivates", exception.summary)

        # reactivated by an administrator, not run yet: still open
        self.cron.write({"active": True})
        Exception_._dist_ops_signals()
        self.assertEqual(exception.state, "open")

        # it runs fine again: Odoo keeps its count at 0 and stamps the run;
        # the check resolves it
        self._raised_hours_ago(exception, 2)
        self._odoo_runs(CompletionStatus.FULLY_DONE)
        Exception_._dist_ops_signals()
        self.assertEqual(self._exceptions(), exception)
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(
            exception.root_cause_id, self.env.ref("dist_governance.root_cause_platform")
        )

        # failing anew: a new exception
        self.cron.write({"failure_count": 1})
        Exception_._dist_ops_signals()
        self.assertEqual(len(self._exceptions()), 2)

    def _odoo_runs(self, status, first_failure_date=None, ago=0):
        """What Odoo's cron worker does to the action after a run `ago`
        minutes back: its failure count (and switch-off), the run's stamp
        (a failed run's too)."""
        cron = self.cron
        cron._update_failure_count(
            {
                "id": cron.id,
                "cron_name": cron.name,
                "active": cron.active,
                "failure_count": cron.failure_count,
                "first_failure_date": first_failure_date or cron.first_failure_date,
            },
            status,
        )
        self.env.cr.execute(
            SQL(
                "UPDATE ir_cron SET lastcall = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(minutes=ago),
                cron.id,
            )
        )
        cron.invalidate_recordset()

    def _raised_hours_ago(self, exception, hours):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE dist_exception SET detected_date = %(moment)s, "
                "last_detected_date = %(moment)s, deadline = NULL "
                "WHERE id = %(id)s",
                moment=fields.Datetime.now() - timedelta(hours=hours),
                id=exception.id,
            )
        )
        exception.invalidate_recordset()

    def test_switched_off_by_odoo_stays_open(self):
        """Odoo's deactivation resets the count: the exception stays open
        however often the check runs, until the action runs fine again."""
        Exception_ = self.env["dist.exception"]
        self.cron.write({"failure_count": 4})
        Exception_._dist_ops_signals()
        exception = self._exceptions()
        self._raised_hours_ago(exception, 2)
        self._odoo_runs(
            CompletionStatus.FAILED,
            first_failure_date=fields.Datetime.now() - timedelta(days=8),
            ago=60,
        )
        for _check in range(2):
            raised, resolved = Exception_._dist_ops_signals()["ops_cron_failed"]
            self.assertFalse(raised)
            self.assertFalse(resolved)
        self.assertEqual(self._exceptions(), exception)
        self.assertEqual(exception.state, "open")
        # the controller reads why in the register
        self.assertIn(
            "switched off by Odoo",
            self.as_user(Exception_, self.controller).browse(exception.id).summary,
        )

    def test_no_signal_when_the_type_is_archived(self):
        self.env.ref("dist_governance.exception_type_ops_cron_failed").active = False
        self.cron.write({"failure_count": 4})
        self.env["dist.exception"]._dist_ops_signals()
        self.assertFalse(self._exceptions())

    def test_scheduled_check(self):
        check = self.env.ref("dist_governance.ir_cron_dist_ops_signals")
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "dist_governance"),
                ("name", "=", "ir_cron_dist_ops_signals"),
            ]
        )
        self.assertTrue(data.noupdate)
        self.cron.write({"failure_count": 2})
        check.method_direct_trigger()
        self.assertEqual(len(self._exceptions()), 1)
