{
    "name": "Distribution Finance Controls",
    "summary": "Three-way match, vendor payments, credit review, margin and "
    "landed-cost timing under the suite's governance",
    "version": "18.0.1.0.0",
    "category": "Distribution",
    "author": "Odoo Distribution Suite",
    "license": "AGPL-3",
    "depends": [
        "dist_governance",
        "dist_purchase_policy",
        # customer service tiers (the customer segments of margin and KPIs)
        "dist_wms_rules",
        "purchase_stock",
        "sale_stock",
        "sale_margin",
        "stock_account",
        "stock_landed_costs",
        "account_move_tier_validation",
        "account_payment_tier_validation",
        # Invoicing > Configuration > Payment Methods reads the providers
        "account_payment",
    ],
    "data": [
        "security/dist_finance_controls_groups.xml",
        "security/ir.model.access.csv",
        "security/dist_finance_controls_security.xml",
        "views/dist_finance_controls_menus.xml",
    ],
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
