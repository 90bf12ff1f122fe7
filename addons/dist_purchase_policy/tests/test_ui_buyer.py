from datetime import datetime

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ReplenishmentCase

SMOOTH = [100] * 12


@tagged("post_install", "-at_install")
class TestUiBuyer(ReplenishmentCase):
    """What a buyer sees: the queue says why, the segments say what their
    figures mean, a run has a name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt = cls.product("Carriage bolt M10", cost=10.0, min_qty=50.0)
        cls.nut = cls.product("Hex nut M10", cost=10.0, min_qty=50.0)
        for product in (cls.bolt, cls.nut):
            cls.demand(product, SMOOTH)
        cls.stock(cls.bolt, 10.0)

    def _action(self, xmlid, user):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = safe_eval(action.get("context") or "{}", {"uid": user.id})
        return action

    def _list_arch(self, views):
        return etree.fromstring(views["views"]["list"]["arch"])

    def test_queue_is_read_first_with_the_reason_and_units(self):
        self.set_cell_policy("A", "X", "smooth", "strategic")
        self.run_replenishment()
        action = self._action(
            "dist_purchase_policy.dist_purchase_recommendation_action", self.buyer
        )
        listed, views, form_values = self.web_open(action, self.buyer)
        self.assertEqual(len(listed), 2)
        arch = self._list_arch(views)
        # not edited in place: a line opens the form
        self.assertIsNone(arch.get("editable"))
        columns = {node.get("name"): node for node in arch.iter("field")}
        for name in ("reason", "product_id", "partner_id", "warehouse_id"):
            self.assertNotIn(columns[name].get("optional"), ("hide",), name)
            self.assertIsNone(columns[name].get("column_invisible"), name)
        # the quantity with its unit, shown by default
        self.assertIn("product_uom_id", columns)
        self.assertNotEqual(columns["product_uom_id"].get("optional"), "hide")
        # grouped by vendor, the groups folded: the buyer opens the vendor
        # they order from (issue 20: unfolded, every opening of the queue
        # read every vendor's lines, one request per vendor)
        self.assertIsNone(arch.get("expand"))
        self.assertEqual(action["context"].get("search_default_group_vendor"), 1)
        # quantities of different products are not summed in the groups
        fields = views["models"]["dist.purchase.recommendation"]["fields"]
        self.assertFalse(fields["quantity"].get("aggregator"))
        self.assertIsNone(columns["quantity"].get("sum"))
        Rec = self.as_user(self.env["dist.purchase.recommendation"], self.buyer)
        # the web client asks the groups for the aggregates of its columns
        aggregates = [
            f"{name}:{fields[name]['aggregator']}"
            for name in columns
            if fields[name].get("aggregator")
        ]
        groups = Rec.web_read_group(
            [("company_id", "=", self.company.id)], aggregates, ["partner_id"]
        )["groups"]
        self.assertNotIn("quantity", groups[0])
        # the form opens for the buyer: the why first, the buttons of the list
        self.assertIn("forecast 100.0 per month", form_values["reason"])
        form = etree.fromstring(views["views"]["form"]["arch"])
        sheet_fields = [node.get("name") for node in form.iter("field")]
        self.assertLess(sheet_fields.index("reason"), sheet_fields.index("forecast"))
        self.assertLess(sheet_fields.index("reason"), sheet_fields.index("kind"))
        buttons = {node.get("name") for node in form.iter("button")}
        self.assertLessEqual(
            {"action_approve", "action_create_orders", "action_open_dismiss"}, buttons
        )
        rec = listed.filtered(lambda r: r.product_id == self.bolt)
        values, editable = self.web_open_form(rec, self.buyer)
        self.assertTrue(editable)
        self.assertEqual(values["product_uom_id"]["display_name"], "Units")
        self.assertEqual(values["stock_uom_id"]["display_name"], "Units")
        self.assertRegex(
            values["display_name"], r"^Purchase [\d.,]+ Units Carriage bolt M10 @ "
        )

    def test_segments_show_name_class_demand_and_explain_the_statistics(self):
        self.run_replenishment()
        action = self._action(
            "dist_purchase_policy.dist_product_segment_action", self.buyer
        )
        listed, views, _form = self.web_open(action, self.buyer)
        self.assertTrue(listed)
        arch = self._list_arch(views)
        columns = {node.get("name"): node for node in arch.iter("field")}
        shown = [
            name for name, node in columns.items() if node.get("optional") != "hide"
        ]
        self.assertLessEqual(
            {"product_id", "abc_class", "xyz_class", "demand_summary"}, set(shown)
        )
        self.assertLessEqual(len(shown), 12)
        for name in ("cv", "adi", "cv2", "avg_demand"):
            self.assertEqual(columns[name].get("optional"), "hide", name)
        fields = views["models"]["dist.product.segment"]["fields"]
        Segment = self.as_user(self.env["dist.product.segment"], self.buyer)
        helps = Segment.fields_get(
            ["abc_class", "xyz_class", "demand_pattern", "adi", "cv", "cv2"],
            ["help"],
        )
        for name, words in (
            ("abc_class", "consumption value"),
            ("xyz_class", "steady"),
            ("adi", "sold every period"),
            ("cv", "spread divided by the mean"),
            ("cv2", "order sizes"),
        ):
            self.assertIn(words, helps[name].get("help") or "", name)
        self.assertIn("demand_summary", fields)
        segment = self.as_user(self.segment(self.bolt), self.buyer)
        self.assertEqual(segment.demand_summary, "100.0 Units per month")

    def test_run_has_a_name_in_the_readers_time_zone(self):
        run = self.run_replenishment()
        run.sudo().started_at = datetime(2026, 12, 7, 1, 0)
        self.buyer.tz = "Europe/Brussels"
        self.manager.tz = "Europe/Brussels"
        shown = self.as_user(run, self.manager)
        self.assertEqual(
            shown.display_name, "Replenishment run 2026-12-07 02:00 (Whole company)"
        )
        values, _editable = self.web_open_form(run, self.manager)
        self.assertEqual(
            values["display_name"], "Replenishment run 2026-12-07 02:00 (Whole company)"
        )
