"""The work waiting on the demo's day: what every role finds on first login.

Built last, after the control tower's history (nothing here changes a past
KPI), per company, by the role users through the suite's own methods, then
dated to the moments they stand for (clock.py):

- today's dock: in every warehouse a receipt (a purchase order placed a
  lead time ago, due at 10:00 at the warehouse) and two customer
  deliveries (orders of the last weekday promised for 11:00 and 15:00
  today, reserved), so that the operators' today has receipts and
  deliveries beside the counts the count plan made due today;
- the buyer's queue: when the first replenishment run proposed nothing to
  a company's buyer (the tiny scale), a customer's order due today takes
  what is left of the reviewed product nearest its reorder point and the
  run proposes to buy it again;
- purchase approvals: the buyer asked, on the last weekday afternoon, the
  validation of three orders: one of about 18,000 (tier 1: the purchasing
  managers), two from 50,000 (tier 1, then the executives with a
  comment); the purchasing manager approved the first tier of the largest
  this morning, so it waits for the executives (the company's and the
  group's);
- a reorder-rule override: the buyer asks the strategic review policy for
  the company's most valuable product under automatic min/max; it waits for
  the purchasing managers;
- an adjustment request per warehouse: the operator counted the dearest
  item of the warehouse's count list on the last weekday with a variance
  worth about 1,500; it waits for the warehouse manager;
- a case resolution: a customer wants to send back a delivery of the last
  three months worth 600 or more; the service agent opened the case on the
  last weekday and proposed the return; it waits for the service manager;
- delegations: the warehouse manager hands their approvals to the process
  owner for this week (running) and for a week in three weeks (upcoming);
- exceptions reported by hand: two for the process owner and two for the
  governance controller, one of each overdue.

No draw: every choice is the first in a fixed order, so the same scale,
seed and day give the same records.
"""

import datetime
import math

from odoo import Command, fields
from odoo.tools import SQL

from .cases import _local, _moment
from .clock import set_column, weekdays

# purchase orders asked for validation: (target amount, tier 1 approved)
PURCHASE_APPROVALS = [(18_000, False), (64_000, False), (85_000, True)]
# receipts and deliveries due today in each warehouse: local hours
RECEIPT_HOURS = (10,)
DELIVERY_HOURS = (11, 15)
# a counted variance worth about this much waits for the warehouse manager
ADJUSTMENT_VALUE = 1_500
# a return of a delivery of the last RETURN_DAYS worth at least this much
# waits for the service manager (the matrix: from 500)
RETURN_VALUE = 600
RETURN_DAYS = 90
# what a case resolution needs approval from (the demo's matrix, cases.py)
APPROVAL_FROM = 500
# a receipt line is worth at most this much: two of them stay under what a
# buyer confirms without approval (10,000)
MAX_RECEIPT_LINE = 4_000
NO_MAIL = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


# what the step leaves for the roles, as counted in the build's summary
WORK_KINDS = (
    "receipts",
    "deliveries",
    "recommendations",
    "purchase_approvals",
    "overrides",
    "adjustments",
    "resolutions",
    "delegations",
    "exceptions",
)


def build(env, master, today):
    """Leave today's work for every role; return counts for the summary."""
    counts = dict.fromkeys(
        WORK_KINDS,
        0,
    )
    last_weekday = weekdays(today, 7)[-1]
    moment = _moment(master, today)
    cases = env["helpdesk.ticket"]
    for company_data in master.companies:
        company = env["res.company"].browse(company_data["id"])
        people = _People(env, master, company_data["key"])
        when = _When(today, last_weekday, company_data["tz"], moment)
        warehouses = env["stock.warehouse"].browse(
            [w["id"] for w in master.warehouses if w["company_id"] == company.id]
        )
        customers = [c for c in master.customers if c["company_id"] == company.id]
        # warehouses by their place in the scenario, never by id (ids move
        # on between builds in one database, as the tests do)
        for place, warehouse in enumerate(warehouses):
            counts["receipts"] += _receipts(env, company, warehouse, people, when)
            counts["deliveries"] += _deliveries(
                env, company, (place, warehouse), customers, when
            )
            counts["adjustments"] += _adjustment(env, (place, warehouse), people, when)
        counts["recommendations"] += _buyer_queue(
            env, company, warehouses, customers, when
        )
        counts["purchase_approvals"] += _purchase_approvals(env, company, people, when)
        counts["overrides"] += _override(env, company, people, when)
        case = _return_case(env, company, people, when)
        if case:
            cases |= case
            counts["resolutions"] += 1
        counts["delegations"] += _delegations(env, company, people, today)
        counts["exceptions"] += _exceptions(env, company, people, when)
    if cases:
        # the new cases' SLA statuses at the demo's moment, as for the others
        env["helpdesk.ticket"]._dist_sweep_statuses(moment)
    # what the role users' actions queued for the commit (the web client's
    # notifications, written as the user who acted) is written now, in the
    # build's transaction: a caller that rolls the build back (the tests)
    # keeps nothing that names its users
    env.flush_all()
    env.cr.precommit.run()
    return counts


