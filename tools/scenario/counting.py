"""The cycle counts of the last eight weeks: what the warehouses of the demo
counted, what applied at once and what waited for a warehouse manager.

Per warehouse, on weekdays of the last eight weeks, its operator counts
stock as Odoo's Physical Inventory screen does (counted quantity, then
"Apply" with the reference "Cycle count") and the warehouse rules do the
rest: most counts match, a few differ within the company's count tolerance,
a few beyond it; a handful of miscounts worth more than the approval
matrix lets a warehouse apply alone (1,000) become adjustment requests,
which the warehouse manager approves after some hours (they then apply) or,
once per company, rejects. Count results, adjustment requests, their tier
reviews and the unusual-adjustment exceptions are the suite's own records,
made by its own methods; the counts run now, so their timestamps are then
moved back to the day and hour they stand for (as the history writer dates
its documents), and the next count dates are planned again from those
days. Deterministic: a fixed seed, quants in a fixed order.

The control tower's inventory accuracy reads the count results, its
approval turnaround the tier reviews (docs/scenario.md).
"""

import datetime
import math
import random

import pytz

from odoo import Command
from odoo.tools import SQL

from .clock import set_column as _set
from .clock import weekdays, working_moment
from .presets import get_scale

# counts per warehouse over the eight weeks, per scale
COUNTS = {"tiny": 16, "small": 60, "large": 80, "xlarge": 80}
# of those, miscounts worth more than the matrix lets the warehouse apply,
# one in each third of the weeks
HIGH_VALUE = 3
WEEKS = 8
REFERENCE = "Cycle count"
# (share, outcome) of the other counts
OUTCOMES = [(0.88, "match"), (0.05, "within"), (0.07, "beyond")]
# (share, hours from request to decision) of the approvals
DECISION_HOURS = [(0.6, (1, 8)), (0.25, (16, 30)), (0.15, (40, 100))]
# what the matrix lets a warehouse apply alone (tools/scenario/warehouse.py)
APPROVAL_FROM = 1000.0


def build(env, master, scale_name, today):
    """Count, approve and date the counts; return counts for the summary."""
    scale = get_scale(scale_name)
    rng = random.Random(scale.seed + 16)
    days = weekdays(today, WEEKS * 7)
    marks = _marks(env)
    plans = {}  # quant id -> {"counted_at", "decided_at", "decision"}
    requests = env["dist.inventory.adjustment"]
    for company in master.companies:
        key = company["key"]
        operator = env["res.users"].browse(master.users[f"warehouse_operator_{key}"])
        manager = env["res.users"].browse(master.users[f"warehouse_manager_{key}"])
        tz = company["tz"]
        company_requests = env["dist.inventory.adjustment"]
        for warehouse in master.warehouses:
            if warehouse["company_id"] != company["id"]:
                continue
            counted = _count(env, warehouse, operator, rng, scale, days, tz, plans)
            company_requests |= counted
        # the manager decides each request some hours after it was made;
        # the company's last one is a count the manager does not believe
        for request in company_requests:
            # each decision comes in a request of its own: nothing read
            # before it (whether the request needs validation) is cached
            env.invalidate_all()
            plan = plans[request.quant_id.id]
            plan["decided_at"] = _decided(plan["counted_at"], rng, today, tz)
            if request == company_requests[-1]:
                plan["decision"] = "rejected"
                request.with_user(manager).reject_tier()
            else:
                plan["decision"] = "approved"
                request.with_user(manager).validate_tier()
        requests |= company_requests
    env.flush_all()
    _date_back(env, marks, plans, requests)
    warehouses = env["stock.warehouse"].browse([w["id"] for w in master.warehouses])
    warehouses._dist_plan_counts(today)
    Accuracy = env["dist.inventory.accuracy"]
    companies = [c["id"] for c in master.companies]
    for day in sorted({p["applied_on"] for p in plans.values() if p["applied_on"]}):
        Accuracy._dist_snapshot(day, companies)
    env.flush_all()
    results = env["dist.count.result"].search_count([("id", ">", marks["results"])])
    return {"count_results": results, "adjustment_requests": len(requests)}


