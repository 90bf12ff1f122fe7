"""The warehouse-rules layer of the demo: what a warehouse manager would have
set up, and what the first scheduled checks leave for the warehouses.

- customers' service tiers from the scenario's tiers (platinum: strategic,
  gold: key account);
- per company, receiving control and the available-to-promise check turned
  on (a new company has both off);
- per company, a warehouse standard that keeps its warehouses' steps, puts
  the largest product family away on its own shelves, quarantines in
  "Quarantine", counts A/B/C every 30/90/365 days, and a quality checklist
  for that family's receipts; applied to the company's warehouses, then one
  warehouse's count cap changed by hand so that the compliance report has
  something to show;
- an approval matrix line per company: inventory adjustments worth 1,000 or
  more wait for the warehouse managers;
- the promise date of the generated deliveries (written by SQL, so not
  computed by the ORM), fulfilment priorities, the late-delivery check and
  the count lists of every warehouse;
- this morning's short shipments: per company, a few ready deliveries
  validated with one line half shipped and the rest cancelled (the goods
  were not on the shelf), so the suite raised their short-shipment
  exceptions (the warehouse operators own them) and opened their customer
  cases, linked to the delivery, the order and the product that fell short.
"""

import datetime

import pytz

from odoo import Command, fields
from odoo.tools import SQL

from .clock import set_column

TIER = {"platinum": "strategic", "gold": "key", "standard": "standard"}
# deliveries per company shipped short this morning
SHORT_SHIPPED = 2


def _largest_family(env, company_id):
    env.cr.execute(
        SQL(
            """
            SELECT pt.categ_id, count(*)
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE l.usage = 'internal' AND q.company_id = %s
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1
            """,
            company_id,
        )
    )
    row = env.cr.fetchone()
    return env["product.category"].browse(row[0]) if row else None


