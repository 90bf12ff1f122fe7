"""The control tower's spreadsheet dashboards (Dashboards app).

One dashboard for the group (data/files/control_tower_group_dashboard.json,
a data record): the companies selected in the company switcher, by company.
One dashboard per company, made here from
data/files/control_tower_company_dashboard.json: every pivot, list and chart
of the template gets the company in its domain, and the dashboard record
carries the company, so Odoo's multi-company rule on spreadsheet.dashboard
lists it only to users working in that company. A company created later gets
its dashboard at once; an update of the module rewrites them from the
template.

The KPI figures are laid out one pivot per unit (percentages, amounts,
counts, days, hours, ratios), each read in its own format (a count whole, an
amount in the company's currency, a percentage with "%", days with "d"):
one pivot over KPIs of different units would average a percentage with an
amount. The pivots have no grand total; each KPI's row is its own figure.
The sections are laid out when the dashboards are written: on the update of
this module and of each addon that ships KPIs, and when a company is
created.
"""

import json
import re

from odoo import Command, api, fields, models
from odoo.tools import file_open

COMPANY_TEMPLATE = "dist_governance/data/files/control_tower_company_dashboard.json"
GROUP_TEMPLATE = "dist_governance/data/files/control_tower_group_dashboard.json"
GROUP_XMLID = "dist_governance.spreadsheet_dashboard_control_tower_group"
COMPANY_XMLID = "spreadsheet_dashboard_control_tower_company_%s"
DASHBOARD_GROUP = "dist_governance.spreadsheet_dashboard_group_control_tower"
AUDIENCE = (
    "dist_governance.group_executive",
    "dist_governance.group_process_owner",
    "dist_governance.group_governance_controller",
)


# the KPI section of the templates: pivot "1" (all KPIs, the prototype of
# the per-unit pivots), its title, header and formula from row 20; what
# follows it starts at row 97
KPI_PIVOT = "1"
KPI_FIRST_ROW = 20
KPI_NEXT_ROW = 97
# unit: (title, cell format; None: the currency's)
UNIT_SECTIONS = {
    "percent": ("Percentages", '0.0" %"'),
    "amount": ("Amounts", None),
    "count": ("Counts", "#,##0"),
    "days": ("Days", '0.0" d"'),
    "hours": ("Hours", '0.0" h"'),
    "ratio": ("Ratios (times)", '0.00"x"'),
}
COUNT_FORMAT = "#,##0"
CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _currency_format(currency):
    """A spreadsheet number format for amounts in `currency`
    ([$€]#,##0.00 or #,##0.00[$ €], its decimals)."""
    number = "#,##0" + (
        "." + "0" * currency.decimal_places if currency.decimal_places else ""
    )
    if currency.position == "before":
        return f"[${currency.symbol}]{number}"
    return f"{number}[$ {currency.symbol}]"


def _shift_cells(cells, from_row, delta):
    """`cells` ({"A97": ...}) with the rows from `from_row` moved by `delta`."""
    moved = {}
    for key, value in cells.items():
        match = CELL.match(key)
        if match and int(match.group(2)) >= from_row:
            key = f"{match.group(1)}{int(match.group(2)) + delta}"
        moved[key] = value
    return moved


def _data_sources(data):
    """(domain holder, key) of every pivot, list and Odoo chart of `data`."""
    for pivot in data.get("pivots", {}).values():
        yield pivot, "domain"
    for list_ in data.get("lists", {}).values():
        yield list_, "domain"
    for sheet in data.get("sheets", []):
        for figure in sheet.get("figures", []):
            if figure.get("tag") == "chart" and figure["data"]["type"].startswith(
                "odoo_"
            ):
                yield figure["data"]["searchParams"], "domain"


