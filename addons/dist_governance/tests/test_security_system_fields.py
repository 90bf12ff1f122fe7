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
DIST_ADDONS = (
    "dist_governance",
    "dist_purchase_policy",
    "dist_wms_rules",
    "dist_helpdesk_cases",
)
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date"}
# Stored fields the suite computes or shows read-only that stay off the
# system-field lists, each for its reason; any other such field of a model a
# role may create or write must be on its model's lists.
ALLOWED = {
    # governed approval documents: their states, the matrix's generated
    # tiers and a waiver's grantor belong to the approval state machines
    ("dist.approval.matrix", "tier_definition_id"),
    ("tier.definition", "dist_matrix_line_id"),
    ("dist.sod.waiver", "granted_by_id"),
    ("dist.case.resolution", "state"),
    ("dist.inventory.adjustment", "state"),
    ("dist.policy.override", "state"),
    # decided with Apply or Reject only: write() asks for the buttons' token,
    # which no RPC caller can send
    ("dist.leadtime.proposal", "state"),
    ("dist.leadtime.proposal", "decided_by_id"),
    ("dist.leadtime.proposal", "decided_at"),
}
ALLOWED_MODELS = {
    # no role creates recommendations (the run does) and write() lets only
    # the buyer's EDITABLE fields through, the rest to the buttons' token
    "dist.purchase.recommendation",
    # reviews are the approval engine's (tier validation), with the approval
    # state machines' guards
    "tier.review",
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


@tagged("post_install", "-at_install")
class TestEverySystemFieldIsListed(DistGovernanceCase):
    """A stored field the suite computes, or shows read-only, on a model a
    role may create or write, is either on the model's system-field lists
    (dist.system.fields.mixin) or allowed above with its reason: a new
    field cannot forget the guard."""

    def _writable_models(self):
        """Models some group may create or write (the superuser aside)."""
        access = (
            self.env["ir.model.access"]
            .sudo()
            .search(["|", ("perm_create", "=", True), ("perm_write", "=", True)])
        )
        return set(access.mapped("model_id.model"))

    def test_every_system_field_is_listed(self):
        writable = self._writable_models()
        missing = []
        for name in sorted(self.env.registry.models):
            Model = self.env[name]
            if Model._abstract or Model._transient or not Model._auto:
                continue
            if name not in writable or name in ALLOWED_MODELS:
                continue  # no role writes it: its access rights guard it
            listed = set()
            if hasattr(Model, "_dist_system_field_names"):
                listed = (
                    Model._dist_system_field_names() | Model._dist_fixed_field_names()
                )
            for fname, field in Model._fields.items():
                if fname in MAGIC or not field.store or field.type == "one2many":
                    continue
                if not set(field._modules or ()) & set(DIST_ADDONS):
                    continue
                if field.related:
                    continue
                system = (field.compute and not field.inverse) or field.readonly
                if not system or fname in listed or (name, fname) in ALLOWED:
                    continue
                missing.append(f"{name}.{fname}")
        self.assertFalse(
            missing,
            "Stored computed or read-only fields that users may set: list them "
            "in the model's _dist_system_fields (or allow them in this test, "
            "with the reason)",
        )
