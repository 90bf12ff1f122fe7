from odoo import Command
from odoo.tests import tagged

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

        # checked again while still failing, even deactivated: still one
        self.cron.write({"failure_count": 5, "active": False})
        Exception_._dist_ops_signals()
        self.assertEqual(self._exceptions(), exception)
        self.assertEqual(exception.state, "open")

        # it runs fine again: Odoo resets its count, the check resolves it
        self.cron.write({"failure_count": 0, "active": True})
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
