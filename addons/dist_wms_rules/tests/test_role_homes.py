from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestWarehouseHomes(DistRolesCase):
    """Operators land on Warehouse today (their warehouse's work of the
    day), managers on the control tower; neither sees Replenishment,
    operators no Approvals."""

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
        # dist_purchase_policy's menu, when installed with this addon
        replenishment = self.env.ref(
            "dist_purchase_policy.dist_replenishment_menu_root",
            raise_if_not_found=False,
        )
        if replenishment:
            self.assertNotIn(replenishment, menus)

    def test_a_warehouse_manager_lands_on_the_control_tower(self):
        manager = self.role_user("home_whm", "dist_wms_rules.group_warehouse_manager")
        self.assert_home(manager, "dist_governance.dist_kpi_action_tiles")
        menus = self.visible_menus(manager)
        self.assertIn(self.env.ref("dist_governance.dist_kpi_menu_root"), menus)
        self.assertIn(self.env.ref("dist_governance.dist_approval_menu_root"), menus)
        # dist_purchase_policy's menu, when installed with this addon
        replenishment = self.env.ref(
            "dist_purchase_policy.dist_replenishment_menu_root",
            raise_if_not_found=False,
        )
        if replenishment:
            self.assertNotIn(replenishment, menus)