class _People:
    """The company's role users, by role."""

    def __init__(self, env, master, key):
        self._env = env
        self._master = master
        self._key = key

    def __getattr__(self, role):
        login = f"{role}_{self._key}"
        return self._env["res.users"].browse(self._master.users[login])


class _When:
    """The moments of the demo's day at a company, naive UTC."""

    def __init__(self, today, last_weekday, tz, moment):
        self.today = today
        self.last_weekday = last_weekday
        self.tz = tz
        self.moment = moment

    def at(self, day, hour, minute=0):
        return _local(day, hour, self.tz) + datetime.timedelta(minutes=minute)

    def today_at(self, hour, minute=0):
        return self.at(self.today, hour, minute)

    def yesterday_at(self, hour, minute=0):
        """On the last weekday before today."""
        return self.at(self.last_weekday, hour, minute)

    def this_morning(self, hour, minute=0):
        """`hour` today, or now when the build runs earlier: what was done
        this morning is not in the future."""
        return min(self.today_at(hour, minute), fields.Datetime.now())


def _invalidated(env):
    """Each role user acts in a request of their own: nothing computed for
    another is cached."""
    env.flush_all()
    env.invalidate_all()


# ----------------------------------------------------------------------
# today's dock
# ----------------------------------------------------------------------


def _stocked(env, company, warehouse, limit):
    """(product, free quantity, vendor price line) of products on the
    warehouse's shelves that the company buys, largest free stock first."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT q.product_id, sum(q.quantity - q.reserved_quantity) AS free,
                   (SELECT s.id FROM product_supplierinfo s
                     WHERE s.product_tmpl_id = pp.product_tmpl_id
                       AND s.company_id = %(company)s AND s.price > 0
                     ORDER BY s.sequence, s.id LIMIT 1) AS seller
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
              JOIN product_product pp ON pp.id = q.product_id
             WHERE l.usage = 'internal' AND l.warehouse_id = %(warehouse)s
               AND q.company_id = %(company)s
             GROUP BY q.product_id, pp.product_tmpl_id
            HAVING sum(q.quantity - q.reserved_quantity) >= 4
             ORDER BY free DESC, q.product_id
             LIMIT %(limit)s
            """,
            company=company.id,
            warehouse=warehouse.id,
            limit=limit,
        )
    )
    return [
        (
            env["product.product"].browse(product_id),
            free,
            env["product.supplierinfo"].browse(seller_id),
        )
        for product_id, free, seller_id in env.cr.fetchall()
        if seller_id
    ]


