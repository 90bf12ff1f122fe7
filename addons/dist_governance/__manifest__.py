{
    "name": "Distribution Governance",
    "summary": "Roles, decision rights and the governance floor of the "
    "Odoo Distribution Suite",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "mail",
        "base_tier_validation",
    ],
    "data": [
        "security/dist_governance_groups.xml",
        "views/res_groups_views.xml",
        "views/dist_governance_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dist_governance/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
