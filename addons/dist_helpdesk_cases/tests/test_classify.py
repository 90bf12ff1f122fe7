import logging
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .case_mail import generate
from .common import ServiceCompanyCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestClassification(ServiceCompanyCase):
    """Incoming mail sorted into case categories: keyword rules before
    there is history, then a model of the company's resolved cases; agents'
    corrections kept; order references linked."""

    COMPANY_NAME = "Bayside Fittings"
    LOGIN_PREFIX = "dist_cls"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Pier Builders", "is_company": True, "email": "buy@pier.test"}
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Inland Tools", "is_company": True, "email": "ops@inland.test"}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Check valve", "is_storable": True, "type": "consu"}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 3})
                ],
            }
        )
        cls.order.action_confirm()
        cls.classifier = cls.env["dist.case.classifier"]._dist_for(cls.company)
        cls.category = {
            code: cls.env.ref(f"dist_helpdesk_cases.case_category_{code}")
            for code in (
                "delayed_shipment",
                "short_shipment",
                "damaged_goods",
                "return_request",
                "invoice_dispute",
                "product_inquiry",
            )
        }

    def mail(self, subject, body, author=None):
        """A mail to the helpdesk alias, through the mail gateway's entry."""
        author = author or self.customer
        return (
            self.env["helpdesk.ticket"]
            .with_context(mail_create_nolog=True)
            .message_new(
                {
                    "subject": subject,
                    "body": f"<p>{body}</p>",
                    "author_id": author.id,
                    "email_from": author.email,
                    "from": author.email,
                }
            )
        )

    def samples(self, count, seed):
        return [
            (
                self.classifier._dist_text(subject, body),
                self.category[code].id,
            )
            for subject, body, code in generate(count, seed)
        ]

    def test_keyword_rules_before_there_is_history(self):
        self.assertEqual(self.classifier.mode, "rules")
        ticket = self.mail(
            "Pallet", "The pallet arrived crushed and two cartons are broken."
        )
        self.assertEqual(ticket.category_id, self.category["damaged_goods"])
        self.assertEqual(ticket.dist_classified_by, "rules")
        self.assertGreaterEqual(ticket.dist_category_confidence, 0.6)
        self.assertFalse(ticket.dist_needs_triage)
        # nothing to go on: it waits for an agent
        vague = self.mail("Hello", "Could someone call me back tomorrow?")
        self.assertFalse(vague.category_id)
        self.assertTrue(vague.dist_needs_triage)

    def test_mail_through_the_gateway(self):
        """A raw mail routed by Odoo's mail gateway to the case model: the
        sender is recognised, the case categorised and linked."""
        raw = (
            "From: Pier Builders <buy@pier.test>\r\n"
            "To: support@quay.test\r\n"
            f"Subject: Broken valves on {self.order.name}\r\n"
            "Message-ID: <dist-case-gateway-1@pier.test>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Two valves arrived broken and the box was crushed.\r\n"
        )
        ticket_id = (
            self.env["mail.thread"]
            .with_context(mail_create_nolog=True)
            .message_process("helpdesk.ticket", raw)
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.category_id, self.category["damaged_goods"])
        self.assertEqual(ticket.dist_sale_order_id, self.order)

    def test_agent_correction_is_kept_to_learn_from(self):
        vague = self.mail("Hello", "Could someone call me back about the cartons?")
        self.assertTrue(vague.dist_needs_triage)
        # the classifier's own flag, sent over RPC, does not hide the agent
        vague.with_user(self.agent).with_context(
            dist_classifying=True
        ).category_id = self.category["product_inquiry"]
        self.assertEqual(vague.dist_classified_by, "agent")
        self.assertFalse(vague.dist_needs_triage)
        learned = [label for __, label, __ in self.classifier._dist_samples()]
        self.assertIn(self.category["product_inquiry"].id, learned)
        # an open case nobody categorised does not teach
        self.mail("Hi", "Nothing in particular, really.")
        self.assertEqual(len(self.classifier._dist_samples()), 1)

    def test_agent_accepts_the_suggestion(self):
        # one word of two categories each: a suggestion, below the threshold
        unsure = self.mail("Question", "The invoice came late.")
        self.assertTrue(unsure.dist_needs_triage)
        self.assertTrue(unsure.dist_suggested_category_id)
        self.assertLess(unsure.dist_category_confidence, self.classifier.threshold)
        unsure.with_user(self.agent).action_dist_accept_category()
        self.assertEqual(unsure.category_id, unsure.dist_suggested_category_id)
        self.assertEqual(unsure.dist_classified_by, "agent")
        self.assertFalse(unsure.dist_needs_triage)

    def test_nightly_training_of_every_company(self):
        self.assertFalse(self.classifier.trained_at)
        self.env["dist.case.classifier"]._cron_dist_train()
        self.assertTrue(self.classifier.trained_at)

    def test_model_on_resolved_cases_held_out_accuracy(self):
        self.classifier._dist_train(self.samples(600, seed=1))
        self.assertEqual(self.classifier.mode, "model")
        self.assertEqual(self.classifier.sample_count, 600)
        self.assertEqual(self.classifier.holdout_count, 120)
        held_out = self.samples(300, seed=2)
        right = 0
        for text, label in held_out:
            category, __, __ = self.classifier._dist_classify(text)
            right += category.id == label
        accuracy = right / len(held_out)
        _logger.info(
            "Case classification: %.1f %% right on %s held-out generated mails "
            "(model of 600; keyword rules %.1f %% on the training fold)",
            accuracy * 100,
            len(held_out),
            self.classifier.rules_accuracy * 100,
        )
        self.assertGreaterEqual(accuracy, 0.85)
        self.assertGreaterEqual(self.classifier.holdout_accuracy, 0.85)
        ticket = self.mail(
            "Invoice 2291", "We were charged twice for the hose clamps, please check."
        )
        self.assertEqual(ticket.category_id, self.category["invoice_dispute"])
        self.assertEqual(ticket.dist_classified_by, "model")

    def test_model_waits_for_enough_cases_and_for_beating_the_rules(self):
        self.classifier.min_samples = 100
        self.classifier._dist_train(self.samples(60, seed=3))
        self.assertEqual(self.classifier.mode, "rules")

    def test_order_reference_links_the_case_of_its_customer_only(self):
        ticket = self.mail(
            f"About {self.order.name}",
            f"Hello, where are the goods of {self.order.name}? Still waiting.",
        )
        self.assertEqual(ticket.dist_sale_order_id, self.order)
        self.assertEqual(ticket.partner_id, self.customer)
        other = self.mail(
            f"About {self.order.name}",
            f"We have a question on {self.order.name}.",
            author=self.stranger,
        )
        self.assertFalse(other.dist_sale_order_id)
        delivery = self.order.picking_ids
        ticket = self.mail("Delivery", f"Please check {delivery.name} for us.")
        self.assertEqual(ticket.dist_picking_id, delivery)
        self.assertEqual(ticket.dist_sale_order_id, self.order)
        # unsure from the words, but the delivery it names is overdue
        delivery.scheduled_date = fields.Datetime.now() - timedelta(days=2)
        ticket = self.mail("Delivery", f"Please check {delivery.name} for us.")
        self.assertEqual(ticket.category_id, self.category["delayed_shipment"])
        self.assertEqual(ticket.dist_classified_by, "reference")

    def test_training_reads_resolved_cases(self):
        closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        for subject, body, code in generate(12, seed=4):
            self.env["helpdesk.ticket"].create(
                {
                    "name": subject,
                    "description": body,
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "category_id": self.category[code].id,
                    "stage_id": closed.id,
                }
            )
        self.classifier.with_user(self.manager).action_train()
        self.assertEqual(self.classifier.sample_count, 12)
        self.assertEqual(self.classifier.mode, "rules")  # fewer than 40

    def test_bad_settings_are_refused(self):
        with self.assertRaises(ValidationError):
            self.classifier.with_user(self.manager).threshold = 1.5
        with self.assertRaises(ValidationError):
            self.classifier.with_user(self.manager).min_samples = 0


