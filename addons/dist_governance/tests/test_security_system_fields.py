from freezegun import freeze_time

from odoo.tests import tagged

from .common import DistGovernanceCase
from .system_fields import SystemFieldsChecks

# a value for each field the register keeps
EXCEPTION_SYSTEM_VALUES = {
    "name": "EXC-FORGED",
    "recurrence_count": 42,
    "detected_date": "2020-01-01 00:00:00",
    "last_detected_date": "2020-01-01 00:00:00",
    "escalated_date": "2020-01-02 00:00:00",
    "resolved_date": "2020-01-03 00:00:00",
}


@tagged("post_install", "-at_install")
class TestExceptionSystemFields(DistGovernanceCase, SystemFieldsChecks):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.exception_type = cls.env["dist.exception.type"].create(
            {
                "code": "test_sysfields",
                "name": "System fields test",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
                "escalation_group_id": cls.env.ref(
                    "dist_governance.group_governance_controller"
                ).id,
                "resolution_hours": 24,
            }
        )
        cls.source = cls.env["res.partner"].create({"name": "Forged source"})
        cls.Exception = cls.env["dist.exception"].with_user(cls.owner)
        cls.base_vals = {
            "type_id": cls.exception_type.id,
            "summary": "Typed by hand",
            "res_model": "res.partner",
            "res_id": cls.source.id,
        }
        cls.domain = [("type_id", "=", cls.exception_type.id)]

    def test_create_with_a_system_field_is_refused(self):
        for field, value in EXCEPTION_SYSTEM_VALUES.items():
            self.assert_create_refused(
                self.Exception, self.base_vals, field, value, self.domain
            )

    def test_a_context_default_sets_no_system_field(self):
        exception = self.Exception.with_context(
            default_recurrence_count=42, default_name="EXC-FORGED"
        ).create(self.base_vals)
        self.assertEqual(exception.recurrence_count, 1)
        self.assertNotEqual(exception.name, "EXC-FORGED")

    def test_write_of_a_system_field_is_refused(self):
        exception = self.Exception.create(self.base_vals)
        for field, value in {
            **EXCEPTION_SYSTEM_VALUES,
            "res_model": "res.users",
            "res_id": self.owner.id,
        }.items():
            self.assert_write_refused(exception, field, value)

    def test_import_of_a_system_field_is_refused(self):
        for field, value in EXCEPTION_SYSTEM_VALUES.items():
            self.assert_load_refused(
                self.Exception,
                ["type_id/.id", "summary", "res_model", "res_id", field],
                [
                    str(self.exception_type.id),
                    "Imported",
                    "res.partner",
                    str(self.source.id),
                    str(value),
                ],
                self.domain,
            )

    @freeze_time("2026-03-02 08:00:00")
    def test_ordinary_create_and_the_registers_own_paths(self):
        exception = self.Exception.create(self.base_vals)
        self.assertNotEqual(exception.name, "New")
        self.assertEqual(str(exception.detected_date), "2026-03-02 08:00:00")
        self.assertEqual(exception.recurrence_count, 1)
        # raising again counts a recurrence
        again = self.Exception.raise_exception(
            "test_sysfields", self.source, "Raised again"
        )
        self.assertEqual(again, exception)
        self.assertEqual(exception.recurrence_count, 2)
        # resolving stamps the date
        exception.root_cause_id = self.env.ref(
            "dist_governance.root_cause_receiving_backlog"
        )
        exception.action_resolve()
        self.assertEqual(exception.state, "resolved")
        self.assertTrue(exception.resolved_date)
        # a copy takes a reference and a detection of its own
        copy = exception.copy()
        self.assertNotEqual(copy.name, exception.name)
        self.assertEqual(copy.recurrence_count, 1)
        # escalation stamps its date
        other = self.env["res.partner"].create({"name": "Overdue source"})
        overdue = self.Exception.create({**self.base_vals, "res_id": other.id})
        with freeze_time("2026-03-10 08:00:00"):
            self.env["dist.exception"]._cron_escalate_overdue()
        self.assertTrue(overdue.escalated_date)
