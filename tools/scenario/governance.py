"""The governance layer of the demo: what a controller would have set up and
what two years of late deliveries left in the exception register.

- an approval matrix per company for purchase orders (a purchasing manager
  from 10,000, an executive as second tier from 50,000, 24 h SLA escalating
  to the process owner), buyers reporting to their purchasing manager;
- per company, the conflicting pair "approves purchase orders" / "validates
  receipts", and in the after-sales company a logged waiver for its warehouse
  manager who also approves purchase orders (a small site);
- late-delivery exceptions on a sample of the late deliveries of the last
  six months, raised through the register's API, their root cause inferred
  from the history (a late receipt of the same product into the same
  warehouse in the 30 days before means a supplier lead-time failure; the
  others are spread over receiving backlog, stock inaccuracy, order release
  and transport), resolved when older than two weeks.
"""

import datetime

from odoo import Command

from .presets import get_scale

# late deliveries turned into exceptions, per scale
SAMPLE = {"tiny": 20, "small": 120, "large": 400, "xlarge": 600}
OTHER_CAUSES = [
    "dist_governance.root_cause_receiving_backlog",
    "dist_governance.root_cause_stock_inaccuracy",
    "dist_governance.root_cause_order_release_delay",
    "dist_governance.root_cause_transport",
]
CORRECTIVE = {
    "supplier": "Lead time on the vendor's price list raised; vendor reminded "
    "of the agreed lead time.",
    "receiving": "Receiving shift extended on peak days.",
    "inventory": "Bin recounted; cycle count frequency raised for the product.",
    "order_release": "Credit-hold review moved to the morning wave.",
    "transport": "Carrier cut-off moved one hour earlier.",
}


def build(env, master, scale_name, today):
    """Write the governance demo; return counts for the summary."""
    scale = get_scale(scale_name)
    counts = {"matrix_lines": 0, "exceptions": 0, "sod_rules": 0}
    for company in master.companies:
        counts["matrix_lines"] += _matrix(env, company)
        counts["sod_rules"] += _segregation(env, company, today)
    counts["exceptions"] = _late_deliveries(env, SAMPLE.get(scale.name, 120), today)
    return counts


def _user(env, login):
    return env["res.users"].search([("login", "=", login)], limit=1)


def _matrix(env, company):
    key = company["key"]
    doc_type = env.ref("dist_purchase_policy.approval_document_type_purchase_order")
    managers = env.ref("dist_purchase_policy.group_purchasing_manager")
    executives = env.ref("dist_governance.group_executive")
    owner = _user(env, f"process_owner_{key}")
    manager = _user(env, f"purchasing_manager_{key}")
    _user(env, f"buyer_{key}").dist_manager_id = manager
    common = {
        "company_id": company["id"],
        "document_type_id": doc_type.id,
        "sla_hours": 24,
        "escalation_user_id": owner.id,
    }
    lines = env["dist.approval.matrix"].create(
        [
            {
                **common,
                "amount_min": 10000,
                "amount_max": 50000,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": managers.id,
            },
            {
                **common,
                "amount_min": 50000,
                "open_ended": True,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": managers.id,
            },
            {
                **common,
                "amount_min": 50000,
                "open_ended": True,
                "tier": 2,
                "approver_type": "group",
                "approver_group_id": executives.id,
                "comment_required": True,
            },
        ]
    )
    return len(lines)


def _segregation(env, company, today):
    rule = env["dist.sod.rule"].create(
        {
            "company_id": company["id"],
            "duty_a_id": env.ref(
                "dist_purchase_policy.sod_duty_approves_purchase_orders"
            ).id,
            "duty_b_id": env.ref("dist_wms_rules.sod_duty_validates_receipts").id,
            "reason": "Whoever approves a purchase must not also confirm that "
            "the goods arrived.",
        }
    )
    if company["key"] == "aftersales":
        wh_manager = _user(env, "warehouse_manager_aftersales")
        # the waiver holds on the company's day, which may still be
        # yesterday where the company is (early morning UTC is evening in
        # America): it starts on whichever comes first, or the grant below
        # would be refused until the company's midnight
        company_today = env["res.company"].browse(company["id"])._dist_today()
        env["dist.sod.waiver"].create(
            {
                "rule_id": rule.id,
                "user_id": wh_manager.id,
                "reason": "Small site with two people: the warehouse manager "
                "approves its purchase orders; the controller reviews them "
                "monthly.",
                "date_from": min(today, company_today),
                "date_to": today + datetime.timedelta(days=90),
            }
        )
        wh_manager.groups_id = [
            Command.link(env.ref("dist_purchase_policy.group_purchasing_manager").id)
        ]
    return 1


def _late_deliveries(env, size, today):
    since = today - datetime.timedelta(days=182)
    env.flush_all()
    env.cr.execute(
        """
        SELECT p.id, p.date_done, p.scheduled_date,
               EXISTS (
                   SELECT 1
                     FROM stock_move m
                     JOIN stock_move r ON r.product_id = m.product_id
                     JOIN stock_picking rp ON rp.id = r.picking_id
                     JOIN stock_picking_type rt
                       ON rt.id = rp.picking_type_id AND rt.code = 'incoming'
                      AND rt.warehouse_id = t.warehouse_id
                    WHERE m.picking_id = p.id
                      AND rp.state = 'done'
                      AND rp.date_done BETWEEN p.date_done - interval '30 days'
                                           AND p.date_done
                      AND rp.date_done > rp.scheduled_date + interval '1 day'
               ) AS late_receipt
          FROM stock_picking p
          JOIN stock_picking_type t
            ON t.id = p.picking_type_id AND t.code = 'outgoing'
         WHERE p.state = 'done'
           AND p.date_done > p.scheduled_date + interval '1 day'
           AND p.date_done >= %s
         ORDER BY md5(p.name), p.id
         LIMIT %s
        """,
        [since, size],
    )
    rows = env.cr.fetchall()
    exceptions = env["dist.exception"]
    supplier = env.ref("dist_governance.root_cause_supplier_lead_time")
    others = [env.ref(xmlid) for xmlid in OTHER_CAUSES]
    resolve_before = datetime.datetime.combine(
        today - datetime.timedelta(days=14), datetime.time()
    )
    for index, (picking_id, done, scheduled, late_receipt) in enumerate(rows):
        picking = env["stock.picking"].browse(picking_id)
        days = (done - scheduled).days
        exception = exceptions.raise_exception(
            "late_delivery",
            picking,
            f"{picking.name} delivered {days} days late",
            warehouse_id=picking.picking_type_id.warehouse_id.id,
            partner_id=picking.partner_id.commercial_partner_id.id,
            product_id=picking.move_ids[:1].product_id.id,
            detected_date=done,
            severity="high" if days > 5 else "medium",
        )
        if done >= resolve_before:
            continue
        cause = supplier if late_receipt else others[index % len(others)]
        exception.write(
            {
                "root_cause_id": cause.id,
                "corrective_action": CORRECTIVE[cause.process_area],
            }
        )
        exception.action_resolve()
        exception.resolved_date = done + datetime.timedelta(hours=20 + index % 40)
    return len(rows)
