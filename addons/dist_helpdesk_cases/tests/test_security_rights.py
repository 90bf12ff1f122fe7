from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestServiceAgentSalesRights(ServiceCompanyCase):
    """Service agents read every order of their company for a case, and
    change only their own quotations: not another salesperson's prices, nor
    confirm their orders (they held Sales: all documents)."""

    COMPANY_NAME = "Rights Co"
    LOGIN_PREFIX = "dist_rights"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.company_user(
            "salesperson", "sales_team.group_sale_salesman"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbor Hardware", "is_company": True}
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Valve inspection", "type": "service", "list_price": 80.0}
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.service.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
        )
        cls.line = cls.order.order_line

    def test_agent_cannot_change_another_salespersons_order(self):
        order = self.order.with_user(self.agent)
        with self.assertRaises(AccessError):
            order.order_line.write({"price_unit": 1.0})
        with self.assertRaises(AccessError):
            order.write(
                {"order_line": [Command.update(self.line.id, {"discount": 90})]}
            )
        with self.assertRaises(AccessError):
            order.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(self.order.state, "draft")
        self.assertEqual(self.line.price_unit, 80.0)
        self.assertEqual(self.line.discount, 0.0)

    def test_agent_reads_the_orders_of_a_case(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Inspection invoiced twice?",
                    "description": "<p>Please check.</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "dist_sale_order_id": self.order.id,
                }
            )
        )
        self.assertEqual(ticket.dist_sale_order_id.name, self.order.name)
        self.assertIn(self.order.name, str(ticket.dist_order_panel))
        found = (
            self.env["sale.order"]
            .with_user(self.agent)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(found, self.order)
        self.assertEqual(found.order_line.price_unit, 80.0)

    def test_agent_quotes_and_confirms_their_own(self):
        quotation = (
            self.env["sale.order"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.service.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        quotation.order_line.price_unit = 75.0
        quotation.action_confirm()
        self.assertEqual(quotation.state, "sale")

    def test_manager_confirms_an_agents_quotation(self):
        self.order.with_user(self.manager).action_confirm()
        self.assertEqual(self.order.state, "sale")
