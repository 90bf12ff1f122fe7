{
    "name": "Distribution Governance",
    "summary": "Roles, decision rights and the governance floor of the "
    "Odoo Distribution Suite",
    "version": "18.0.1.6.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "mail",
        "stock",
        "account",
        "auditlog",
        "base_tier_validation",
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/dist_governance_groups.xml",
        "security/ir.model.access.csv",
        "security/dist_governance_security.xml",
        "data/auditlog_rule_data.xml",
        "data/dist_exception_data.xml",
        "data/dist_sod_duty_data.xml",
        "data/dist_root_cause_data.xml",
        "data/dist_exception_type_data.xml",
        "data/dist_kpi_data.xml",
        "data/dist_kpi_cron.xml",
        "views/res_groups_views.xml",
        "views/res_company_views.xml",
        "views/stock_warehouse_views.xml",
        "views/dist_exception_views.xml",
        "views/dist_exception_type_views.xml",
        "views/dist_approval_matrix_views.xml",
        "views/dist_sod_views.xml",
        "views/dist_kpi_views.xml",
        "views/dist_kpi_digest_templates.xml",
        "views/dist_governance_menus.xml",
        # after the menus: its spreadsheets link to them (and it adds the
        # Dashboards menu, which opens them)
        "data/dist_kpi_dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dist_governance/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
