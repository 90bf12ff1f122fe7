from odoo import Command
from odoo.tests import tagged

from .common import DistRolesCase

TOWER = "dist_governance.dist_kpi_action_tiles"


@tagged("post_install", "-at_install")
class TestRoleHomes(DistRolesCase):
    """Each role lands on its workspace, set by the role, not by hand."""

    def test_each_governance_role_lands_on_the_control_tower(self):
        for group in (
            "dist_governance.group_executive",
            "dist_governance.group_governance_controller",
            "dist_governance.group_process_owner",
        ):
            user = self.role_user(f"home_{group.split('.')[1]}", group)
            listed, views, _form = self.assert_home(user, TOWER)
            self.assertIn("kanban", views["views"])
        # an internal user with no role keeps Odoo's default home
        self.assert_home(self.role_user("home_nobody"), False)

    def test_settings_administrators_keep_odoo_s_home(self):
        """An administrator is a controller through the Settings group, not a
        role of the suite's: they land where Odoo decides (its own apps' tours
        open /odoo/<model>?menu_id=..., which a home action would override)."""
        admin = self.role_user(
            "home_admin", "base.group_system", "dist_governance.group_executive"
        )
        self.assertFalse(admin.action_id)
        self.assertFalse(self.env.ref("base.user_admin").action_id)
        # made administrator later: the suite's home is taken back
        user = self.role_user("home_later_admin", "dist_governance.group_executive")
        self.assert_home(user, TOWER)
        user.groups_id = [Command.link(self.env.ref("base.group_system").id)]
        self.assertFalse(user.action_id)

    def test_a_home_chosen_by_an_administrator_is_kept(self):
        discuss = self.env.ref("mail.action_discuss")
        user = self.role_user(
            "home_chosen", "dist_governance.group_process_owner", action_id=discuss.id
        )
        self.assert_home(user, "mail.action_discuss")
        user.groups_id = [
            Command.link(self.env.ref("dist_governance.group_executive").id)
        ]
        self.assert_home(user, "mail.action_discuss")

    def test_the_role_given_or_taken_through_the_group(self):
        user = self.role_user("home_by_group")
        owner = self.env.ref("dist_governance.group_process_owner")
        owner.users = [Command.link(user.id)]
        self.assert_home(user, TOWER)
        owner.users = [Command.unlink(user.id)]
        # the suite's home goes with the role: back to Odoo's default
        self.assert_home(user, False)

    def test_approvals_are_for_the_roles_that_approve(self):
        approvals = self.env.ref("dist_governance.dist_approval_menu_root")
        distribution = self.env.ref("dist_governance.dist_governance_menu_root")
        executive = self.role_user("home_exec", "dist_governance.group_executive")
        self.assertIn(approvals, self.visible_menus(executive))
        # the Distribution app alone (a role of no approval) shows no Approvals
        plain = self.role_user("home_plain", "dist_governance.group_dist_user")
        menus = self.visible_menus(plain)
        self.assertIn(distribution, menus)
        self.assertNotIn(approvals, menus)

    def test_the_dashboards_app_is_for_those_it_has_a_dashboard_for(self):
        app = self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_menu_root")
        executive = self.role_user("home_dash_exec", "dist_governance.group_executive")
        self.assertIn(app, self.visible_menus(executive))
        plain = self.role_user("home_dash_plain", "dist_governance.group_dist_user")
        self.assertNotIn(app, self.visible_menus(plain))
        # a dashboard published for everyone shows the app to everyone
        dashboard = self.env["spreadsheet.dashboard"].create(
            {
                "name": "For everyone",
                "dashboard_group_id": self.env.ref(
                    "dist_governance.spreadsheet_dashboard_group_control_tower"
                ).id,
                "group_ids": [Command.clear()],
            }
        )
        self.assertIn(app, self.visible_menus(plain))
        dashboard.unlink()
        self.assertNotIn(app, self.visible_menus(plain))
