{
    "name": "Distribution Helpdesk and Delivery Bridge",
    "summary": "Joins the helpdesk cases and Odoo's shipping carriers: the "
    "case's order panel shows each delivery's carrier and tracking reference",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_helpdesk_cases",
        "stock_delivery",
    ],
    "data": [],
    "auto_install": True,
    "installable": True,
}
