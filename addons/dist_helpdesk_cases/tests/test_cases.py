from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestCasesAndLinks(ServiceCompanyCase):
    COMPANY_NAME = "Seaview Supply"
    LOGIN_PREFIX = "dist_case"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbor Hardware", "is_company": True}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Corner Store", "is_company": True}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        ) or cls.env["stock.warehouse"].create(
            {"name": "Seaview main", "code": "SEA", "company_id": cls.company.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Ball valve 1in", "is_storable": True, "type": "consu"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 50
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 5})
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.late_type = cls.env["dist.exception.type"].create(
            {
                "code": "test_case_late",
                "name": "Late (case test)",
                "owner_group_id": cls.env.ref(
                    "dist_helpdesk_cases.group_service_agent"
                ).id,
                "resolution_hours": 24,
            }
        )
        cls.category = cls.env.ref("dist_helpdesk_cases.case_category_delayed_shipment")
        cls.category.dist_exception_codes = "late_delivery,test_case_late"
        cls.cause = cls.env["dist.root.cause"].search([], limit=1)

    def ticket(self, **values):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Order late",
                    "description": "<p>Late.</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "category_id": self.category.id,
                    **values,
                }
            )
        )

    def raise_late(self):
        return (
            self.env["dist.exception"]
            .with_user(self.agent)
            .raise_exception(
                "test_case_late",
                self.delivery,
                f"{self.delivery.name} is late",
                company_id=self.company.id,
            )
        )

    def test_links_of_another_customer_or_company_are_refused(self):
        ticket = self.ticket(dist_sale_order_id=self.order.id)
        self.assertEqual(ticket.dist_sale_order_id, self.order)
        with self.assertRaises(ValidationError):
            self.ticket(
                partner_id=self.other_customer.id, dist_sale_order_id=self.order.id
            )
        other = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        foreign = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        with self.assertRaises(ValidationError):
            ticket.sudo().dist_sale_order_id = foreign

    def test_required_links_before_closing(self):
        ticket = self.ticket()
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with self.assertRaises(UserError) as refusal:
            ticket.with_user(self.agent).write(
                {"stage_id": done.id, "dist_root_cause_id": self.cause.id}
            )
        self.assertIn("Sales order", str(refusal.exception))
        # the exception register's own flag, sent over RPC, skips nothing
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).with_context(dist_closing_case=True).write(
                {"stage_id": done.id, "dist_root_cause_id": self.cause.id}
            )
        self.assertFalse(ticket.stage_id.closed)
        ticket.with_user(self.agent).write(
            {
                "stage_id": done.id,
                "dist_root_cause_id": self.cause.id,
                "dist_sale_order_id": self.order.id,
                "dist_picking_id": self.delivery.id,
            }
        )
        self.assertTrue(ticket.stage_id.closed)

    def test_an_exception_opens_one_case_and_they_close_together(self):
        exception = self.raise_late()
        case = exception.dist_ticket_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.category_id, self.category)
        self.assertEqual(case.dist_picking_id, self.delivery)
        self.assertEqual(case.dist_sale_order_id, self.order)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.company_id, self.company)
        self.assertTrue(case.dist_resolution_deadline)
        # the exception recurs, the hourly check runs twice: still one case
        self.assertEqual(self.raise_late(), exception)
        self.env["dist.exception"]._cron_dist_open_cases()
        self.env["dist.exception"]._cron_dist_open_cases()
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("dist_picking_id", "=", self.delivery.id)]
            ),
            1,
        )
        # closing the case resolves the exception with the case's cause
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        case.with_user(self.agent).write(
            {"stage_id": done.id, "dist_root_cause_id": self.cause.id}
        )
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(exception.root_cause_id, self.cause)
        # and the other way round: a resolved exception closes its case
        self.delivery.sudo().write({"date_deadline": self.delivery.scheduled_date})
        second = (
            self.env["dist.exception"]
            .with_user(self.agent)
            .raise_exception(
                "test_case_late",
                self.delivery,
                "late again",
                company_id=self.company.id,
            )
        )
        self.assertNotEqual(second, exception)
        new_case = second.dist_ticket_ids
        self.assertEqual(len(new_case), 1)
        second.sudo().write({"root_cause_id": self.cause.id})
        second.sudo().action_resolve()
        self.assertTrue(new_case.stage_id.closed)

    def test_the_agent_opens_the_order_of_a_case(self):
        """Order on a case linked to a delivery only: the delivery's sales
        order opens in its form, and the agent reads it."""
        ticket = self.ticket(dist_picking_id=self.delivery.id)
        action = ticket.with_user(self.agent).action_dist_open_order()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("sale.order", self.order.id)
        )
        values, _editable = self.web_open_form(self.order, self.agent)
        self.assertEqual(values["name"], self.order.name)
        self.assertEqual(values["partner_id"]["id"], self.customer.id)

    def test_order_panel_reads_in_fixed_queries(self):
        ticket = self.ticket(dist_sale_order_id=self.order.id)
        self.ticket(name="Earlier question", partner_id=self.customer.id)

        def render():
            # the second rendering is counted: the first also compiles the
            # template and loads the agent's access rules
            for _pass in range(2):
                self.env.invalidate_all()
                case = ticket.with_user(self.agent)
                before = self.env.cr.sql_log_count
                html = str(case.dist_order_panel)
            return html, self.env.cr.sql_log_count - before

        html, one_delivery = render()
        self.assertIn(self.order.name, html)
        self.assertIn(self.delivery.name, html)
        self.assertIn(
            "Seaview main", html
        ) if self.warehouse.name == "Seaview main" else None
        self.assertIn("Earlier question", html)
        self.assertEqual(ticket.with_user(self.agent).dist_delivery_count, 1)
        # three more deliveries of the same order: the same number of queries
        for _n in range(3):
            self.delivery.copy({"sale_id": self.order.id})
        html, four_deliveries = render()
        self.assertEqual(ticket.with_user(self.agent).dist_delivery_count, 4)
        self.assertLessEqual(four_deliveries, one_delivery)
        action = ticket.with_user(self.agent).action_dist_open_deliveries()
        self.assertEqual(len(action["domain"][0][2]), 4)

    def test_order_panel_lists_returns_apart_from_deliveries(self):
        """A delivered order the customer sent part of back: the agent reads
        the return under Returns, in words, with the delivery it takes back
        and what comes back; Deliveries lists only what went out."""
        self.delivery.move_ids.picked = True
        self.delivery.button_validate()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
            .create({"picking_id": self.delivery.id})
        )
        wizard.product_return_moves.quantity = 2
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertEqual(back.picking_type_code, "incoming")
        ticket = self.ticket(dist_sale_order_id=self.order.id).with_user(self.agent)

        def render():
            # the second rendering is counted, as in the test above
            for _pass in range(2):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                html = str(ticket.dist_order_panel)
            return html, self.env.cr.sql_log_count - before

        html, one_return = render()
        deliveries, returns = html.split("<h6>Returns</h6>")
        deliveries = deliveries.split("<h6>Deliveries</h6>")[1]
        returns = returns.split("<h6>Stock available now</h6>")[0]
        self.assertIn(self.delivery.name, deliveries)
        self.assertIn("<td>Done</td>", deliveries)
        self.assertNotIn(back.name, deliveries)
        self.assertIn(back.name, returns)
        self.assertIn(f"<td>{self.delivery.name}</td>", returns)
        self.assertIn("<td>Ready</td>", returns)
        self.assertIn("2.0 Units Ball valve 1in", returns)
        self.assertEqual(ticket.dist_delivery_count, 1)
        self.assertEqual(ticket.dist_return_count, 1)
        self.assertEqual(
            ticket.action_dist_open_deliveries()["domain"],
            [("id", "in", self.delivery.ids)],
        )
        self.assertEqual(
            ticket.action_dist_open_returns()["domain"], [("id", "in", back.ids)]
        )
        # two more returns: the same number of queries
        for _n in range(2):
            back.copy({"return_id": self.delivery.id})
        html, three_returns = render()
        self.assertEqual(ticket.dist_return_count, 3)
        self.assertLessEqual(three_returns, one_return)

    def resolve(self, ticket, code, **values):
        wizard = (
            self.env["helpdesk.ticket.resolve"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": ticket.id,
                    "action_id": self.env.ref(
                        f"dist_helpdesk_cases.case_action_{code}"
                    ).id,
                    **values,
                }
            )
        )
        return wizard.action_apply()

    def test_reschedule_and_expedite_from_a_delayed_shipment(self):
        ticket = self.ticket(dist_sale_order_id=self.order.id)
        new_date = fields.Datetime.now() + timedelta(days=5)
        with self.assertRaises(UserError):
            self.resolve(
                ticket, "reschedule", new_date=fields.Datetime.now() - timedelta(days=1)
            )
        self.resolve(ticket, "reschedule", new_date=new_date)
        self.assertEqual(self.delivery.scheduled_date, new_date.replace(microsecond=0))
        told = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(len(told), 1)
        self.assertIn(fields.Datetime.to_string(new_date)[:10], str(told.body))
        self.resolve(ticket, "expedite")
        self.assertEqual(self.delivery.priority, "1")
        # a credit note is no resolution of a delayed shipment
        with self.assertRaises(UserError):
            self.resolve(ticket, "credit_note")
