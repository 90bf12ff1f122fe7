"""Review history as a reader who may see a review but not its document:
each review names its document and what kind of document it is, not the
technical model and a record they cannot open."""

from lxml import etree

from odoo.tests import tagged

from .test_purchase_approval import PurchaseApprovalCase


@tagged("post_install", "-at_install")
class TestReviewHistoryView(PurchaseApprovalCase):
    def test_a_reader_without_purchase_rights_reads_the_document_name(self):
        # an employee without purchase rights (as the service desk is)
        reader = self.outsider
        order = self._order(self.buyer, 50)
        order.request_validation()
        order.with_user(self.approver).validate_tier()
        # the reader sees the reviews, not the order
        self.assertFalse(order.with_user(reader).has_access("read"))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_governance.tier_review_action_dist"
        )
        action["context"] = {}
        action["domain"] = [("model", "=", "purchase.order"), ("res_id", "=", order.id)]
        listed, views, _form = self.web_open(action, reader)
        self.assertEqual(listed, order.review_ids)
        columns = [
            node.get("name")
            for node in etree.fromstring(views["views"]["list"]["arch"]).iter("field")
        ]
        self.assertNotIn("model", columns)
        self.assertNotIn("res_id", columns)
        self.assertIn("dist_document", columns)
        self.assertIn("dist_document_type", columns)
        rows = self.as_user(listed, reader).web_read(
            {"dist_document": {}, "dist_document_type": {}}
        )
        for row in rows:
            self.assertEqual(row["dist_document"], order.name)
            self.assertEqual(row["dist_document_type"], "Purchase Order")
