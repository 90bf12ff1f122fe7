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
"""

import json

from odoo import Command, api, fields, models
from odoo.tools import file_open

COMPANY_TEMPLATE = "dist_governance/data/files/control_tower_company_dashboard.json"
COMPANY_XMLID = "spreadsheet_dashboard_control_tower_company_%s"
DASHBOARD_GROUP = "dist_governance.spreadsheet_dashboard_group_control_tower"
AUDIENCE = (
    "dist_governance.group_executive",
    "dist_governance.group_process_owner",
    "dist_governance.group_governance_controller",
)


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
        for holder, key in _data_sources(data):
            holder[key] = [["company_id", "=", company.id], *holder.get(key, [])]
        title = data["sheets"][0]["cells"]["A1"]
        title["content"] = title["content"] % {"company": company.name}
        return json.dumps(data)

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


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards(companies)
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "name" in vals:
            self.env["spreadsheet.dashboard"]._dist_sync_company_dashboards(self)
        return res

    def unlink(self):
        self.check_access("unlink")
        # sudo: as in _dist_sync_company_dashboards, system records (the
        # caller may delete these companies, checked above)
        self.env["spreadsheet.dashboard"].sudo().with_context(active_test=False).search(
            [("dist_control_tower", "=", True), ("company_id", "in", self.ids)]
        ).unlink()
        return super().unlink()