def build(env, master, today):
    """Write the warehouse demo; return counts for the summary."""
    by_tier = {}
    for customer in master.customers:
        by_tier.setdefault(TIER[customer["tier"]], set()).add(customer["partner_id"])
    for tier, partner_ids in by_tier.items():
        env["res.partner"].browse(sorted(partner_ids)).write(
            {"dist_service_tier": tier}
        )
    counts = {
        "standards": 0,
        "deviations": 0,
        "late": 0,
        "short": 0,
        "count_dates": 0,
    }
    env["dist.approval.matrix"].create(
        [
            {
                "company_id": company["id"],
                "document_type_id": env.ref(
                    "dist_wms_rules.approval_document_type_inventory_adjustment"
                ).id,
                "amount_min": 1000,
                "open_ended": True,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": env.ref(
                    "dist_wms_rules.group_warehouse_manager"
                ).id,
                "sla_hours": 24,
            }
            for company in master.companies
        ]
    )
    Template = env["dist.warehouse.template"]
    companies = env["res.company"].browse([c["id"] for c in master.companies])
    # the demo's companies turned the controls on (a new company has them off)
    companies.write({"dist_rcv_check": True, "dist_atp_check": True})
    for company in companies:
        warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
        if not warehouses:
            continue
        family = _largest_family(env, company.id)
        checklist = None
        if family:
            checklist = env["dist.quality.checklist"].create(
                {
                    "name": f"{family.name}: receiving check",
                    "company_id": company.id,
                    "categ_ids": [Command.set(family.ids)],
                    "item_ids": [
                        Command.create({"name": "Packaging intact", "sequence": 1}),
                        Command.create(
                            {"name": "Labels match the order", "sequence": 2}
                        ),
                        Command.create(
                            {
                                "name": "Damage photographed",
                                "sequence": 3,
                                "photo_required": False,
                            }
                        ),
                    ],
                }
            )
        first = warehouses[0]
        template = Template.create(
            {
                "name": f"{company.name} standard",
                "company_id": company.id,
                "reception_steps": first.reception_steps,
                "delivery_steps": first.delivery_steps,
                "rcv_tolerance_percent": 5.0,
                "count_cap": 150,
                "quality_checklist_id": checklist.id if checklist else False,
                "quality_categ_ids": [Command.set(family.ids)] if family else [],
                "putaway_ids": [
                    Command.create(
                        {
                            "categ_id": family.id,
                            "location_name": f"Shelves/{family.name}",
                        }
                    )
                ]
                if family
                else [],
            }
        )
        template.action_apply(warehouses)
        counts["standards"] += 1
        if len(warehouses) > 1:
            warehouses[-1].dist_count_cap = 90
            template._dist_check_compliance(warehouses)
        counts["deviations"] += len(template.deviation_ids)
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            UPDATE stock_picking p
               SET dist_promise_date = COALESCE(p.date_deadline, p.scheduled_date)
              FROM stock_picking_type t
             WHERE t.id = p.picking_type_id AND t.code = 'outgoing'
               AND p.dist_promise_date IS NULL
            """
        )
    )
    env["stock.picking"].invalidate_model(["dist_promise_date"])
    Picking = env["stock.picking"]
    now = datetime.datetime.combine(today, datetime.time(8, 0))
    for company_data in master.companies:
        company = env["res.company"].browse(company_data["id"])
        counts["short"] += len(_ship_short(env, company, today, company_data["tz"]))
        scoped = Picking.with_company(company).with_context(
            allowed_company_ids=company.ids
        )
        counts["late"] += len(scoped._dist_check_late_deliveries(now=now))
        scoped._dist_refresh_priorities([("company_id", "=", company.id)], now=now)
    counts["count_dates"] = (
        env["stock.warehouse"]
        .search([("company_id", "in", [c["id"] for c in master.companies])])
        ._dist_plan_counts(today)
    )
    return counts


def _ship_short(env, company, today, tz):
    """Validate the company's first SHORT_SHIPPED ready deliveries that have
    a line of two units or more, that line half shipped and its rest
    cancelled, the other lines in full (Odoo's validation, without the
    chatter the history has none of); the suite raises a short shipment on
    each and opens its case. The stock side is dated 09:00 of `today` at
    the company (or now, if earlier), as the history is. Returns the
    deliveries."""
    ready = env["stock.picking"].search(
        [
            ("company_id", "=", company.id),
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "assigned"),
        ],
        order="scheduled_date, id",
    )
    shipped = env["stock.picking"]
    for picking in ready:
        if len(shipped) == SHORT_SHIPPED:
            break
        moves = picking.move_ids.filtered(lambda m: m.state == "assigned")
        short = moves.filtered(lambda m: m.product_uom_qty >= 2)[:1]
        if not short or moves != picking.move_ids:
            continue
        for move in moves:
            move.quantity = (
                move.product_uom_qty // 2 if move == short else move.product_uom_qty
            )
        moves.picked = True
        picking.with_company(company).with_context(
            allowed_company_ids=company.ids,
            skip_backorder=True,
            picking_ids_not_to_backorder=picking.ids,
            tracking_disable=True,
        ).button_validate()
        shipped |= picking
    if shipped:
        _date_shipped(env, shipped, today, tz)
    return shipped


def _date_shipped(env, pickings, today, tz):
    """Date the validation of `pickings` (their moves, move lines and
    valuation layers) at 09:00 of `today` in `tz`, or now if earlier."""
    morning = (
        pytz.timezone(tz)
        .localize(datetime.datetime.combine(today, datetime.time(9)))
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )
    moment = min(morning, fields.Datetime.now())
    moves = pickings.move_ids.filtered(lambda m: m.state == "done")
    set_column(env, "stock_picking", "date_done", dict.fromkeys(pickings.ids, moment))
    set_column(env, "stock_move", "date", dict.fromkeys(moves.ids, moment))
    set_column(
        env, "stock_move_line", "date", dict.fromkeys(moves.move_line_ids.ids, moment)
    )
    layers = env["stock.valuation.layer"].search([("stock_move_id", "in", moves.ids)])
    set_column(
        env, "stock_valuation_layer", "create_date", dict.fromkeys(layers.ids, moment)
    )
    env.invalidate_all()
    # the orders' delivery date follows their deliveries'
    orders = pickings.sale_id
    env.add_to_compute(orders._fields["effective_date"], orders)
    orders.flush_recordset(["effective_date"])
