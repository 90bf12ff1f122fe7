from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.convert import convert_file

from .migration import run_migration

CRONS = (
    "ir_cron_dist_exception_escalate",
    "ir_cron_tier_review_escalate",
    "ir_cron_dist_approval_delegation_refresh",
)


@tagged("post_install", "-at_install")
class TestCronNoupdate(TransactionCase):
    """The scheduled actions are noupdate (18.0.1.6.0): an administrator's
    interval survives upgrades, in databases made before too."""

    def _xmlids(self):
        return self.env["ir.model.data"].search(
            [("module", "=", "dist_governance"), ("name", "in", CRONS)]
        )

    def test_pre_migration_marks_the_crons_noupdate(self):
        xmlids = self._xmlids()
        self.assertEqual(len(xmlids), len(CRONS))
        # as a database made by 18.0.1.5.0 has them
        xmlids.write({"noupdate": False})
        run_migration(
            self.env, "dist_governance", "18.0.1.6.0", "pre-cron_noupdate", "18.0.1.5.0"
        )
        self.assertTrue(all(self._xmlids().mapped("noupdate")))

    def test_admin_interval_survives_reloading_the_data(self):
        admin = new_test_user(
            self.env,
            login="dist_cron_admin",
            groups="base.group_user,base.group_system",
        )
        cron = self.env.ref("dist_governance.ir_cron_dist_exception_escalate")
        cron.with_user(admin).write({"interval_number": 3, "interval_type": "days"})
        # what `-u dist_governance` does with the file
        convert_file(
            self.env,
            "dist_governance",
            "data/dist_exception_data.xml",
            {},
            mode="update",
        )
        self.env.invalidate_all()
        self.assertEqual((cron.interval_number, cron.interval_type), (3, "days"))