def _receipts(env, company, warehouse, people, when):
    """Purchase orders placed a lead time ago whose receipts are due today
    at the warehouse, confirmed by the buyer (under 10,000: no approval)."""
    stocked = [
        row
        for row in _stocked(env, company, warehouse, 4 * len(RECEIPT_HOURS))
        if row[2].price <= MAX_RECEIPT_LINE
    ]
    buyer = people.buyer
    made = 0
    for index, hour in enumerate(RECEIPT_HOURS):
        # two products of the warehouse per receipt, the second when the
        # same vendor sells it
        chosen = stocked[2 * index : 2 * index + 2]
        if not chosen:
            break
        vendor = chosen[0][2].partner_id
        rows = [row for row in chosen if row[2].partner_id == vendor]
        _invalidated(env)
        due = when.today_at(hour)
        lines = [
            Command.create(
                {
                    "product_id": product.id,
                    "product_qty": max(
                        1, min(40, math.floor(MAX_RECEIPT_LINE / seller.price))
                    ),
                    "price_unit": seller.price,
                    "date_planned": due,
                }
            )
            for product, _free, seller in rows
        ]
        placed = when.at(
            when.today - datetime.timedelta(days=max(int(rows[0][2].delay), 3)), 10
        )
        order = (
            env["purchase.order"]
            .with_user(buyer)
            .with_company(company)
            .with_context(**NO_MAIL)
            .create(
                {
                    "partner_id": vendor.id,
                    "company_id": company.id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "date_order": placed,
                    "order_line": lines,
                }
            )
        )
        order.button_confirm()
        set_column(env, "purchase_order", "date_approve", {order.id: placed})
        set_column(env, "purchase_order", "create_date", {order.id: placed})
        set_column(
            env,
            "stock_picking",
            "create_date",
            dict.fromkeys(order.picking_ids.ids, placed),
        )
        env.invalidate_all()
        made += len(order.picking_ids)
    return made


