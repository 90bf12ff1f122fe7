from lxml import etree

from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase

MY_OPEN = "dist_helpdesk_cases.helpdesk_ticket_action_dist_my_open"


@tagged("post_install", "-at_install")
class TestServiceHomes(DistRolesCase):
    """Agents land on their open cases, nearest SLA deadline first;
    managers on the control tower; agents see no Approvals (nor
    Replenishment: tests/test_role_apps.py, across the addons)."""

    def test_an_agent_lands_on_their_open_cases_by_sla_deadline(self):
        agent = self.role_user("home_agent", "dist_helpdesk_cases.group_service_agent")
        _listed, views, _form = self.assert_home(agent, MY_OPEN)
        arch = etree.fromstring(views["views"]["list"]["arch"])
        self.assertTrue(
            arch.get("default_order").startswith("dist_resolution_deadline")
        )
        self.assertTrue(arch.xpath("//field[@name='dist_resolution_deadline']"))
        context = self.env["ir.actions.act_window"]._for_xml_id(MY_OPEN)["context"]
        self.assertIn("search_default_mytickets", context)
        self.assertIn("search_default_open", context)
        menus = self.visible_menus(agent)
        # no dashboard is for this role: no empty Dashboards app
        self.assertNotIn(
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_menu_root"),
            menus,
        )
        self.assertIn(
            self.env.ref("dist_helpdesk_cases.helpdesk_ticket_menu_dist_my_open"), menus
        )
        self.assertNotIn(self.env.ref("dist_governance.dist_approval_menu_root"), menus)

    def test_a_service_manager_lands_on_the_control_tower(self):
        manager = self.role_user("home_sm", "dist_helpdesk_cases.group_service_manager")
        self.assert_home(manager, "dist_governance.dist_kpi_action_tiles")
        self.assertIn(
            self.env.ref("dist_governance.dist_approval_menu_root"),
            self.visible_menus(manager),
        )
