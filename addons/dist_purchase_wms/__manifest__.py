{
    "name": "Distribution Purchase and Warehouse Bridge",
    "summary": "Joins the purchase policy and the warehouse rules: the "
    "replenishment ABC class drives cycle counts, one receipt tolerance",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_purchase_policy",
        "dist_wms_rules",
    ],
    "data": [],
    "auto_install": True,
    "installable": True,
}