def _deliveries(env, company, placed_warehouse, customers, when):
    """Customer orders of the last weekday promised for today at the
    warehouse, confirmed and reserved."""
    place, warehouse = placed_warehouse
    if not customers:
        return 0
    stocked = _stocked(env, company, warehouse, len(DELIVERY_HOURS))
    made = 0
    for index, (hour, (product, free, _seller)) in enumerate(
        zip(DELIVERY_HOURS, stocked, strict=False)
    ):
        customer = customers[(2 * place + index) % len(customers)]
        ordered = when.yesterday_at(11 + index)
        order = (
            env["sale.order"]
            .with_company(company)
            .with_context(**NO_MAIL)
            .create(
                {
                    "partner_id": customer["partner_id"],
                    "company_id": company.id,
                    "warehouse_id": warehouse.id,
                    "team_id": customer["team_id"],
                    "commitment_date": when.today_at(hour),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": min(max(free // 4, 1), 12),
                                "price_unit": round(
                                    product.lst_price * customer["price_factor"], 2
                                ),
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        set_column(env, "sale_order", "date_order", {order.id: ordered})
        set_column(env, "sale_order", "create_date", {order.id: ordered})
        env.invalidate_all()
        pickings = order.picking_ids
        pickings.with_company(company)._dist_refresh_priorities(
            [("id", "in", pickings.ids)], now=when.moment
        )
        made += len(pickings)
    return made


def _buyer_queue(env, company, warehouses, customers, when):
    """When the first run proposed nothing to the company's buyer (a small
    scale), a customer's order due today takes what is left of the product
    under buyer review nearest its reorder point, and the run of the night
    proposes to buy it again. Returns the recommendations it made."""
    Recommendation = env["dist.purchase.recommendation"]
    if not customers or Recommendation.search_count(
        [("company_id", "=", company.id), ("state", "=", "proposed")]
    ):
        return 0
    segments = env["dist.product.segment"].search(
        [
            ("company_id", "=", company.id),
            ("warehouse_id", "in", warehouses.ids),
            ("policy_id.mode", "=", "review"),
            ("vendor_id", "!=", False),
        ],
        order="id",
    )
    best = None
    for segment in segments:
        quants = env["stock.quant"].search(
            [
                ("product_id", "=", segment.product_id.id),
                ("location_id", "child_of", segment.warehouse_id.lot_stock_id.id),
            ]
        )
        free = sum(q.quantity - q.reserved_quantity for q in quants)
        margin = free - segment.reorder_point
        if free >= 1 and (best is None or margin < best[2]):
            best = (segment, free, margin)
    if best is None:
        return 0
    segment, free, _margin = best
    customer = customers[0]
    order = (
        env["sale.order"]
        .with_company(company)
        .with_context(**NO_MAIL)
        .create(
            {
                "partner_id": customer["partner_id"],
                "company_id": company.id,
                "warehouse_id": segment.warehouse_id.id,
                "team_id": customer["team_id"],
                "commitment_date": when.today_at(16),
                "order_line": [
                    Command.create(
                        {
                            "product_id": segment.product_id.id,
                            "product_uom_qty": free,
                            "price_unit": round(
                                segment.product_id.lst_price * customer["price_factor"],
                                2,
                            ),
                        }
                    )
                ],
            }
        )
    )
    order.action_confirm()
    ordered = when.yesterday_at(17)
    set_column(env, "sale_order", "date_order", {order.id: ordered})
    set_column(env, "sale_order", "create_date", {order.id: ordered})
    env.invalidate_all()
    run = env["dist.replenishment.run"]._run_company(
        company,
        anchor=datetime.datetime.combine(when.today, datetime.time()),
        trigger="manual",
    )
    return run.recommendations_created


# ----------------------------------------------------------------------
# approvals
# ----------------------------------------------------------------------


def _date_reviews(env, document, asked, decided=None):
    """The reviews of `document` asked at `asked`; the approved ones
    decided at `decided`, those after them pending since then."""
    reviews = document.review_ids
    set_column(env, "tier_review", "create_date", dict.fromkeys(reviews.ids, asked))
    approved = reviews.filtered(lambda r: r.status == "approved")
    open_reviews = reviews.filtered(lambda r: r.status == "pending")
    set_column(
        env,
        "tier_review",
        "reviewed_date",
        dict.fromkeys(approved.ids, decided),
    )
    set_column(
        env,
        "tier_review",
        "dist_pending_since",
        dict.fromkeys(open_reviews.ids, decided if approved else asked),
    )
    env.invalidate_all()


def _purchase_approvals(env, company, people, when):
    """The buyer's orders waiting for the purchasing managers and, from
    50,000, the executives."""
    sellers = (
        env["product.supplierinfo"]
        .search(
            [("company_id", "=", company.id), ("price", ">", 0)],
            order="price desc, id",
        )
        .filtered(lambda s: s.product_tmpl_id.is_storable)
    )
    vendors = []
    for seller in sellers:
        if seller.partner_id not in [s.partner_id for s in vendors]:
            vendors.append(seller)
    made = 0
    for index, (amount, first_tier_done) in enumerate(PURCHASE_APPROVALS):
        if not vendors:
            break
        seller = vendors[index % len(vendors)]
        product = seller.product_tmpl_id.product_variant_id
        asked = when.yesterday_at(14 + index, 10 * index)
        _invalidated(env)
        order = (
            env["purchase.order"]
            .with_user(people.buyer)
            .with_company(company)
            .with_context(**NO_MAIL)
            .create(
                {
                    "partner_id": seller.partner_id.id,
                    "company_id": company.id,
                    "date_order": asked,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": math.ceil(amount / seller.price),
                                "price_unit": seller.price,
                            }
                        )
                    ],
                }
            )
        )
        order.request_validation()
        decided = None
        if first_tier_done:
            _invalidated(env)
            order.with_user(people.purchasing_manager).validate_tier()
            decided = when.this_morning(9, 20)
        set_column(env, "purchase_order", "create_date", {order.id: asked})
        _date_reviews(env, order, asked, decided)
        made += 1
    return made


def _override(env, company, people, when):
    """The buyer asks the strategic review policy for the most valuable
    product under automatic min/max."""
    strategic = env["dist.replenishment.policy"].search(
        [("company_id", "=", company.id), ("code", "=", "strategic")], limit=1
    )
    segment = env["dist.product.segment"].search(
        [
            ("company_id", "=", company.id),
            ("policy_id.code", "=", "auto"),
            ("policy_id", "!=", strategic.id),
        ],
        order="annual_value desc, id",
        limit=1,
    )
    if not strategic or not segment:
        return 0
    _invalidated(env)
    action = segment.with_user(people.buyer).action_request_override()
    override = (
        env["dist.policy.override"]
        .with_user(people.buyer)
        .with_context(**action["context"], **NO_MAIL)
        .create(
            {
                "policy_id": strategic.id,
                "reason": "Launch with a key account next month: the buyer "
                "reviews each order of it for the first quarter.",
            }
        )
    )
    override.request_validation()
    asked = when.yesterday_at(16, 30)
    set_column(env, "dist_policy_override", "create_date", {override.id: asked})
    _date_reviews(env, override, asked)
    return 1


