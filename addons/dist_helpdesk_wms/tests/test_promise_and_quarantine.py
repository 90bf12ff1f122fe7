from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dist_helpdesk_cases.tests.test_resolutions import ResolutionCase


@tagged("post_install", "-at_install")
class TestCaseOnWarehouse(ResolutionCase):
    """A case works with the warehouse: damaged returns to its quarantine,
    promise dates shown and moved."""

    LOGIN_PREFIX = "dist_hw"

    def test_damaged_goods_replaced_and_returned_to_quarantine(self):
        ticket = self.case("damaged_goods")
        wizard = self.wizard(ticket, "replacement")
        self.assertTrue(wizard.to_quarantine)
        wizard.line_ids.quantity = 3
        resolution = self.env["dist.case.resolution"].browse(
            wizard.action_apply()["res_id"]
        )
        self.assertEqual(resolution.state, "done")
        back = resolution.return_picking_id
        self.assertEqual(back.return_id, self.delivery)
        self.assertEqual(back.move_ids.product_uom_qty, 3)
        quarantine = self.warehouse.dist_quarantine_location_id
        self.assertTrue(quarantine)
        self.assertEqual(back.location_dest_id, quarantine)
        self.assertEqual(back.move_ids.location_dest_id, quarantine)
        self.assertEqual(resolution.replacement_picking_ids.move_ids.product_uom_qty, 3)

    def test_reschedule_moves_the_promise_and_the_panel_shows_it(self):
        order = open_order(self)
        delivery = order.picking_ids
        ticket = self.case(
            "delayed_shipment",
            dist_sale_order_id=order.id,
            dist_picking_id=delivery.id,
        )
        new_date = fields.Datetime.now() + timedelta(days=5)
        self.wizard(ticket, "reschedule", new_date=new_date).action_apply()
        place = self.warehouse
        promised = place._dist_day_end(place._dist_local_day(new_date))
        self.assertEqual(order.order_line.dist_promise_date, promised)
        self.assertEqual(delivery.dist_promise_date, promised)
        values = ticket.with_user(self.agent)._dist_panel_values()
        self.assertEqual(values["lines"][0]["promise_date"], promised)
        self.assertEqual(values["pickings"][0]["promise_date"], promised)


def open_order(case):
    """A confirmed order of 2 of the product, its delivery open."""
    order = case.env["sale.order"].create(
        {
            "partner_id": case.customer.id,
            "company_id": case.company.id,
            "warehouse_id": case.warehouse.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": case.product.id,
                        "product_uom_qty": 2,
                        "price_unit": 20.0,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        }
    )
    order.action_confirm()
    return order
