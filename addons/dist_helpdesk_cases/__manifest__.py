{
    "name": "Distribution Helpdesk Cases",
    "summary": "Distribution case categories with SLA, escalation, order "
    "context and cases opened from delivery exceptions",
    "version": "18.0.1.1.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_governance",
        "helpdesk_mgmt",
        "resource",
        "sale_stock",
        "account",
    ],
    "data": [
        "security/dist_helpdesk_cases_groups.xml",
        "security/ir.model.access.csv",
        "security/dist_helpdesk_cases_security.xml",
        "data/dist_case_action_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/dist_exception_type_data.xml",
        "data/ir_cron_data.xml",
        "views/order_panel_templates.xml",
        "views/helpdesk_case_views.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
