from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase


@tagged("post_install", "-at_install")
class TestServiceRoles(DistRolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.role_user(
            "dist_agent", "dist_helpdesk_cases.group_service_agent"
        )
        cls.manager = cls.role_user(
            "dist_service_manager", "dist_helpdesk_cases.group_service_manager"
        )
        cls.outsider = cls.role_user("dist_not_an_agent")
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hardware"})
        salesperson = cls.role_user(
            "dist_salesperson", "sales_team.group_sale_salesman"
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(salesperson)
            .create({"partner_id": cls.customer.id})
        )

    def test_role_chain(self):
        agent = self.env.ref("dist_helpdesk_cases.group_service_agent")
        manager = self.env.ref("dist_helpdesk_cases.group_service_manager")
        self.assertIn(agent, manager.implied_ids)
        self.assertTrue(self.agent.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(self.agent.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertTrue(self.manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))

    def test_agent_opens_a_case_and_reads_any_order(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Where is my order?",
                    "description": "<p>Order not delivered yet.</p>",
                    "partner_id": self.customer.id,
                }
            )
        )
        self.assertTrue(ticket.number)
        # orders of other salespeople are visible to the agent
        orders = (
            self.env["sale.order"]
            .with_user(self.agent)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(orders, self.order)

    def test_only_managers_set_up_teams(self):
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket.team"].with_user(self.agent).create(
                {"name": "Delivery issues"}
            )
        team = (
            self.env["helpdesk.ticket.team"]
            .with_user(self.manager)
            .create({"name": "Delivery issues"})
        )
        self.assertEqual(team.name, "Delivery issues")

    def test_someone_without_the_role_cannot_see_or_change_cases(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Short shipment on S00042",
                    "description": "<p>Two cartons missing.</p>",
                    "partner_id": self.customer.id,
                }
            )
        )
        outsider_tickets = self.env["helpdesk.ticket"].with_user(self.outsider)
        self.assertFalse(outsider_tickets.search([("id", "=", ticket.id)]))
        with self.assertRaises(AccessError):
            ticket.with_user(self.outsider).write({"name": "Closed"})

    def test_agents_find_orders_and_quote_from_the_helpdesk(self):
        """Helpdesk > Orders: the suite installs no Sales app
        (sale_management), so agents reach the orders of every salesperson
        there, and New makes a quotation."""
        menu = self.env.ref("dist_helpdesk_cases.sale_order_menu_dist_service")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.agent)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.outsider)._visible_menu_ids())
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_helpdesk_cases.sale_order_action_dist_service"
        )
        self.assertEqual(menu.action.id, action["id"])
        action["context"] = {}
        listed, _views, _form = self.web_open(action, self.agent)
        self.assertIn(self.order, listed)
        form = Form(self.env["sale.order"].with_user(self.agent))
        form.partner_id = self.customer
        quotation = form.save()
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.user_id, self.agent)
