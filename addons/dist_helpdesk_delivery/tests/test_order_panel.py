from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_helpdesk_cases.tests.common import ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestOrderPanelCarrier(ServiceCompanyCase):
    COMPANY_NAME = "Carrier Panel Supply"
    LOGIN_PREFIX = "dist_carrier_panel"

    def test_the_panel_shows_the_carrier_and_tracking_reference(self):
        """A service agent opens a case on an order whose delivery went with
        a carrier: the Order tab names the carrier and the tracking
        reference of that delivery."""
        customer = self.env["res.partner"].create(
            {"name": "Dockside Pumps", "is_company": True}
        )
        product = self.env["product.product"].create(
            {"name": "Check valve 3in", "is_storable": True}
        )
        carrier = self.env["delivery.carrier"].create(
            {
                "name": "Harbour Freight Express",
                "product_id": self.env["product.product"]
                .create({"name": "Freight charge", "type": "service"})
                .id,
                "company_id": self.company.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 3})
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        # the warehouse booked the carrier and its tracking reference
        delivery.write(
            {"carrier_id": carrier.id, "carrier_tracking_ref": "HFX-40417-Q"}
        )
        case = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Where is my valve?",
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
        self.env.invalidate_all()
        [row] = case._dist_panel_values()["pickings"]
        self.assertEqual(row["carrier_id"][0], carrier.id)
        self.assertEqual(row["carrier_tracking_ref"], "HFX-40417-Q")
        html = str(case.dist_order_panel)
        deliveries = html.split("<h6>Deliveries</h6>")[1].split("<h6>")[0]
        self.assertIn(delivery.name, deliveries)
        self.assertIn("Harbour Freight Express", deliveries)
        self.assertIn("HFX-40417-Q", deliveries)
