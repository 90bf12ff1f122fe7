from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common_tour import (
    ROLE_TOUR_TAG,
    DistRoleTourCase,
)

from .common import AGENT, MANAGER, ServiceCompanyCase


@tagged("post_install", "-at_install", ROLE_TOUR_TAG)
class TestServiceRoleTours(ServiceCompanyCase, DistRoleTourCase):
    """The service agent and the service manager, from login, in the
    browser."""

    COMPANY_NAME = "Seaview Supply"
    LOGIN_PREFIX = "dist_tour_case"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.write({"name": "Alex Agent", "tz": "Europe/Brussels"})
        cls.manager.write({"name": "Sasha Service", "tz": "Europe/Brussels"})
        cls.other_agent = cls.company_user("agent2", AGENT)
        cls.other_agent.name = "Jordan Agent"
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Seaview service desk",
                "company_id": cls.company.id,
                "user_ids": [
                    Command.set((cls.agent | cls.other_agent | cls.manager).ids)
                ],
            }
        )
        customer = cls.env["res.partner"].create(
            {"name": "Harbor Hardware", "is_company": True}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        product = cls.env["product.product"].create(
            {"name": "Ball valve 1in", "is_storable": True, "type": "consu"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 50
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.case = (
            cls.env["helpdesk.ticket"]
            .with_user(cls.agent)
            .create(
                {
                    "name": "Order late",
                    "description": "<p>Our valves have not arrived.</p>",
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "team_id": cls.team.id,
                    "user_id": cls.agent.id,
                    "category_id": cls.env.ref(
                        "dist_helpdesk_cases.case_category_delayed_shipment"
                    ).id,
                    "dist_sale_order_id": cls.order.id,
                }
            )
        )

    def test_service_agent_works_a_case(self):
        self.assertTrue(self.case.dist_sla_status)
        self.assertNotEqual(self.delivery.priority, "1")
        self.assert_lands_on(
            self.agent, "dist_helpdesk_cases.helpdesk_ticket_action_dist_my_open"
        )
        self.start_role_tour("dist_helpdesk_cases_service_agent_tour", self.agent)
        # expedited: the delivery goes first
        self.assertEqual(self.delivery.priority, "1")

    def test_service_manager_reassigns_a_case(self):
        self.assertTrue(self.manager.has_group(MANAGER))
        self.assert_lands_on(self.manager, "dist_governance.dist_kpi_action_tiles")
        self.start_role_tour("dist_helpdesk_cases_service_manager_tour", self.manager)
        self.assertEqual(self.case.user_id, self.other_agent)
