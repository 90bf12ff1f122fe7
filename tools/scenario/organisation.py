"""The seed documents' distributor, as data: its entities and its people.

Meridian Distribution Group: three legal entities and five warehouses, field
sales beside a growing eCommerce channel, customer segments with service
tiers, and the suite's roles. Fixed; the draws that turn it into records
live in master/ and use the scale's seed.
"""

# Legal entities, in the order their warehouses are dropped when a scale has
# fewer than five (the last listed warehouse goes first).
COMPANIES = [
    {
        "key": "import",
        "code": "IMP",
        "name": "Meridian Import & Procurement",
        "city": "Long Beach",
        "state": "CA",
        "zip": "90802",
        "street": "1200 Harbor Gateway",
        "tz": "America/Los_Angeles",
        "lines_per_order": 6.0,
        "teams": [("key_accounts", "Key Accounts")],
    },
    {
        "key": "domestic",
        "code": "DOM",
        "name": "Meridian Domestic Fulfilment",
        "city": "Columbus",
        "state": "OH",
        "zip": "43215",
        "street": "480 Distribution Way",
        "tz": "America/New_York",
        "lines_per_order": 3.5,
        "teams": [("field_sales", "Field Sales"), ("ecommerce", "eCommerce")],
    },
    {
        "key": "aftersales",
        "code": "SRV",
        "name": "Meridian After-Sales Services",
        "city": "Memphis",
        "state": "TN",
        "zip": "38118",
        "street": "75 Service Park Drive",
        "tz": "America/Chicago",
        "lines_per_order": 2.0,
        "teams": [("service_parts", "Service Parts Desk")],
    },
]

# (company key, code, name, size factor: share of the company's volume)
WAREHOUSES = [
    ("import", "HUB", "Harbor Import Hub", 1.0),
    ("domestic", "NDC", "North Distribution Center", 1.0),
    ("domestic", "SDC", "South Distribution Center", 0.8),
    ("aftersales", "SVC", "Service & Returns Center", 1.0),
    ("domestic", "WDC", "West Distribution Center", 0.6),
]

# Customer segments, their service tiers (share within the segment), the
# companies that sell to them and the price they get against list price.
SEGMENTS = [
    {
        "code": "key_account",
        "name": "Key account",
        "share": 0.10,
        "tiers": {"platinum": 0.7, "gold": 0.3},
        "price": 0.84,
        "sold_by": ["import", "domestic", "aftersales"],
        "team": "key_accounts",
    },
    {
        "code": "retailer",
        "name": "Regional retailer",
        "share": 0.35,
        "tiers": {"gold": 0.5, "standard": 0.5},
        "price": 0.92,
        "sold_by": ["domestic"],
        "team": "field_sales",
    },
    {
        "code": "installer",
        "name": "Trade installer",
        "share": 0.30,
        "tiers": {"gold": 0.3, "standard": 0.7},
        "price": 0.95,
        "sold_by": ["domestic", "aftersales"],
        "team": "field_sales",
    },
    {
        "code": "ecommerce",
        "name": "eCommerce customer",
        "share": 0.25,
        "tiers": {"standard": 1.0},
        "price": 1.0,
        "sold_by": ["domestic"],
        "team": "ecommerce",
    },
]
# Days between order and promised shipment by service tier.
TIERS = {
    "platinum": {"name": "Platinum", "promise_days": 1},
    "gold": {"name": "Gold", "promise_days": 2},
    "standard": {"name": "Standard", "promise_days": 3},
}
CUSTOMER_TOWNS = [
    "Riverside",
    "Lakeview",
    "Oak Park",
    "Fairview",
    "Greenville",
    "Springfield",
    "Franklin",
    "Clinton",
    "Madison",
    "Georgetown",
    "Salem",
    "Bristol",
    "Auburn",
    "Dayton",
    "Milford",
    "Kingston",
]
CUSTOMER_TRADES = {
    "key_account": [
        "Building Supply",
        "Facilities Group",
        "Contractors",
        "Industrial Services",
    ],
    "retailer": ["Hardware", "Home Center", "DIY Store", "Garden Center"],
    "installer": ["Plumbing & Heating", "Electrical Services", "HVAC", "Maintenance"],
}
CUSTOMER_SUFFIXES = ["Co.", "Inc.", "LLC", "& Sons", "Group", "Ltd"]
FIRST_NAMES = [
    "Alex",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Drew",
    "Sam",
    "Robin",
    "Charlie",
    "Dana",
]
LAST_NAMES = [
    "Miller",
    "Garcia",
    "Chen",
    "Okafor",
    "Novak",
    "Silva",
    "Brooks",
    "Patel",
    "Kowalski",
    "Murphy",
    "Larsen",
    "Rossi",
    "Tanaka",
]

# The suite's roles: (login prefix, label, group xml id).
ROLES = [
    ("buyer", "Buyer", "dist_purchase_policy.group_buyer"),
    (
        "purchasing_manager",
        "Purchasing Manager",
        "dist_purchase_policy.group_purchasing_manager",
    ),
    (
        "warehouse_operator",
        "Warehouse Operator",
        "dist_wms_rules.group_warehouse_operator",
    ),
    (
        "warehouse_manager",
        "Warehouse Manager",
        "dist_wms_rules.group_warehouse_manager",
    ),
    ("service_agent", "Service Agent", "dist_helpdesk_cases.group_service_agent"),
    ("service_manager", "Service Manager", "dist_helpdesk_cases.group_service_manager"),
    ("process_owner", "Process Owner", "dist_governance.group_process_owner"),
    (
        "governance_controller",
        "Governance Controller",
        "dist_governance.group_governance_controller",
    ),
    ("executive", "Executive", "dist_governance.group_executive"),
    ("ap_clerk", "AP Clerk", "dist_finance_controls.group_ap_clerk"),
    (
        "credit_controller",
        "Credit Controller",
        "dist_finance_controls.group_credit_controller",
    ),
    (
        "finance_controller",
        "Finance Controller",
        "dist_finance_controls.group_finance_controller",
    ),
]

# Rights a role's demo users hold beyond the role itself: login prefix ->
# group xml ids. Rights the suite keeps apart from the roles, to be granted
# person by person (docs/roles/).
GRANTS = {
    # the promise override: a service manager confirms the sales order that
    # an agent's confirmation was refused for, beyond available-to-promise
    # (docs/roles/service_manager.md, docs/warehouse.md)
    "service_manager": ["dist_wms_rules.group_promise_override"],
}
