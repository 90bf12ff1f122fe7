"""The replenishment layer of the demo: what a purchasing manager would have
set up and what the first nightly run leaves for the buyers.

- each vendor has Odoo's Buyer (one company's buyer, round robin: one user
  for every company) and, in every company, that company's buyer as its
  buyer there, who owns the buyer queue, the drift exceptions and the RFQs
  of that company;
- an approval matrix line per company routes reorder-rule overrides to the
  purchasing managers;
- one replenishment run per company, demand counted up to the scenario's
  today: segments, vendor scorecards and grades, reorder rules for the
  automatic policies, recommendations for the reviewed ones, lead-time drift
  exceptions and proposals.
"""

import datetime


def build(env, master, today):
    """Write the replenishment demo; return counts for the summary."""
    buyers = {
        company["id"]: env["res.users"].search(
            [("login", "=", f"buyer_{company['key']}")], limit=1
        )
        for company in master.companies
    }
    partners = env["res.partner"].browse([v["partner_id"] for v in master.vendors])
    odoo_buyers = [buyer for buyer in buyers.values() if buyer]
    for index, partner in enumerate(partners):
        if odoo_buyers:
            partner.buyer_id = odoo_buyers[index % len(odoo_buyers)]
    for company_id, buyer in buyers.items():
        if buyer:
            partners.with_company(company_id).dist_buyer_id = buyer
    doc_type = env.ref("dist_purchase_policy.approval_document_type_policy_override")
    managers = env.ref("dist_purchase_policy.group_purchasing_manager")
    env["dist.approval.matrix"].create(
        [
            {
                "company_id": company["id"],
                "document_type_id": doc_type.id,
                "amount_min": 0,
                "open_ended": True,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": managers.id,
                "sla_hours": 48,
            }
            for company in master.companies
        ]
    )
    anchor = datetime.datetime.combine(today, datetime.time())
    counts = {"segments": 0, "orderpoints": 0, "recommendations": 0, "drift": 0}
    for company in env["res.company"].browse([c["id"] for c in master.companies]):
        run = env["dist.replenishment.run"]._run_company(
            company, anchor=anchor, trigger="manual"
        )
        counts["segments"] += run.segment_count
        counts["orderpoints"] += run.orderpoints_created
        counts["recommendations"] += run.recommendations_created
        counts["drift"] += run.drift_exceptions
    return counts
