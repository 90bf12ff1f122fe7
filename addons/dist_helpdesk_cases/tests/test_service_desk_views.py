"""What the service desk reads: a case category opens in a form of
sections with help, and the case's Order tab speaks in labels, not in
technical keys."""

from lxml import etree

from odoo import Command
from odoo.tests import tagged

from .common import ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestServiceDeskViews(ServiceCompanyCase):
    COMPANY_NAME = "Desk View Supply"
    LOGIN_PREFIX = "dist_desk_view"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", cls.company, install_demo=False
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Quay Fittings", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Gate valve 2in", "type": "consu", "invoice_policy": "order"}
        )
        cls.category = cls.env.ref("dist_helpdesk_cases.case_category_delayed_shipment")

    def test_categories_open_in_a_form_of_sections(self):
        """The service manager opens Categories: the list is not edited in
        place, the form shows the suite's settings in sections with help."""
        menu = self.env.ref("helpdesk_mgmt.helpdesk_ticket_category_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_category_action"
        )
        action["context"] = {}
        listed, views, form = self.web_open(action, self.manager)
        list_arch = etree.fromstring(views["views"]["list"]["arch"])
        self.assertIsNone(list_arch.get("editable"))
        self.assertIn(self.category, listed)
        form_arch = etree.fromstring(views["views"]["form"]["arch"])
        pages = {page.get("name"): page for page in form_arch.iter("page")}
        sections = {
            "dist_sla": {
                "dist_calendar_id",
                "dist_first_response_hours",
                "dist_resolution_hours",
                "dist_at_risk_share",
                "dist_breach_action",
            },
            "dist_playbook": {"dist_playbook_ids", "dist_action_ids"},
            "dist_links": {
                "dist_requires_order",
                "dist_requires_delivery",
                "dist_requires_invoice",
                "dist_requires_product",
                "dist_requires_lot",
                "dist_root_cause_required",
            },
            "dist_exceptions": {"dist_exception_codes"},
        }
        fields = views["models"]["helpdesk.ticket.category"]["fields"]
        for page, names in sections.items():
            self.assertIn(page, pages)
            shown = {node.get("name") for node in pages[page].iter("field")}
            self.assertLessEqual(names, shown, page)
            for name in names:
                self.assertTrue(fields[name].get("help"), name)
        # the form opens on the category, as the manager reads it
        values, editable = self.web_open_form(self.category, self.manager)
        self.assertEqual(values["name"], self.category.name)
        self.assertEqual(
            values["dist_resolution_hours"], self.category.dist_resolution_hours
        )
        self.assertTrue(editable)

    def test_order_tab_shows_labels(self):
        """The agent's Order tab: the invoice's state and payment and the
        other cases' SLA in words."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        values = {
            "description": "<p>Late.</p>",
            "partner_id": self.customer.id,
            "company_id": self.company.id,
            "category_id": self.category.id,
        }
        earlier = Ticket.create({"name": "Earlier question", **values})
        self.assertEqual(earlier.dist_sla_status, "on_track")
        case = Ticket.create(
            {"name": "Order late", "dist_sale_order_id": order.id, **values}
        )
        self.env.invalidate_all()
        html = str(case.with_user(self.agent).dist_order_panel)
        invoices = html.split("<h6>Invoices</h6>")[1].split("<h6>")[0]
        self.assertIn("<td>Posted</td>", invoices)
        self.assertIn("<td>Not Paid</td>", invoices)
        self.assertNotIn("<td>posted</td>", invoices)
        self.assertNotIn("not_paid", invoices)
        self.assertIn("SLA On track", html)
        self.assertNotIn("on_track", html)