class SpreadsheetDashboard(models.Model):
    _name = "spreadsheet.dashboard"
    _inherit = ["spreadsheet.dashboard", "dist.system.fields.mixin"]
    # made from the control tower's template by the suite
    _dist_system_fields = ("dist_control_tower",)

    dist_control_tower = fields.Boolean(
        string="Control tower of its company",
        readonly=True,
        help="Made from the control tower's per-company template; rewritten "
        "when the Distribution Governance module is updated.",
    )

    @api.model
    def _dist_company_spreadsheet(self, company):
        """The template of the per-company dashboard, narrowed to `company`."""
        with file_open(COMPANY_TEMPLATE) as template:
            data = json.load(template)
        warehouses = (
            self.env["stock.warehouse"]
            .sudo()
            .search_count([("company_id", "=", company.id)])
        )
        self._dist_kpi_sections(data, "warehouse", warehouses, company.currency_id)
        for holder, key in _data_sources(data):
            holder[key] = [["company_id", "=", company.id], *holder.get(key, [])]
        title = data["sheets"][0]["cells"]["A1"]
        title["content"] = title["content"] % {"company": company.name}
        return json.dumps(data)

    @api.model
    def _dist_group_spreadsheet(self, companies):
        """The group's dashboard: KPIs by company, amounts in the companies'
        currency when they share one."""
        with file_open(GROUP_TEMPLATE) as template:
            data = json.load(template)
        currencies = companies.currency_id
        self._dist_kpi_sections(
            data,
            "company",
            len(companies),
            currencies if len(currencies) == 1 else None,
        )
        return json.dumps(data)

    @api.model
    def _dist_kpi_sections(self, data, split, splits, currency):
        """Replace the templates' KPI pivot by one pivot per unit of the
        active KPIs, each in its unit's format, rows KPI then `split`
        (company or warehouse, `splits` of them), and move what follows
        below them. `currency`: of the amounts (None: companies of several
        currencies, amounts without a symbol)."""
        sheet = data["sheets"][0]
        prototype = data["pivots"].pop(KPI_PIVOT)
        for key in ("A20", "A21", "B21", "A22"):
            sheet["cells"].pop(key, None)
        # sudo: the units and count of the KPIs, not their figures
        kpis = self.env["dist.kpi"].sudo().search([])
        per_unit = {
            unit: len(kpis.filtered(lambda k, u=unit: k.unit == u))
            for unit in UNIT_SECTIONS
        }
        ids = [KPI_PIVOT] + [
            str(number)
            for number in range(
                data["pivotNextId"], data["pivotNextId"] + len(UNIT_SECTIONS)
            )
        ]
        row = KPI_FIRST_ROW
        cells, styles = {}, {}
        for unit, (title, number_format) in UNIT_SECTIONS.items():
            if not per_unit[unit]:
                continue
            if unit == "amount":
                number_format = _currency_format(currency) if currency else "#,##0.00"
                if not currency:
                    title = "Amounts (each company's currency)"
            pivot_id = ids.pop(0)
            pivot = json.loads(json.dumps(prototype))
            pivot.update(
                id=pivot_id,
                formulaId=pivot_id,
                name=f"{title}: KPI values by {split}",
                domain=[*pivot["domain"], ["kpi_id.unit", "=", unit]],
            )
            for measure in pivot["measures"]:
                measure["format"] = number_format
            data["pivots"][pivot_id] = pivot
            # a row per KPI and one per company or warehouse under it, and
            # room for two more of them
            rows = per_unit[unit] * (splits + 3)
            cells[f"A{row}"] = {
                "content": f"{title}: KPIs by {split} (average of the daily values)"
            }
            cells[f"A{row + 1}"] = {"content": f"KPI, then {split}"}
            cells[f"B{row + 1}"] = {"content": "Average value"}
            cells[f"A{row + 2}"] = {"content": f"=PIVOT({pivot_id},{rows},FALSE,FALSE)"}
            styles.update({f"A{row}": 2, f"A{row + 1}": 4, f"B{row + 1}": 4})
            row += rows + 4
        data["pivotNextId"] = max(int(key) for key in data["pivots"]) + 1
        delta = row - KPI_NEXT_ROW
        sheet["cells"] = {**_shift_cells(sheet["cells"], KPI_NEXT_ROW, delta), **cells}
        sheet["styles"] = {
            key: value
            for key, value in _shift_cells(sheet["styles"], KPI_NEXT_ROW, delta).items()
            if key not in ("A20", "A21", "B21")
        } | styles
        sheet["rowNumber"] += delta
        # the exceptions are counted: whole numbers
        for pivot in data["pivots"].values():
            if pivot["model"] != "dist.kpi.snapshot":
                for measure in pivot["measures"]:
                    measure["format"] = COUNT_FORMAT

    @api.model
    def _dist_sync_company_dashboards(self, companies=None):
        """Create or rewrite the control tower dashboard of each company."""
        group = self.env.ref(DASHBOARD_GROUP, raise_if_not_found=False)
        if not group:  # during the module's own install, before its data
            return self.browse()
        # sudo: the dashboards are system records, kept in step with the
        # companies whoever creates or renames one (the multi-company rule
        # would hide the other companies' dashboards from the search)
        Dashboard = self.sudo().with_context(active_test=False)
        companies = companies or self.env["res.company"].sudo().search([])
        audience = [self.env.ref(xmlid).id for xmlid in AUDIENCE]
        existing = {
            dashboard.company_id: dashboard
            for dashboard in Dashboard.search(
                [
                    ("dist_control_tower", "=", True),
                    ("company_id", "in", companies.ids),
                ]
            )
        }
        group_dashboard = self.env.ref(GROUP_XMLID, raise_if_not_found=False)
        if group_dashboard:
            group_dashboard.sudo().spreadsheet_data = self._dist_group_spreadsheet(
                self.env["res.company"].sudo().search([])
            )
        result = self.browse()
        for company in companies:
            vals = {
                "name": company.name,
                "dashboard_group_id": group.id,
                "company_id": company.id,
                "sequence": 20 + company.sequence,
                "group_ids": [Command.set(audience)],
                "spreadsheet_data": self._dist_company_spreadsheet(company),
                "dist_control_tower": True,
            }
            dashboard = existing.get(company)
            if dashboard:
                dashboard.write(vals)
            else:
                dashboard = Dashboard.create(vals)
            if not dashboard.get_external_id()[dashboard.id]:
                # an external id of the module, noupdate so that an update
                # keeps it: uninstalling the module removes the dashboard
                self.env["ir.model.data"].sudo().create(
                    {
                        "module": "dist_governance",
                        "name": COMPANY_XMLID % company.id,
                        "model": self._name,
                        "res_id": dashboard.id,
                        "noupdate": True,
                    }
                )
            result |= dashboard
        return result.with_env(self.env)

    # -- the Dashboards app only for those it has a dashboard for ----------

    @api.model_create_multi
    def create(self, vals_list):
        dashboards = super().create(vals_list)
        self._dist_sync_dashboards_menu()
        return dashboards

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals or "is_published" in vals:
            self._dist_sync_dashboards_menu()
        return res

    def unlink(self):
        res = super().unlink()
        self._dist_sync_dashboards_menu()
        return res

    @api.model
    def _dist_sync_dashboards_menu(self):
        """Show the Dashboards app to the groups its published dashboards
        are for (and to administrators, who configure them), so that a role
        with no dashboard (buyers, operators, agents) does not get an empty
        app. A dashboard for everyone (no group) shows it to everyone."""
        menu = self.env.ref(
            "spreadsheet_dashboard.spreadsheet_dashboard_menu_root",
            raise_if_not_found=False,
        )
        if not menu:
            return
        # sudo: system values (the menu's audience) derived from the
        # dashboards the caller was allowed to change
        dashboards = self.sudo().search([("is_published", "=", True)])
        if any(not dashboard.group_ids for dashboard in dashboards):
            groups = self.env["res.groups"]
        else:
            groups = dashboards.group_ids | self.env.ref("base.group_system")
        if menu.sudo().groups_id != groups:
            menu.sudo().groups_id = [Command.set(groups.ids)]