def _count(env, warehouse, operator, rng, scale, days, tz, plans):
    """The operator counts stock of `warehouse` and applies; return the
    adjustment requests the approval matrix stopped."""
    Quant = env["stock.quant"]
    quants = Quant.search(
        [
            ("location_id", "child_of", warehouse["stock_loc_id"]),
            ("location_id.usage", "=", "internal"),
            ("quantity", ">", 0),
            ("dist_adjustment_id", "=", False),
        ],
        order="product_id, location_id, id",
    )
    if not quants:
        return env["dist.inventory.adjustment"]
    size = min(COUNTS.get(scale.name, COUNTS["small"]), len(quants))
    chosen = Quant.browse(rng.sample(quants.ids, size))
    company = env["res.company"].browse(warehouse["company_id"])

    def cost(quant):
        return quant.product_id.with_company(company).standard_price

    # the dearest items carry the miscounts that need approval
    by_cost = chosen.sorted(lambda q: (-cost(q), q.id))
    high = by_cost[:HIGH_VALUE].filtered(lambda q: cost(q) > 0)
    counts = {}
    for quant in chosen:
        expected = quant.quantity
        free = expected - quant.reserved_quantity
        if quant in high:
            units = math.ceil(
                rng.uniform(APPROVAL_FROM, 2.5 * APPROVAL_FROM) / cost(quant)
            )
            short = units <= free and units <= expected / 2
            counts[quant] = expected - units if short else expected + units
            continue
        outcome = _draw(rng, OUTCOMES)
        tolerance = int(expected * company.dist_count_tolerance / 100.0)
        if outcome == "within" and tolerance >= 1:
            units = rng.randint(1, tolerance)
        elif outcome == "beyond":
            units = max(tolerance + 1, round(expected * rng.uniform(0.04, 0.15)))
            # under what the warehouse may apply alone
            units = min(units, math.floor((APPROVAL_FROM - 1) / max(cost(quant), 1)))
        else:
            units = 0
        short = units <= free and rng.random() < 0.7
        counts[quant] = expected - units if short else expected + units
    for quant, counted in counts.items():
        if quant in high:
            # one in each part of the weeks: the last part is in the
            # control tower's window whatever the draw
            part = high.ids.index(quant.id)
            choices = days[
                part * len(days) // len(high) : (part + 1) * len(days) // len(high)
            ]
        else:
            choices = days
        plans[quant.id] = {
            "counted_at": working_moment(rng.choice(choices), rng, tz),
            "decided_at": None,
            "decision": None,
        }
        quant.with_user(operator).with_context(inventory_mode=True).write(
            {"inventory_quantity": counted}
        )
    wizard = (
        env["stock.inventory.adjustment.name"]
        .with_user(operator)
        .create(
            {
                "quant_ids": [Command.set(chosen.ids)],
                "inventory_adjustment_name": REFERENCE,
            }
        )
    )
    wizard.action_apply()
    return chosen.dist_adjustment_id.sorted("id")


def _draw(rng, shares):
    pick = rng.random()
    for share, value in shares:
        if pick < share:
            return value
        pick -= share
    return shares[-1][1]


def _decided(counted_at, rng, today, tz):
    """When the manager decided a request made at `counted_at`: before
    the evening of the day before `today` at the latest."""
    low, high = _draw(rng, DECISION_HOURS)
    decided = counted_at + datetime.timedelta(hours=rng.uniform(low, high))
    latest = pytz.timezone(tz).localize(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(18))
    )
    return min(decided, latest.astimezone(pytz.utc).replace(tzinfo=None))


def _marks(env):
    """The highest ids before the counts: what the counts add is above."""
    env.flush_all()
    marks = {}
    for key, table in (
        ("results", "dist_count_result"),
        ("moves", "stock_move"),
        ("exceptions", "dist_exception"),
    ):
        env.cr.execute(
            SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table))
        )
        marks[key] = env.cr.fetchone()[0]
    return marks


