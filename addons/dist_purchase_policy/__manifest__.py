{
    "name": "Distribution Purchase Policy",
    "summary": "Segmentation, replenishment policies, supplier scorecards and "
    "purchase recommendations for distributors",
    "version": "18.0.1.1.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_governance",
        "purchase_stock",
        "purchase_tier_validation",
        "queue_job",
        "sale_stock",
    ],
    "data": [
        "security/dist_purchase_policy_groups.xml",
        "security/ir.model.access.csv",
        "security/dist_purchase_policy_security.xml",
        "data/dist_approval_document_type_data.xml",
        "data/dist_sod_duty_data.xml",
        "data/dist_exception_type_data.xml",
        "data/ir_cron_data.xml",
        "views/dist_purchase_recommendation_views.xml",
        "views/dist_product_segment_views.xml",
        "views/dist_replenishment_policy_views.xml",
        "views/dist_vendor_scorecard_views.xml",
        "views/dist_replenishment_run_views.xml",
        "views/dist_purchase_policy_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_tests": [
            "dist_purchase_policy/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
