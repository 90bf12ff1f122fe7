from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestWarehouseHomes(DistRolesCase):
    """Operators land on Warehouse today (their warehouse's work of the
    day), managers on the control tower; operators see no Approvals (nor
    Replenishment: the purchase bridge's tests)."""

    def test_an_operator_lands_on_warehouse_today(self):
        operator = self.role_user(
            "home_operator", "dist_wms_rules.group_warehouse_operator"
        )
        self.assert_home(operator, "dist_wms_rules.stock_warehouse_action_dist_today")
        menus = self.visible_menus(operator)
        # no dashboard is for this role: no empty Dashboards app
        self.assertNotIn(
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_menu_root"),
            menus,
        )
        self.assertIn(self.env.ref("dist_governance.dist_governance_menu_root"), menus)
        self.assertNotIn(self.env.ref("dist_governance.dist_approval_menu_root"), menus)

    def test_a_warehouse_manager_lands_on_the_control_tower(self):
        manager = self.role_user("home_whm", "dist_wms_rules.group_warehouse_manager")
        self.assert_home(manager, "dist_governance.dist_kpi_action_tiles")
        menus = self.visible_menus(manager)
        self.assertIn(self.env.ref("dist_governance.dist_kpi_menu_root"), menus)
        self.assertIn(self.env.ref("dist_governance.dist_approval_menu_root"), menus)
