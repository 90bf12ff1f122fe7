"""Roles of one domain addon against the apps of another, with the suite's
addons installed together (the addons' own tests see only themselves and
their bridges)."""

from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestRoleApps(DistRolesCase):
    def test_an_agent_sees_no_replenishment(self):
        agent = self.role_user("apps_agent", "dist_helpdesk_cases.group_service_agent")
        self.assertNotIn(
            self.env.ref("dist_purchase_policy.dist_replenishment_menu_root"),
            self.visible_menus(agent),
        )
