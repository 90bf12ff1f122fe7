import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalCases(HttpCase):
    """A customer's portal user sees the cases of their own customer company,
    never another customer's: in the list, by URL and by RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.harbor = Partner.create({"name": "Harbor Hardware", "is_company": True})
        cls.corner = Partner.create({"name": "Corner Store", "is_company": True})
        cls.harbor_buyer = new_test_user(
            cls.env,
            login="dist_portal_harbor",
            password="dist_portal_harbor",
            groups="base.group_portal",
            name="Hanna Harbor",
        )
        cls.harbor_buyer.partner_id.parent_id = cls.harbor
        colleague = Partner.create({"name": "Hal Harbor", "parent_id": cls.harbor.id})
        category = cls.env.ref("dist_helpdesk_cases.case_category_product_inquiry")
        Ticket = cls.env["helpdesk.ticket"]
        cls.ours = Ticket.create(
            {
                "name": "Harbor: stock of 1in valves",
                "description": "<p>Harbor asks.</p>",
                "partner_id": colleague.id,
                "category_id": category.id,
            }
        )
        cls.theirs = Ticket.create(
            {
                "name": "Corner Store private question",
                "description": "<p>Corner asks.</p>",
                "partner_id": cls.corner.id,
                "category_id": category.id,
            }
        )

    def test_list_and_rpc_show_only_their_company(self):
        visible = self.env["helpdesk.ticket"].with_user(self.harbor_buyer).search([])
        self.assertIn(self.ours, visible)
        self.assertNotIn(self.theirs, visible)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.harbor_buyer).read(["name"])
        # their own case, but not the service desk's view of it (stock,
        # invoices, other customers' similar cases)
        for field in ("dist_order_panel", "dist_suggestions"):
            with self.assertRaises(AccessError):
                self.ours.with_user(self.harbor_buyer).read([field])
        self.authenticate("dist_portal_harbor", "dist_portal_harbor")
        result = self.url_open(
            "/web/dataset/call_kw/helpdesk.ticket/read",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "helpdesk.ticket",
                        "method": "read",
                        "args": [[self.theirs.id], ["name"]],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("error", result)
        self.assertNotIn("Corner Store private question", str(result))

    def test_ticket_url_of_another_customer_is_refused(self):
        self.authenticate("dist_portal_harbor", "dist_portal_harbor")
        own = self.url_open(f"/my/ticket/{self.ours.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("stock of 1in valves", own.text)
        other = self.url_open(f"/my/ticket/{self.theirs.id}")
        self.assertNotIn("Corner Store private question", other.text)
        self.assertTrue(other.url.rstrip("/").endswith("/my"))
