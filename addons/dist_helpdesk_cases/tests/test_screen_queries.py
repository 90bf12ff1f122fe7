from odoo import Command
from odoo.tests import tagged

from .common import ServiceCompanyCase

LINES = 20


@tagged("post_install", "-at_install")
class TestCaseFormQueries(ServiceCompanyCase):
    """The case form with its order panel reads in a fixed number of
    queries, whatever the number of lines, deliveries and products of the
    order: no query per line."""

    COMPANY_NAME = "Panel Queries Supply"
    LOGIN_PREFIX = "dist_panel_q"

    def test_case_form_with_order_panel(self):
        customer = self.env["res.partner"].create(
            {"name": "Dockside Pumps", "is_company": True}
        )
        products = self.env["product.product"].create(
            [
                {"name": f"Check valve {i}in", "is_storable": True, "list_price": 10}
                for i in range(LINES)
            ]
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        for product in products[::2]:
            self.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 5
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 3})
                    for product in products
                ],
            }
        )
        order.action_confirm()
        case = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Where are my valves?",
                    "description": "<p>Not here yet.</p>",
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "category_id": self.env.ref(
                        "dist_helpdesk_cases.case_category_delayed_shipment"
                    ).id,
                    "dist_sale_order_id": order.id,
                }
            )
        )
        load = self.screen_queries(
            "dist_helpdesk_cases.helpdesk_ticket_action_dist_my_open",
            self.agent,
            "form",
            case,
        )
        [values] = load()
        self.assertIn(order.name, str(values["dist_order_panel"]))
        self.assert_screen_queries(33, load, 1)