def _adjustment(env, placed_warehouse, people, when):
    """The operator counted the dearest item of the warehouse's count list
    on the last weekday, about ADJUSTMENT_VALUE off: the request waits."""
    place, warehouse = placed_warehouse
    company = warehouse.company_id
    due = env["stock.quant"].search(
        [
            ("location_id.usage", "=", "internal"),
            ("warehouse_id", "=", warehouse.id),
            ("inventory_date", "<=", when.today),
            ("quantity", ">", 0),
            ("dist_adjustment_id", "=", False),
        ],
        order="id",
    )

    def cost(quant):
        return quant.product_id.with_company(company).standard_price

    priced = due.filtered(lambda q: cost(q) > 0)
    if not priced:
        return 0
    quant = max(priced, key=lambda q: (cost(q), -q.id))
    units = math.ceil(ADJUSTMENT_VALUE / cost(quant))
    free = quant.quantity - quant.reserved_quantity
    # the odd warehouses find less than the books, the even ones more
    short = place % 2 and units <= free
    counted = quant.quantity - units if short else quant.quantity + units
    _invalidated(env)
    quant = quant.with_user(people.warehouse_operator).with_context(inventory_mode=True)
    quant.inventory_quantity = counted
    quant.action_apply_inventory()
    request = quant.dist_adjustment_id
    if not request:
        return 0
    asked = when.yesterday_at(15, 10 * place)
    set_column(env, "dist_inventory_adjustment", "create_date", {request.id: asked})
    _date_reviews(env, request, asked)
    return 1


def _return_case(env, company, people, when):
    """A customer wants to send back a recent delivery worth RETURN_VALUE
    or more: the agent opened the case on the last weekday and proposed the
    return, which waits for the service manager. Returns the case."""
    env.flush_all()
    until = when.yesterday_at(0)
    recent = when.at(when.today - datetime.timedelta(days=RETURN_DAYS), 0)
    # a delivery of the last months worth RETURN_VALUE; else (a small
    # scale, a company of cheap parts) the latest worth what needs approval
    for since, value in ((recent, RETURN_VALUE), (None, APPROVAL_FROM)):
        env.cr.execute(
            SQL(
                """
                SELECT p.id
                  FROM stock_move m
                  JOIN stock_picking p ON p.id = m.picking_id
                  JOIN stock_picking_type t ON t.id = p.picking_type_id
                  JOIN sale_order_line sl ON sl.id = m.sale_line_id
                 WHERE p.company_id = %(company)s AND t.code = 'outgoing'
                   AND p.state = 'done' AND m.state = 'done'
                   AND p.date_done >= %(since)s AND p.date_done < %(until)s
                   AND NOT EXISTS (SELECT 1 FROM stock_move r
                                    WHERE r.origin_returned_move_id = m.id)
                 GROUP BY p.id
                HAVING sum(m.quantity * sl.price_unit) >= %(value)s
                 ORDER BY max(p.date_done) DESC, p.id
                 LIMIT 1
                """,
                company=company.id,
                since=since or datetime.datetime(1970, 1, 1),
                until=until,
                value=value,
            )
        )
        row = env.cr.fetchone()
        if row:
            break
    if not row:
        return env["helpdesk.ticket"]
    delivery = env["stock.picking"].browse(row[0])
    order = delivery.sale_id
    agent = people.service_agent
    team = env["helpdesk.ticket.team"].search(
        [("company_id", "=", company.id), ("user_ids", "in", agent.ids)],
        order="id",
        limit=1,
    )
    _invalidated(env)
    Ticket = env["helpdesk.ticket"].with_user(agent).with_context(**NO_MAIL)
    case = Ticket.create(
        {
            "name": f"Return of {order.name}",
            "description": "<p>We ordered too many; the cartons are unopened. "
            "Can we send them back?</p>",
            "partner_id": order.partner_id.id,
            "company_id": company.id,
            "team_id": team.id,
            "user_id": agent.id,
            "stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
            "dist_sale_order_id": order.id,
            "dist_picking_id": delivery.id,
        }
    )
    opened = when.yesterday_at(10, 5)
    set_column(env, "helpdesk_ticket", "dist_sla_start", {case.id: opened})
    set_column(env, "helpdesk_ticket", "create_date", {case.id: opened})
    set_column(
        env,
        "helpdesk_ticket",
        "dist_first_response_date",
        {case.id: opened + datetime.timedelta(minutes=35)},
    )
    case.invalidate_recordset()
    case.category_id = env.ref("dist_helpdesk_cases.case_category_return_request")
    _invalidated(env)
    wizard = (
        env["helpdesk.ticket.resolve"]
        .with_user(agent)
        .with_context(default_ticket_id=case.id, **NO_MAIL)
        .create(
            {
                "ticket_id": case.id,
                "action_id": env.ref("dist_helpdesk_cases.case_action_return").id,
                "reason": "Ordered twice by mistake; back to stock unopened.",
            }
        )
    )
    for line in wizard.line_ids:
        line.quantity = line.delivered_qty
    action = wizard.action_apply()
    resolution = env["dist.case.resolution"].browse(action["res_id"])
    asked = opened + datetime.timedelta(hours=1)
    set_column(env, "dist_case_resolution", "create_date", {resolution.id: asked})
    _date_reviews(env, resolution, asked)
    return case


