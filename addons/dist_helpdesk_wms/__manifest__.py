{
    "name": "Distribution Helpdesk and Warehouse Bridge",
    "summary": "Joins the helpdesk cases and the warehouse rules: open cases "
    "rank deliveries, damaged returns to quarantine, promise dates on cases",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_helpdesk_cases",
        "dist_wms_rules",
    ],
    "data": [],
    "auto_install": True,
    "installable": True,
}
