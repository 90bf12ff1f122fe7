{
    "name": "Distribution Purchase Policy",
    "summary": "Segmentation, replenishment policies, supplier scorecards and "
    "purchase recommendations for distributors",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_governance",
        "purchase_stock",
        "purchase_tier_validation",
        "sale_stock",
    ],
    "data": [
        "security/dist_purchase_policy_groups.xml",
        "data/dist_approval_document_type_data.xml",
        "data/dist_sod_duty_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dist_purchase_policy/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
