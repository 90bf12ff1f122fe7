"""The control tower of the demo: a month of daily KPI snapshots, a
baseline on the first quarter of the history (the "before" of the seed
documents) and targets per company, owned by the role holders."""

import datetime

TARGETS = {
    # code: (target, alarm)
    "otif": (95.0, 85.0),
    "fill_rate_lines": (95.0, 90.0),
    "fill_rate_value": (97.0, 92.0),
    "inventory_turns": (6.0, 4.0),
    "aged_stock_over_365": (5.0, 10.0),
    "lead_time_reliability": (90.0, 75.0),
    "inventory_accuracy": (97.0, 90.0),
    "supplier_on_time": (90.0, 75.0),
    "sla_breach_rate": (5.0, 15.0),
    "approval_turnaround": (24.0, 72.0),
}
OWNERS = {
    "otif": "warehouse_manager",
    "fill_rate_lines": "warehouse_manager",
    "fill_rate_value": "warehouse_manager",
    "inventory_turns": "warehouse_manager",
    "aged_stock_over_365": "warehouse_manager",
    "lead_time_reliability": "purchasing_manager",
    "inventory_accuracy": "warehouse_manager",
    "supplier_on_time": "purchasing_manager",
    "sla_breach_rate": "service_manager",
    "approval_turnaround": "governance_controller",
}


def build(env, master, today, days=30):
    """Write the control-tower demo; return counts for the summary."""
    companies = env["res.company"].browse([c["id"] for c in master.companies])
    Kpi = env["dist.kpi"]
    snapshots = 0
    for offset in range(days, 0, -1):
        snapshots += Kpi._dist_refresh(today - datetime.timedelta(offset), companies)
    kpis = {kpi.code: kpi for kpi in Kpi.search([])}
    for company_data in master.companies:
        company = env["res.company"].browse(company_data["id"])
        for code, (target, alarm) in TARGETS.items():
            if code not in kpis:
                continue
            owner = env["res.users"].search(
                [("login", "=", f"{OWNERS[code]}_{company_data['key']}")], limit=1
            )
            env["dist.kpi.target"].create(
                {
                    "kpi_id": kpis[code].id,
                    "company_id": company.id,
                    "target": target,
                    "warning": alarm,
                    "owner_id": owner.id,
                }
            )
        start = today - datetime.timedelta(days=730)
        env["dist.kpi.baseline"].create(
            {
                "name": "Before the suite (first quarter of history)",
                "company_id": company.id,
                "date_from": start,
                "date_to": start + datetime.timedelta(days=90),
            }
        )
    return {"kpi_snapshots": snapshots}