@tagged("post_install", "-at_install")
class TestSuggestions(ServiceCompanyCase):
    """The open case shows resolved cases like it and the playbook steps of
    its category, ranked by what settled those cases."""

    COMPANY_NAME = "Cove Distribution"
    LOGIN_PREFIX = "dist_sug"

    def setUp(self):
        super().setUp()
        self.customer = self.env["res.partner"].create(
            {"name": "Reef Contractors", "is_company": True}
        )
        self.category = self.env.ref("dist_helpdesk_cases.case_category_damaged_goods")
        self.closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        self.cause = self.env["dist.root.cause"].search([], limit=1)
        actions = {
            code: self.env.ref(f"dist_helpdesk_cases.case_action_{code}")
            for code in ("replacement", "credit_note", "return")
        }
        # a last step of the playbook that settled most similar cases
        self.env["dist.case.playbook.step"].create(
            {
                "category_id": self.category.id,
                "sequence": 99,
                "name": "Send the goods again.",
                "action_id": actions["replacement"].id,
            }
        )
        self.resolved = self.env["helpdesk.ticket"]
        for name, body, codes in (
            (
                "Cracked valves",
                "Two valves arrived cracked and leaking",
                ["replacement"],
            ),
            ("Valves broken", "The valves are broken, box crushed", ["replacement"]),
            ("Leaking valves", "Valves leaking after unpacking", ["credit_note"]),
            ("Wrong colour paint", "The paint tins are the wrong colour", ["return"]),
        ):
            self.resolved |= self.env["helpdesk.ticket"].create(
                {
                    "name": name,
                    "description": f"<p>{body}</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "category_id": self.category.id,
                    "stage_id": self.closed.id,
                    "dist_root_cause_id": self.cause.id,
                    "dist_action_done_ids": [
                        Command.set([actions[c].id for c in codes])
                    ],
                }
            )

    def test_similar_cases_and_ranked_steps(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Valves cracked",
                    "description": "<p>Our valves came cracked and are leaking.</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "category_id": self.category.id,
                }
            )
        )
        similar = ticket._dist_similar_cases()
        self.assertEqual(len(similar), 3)
        self.assertEqual(similar[0].name, "Cracked valves")
        self.assertNotIn("Wrong colour paint", similar.mapped("name"))
        values = ticket._dist_suggestion_values()
        self.assertEqual(values["actions"][0][0].code, "replacement")
        self.assertEqual(values["actions"][0][1], 2)
        first = values["steps"][0]
        self.assertEqual(first["step"].name, "Send the goods again.")
        self.assertEqual(first["used"], 2)
        html = str(ticket.with_user(self.agent).dist_suggestions)
        self.assertIn("Cracked valves", html)
        self.assertIn("used in 2 of 3 similar cases", html)
