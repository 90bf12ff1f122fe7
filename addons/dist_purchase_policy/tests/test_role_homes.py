from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestPurchasingHomes(DistRolesCase):
    """Buyers land on their queue, purchasing managers on what waits for
    their approval; Replenishment is theirs."""

    def test_a_buyer_lands_on_the_buyer_queue(self):
        buyer = self.role_user("home_buyer", "dist_purchase_policy.group_buyer")
        self.assert_home(
            buyer, "dist_purchase_policy.dist_purchase_recommendation_action"
        )
        menus = self.visible_menus(buyer)
        # no dashboard is for buyers: no empty Dashboards app
        self.assertNotIn(
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_menu_root"),
            menus,
        )
        self.assertIn(
            self.env.ref("dist_purchase_policy.dist_replenishment_menu_root"), menus
        )
        self.assertIn(self.env.ref("dist_governance.dist_approval_menu_root"), menus)

    def test_a_purchasing_manager_lands_on_the_orders_waiting_for_them(self):
        manager = self.role_user(
            "home_pm", "dist_purchase_policy.group_purchasing_manager"
        )
        self.assert_home(
            manager, "dist_purchase_policy.purchase_order_action_dist_to_approve"
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_purchase_policy.purchase_order_action_dist_to_approve"
        )
        self.assertEqual(action["context"], "{'search_default_needs_review': 1}")
        # the filter the context turns on is in the action's search view
        search = (
            self.env["purchase.order"]
            .with_user(manager)
            .get_views([[action["search_view_id"][0], "search"]])
        )
        self.assertIn('name="needs_review"', search["views"]["search"]["arch"])
        menus = self.visible_menus(manager)
        self.assertIn(
            self.env.ref("dist_purchase_policy.purchase_order_menu_dist_to_approve"),
            menus,
        )
        self.assertIn(
            self.env.ref("dist_purchase_policy.dist_replenishment_menu_root"), menus
        )

    def test_the_highest_role_wins(self):
        user = self.role_user(
            "home_buyer_exec",
            "dist_purchase_policy.group_buyer",
            "dist_governance.group_executive",
        )
        self.assert_home(user, "dist_governance.dist_kpi_action_tiles")

    def test_replenishment_is_not_the_executives(self):
        executive = self.role_user("home_exec_r", "dist_governance.group_executive")
        controller = self.role_user(
            "home_ctl_r", "dist_governance.group_governance_controller"
        )
        root = self.env.ref("dist_purchase_policy.dist_replenishment_menu_root")
        self.assertNotIn(root, self.visible_menus(executive))
        self.assertIn(root, self.visible_menus(controller))
