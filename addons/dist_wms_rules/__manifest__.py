{
    "name": "Distribution Warehouse Rules",
    "summary": "Receiving control, cycle counts by class, available-to-promise, "
    "fulfilment priority and delivery exceptions",
    "version": "18.0.1.1.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_governance",
        "purchase_stock",
        "sale_stock",
    ],
    "data": [
        "security/dist_wms_rules_groups.xml",
        "security/ir.model.access.csv",
        "security/dist_wms_rules_security.xml",
        "data/dist_sod_duty_data.xml",
        "data/dist_exception_type_data.xml",
        "data/ir_cron_data.xml",
        "views/dist_receipt_tolerance_views.xml",
        "views/stock_picking_views.xml",
        "views/sale_order_views.xml",
        "wizard/stock_picking_deviation_views.xml",
        "wizard/sale_order_promise_override_views.xml",
    ],
    "installable": True,
}
