import json
import re
from datetime import date

from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DistRolesCase

PIVOT_FORMULA = re.compile(r"=PIVOT\(([^)]*)\)")


@tagged("post_install", "-at_install")
class TestUiTower(DistRolesCase):
    """What the executive and the process owner read in the control tower:
    each figure in its unit (an amount in the company's currency, a count
    whole, a percentage, days), differences signed with their unit, no
    total over KPIs of different units, titles in words, an exception board
    of several columns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.company = cls.env["res.company"].create(
            {"name": "Tower Euro", "currency_id": eur.id}
        )
        company_ids = [Command.set(cls.company.ids)]
        cls.executive = cls.role_user(
            "ui_tower_exec",
            "dist_governance.group_executive",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.owner = cls.role_user(
            "ui_tower_owner",
            "dist_governance.group_process_owner",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        Kpi = cls.env["dist.kpi"]
        cls.amount, cls.count, cls.percent, cls.days = Kpi.create(
            [
                {"code": "ui_amount", "name": "UI value shipped", "unit": "amount"},
                {"code": "ui_count", "name": "UI exceptions", "unit": "count"},
                {"code": "ui_percent", "name": "UI fill rate", "unit": "percent"},
                {"code": "ui_days", "name": "UI lead time", "unit": "days"},
            ]
        )
        day = date(2026, 5, 10)
        # kpi: (numerator, denominator) of the day, of the baseline
        figures = {
            cls.amount: ((124.2, 0.0), (100.0, 0.0)),
            cls.count: ((7.0, 0.0), (10.0, 0.0)),
            cls.percent: ((80.0, 100.0), (739.0, 1000.0)),
            cls.days: ((2.0, 1.0), (5.0, 1.0)),
        }
        cls.env["dist.kpi.snapshot"].create(
            [
                {
                    "kpi_id": kpi.id,
                    "company_id": cls.company.id,
                    "date": day,
                    "numerator": today[0],
                    "denominator": today[1],
                    "value": kpi._dist_value(*today),
                }
                for kpi, (today, _before) in figures.items()
            ]
        )
        baseline = cls.env["dist.kpi.baseline"].create(
            {
                "name": "UI before",
                "company_id": cls.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 3, 31),
            }
        )
        cls.env["dist.kpi.baseline.line"].create(
            [
                {
                    "baseline_id": baseline.id,
                    "kpi_id": kpi.id,
                    "numerator": before[0],
                    "denominator": before[1],
                    "value": kpi._dist_value(*before),
                }
                for kpi, (_today, before) in figures.items()
            ]
        )

    def test_tiles_show_each_figure_in_its_unit(self):
        for user in (self.executive, self.owner):
            values = {
                kpi: self.web_open_form(kpi, user)[0]
                for kpi in self.amount | self.count | self.percent | self.days
            }
            # the company's currency, 2 decimals
            self.assertIn("€", values[self.amount]["tile_value_display"])
            self.assertIn("124.20", values[self.amount]["tile_value_display"])
            self.assertNotIn("amount", values[self.amount]["tile_value_display"])
            # a count is whole
            self.assertEqual(values[self.count]["tile_value_display"], "7")
            self.assertEqual(values[self.percent]["tile_value_display"], "80.0 %")
            self.assertEqual(values[self.days]["tile_value_display"], "2 days")

    def test_differences_carry_a_sign_and_a_unit(self):
        kpis = self.as_user(
            self.amount | self.count | self.percent | self.days, self.executive
        )
        trends = {kpi: kpi.tile_trend_display for kpi in kpis}
        self.assertEqual(trends[kpis[2]], "+6.1 %")
        self.assertEqual(trends[kpis[3]], "\u22123 days")
        self.assertEqual(trends[kpis[1]], "\u22123")
        self.assertTrue(trends[kpis[0]].startswith("+"))
        self.assertIn("€", trends[kpis[0]])
        self.assertIn("24.20", trends[kpis[0]])
        # the kanban tile says it that way, not the bare float
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_governance.dist_kpi_action_tiles"
        )
        _listed, views, _form = self.web_open(
            dict(action, context=safe_eval(action["context"])), self.executive
        )
        arch = etree.fromstring(views["views"]["kanban"]["arch"])
        shown = {node.get("name") for node in arch.iter("field")}
        self.assertIn("tile_value_display", shown)
        self.assertIn("tile_trend_display", shown)
        self.assertNotIn("tile_trend", shown)
        self.assertNotIn("tile_value", shown)

    def test_history_lists_figures_in_their_unit(self):
        action = self.as_user(self.count, self.owner).action_history()
        listed, views, _form = self.web_open(dict(action, view_mode="list"), self.owner)
        self.assertEqual(listed.mapped("value_display"), ["7"])
        columns = {
            node.get("name")
            for node in etree.fromstring(views["views"]["list"]["arch"]).iter("field")
        }
        self.assertIn("value_display", columns)

    def test_history_never_totals_kpis_of_different_units(self):
        Snapshot = self.as_user(self.env["dist.kpi.snapshot"], self.executive)
        domain = [("kpi_id", "in", (self.amount | self.percent).ids)]
        # the pivot's grand total: a percentage with an amount, left empty
        [total] = Snapshot.read_group(domain, ["value:avg"], [], lazy=False)
        self.assertFalse(total["value"])
        by_month = Snapshot.read_group(
            domain, ["value:avg"], ["date:month"], lazy=False
        )
        self.assertTrue(by_month)
        self.assertFalse(any(group["value"] for group in by_month))
        # one KPI per row: its figure
        rows = Snapshot.read_group(domain, ["value:avg"], ["kpi_id"], lazy=False)
        self.assertEqual(
            {row["kpi_id"][0]: row["value"] for row in rows},
            {self.amount.id: 124.2, self.percent.id: 80.0},
        )
        # one KPI alone (its History button): the total stays
        [total] = Snapshot.read_group(
            [("kpi_id", "=", self.percent.id)], ["value:avg"], [], lazy=False
        )
        self.assertEqual(total["value"], 80.0)
        # the views open grouped by KPI first
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_governance.dist_kpi_snapshot_action"
        )
        context = safe_eval(action["context"])
        self.assertEqual(context.get("search_default_group_kpi"), 1)
        _listed, views, _form = self.web_open(
            dict(action, context=context), self.executive
        )
        pivot = etree.fromstring(views["views"]["pivot"]["arch"])
        self.assertEqual(pivot.xpath("//field[@type='row']")[0].get("name"), "kpi_id")
        graph = etree.fromstring(views["views"]["graph"]["arch"])
        self.assertIn("kpi_id", [node.get("name") for node in graph.iter("field")])
        self.assertIn("No KPI figure yet", action["help"])

    def test_dashboard_titles_are_words(self):
        dashboards = self.as_user(
            self.env["spreadsheet.dashboard"], self.executive
        ).search(
            [
                (
                    "dashboard_group_id",
                    "=",
                    self.env.ref(
                        "dist_governance.spreadsheet_dashboard_group_control_tower"
                    ).id,
                )
            ]
        )
        self.assertEqual(len(dashboards), 2)  # the group's, Tower Euro's
        for dashboard in dashboards:
            data = json.loads(dashboard.spreadsheet_data)
            for figure in data["sheets"][0]["figures"]:
                self.assertNotIn("(#", figure["data"]["title"]["text"])
            formulas = [
                PIVOT_FORMULA.search(cell.get("content", ""))
                for cell in data["sheets"][0]["cells"].values()
            ]
            formulas = [match.group(1) for match in formulas if match]
            # one per pivot: a KPI pivot per unit, two of exceptions
            self.assertEqual(len(formulas), len(data["pivots"]), dashboard.name)
            for args in formulas:
                # a pivot table with its column headers gets the title
                # "(#1) <name>" in its corner: headers are cells in words
                self.assertEqual(args.split(",")[3:4], ["FALSE"], dashboard.name)
            for pivot in data["pivots"].values():
                self.assertEqual(pivot["columns"], [], pivot["name"])

    def test_exception_board_has_several_columns(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_governance.dist_exception_action"
        )
        context = safe_eval(action["context"])
        self.assertEqual(context["group_by"], ["state"])
        self.assertEqual(action["view_mode"].split(",")[0], "kanban")
        _listed, views, _form = self.web_open(dict(action, context=context), self.owner)
        kanban = etree.fromstring(views["views"]["kanban"]["arch"])
        self.assertEqual(kanban.get("default_group_by"), "state")
        self.assertEqual(kanban.get("limit"), "20")
        Exception_ = self.as_user(self.env["dist.exception"], self.owner)
        groups = Exception_.web_read_group(
            [("state", "in", ("open", "progress"))], ["state"], ["state"]
        )["groups"]
        self.assertEqual([group["state"] for group in groups], ["open", "progress"])

    def test_screens_show_names_not_codes(self):
        """Issue 18: the executive and the process owner read the control
        tower, the exceptions, their types, the reviews and the audit trail
        without addon names (dist_governance), codes (late_delivery) or model
        names (purchase.order): those stay on the controller's forms."""
        technical = {
            "dist.kpi": {"code", "feeder"},
            "dist.kpi.snapshot": {"kpi_id.code"},
            "dist.exception": {"res_model", "res_id"},
            "dist.exception.type": {"code", "source_module"},
            "dist.root.cause": {"code"},
            "dist.audit.entry": {"res_model", "field_name"},
            "tier.review": {"model", "res_id", "definition_id"},
        }
        views = ["kanban", "list", "form", "search", "pivot", "graph"]
        controller = self.role_user(
            "ui_tower_controller",
            "dist_governance.group_governance_controller",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for user in (self.executive, self.owner):
            for model, fields in technical.items():
                Model = self.as_user(self.env[model], user)
                found = Model.get_views(
                    [
                        (
                            self.env.ref(
                                "dist_governance.tier_review_view_list_dist"
                            ).id,
                            "list",
                        )
                    ]
                    if model == "tier.review"
                    else [(False, view) for view in views]
                )
                for view, spec in found["views"].items():
                    with self.subTest(user=user.login, model=model, view=view):
                        self.assertFalse(
                            fields & self._visible_fields(spec["arch"]),
                            f"{user.login} reads technical values in the "
                            f"{view} of {model}",
                        )
        # the controller configures with them
        Type = self.as_user(self.env["dist.exception.type"], controller)
        form = Type.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertLessEqual({"code", "source_module"}, self._visible_fields(form))
        # the names users know instead
        kpi = self.as_user(
            self.env.ref("dist_governance.kpi_exceptions_raised"), self.executive
        )
        self.assertEqual(
            kpi.feeder_app,
            self.env.ref("base.module_dist_governance").shortdesc,
        )
        exception_type = self.env["dist.exception.type"].search(
            [("source_module", "=", "dist_governance")], limit=1
        )
        self.assertEqual(
            self.as_user(exception_type, self.executive).source_app,
            kpi.feeder_app,
        )
        gone = self.env["dist.exception"].create(
            {
                "type_id": exception_type.id,
                "summary": "Source deleted",
                "company_id": self.company.id,
                "res_model": "res.partner",
                "res_id": 0,
            }
        )
        self.assertEqual(
            self.as_user(gone, self.executive).source_name, "Contact (deleted)"
        )

    @staticmethod
    def _visible_fields(arch):
        """The names of the fields an arch shows (not invisible)."""
        shown = set()
        for node in etree.fromstring(arch).iter("field"):
            hidden = any(
                node.get(attribute) in ("1", "True", "true")
                for attribute in ("invisible", "column_invisible")
            )
            if not hidden:
                shown.add(node.get("name"))
        return shown