# ----------------------------------------------------------------------
# delegations and exceptions
# ----------------------------------------------------------------------


def _delegations(env, company, people, today):
    """The warehouse manager's approvals go to the process owner this week
    (running) and for a week in three weeks (upcoming)."""
    _invalidated(env)
    Delegation = env["dist.approval.delegation"].with_user(people.warehouse_manager)
    Delegation.create(
        [
            {
                "company_id": company.id,
                "delegate_id": people.process_owner.id,
                "date_from": today - datetime.timedelta(days=2),
                "date_to": today + datetime.timedelta(days=2),
                "reason": "At the carriers' review in Chicago this week.",
            },
            {
                "company_id": company.id,
                "delegate_id": people.process_owner.id,
                "date_from": today + datetime.timedelta(days=21),
                "date_to": today + datetime.timedelta(days=25),
                "reason": "Annual leave.",
            },
        ]
    )
    return 2


def _exceptions(env, company, people, when):
    """Exceptions reported by hand: the process owner's and the
    controller's, one of each past its deadline (72 hours)."""
    receipt = env["stock.picking"].search(
        [
            ("company_id", "=", company.id),
            ("picking_type_code", "=", "incoming"),
            ("state", "=", "done"),
            ("date_done", "<", when.yesterday_at(0)),
        ],
        order="date_done desc, id desc",
        limit=1,
    )
    order = env["purchase.order"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "purchase"),
            ("date_approve", "<", when.yesterday_at(0)),
        ],
        order="date_approve desc, id desc",
        limit=1,
    )
    rule = env["dist.sod.rule"].search([("company_id", "=", company.id)], limit=1)
    customer = (
        env["sale.order"]
        .search(
            [("company_id", "=", company.id), ("state", "=", "sale")],
            order="date_order desc, id desc",
            limit=1,
        )
        .partner_id
    )
    days_ago = weekdays(when.today, 10)
    reports = [
        (
            people.warehouse_manager,
            people.process_owner,
            receipt,
            f"Pallet of {receipt.name} found broken on the dock",
            when.at(days_ago[-5], 10),
        ),
        (
            people.service_manager,
            people.process_owner,
            customer,
            f"{customer.name} says deliveries arrive without a packing list",
            when.yesterday_at(16),
        ),
        (
            people.governance_controller,
            people.governance_controller,
            rule,
            "Quarterly review of the conflicting duties held is due",
            when.at(days_ago[-6], 9),
        ),
        (
            people.governance_controller,
            people.governance_controller,
            order,
            f"{order.name} confirmed the same day as another order to the "
            "same vendor, each under 10,000",
            when.yesterday_at(11),
        ),
    ]
    made = 0
    for reporter, owner, source, summary, detected in reports:
        if not source:
            continue
        _invalidated(env)
        env["dist.exception"].with_user(reporter).raise_exception(
            "manual",
            source,
            summary,
            company_id=company.id,
            owner_id=owner.id,
            detected_date=detected,
            severity="medium",
        )
        made += 1
    return made
