from odoo import Command
from odoo.tests import tagged

from ..hooks import release_shipped_records
from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestUninstallHook(DistGovernanceCase):
    """What an addon's uninstall hook removes before Odoo deletes the records
    the addon shipped, so that they can go: the history pointing at them.
    Uninstalling is the administrator's act and the hook runs as the
    superuser: so does the call here (on records given an external id of a
    pretend addon; rolled back with the test). make test-uninstall runs the
    real uninstalls."""

    ADDON = "dist_test_pretend_addon"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.role = env["res.groups"].create({"name": "Pretend addon role"})
        cls.kpi = env.ref("dist_governance.kpi_exceptions_raised")
        cls.shipped_type = env.ref("dist_governance.exception_type_manual")
        cls.duty = env.ref("dist_governance.sod_duty_maintains_approval_rules")
        for name, record in (
            ("role", cls.role),
            ("kpi", cls.kpi),
            ("type", cls.shipped_type),
            ("duty", cls.duty),
        ):
            env["ir.model.data"].create(
                {
                    "module": cls.ADDON,
                    "name": name,
                    "model": record._name,
                    "res_id": record.id,
                }
            )
        cls.snapshot = (
            env["dist.kpi.snapshot"]
            .sudo()
            .create(
                {
                    "kpi_id": cls.kpi.id,
                    "company_id": env.company.id,
                    "date": "2000-01-03",
                    "numerator": 1,
                    "denominator": 1,
                }
            )
        )
        cls.source = env["res.partner"].create({"name": "Pretend source"})
        cls.exception = (
            env["dist.exception"]
            .with_user(cls.owner)
            .raise_exception("manual", cls.source, "Seen on the dock")
        )
        other_duty = env["dist.sod.duty"].create(
            {
                "code": "test_pretend_duty",
                "name": "Pretend duty",
                "group_ids": [Command.set(cls.role.ids)],
            }
        )
        cls.rule = (
            env["dist.sod.rule"]
            .with_user(cls.controller)
            .create(
                {
                    "duty_a_id": cls.duty.id,
                    "duty_b_id": other_duty.id,
                    "reason": "Pretend conflict.",
                }
            )
        )
        # an administrator's own type, owned by the pretend addon's role
        cls.own_type = env["dist.exception.type"].create(
            {
                "code": "test_pretend_owned",
                "name": "Owned by the pretend role",
                "owner_group_id": cls.role.id,
                "escalation_group_id": cls.role.id,
            }
        )
        cls.untouched_type = env["dist.exception.type"].create(
            {
                "code": "test_pretend_other",
                "name": "Owned by the process owners",
                "owner_group_id": env.ref("dist_governance.group_process_owner").id,
            }
        )

    def test_history_of_the_shipped_records_goes_first(self):
        release_shipped_records(self.env, self.ADDON)
        self.env.invalidate_all()
        self.assertFalse(self.snapshot.exists())
        self.assertFalse(self.exception.exists())
        self.assertFalse(self.rule.exists())
        # the shipped records themselves are Odoo's to delete, now free to go
        self.assertTrue(self.kpi.exists())
        self.assertTrue(self.shipped_type.exists())
        self.assertTrue(self.duty.exists())
        self.assertTrue(self.role.exists())

    def test_own_types_of_a_removed_role_go_to_the_controller(self):
        release_shipped_records(self.env, self.ADDON)
        self.env.invalidate_all()
        controller = self.env.ref("dist_governance.group_governance_controller")
        self.assertEqual(self.own_type.owner_group_id, controller)
        self.assertFalse(self.own_type.escalation_group_id)
        self.assertEqual(
            self.untouched_type.owner_group_id,
            self.env.ref("dist_governance.group_process_owner"),
        )

    def test_governance_itself_takes_the_types_of_its_roles(self):
        """With dist_governance, its roles go: the types they own go too,
        with their exceptions (their tables go right after)."""
        exception = (
            self.env["dist.exception"]
            .with_user(self.owner)
            .raise_exception("test_pretend_other", self.source, "Seen again")
        )
        release_shipped_records(self.env, "dist_governance")
        self.env.invalidate_all()
        self.assertFalse(self.untouched_type.exists())
        self.assertFalse(exception.exists())
        self.assertTrue(self.own_type.exists())
