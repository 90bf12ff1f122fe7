import json
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.spreadsheet.utils.validate_data import fields_in_spreadsheet

from .common import DistRolesCase


def _field_chain_exists(env, model, chain):
    """Whether `chain` ("kpi_id.unit", "date:day") walks real fields."""
    for name in chain.split(":")[0].split("."):
        field = env[model]._fields.get(name)
        if field is None:
            return False
        model = field.comodel_name or model
    return True


def _domain_fields(domain):
    return [leaf[0] for leaf in domain if isinstance(leaf, list | tuple)]


@tagged("post_install", "-at_install")
class TestKpiDashboards(DistRolesCase):
    """The control tower in the Dashboards app: the group's dashboard and
    one per company, their data sources against the models, their
    audience, and their figures against the snapshots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Sheet North"})
        cls.south = Company.create({"name": "Sheet South"})
        Warehouse = cls.env["stock.warehouse"]
        cls.north_wh = Warehouse.search([("company_id", "=", cls.north.id)], limit=1)
        cls.north_wh2 = Warehouse.create(
            {"name": "Sheet North 2", "code": "SN2", "company_id": cls.north.id}
        )
        cls.south_wh = Warehouse.search([("company_id", "=", cls.south.id)], limit=1)
        both = [Command.set((cls.north | cls.south).ids)]
        cls.manager = cls.role_user(
            "sheet_exec",
            "dist_governance.group_executive",
            company_id=cls.north.id,
            company_ids=both,
        )
        cls.owner = cls.role_user(
            "sheet_owner",
            "dist_governance.group_process_owner",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )
        # a role of the suite without the control tower, and a plain user
        cls.any_role = cls.role_user(
            "sheet_any_role",
            "dist_governance.group_dist_user",
            company_id=cls.north.id,
            company_ids=both,
        )
        cls.plain = cls.role_user(
            "sheet_plain", company_id=cls.north.id, company_ids=both
        )
        cls.percent = cls.env["dist.kpi"].create(
            {"code": "sheet_fill", "name": "Sheet fill rate", "unit": "percent"}
        )
        cls.hours = cls.env.ref("dist_governance.kpi_approval_turnaround")
        today = fields.Date.context_today(cls.env["res.users"])
        cls.today = today
        # (kpi, company, warehouse, days ago, value): 30 days ago and more
        # lie outside the dashboards' default period (the last 30 days)
        cls.rows = [
            (cls.percent, cls.north, cls.north_wh, 1, 90.0),
            (cls.percent, cls.north, cls.north_wh, 10, 80.0),
            (cls.percent, cls.north, cls.north_wh2, 1, 70.0),
            (cls.percent, cls.north, cls.north_wh, 29, 60.0),
            (cls.percent, cls.north, cls.north_wh, 30, 10.0),
            (cls.percent, cls.north, cls.north_wh, 45, 5.0),
            (cls.percent, cls.south, cls.south_wh, 2, 50.0),
            (cls.hours, cls.north, cls.env["stock.warehouse"], 3, 12.0),
            (cls.hours, cls.south, cls.env["stock.warehouse"], 3, 30.0),
            (cls.hours, cls.south, cls.env["stock.warehouse"], 4, 36.0),
        ]
        cls.env["dist.kpi.snapshot"].create(
            [
                {
                    "kpi_id": kpi.id,
                    "company_id": company.id,
                    "warehouse_id": warehouse.id or False,
                    "date": today - timedelta(days=ago),
                    "numerator": value,
                    "denominator": 100.0 if kpi.unit == "percent" else 1.0,
                    "value": value,
                }
                for kpi, company, warehouse, ago, value in cls.rows
            ]
        )
        cls.exc_type = cls.env["dist.exception.type"].create(
            {
                "code": "sheet_gap",
                "name": "Sheet gap",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
            }
        )
        partners = cls.env["res.partner"].create(
            [{"name": f"Sheet source {i}"} for i in range(5)]
        )
        causes = cls.env["dist.root.cause"].search([("company_id", "=", False)])[:2]
        cls.cause = causes[0]
        # (company, owner, root cause, state)
        cases = [
            (cls.north, cls.owner, cls.cause, "open"),
            (cls.north, cls.owner, causes[1:2], "progress"),
            (cls.north, cls.manager, cls.cause, "open"),
            (cls.north, cls.owner, cls.cause, "resolved"),
            (cls.south, cls.manager, cls.cause, "open"),
        ]
        for partner, (company, owner, cause, state) in zip(
            partners, cases, strict=True
        ):
            exception = cls.env["dist.exception"].raise_exception(
                "sheet_gap", partner, f"gap {partner.name}", company_id=company.id
            )
            exception.write(
                {
                    "owner_id": owner.id,
                    "root_cause_id": cause.id or False,
                    "state": state,
                }
            )
        cls.group_dashboard = cls.env.ref(
            "dist_governance.spreadsheet_dashboard_control_tower_group"
        )
        cls.dashboards = cls.env["spreadsheet.dashboard"].search(
            [
                (
                    "dashboard_group_id",
                    "=",
                    cls.env.ref(
                        "dist_governance.spreadsheet_dashboard_group_control_tower"
                    ).id,
                )
            ]
        )

    def company_dashboard(self, company):
        return self.dashboards.filtered(
            lambda d: d.dist_control_tower and d.company_id == company
        )

    def period_domain(self):
        # the Period filter's default, "Last 30 Days": today and the 29
        # days before
        return [
            ("date", ">=", self.today - timedelta(days=29)),
            ("date", "<=", self.today),
        ]

    def test_dashboards_exist_and_their_sources_exist(self):
        north, south = (
            self.company_dashboard(self.north),
            self.company_dashboard(self.south),
        )
        self.assertTrue(north and south)
        self.assertEqual(north.name, "Sheet North")
        self.assertIn(self.group_dashboard, self.dashboards)
        self.assertFalse(self.group_dashboard.company_id)
        for dashboard in self.group_dashboard | north | south:
            data = json.loads(dashboard.spreadsheet_data)
            self.assertEqual(data["version"], 21)
            # one KPI pivot per unit of the KPIs, two of exceptions
            units = set(self.env["dist.kpi"].search([]).mapped("unit"))
            self.assertEqual(len(data["pivots"]), len(units) + 2, dashboard.name)
            self.assertEqual(len(data["lists"]), 1, dashboard.name)
            charts = [
                figure["data"]
                for figure in data["sheets"][0]["figures"]
                if figure["data"]["type"].startswith("odoo_")
            ]
            self.assertEqual(len(charts), 1, dashboard.name)
            sources = []
            for pivot in data["pivots"].values():
                names = [m["fieldName"] for m in pivot["measures"]]
                names += [g["fieldName"] for g in pivot["rows"] + pivot["columns"]]
                sources.append((pivot["model"], names, pivot))
            for list_ in data["lists"].values():
                names = list_["columns"] + [o["name"] for o in list_["orderBy"]]
                sources.append((list_["model"], names, list_))
            for chart in charts:
                names = chart["metaData"]["groupBy"] + [chart["metaData"]["measure"]]
                sources.append(
                    (chart["metaData"]["resModel"], names, chart["searchParams"])
                )
            for model, names, source in sources:
                self.assertIn(model, self.env)
                names += _domain_fields(source["domain"])
                names += [
                    match["chain"] for match in source.get("fieldMatching", {}).values()
                ]
                for name in names:
                    if name == "__count":
                        continue
                    self.assertTrue(
                        _field_chain_exists(self.env, model, name),
                        f"{dashboard.name}: {model} has no field {name}",
                    )
                # a company's dashboard reads that company only
                if dashboard.company_id:
                    self.assertEqual(
                        source["domain"][0],
                        ["company_id", "=", dashboard.company_id.id],
                    )
            # Odoo's own reading of the fields a spreadsheet uses
            for model, names in fields_in_spreadsheet(data).items():
                for name in names:
                    self.assertTrue(_field_chain_exists(self.env, model, name))
            # every filter matches a field on each source it is applied to
            filter_ids = {f["id"] for f in data["globalFilters"]}
            for _model, _names, source in sources:
                self.assertLessEqual(set(source.get("fieldMatching", {})), filter_ids)
        # the group's dashboard filters by company, a company's does not
        group_data = json.loads(self.group_dashboard.spreadsheet_data)
        company_data = json.loads(north.spreadsheet_data)
        self.assertIn(
            "res.company", [f.get("modelName") for f in group_data["globalFilters"]]
        )
        self.assertNotIn(
            "res.company",
            [f.get("modelName") for f in company_data["globalFilters"]],
        )
        self.assertEqual(
            company_data["sheets"][0]["cells"]["A1"]["content"],
            "Distribution control tower: Sheet North",
        )

    def test_who_sees_the_dashboards(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        ours = self.dashboards
        # the executive holding both companies, both selected
        seen = Dashboard.with_user(self.manager).with_context(
            allowed_company_ids=(self.north | self.south).ids
        )
        self.assertEqual(
            seen.search([("id", "in", ours.ids)]),
            self.group_dashboard
            | self.company_dashboard(self.north)
            | self.company_dashboard(self.south),
        )
        # the same executive working in the north only
        seen = Dashboard.with_user(self.manager).with_context(
            allowed_company_ids=self.north.ids
        )
        self.assertEqual(
            seen.search([("id", "in", ours.ids)]),
            self.group_dashboard | self.company_dashboard(self.north),
        )
        # a process owner of the north only
        self.assertEqual(
            Dashboard.with_user(self.owner).search([("id", "in", ours.ids)]),
            self.group_dashboard | self.company_dashboard(self.north),
        )
        # a role without the control tower, and a plain user: none
        for user in (self.any_role, self.plain):
            self.assertFalse(
                Dashboard.with_user(user)
                .with_context(allowed_company_ids=(self.north | self.south).ids)
                .search([("id", "in", ours.ids)]),
                user.login,
            )
        menu = self.env.ref("dist_governance.dist_kpi_menu_dashboards")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.any_role)._visible_menu_ids())
        # the dashboard the Control Tower menu opens
        action = self.env.ref("dist_governance.dist_kpi_action_dashboards")
        self.assertEqual(action.params["dashboard_id"], self.group_dashboard.id)

    def _pivot(self, dashboard, pivot_id):
        return json.loads(dashboard.spreadsheet_data)["pivots"][pivot_id]

    def _read_pivot(self, user, companies, pivot, extra_domain=()):
        """The pivot's figures as the spreadsheet asks them of the ORM:
        {(row, column): value}."""
        Model = (
            self.env[pivot["model"]]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
        )
        groupby = [g["fieldName"] for g in pivot["rows"] + pivot["columns"]]
        measures = [
            "__count"
            if m["fieldName"] == "__count"
            else f"{m['fieldName']}:{m['aggregator']}"
            for m in pivot["measures"]
        ]
        return {
            tuple(group[:-1]): group[-1]
            for group in Model._read_group(
                pivot["domain"] + list(extra_domain), groupby, measures
            )
        }

    def test_kpi_pivots_against_the_snapshots(self):
        def expected(companies, per):
            """Average of the snapshot values of the last 30 days, per
            (kpi, company or warehouse), by hand."""
            values = {}
            for kpi, company, warehouse, ago, value in self.rows:
                if company in companies and ago < 30:
                    key = (kpi, company if per == "company" else warehouse)
                    values.setdefault(key, []).append(value)
            return {key: sum(v) / len(v) for key, v in values.items()}

        both = self.north | self.south
        # the group's dashboard: by KPI x company, the companies selected;
        # the percentages and the hours each in their own pivot
        pivots = self._kpi_pivots(self.group_dashboard)
        for pivot in pivots.values():
            self.assertEqual(
                pivot["rows"], [{"fieldName": "kpi_id"}, {"fieldName": "company_id"}]
            )
        figures = {}
        for unit in ("percent", "hours"):
            figures.update(
                self._read_pivot(self.manager, both, pivots[unit], self.period_domain())
            )
        ours = {
            key: value
            for key, value in figures.items()
            if key[0] in self.percent | self.hours
        }
        self.assertEqual(ours, expected(both, "company"))
        # north: fill rate (90 + 80 + 70 + 60) / 4; the 30- and 45-day-old
        # values are out of the period
        self.assertEqual(ours[self.percent, self.north], 75.0)
        self.assertEqual(ours[self.hours, self.south], 33.0)
        # the hours are not in the percentages' pivot
        self.assertFalse(
            {
                key
                for key in self._read_pivot(self.manager, both, pivots["percent"])
                if key[0] == self.hours
            }
        )
        # the same dashboard for the north's process owner: the north only
        figures = self._read_pivot(
            self.owner, self.north, pivots["percent"], self.period_domain()
        )
        self.assertEqual(
            {key[1] for key in figures if key[0] == self.percent}, {self.north}
        )
        # the north's dashboard: by warehouse, the north even when the
        # executive has both companies selected
        pivots = self._kpi_pivots(self.company_dashboard(self.north))
        figures = {}
        for unit in ("percent", "hours"):
            self.assertEqual(
                pivots[unit]["rows"],
                [{"fieldName": "kpi_id"}, {"fieldName": "warehouse_id"}],
            )
            figures.update(
                self._read_pivot(self.manager, both, pivots[unit], self.period_domain())
            )
        self.assertEqual(
            {k: v for k, v in figures.items() if k[0] in self.percent | self.hours},
            expected(self.north, "warehouse"),
        )
        self.assertAlmostEqual(figures[self.percent, self.north_wh], 230.0 / 3)
        self.assertEqual(figures[self.percent, self.north_wh2], 70.0)

    def _kpi_pivots(self, dashboard):
        """{unit: the dashboard's KPI pivot of that unit}."""
        pivots = {}
        for pivot in json.loads(dashboard.spreadsheet_data)["pivots"].values():
            if pivot["model"] == "dist.kpi.snapshot":
                [unit] = [
                    leaf[2] for leaf in pivot["domain"] if leaf[0] == "kpi_id.unit"
                ]
                self.assertNotIn(unit, pivots)
                pivots[unit] = pivot
        return pivots

    def test_each_figure_in_its_unit_s_format(self):
        """Issue 18: counts whole, amounts in the company's currency,
        percentages with %, days with d; no total over KPIs of different
        units (one pivot per unit, no grand total)."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.south.currency_id = eur
        self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards()
        formats = {
            "percent": '0.0" %"',
            "count": "#,##0",
            "days": '0.0" d"',
            "hours": '0.0" h"',
            "ratio": '0.00"x"',
        }
        usd = self.env.ref("base.USD")
        for dashboard, amount_format in (
            (self.company_dashboard(self.north), f"[${usd.symbol}]#,##0.00"),
            (self.company_dashboard(self.south), f"#,##0.00[$ {eur.symbol}]"),
            # companies of two currencies: amounts without a symbol
            (self.group_dashboard, "#,##0.00"),
        ):
            data = json.loads(dashboard.spreadsheet_data)
            pivots = self._kpi_pivots(dashboard)
            self.assertLessEqual(
                set(self.env["dist.kpi"].search([]).mapped("unit")), set(pivots)
            )
            for unit, pivot in pivots.items():
                [measure] = pivot["measures"]
                self.assertEqual(
                    measure["format"],
                    amount_format if unit == "amount" else formats[unit],
                    f"{dashboard.name}: {unit}",
                )
            # exceptions are counted whole
            for pivot in data["pivots"].values():
                if pivot["model"] == "dist.exception":
                    self.assertEqual(pivot["measures"][0]["format"], "#,##0")
            # each pivot's formula once; the KPI ones without a grand total
            cells = data["sheets"][0]["cells"]
            formulas = {}
            for cell in cells.values():
                match = re.match(r"=PIVOT\((\w+),(\d+),(\w+),", cell.get("content", ""))
                if match:
                    formulas[match.group(1)] = match.group(3)
            self.assertEqual(set(formulas), set(data["pivots"]))
            for pivot in pivots.values():
                self.assertEqual(formulas[pivot["formulaId"]], "FALSE")
            # the exceptions come after the KPI sections, their titles kept
            titles = [
                (int(re.sub(r"\D", "", key)), cell["content"])
                for key, cell in cells.items()
                if not cell.get("content", "").startswith("=")
            ]
            kpi_rows = [
                int(re.sub(r"\D", "", key))
                for key, cell in cells.items()
                if cell.get("content", "").startswith("=PIVOT")
                and re.match(r"=PIVOT\((\w+)", cell["content"]).group(1)
                in {p["formulaId"] for p in pivots.values()}
            ]
            exceptions_row = next(
                row
                for row, text in titles
                if text == "Open exceptions by owner and severity"
            )
            self.assertGreater(exceptions_row, max(kpi_rows))
        # the group's amounts carry the currency when the companies share it
        self.south.currency_id = usd
        self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards()
        if "amount" in self._kpi_pivots(self.group_dashboard):
            self.assertIn(
                usd.symbol,
                self._kpi_pivots(self.group_dashboard)["amount"]["measures"][0][
                    "format"
                ],
            )

    def test_exception_pivots_against_the_exceptions(self):
        both = self.north | self.south
        pivot = self._pivot(self.group_dashboard, "2")
        figures = self._read_pivot(
            self.manager, both, pivot, [("type_id", "=", self.exc_type.id)]
        )
        by_owner = {}
        for (owner, _severity), count in figures.items():
            by_owner[owner] = by_owner.get(owner, 0) + count
        # open or in progress; the resolved one is left out
        self.assertEqual(by_owner, {self.owner: 2, self.manager: 2})
        pivot = self._pivot(self.company_dashboard(self.north), "3")
        figures = self._read_pivot(
            self.manager, both, pivot, [("type_id", "=", self.exc_type.id)]
        )
        self.assertEqual(figures[(self.cause,)], 2)
        self.assertEqual(sum(figures.values()), 3)

    def test_a_new_company_gets_its_dashboard(self):
        company = self.env["res.company"].create({"name": "Sheet East"})
        dashboard = self.env["spreadsheet.dashboard"].search(
            [("dist_control_tower", "=", True), ("company_id", "=", company.id)]
        )
        self.assertEqual(dashboard.name, "Sheet East")
        company.name = "Sheet East and West"
        self.assertEqual(dashboard.name, "Sheet East and West")
        data = json.loads(dashboard.spreadsheet_data)
        self.assertIn(
            "Sheet East and West", data["sheets"][0]["cells"]["A1"]["content"]
        )
        # the module's own record: uninstalling the module removes it
        self.assertEqual(
            dashboard.get_external_id()[dashboard.id],
            f"dist_governance.spreadsheet_dashboard_control_tower_company_{company.id}",
        )
        # updating the module writes them again, without duplicates
        self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards()
        self.assertEqual(
            self.env["spreadsheet.dashboard"].search_count(
                [("dist_control_tower", "=", True), ("company_id", "=", company.id)]
            ),
            1,
        )