def _date_back(env, marks, plans, requests):
    """Move what the counts wrote to the moments they stand for: a count
    applied at once at its count, an approved one at its approval."""
    by_place = {}
    for quant in env["stock.quant"].browse(list(plans)):
        plan = plans[quant.id]
        plan["applied_at"] = (
            plan["decided_at"] if plan["decision"] == "approved" else plan["counted_at"]
        )
        plan["applied_on"] = (
            None if plan["decision"] == "rejected" else plan["applied_at"].date()
        )
        by_place[quant.product_id.id, quant.location_id.id] = plan
    cr = env.cr
    # count results and the quants' last count dates
    cr.execute(
        SQL(
            "SELECT id, product_id, location_id FROM dist_count_result WHERE id > %s",
            marks["results"],
        )
    )
    results = {
        rid: by_place[product, location]["applied_at"]
        for rid, product, location in cr.fetchall()
    }
    _set(env, "dist_count_result", "date", results)
    _set(
        env,
        "stock_quant",
        "dist_last_count_date",
        {
            quant_id: plan["applied_on"]
            for quant_id, plan in plans.items()
            if plan["applied_on"]
        },
    )
    # the inventory moves, their lines and valuation layers
    cr.execute(
        SQL(
            """
            SELECT m.id, m.product_id,
                   CASE WHEN d.usage = 'internal' THEN m.location_dest_id
                        ELSE m.location_id END
              FROM stock_move m
              JOIN stock_location d ON d.id = m.location_dest_id
             WHERE m.id > %s AND m.is_inventory
            """,
            marks["moves"],
        )
    )
    moves = {
        mid: by_place[product, location]["applied_at"]
        for mid, product, location in cr.fetchall()
        if (product, location) in by_place
    }
    _set(env, "stock_move", "date", moves)
    for table, column, link in (
        ("stock_move_line", "date", "move_id"),
        ("stock_valuation_layer", "create_date", "stock_move_id"),
    ):
        cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE %s = ANY(%s)",
                SQL.identifier(link),
                SQL.identifier(table),
                SQL.identifier(link),
                list(moves),
            )
        )
        _set(env, table, column, {rid: moves[mid] for rid, mid in cr.fetchall()})
    # the requests and their reviews: requested at the count, decided later
    requested = {r.id: plans[r.quant_id.id]["counted_at"] for r in requests}
    decided = {r.id: plans[r.quant_id.id]["decided_at"] for r in requests}
    _set(env, "dist_inventory_adjustment", "create_date", requested)
    _set(
        env,
        "dist_inventory_adjustment",
        "applied_date",
        {rid: at for rid, at in decided.items() if requests.browse(rid).applied_date},
    )
    reviews = env["tier.review"].search(
        [("model", "=", "dist.inventory.adjustment"), ("res_id", "in", requests.ids)]
    )
    _set(
        env, "tier_review", "create_date", {r.id: requested[r.res_id] for r in reviews}
    )
    _set(
        env,
        "tier_review",
        "reviewed_date",
        {r.id: decided[r.res_id] for r in reviews if r.reviewed_date},
    )
    # unusual adjustments: detected when their count applied
    cr.execute(
        SQL(
            """
            SELECT e.id, e.res_id FROM dist_exception e
             WHERE e.id > %s AND e.res_model = 'dist.count.result'
            """,
            marks["exceptions"],
        )
    )
    detected = {eid: results[rid] for eid, rid in cr.fetchall() if rid in results}
    if detected:
        cr.execute(
            SQL(
                """
                UPDATE dist_exception AS e
                   SET deadline = e.deadline - (e.detected_date - v.value),
                       detected_date = v.value,
                       last_detected_date = v.value
                  FROM (VALUES %s) AS v(id, value)
                 WHERE e.id = v.id
                """,
                SQL(", ").join(SQL("(%s, %s)", k, v) for k, v in detected.items()),
            )
        )
    env.invalidate_all()
