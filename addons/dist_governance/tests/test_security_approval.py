from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestSecurityWaiver(DistGovernanceCase):
    """Issue 17: a waiver is a decision of another controller; whoever it
    covers does not move its end date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Duty = cls.env["dist.sod.duty"]
        cls.owns = Duty.create(
            {
                "code": "test_i17_owns_process",
                "name": "Owns a process",
                "group_ids": [
                    Command.set(cls.env.ref("dist_governance.group_process_owner").ids)
                ],
            }
        )
        cls.configures = Duty.create(
            {
                "code": "test_i17_configures_controls",
                "name": "Configures controls",
                "group_ids": [
                    Command.set(
                        cls.env.ref("dist_governance.group_governance_controller").ids
                    )
                ],
            }
        )
        cls.rule = cls.env["dist.sod.rule"].create(
            {"duty_a_id": cls.owns.id, "duty_b_id": cls.configures.id}
        )
        # a controller who also owns a process, under a waiver another
        # controller logged
        cls.holder = cls.role_user(
            "dist_i17_waived",
            "dist_governance.group_governance_controller",
        )
        cls.today = cls.env.company._dist_today()
        cls.waiver = cls.as_user(cls.env["dist.sod.waiver"], cls.controller).create(
            {
                "rule_id": cls.rule.id,
                "user_id": cls.holder.id,
                "reason": "Small site: one person runs and configures.",
                "date_from": cls.today,
                "date_to": cls.today + timedelta(days=30),
            }
        )
        cls.holder.groups_id = [
            Command.link(cls.env.ref("dist_governance.group_process_owner").id)
        ]

    def _reread(self):
        self.env.invalidate_all()
        return self.waiver.sudo()

    def test_the_holder_does_not_extend_their_own_waiver(self):
        audits = self.env["dist.audit.entry"].sudo().search_count([])
        mine = self.as_user(self.waiver, self.holder)
        with self.assertRaises(AccessError) as refused:
            mine.write({"date_to": self.today + timedelta(days=365)})
        self.assertIn(self.holder.name, str(refused.exception))
        self.assertEqual(self._reread().date_to, self.today + timedelta(days=30))
        self.assertEqual(self.env["dist.audit.entry"].sudo().search_count([]), audits)

    def test_another_controller_still_changes_it(self):
        self.as_user(self.waiver, self.controller).write(
            {"date_to": self.today + timedelta(days=60)}
        )
        self.assertEqual(self._reread().date_to, self.today + timedelta(days=60))
