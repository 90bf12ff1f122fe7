{
    "name": "Distribution Helpdesk Cases",
    "summary": "Distribution case categories with SLA, escalation, order "
    "context and cases opened from delivery exceptions",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_governance",
        "helpdesk_mgmt",
        "sale_stock",
    ],
    "data": [
        "security/dist_helpdesk_cases_groups.xml",
    ],
    "installable": True,
}
