from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestConflictingDuties(DistGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_group = cls.env.ref("dist_governance.group_process_owner")
        cls.controller_group = cls.env.ref(
            "dist_governance.group_governance_controller"
        )
        Duty = cls.env["dist.sod.duty"]
        cls.owns = Duty.create(
            {
                "code": "test_owns_process",
                "name": "Owns a process",
                "group_ids": [Command.set(cls.owner_group.ids)],
            }
        )
        cls.configures = Duty.create(
            {
                "code": "test_configures_controls",
                "name": "Configures controls",
                "group_ids": [Command.set(cls.controller_group.ids)],
            }
        )
        # someone who already held both before the rule existed
        cls.both = cls.role_user(
            "dist_sod_both",
            "dist_governance.group_process_owner",
            "dist_governance.group_governance_controller",
        )
        cls.rule = (
            cls.env["dist.sod.rule"]
            .with_user(cls.controller)
            .create(
                {
                    "duty_a_id": cls.owns.id,
                    "duty_b_id": cls.configures.id,
                    "reason": "Nobody audits the process they run.",
                }
            )
        )

    def test_giving_both_duties_is_refused_and_names_the_pair(self):
        with self.assertRaises(ValidationError) as refused:
            self.owner.write({"groups_id": [Command.link(self.controller_group.id)]})
        message = str(refused.exception)
        self.assertIn("Owns a process and Configures controls", message)
        self.assertIn(self.owner.name, message)
        self.env.invalidate_all()
        self.assertNotIn(self.owner, self.controller_group.users)

    def test_adding_users_to_a_group_is_checked_too(self):
        with self.assertRaises(ValidationError):
            self.controller_group.write({"users": [Command.link(self.owner.id)]})
        self.env.invalidate_all()
        self.assertNotIn(self.owner, self.controller_group.users)

    def test_a_new_group_cannot_bring_both_duties(self):
        with self.assertRaises(ValidationError):
            self.env["res.groups"].create(
                {
                    "name": "Owners who configure",
                    "users": [Command.link(self.owner.id)],
                    "implied_ids": [Command.link(self.controller_group.id)],
                }
            )
        self.env.invalidate_all()
        self.assertNotIn(self.owner, self.controller_group.users)

    def test_a_logged_waiver_allows_it_until_its_end(self):
        with freeze_time("2026-05-04"):
            waiver = (
                self.env["dist.sod.waiver"]
                .with_user(self.controller)
                .create(
                    {
                        "rule_id": self.rule.id,
                        "user_id": self.owner.id,
                        "reason": "Interim while the controller is on leave",
                        "date_from": "2026-05-01",
                        "date_to": "2026-05-31",
                    }
                )
            )
            self.owner.write({"groups_id": [Command.link(self.controller_group.id)]})
            self.assertIn(self.owner, self.controller_group.users)
        self.assertEqual(waiver.granted_by_id, self.controller)
        entry = self.env["dist.audit.entry"].search(
            [("res_model", "=", "dist.sod.waiver"), ("res_id", "=", waiver.id)]
        )
        self.assertEqual(entry.event, "waiver")
        self.assertIn("Interim", entry.new_value)
        with self.assertRaises(ValidationError):
            waiver.with_user(self.controller).write({"reason": "something else"})
        with self.assertRaises(AccessError):
            waiver.with_user(self.controller).unlink()
        with self.assertRaises(AccessError):
            waiver.with_user(self.executive).write({"date_to": "2027-01-01"})
        # after the waiver ends, the same assignment is refused
        with freeze_time("2026-06-02"), self.assertRaises(ValidationError):
            self.executive.write(
                {
                    "groups_id": [
                        Command.link(self.owner_group.id),
                        Command.link(self.controller_group.id),
                    ]
                }
            )

    def test_the_report_lists_who_holds_a_conflicting_pair(self):
        conflicts = self.env["dist.sod.conflict"].with_user(self.controller)
        found = conflicts.search([("rule_id", "=", self.rule.id)])
        self.assertIn(self.both, found.user_id)
        self.assertNotIn(self.owner, found.user_id)
        self.assertFalse(found.filtered(lambda c: c.user_id == self.both).waived)
        with self.assertRaises(AccessError):
            self.env["dist.sod.conflict"].with_user(self.plain_user).search([])

    def test_rules_stay_in_their_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.env["dist.sod.rule"].create(
            {
                "company_id": other.id,
                "duty_a_id": self.owns.id,
                "duty_b_id": self.configures.id,
            }
        )
        foreign = self.role_user(
            "dist_sod_foreign",
            "dist_governance.group_governance_controller",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        # the controller's company's rules only (other addons ship pairs of
        # their own with every company)
        seen = self.env["dist.sod.rule"].with_user(self.controller).search([])
        self.assertIn(self.rule, seen)
        self.assertEqual(seen.company_id, self.rule.company_id)
        self.assertNotIn(
            self.rule, self.env["dist.sod.rule"].with_user(foreign).search([])
        )
        with self.assertRaises(ValidationError):
            self.role_user(
                "dist_sod_foreign_owner",
                "dist_governance.group_process_owner",
                "dist_governance.group_governance_controller",
                company_id=other.id,
                company_ids=[Command.set(other.ids)],
            )
