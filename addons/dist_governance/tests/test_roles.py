import ast

from odoo.tests import tagged

from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestGovernanceRoles(DistGovernanceCase):
    def test_roles_sit_in_the_suite_category(self):
        suite = self.env.ref("dist_governance.module_category_dist_suite")
        governance = self.env.ref("dist_governance.module_category_dist_governance")
        self.assertEqual(governance.parent_id, suite)
        roles = self.env["res.groups"].search([("category_id", "=", governance.id)])
        self.assertEqual(
            set(roles.mapped("name")),
            {"Process owner", "Governance controller", "Executive"},
        )

    def test_every_role_is_in_the_distribution_audience(self):
        any_role = self.env.ref("dist_governance.group_dist_user")
        self.assertIn(self.env.ref("base.group_user"), any_role.implied_ids)
        for user in (self.controller, self.executive, self.owner):
            self.assertTrue(user.has_group("dist_governance.group_dist_user"))
        self.assertFalse(self.plain_user.has_group("dist_governance.group_dist_user"))
        root = self.env.ref("dist_governance.dist_governance_menu_root")
        self.assertEqual(root.groups_id, any_role)

    def test_administrators_are_governance_controllers(self):
        system = self.env.ref("base.group_system")
        controller = self.env.ref("dist_governance.group_governance_controller")
        self.assertIn(controller, system.trans_implied_ids)

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_only_controllers_see_the_role_configuration(self):
        roles_menu = self.env.ref("dist_governance.res_groups_menu_dist_roles")
        self.assertIn(roles_menu.id, self._visible_menus(self.controller))
        self.assertNotIn(roles_menu.id, self._visible_menus(self.executive))
        self.assertNotIn(roles_menu.id, self._visible_menus(self.plain_user))

    def test_controller_reads_who_holds_each_role(self):
        action = self.env.ref("dist_governance.res_groups_action_dist_roles")
        roles = (
            self.env["res.groups"]
            .with_user(self.controller)
            .search(ast.literal_eval(action.domain))
        )
        executive = roles.filtered(lambda g: g.name == "Executive")
        self.assertIn(self.executive, executive.users)
        self.assertNotIn(self.env.ref("base.group_user"), roles)
