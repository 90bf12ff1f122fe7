"""A day at the distributor: each role of each company does its work, in order.

The scenario is generated at the tiny scale (three companies, a user per role
and company, an executive of all three, the approval matrix of the demo),
then each company's day is walked as its own role users, the way the role
pages (docs/roles) tell them to work: the buyer turns the queue into RFQs, a
large order goes through both approval tiers, the warehouse receives too much
and says why, a count waits for its manager, a quotation beyond what can be
promised is refused and then confirmed by the one allowed to, a late delivery
opens a case, a return waits for the service manager, the process owner reads
the Pareto and every control-tower role opens every tile's records.

The administrator (`self.env`, OdooBot) only brings what the world brings: a
vendor's delivery, a customer's order, time passing (freeze_time) and the
scheduled actions OdooBot runs. Each step asserts its outcome: states,
owners, companies, counts.
"""

import contextlib
import datetime
import math

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tools.safe_eval import safe_eval

from tests.tiny_demo import KEYS, TODAY
from tests.web_client import load_action, open_window_action

# (UTC) the morning of TODAY at every office: 08:00 in Los Angeles (import),
# 10:00 in Chicago (after-sales), 11:00 in New York (domestic)
MORNING = datetime.datetime(2026, 11, 20, 16, 0)
# the end of TODAY's shift: 16:30 in Los Angeles, 18:30 in Chicago, 19:30 in
# New York; in UTC it is already Saturday, but not at the warehouses
EVENING = datetime.datetime(2026, 11, 21, 0, 30)
# the end of the next working day, Monday (UTC: Tuesday)
MONDAY = EVENING + datetime.timedelta(days=3)
# a delayed-shipment case opened at MONDAY: first response in 2 working
# hours, resolution in 16 (Los Angeles still has half an hour on Monday)
SLA_DUE = {
    "import": ["Tue 09:30", "Wed 16:30"],
    "domestic": ["Tue 10:00", "Wed 17:00"],
    "aftersales": ["Tue 10:00", "Wed 17:00"],
}
# the roles the control tower is shown to (docs/control_tower.md)
TOWER_ROLES = [
    "executive",
    "process_owner",
    "governance_controller",
    "purchasing_manager",
    "warehouse_manager",
    "service_manager",
]
PROMISE_OVERRIDE = "dist_wms_rules.group_promise_override"


class TheDayChecks:
    """Run on the tiny demo by tests/test_tiny_demo.py."""

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @contextlib.contextmanager
    def refused(self, exception):
        """The action raises `exception` and, as in a request, leaves
        nothing behind (its transaction is rolled back)."""
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            yield caught
        self.env.invalidate_all()

    def warehouse(self, key):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.company[key].id)], order="id", limit=1
        )

    def run_cron(self, xmlid):
        """A scheduled action run as the scheduler runs it (its user,
        OdooBot)."""
        self.env.ref(xmlid).method_direct_trigger()
        self.env.invalidate_all()

    def exceptions_on(self, record, code):
        return self.env["dist.exception"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("type_id.code", "=", code),
            ]
        )

    def stocked(self, key, minimum=1.0):
        """Products of the company's first warehouse with at least
        `minimum` free in stock, costliest first."""
        warehouse = self.warehouse(key)
        quants = self.env["stock.quant"].search(
            [
                ("location_id", "child_of", warehouse.lot_stock_id.id),
                ("company_id", "=", self.company[key].id),
            ]
        )
        free = {}
        for quant in quants:
            free[quant.product_id] = free.get(quant.product_id, 0.0) + (
                quant.quantity - quant.reserved_quantity
            )
        products = [product for product, qty in free.items() if qty >= minimum]
        products.sort(key=lambda p: (-p.standard_price, p.id))
        return products, free

    def customer(self, key):
        """A customer the company has sold to."""
        order = self.env["sale.order"].search(
            [("company_id", "=", self.company[key].id), ("state", "=", "sale")],
            order="id",
            limit=1,
        )
        return order.partner_id

    def customer_order(self, key, product, quantity, commitment):
        """A customer's order confirmed by the system (a paid web order):
        what the world brings."""
        company = self.company[key]
        order = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "partner_id": self.customer(key).id,
                    "warehouse_id": self.warehouse(key).id,
                    "commitment_date": commitment,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        return order

    # ------------------------------------------------------------------
    # the steps of a company's day
    # ------------------------------------------------------------------

    def step_buyer_queue_becomes_rfqs(self, key):
        """1. The buyer creates RFQs from the proposed recommendations of
        their company; each RFQ is that buyer's, in that company."""
        company = self.company[key]
        login = f"buyer_{key}"
        env = self.as_user(login)
        Recommendation = env["dist.purchase.recommendation"]
        proposed = Recommendation.search(
            [("state", "=", "proposed"), ("kind", "=", "purchase")]
        )
        if not proposed:
            drained = self.customer_drains_a_reviewed_product(key)
            proposed = Recommendation.search(
                [("state", "=", "proposed"), ("kind", "=", "purchase")]
            )
            self.assertIn(drained.product_id, proposed.product_id)
        self.assertTrue(proposed, f"{login} has nothing to order")
        self.assertEqual(proposed.company_id, company)
        self.assertEqual(proposed.buyer_id, self.users[login])
        # the buyer queue opens as the web client opens it
        queue = open_window_action(
            env,
            load_action(
                env, env.ref("dist_purchase_policy.dist_purchase_recommendation_action")
            ),
        )
        self.assertTrue(set(proposed[:5].ids) & set(queue.ids))
        action = proposed.action_create_orders()
        orders = open_window_action(env, action)
        self.assertEqual(orders, proposed.purchase_id)
        self.assertEqual(set(proposed.mapped("state")), {"ordered"})
        self.assertEqual(orders.company_id, company)
        self.assertEqual(orders.user_id, self.users[login])
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        for recommendation in proposed:
            line = recommendation.purchase_line_id
            self.assertEqual(line.product_id, recommendation.product_id)
            self.assertGreaterEqual(line.product_qty, recommendation.quantity)
        return orders

    def customer_drains_a_reviewed_product(self, key):
        """No proposal in the company: a customer orders what is left of a
        product under a buyer-review policy, and the nightly replenishment
        run (OdooBot) proposes to buy it again."""
        company = self.company[key]
        warehouse = self.warehouse(key)
        segments = self.env["dist.product.segment"].search(
            [
                ("company_id", "=", company.id),
                ("warehouse_id", "=", warehouse.id),
                ("policy_id.mode", "=", "review"),
                ("vendor_id", "!=", False),
            ]
        )
        self.assertTrue(segments, f"{company.name}: no product under buyer review")
        products, free = self.stocked(key)
        candidates = [s for s in segments if s.product_id in products]
        segment = min(
            candidates,
            key=lambda s: (free[s.product_id] - s.reorder_point, s.id),
        )
        self.customer_order(
            key,
            segment.product_id,
            free[segment.product_id],
            datetime.datetime.now() + datetime.timedelta(days=5),
        )
        self.run_cron("dist_purchase_policy.ir_cron_replenishment_run")
        return segment

    def step_large_order_through_both_tiers(self, key):
        """2. A purchase order over both bands (from 50,000) waits for the
        purchasing manager, then the executive with a comment; the buyer
        confirms it only then; another company's executive cannot open it."""
        company = self.company[key]
        buyer_env = self.as_user(f"buyer_{key}")
        checked = (
            self.env["dist.quality.checklist"]
            .search([("company_id", "=", company.id)])
            .categ_ids
        )
        # a product of the family the receiving checklist covers: its receipt
        # is checked before it is validated
        price = (
            self.env["product.supplierinfo"]
            .search(
                [
                    ("company_id", "=", company.id),
                    ("product_tmpl_id.categ_id", "in", checked.ids),
                    ("price", ">", 0),
                ],
                order="price desc, id",
            )
            .filtered(lambda s: s.product_tmpl_id.is_storable)[:1]
        )
        self.assertTrue(price, f"{company.name} buys nothing")
        product = price.product_tmpl_id.product_variant_id
        quantity = math.ceil(60_000 / price.price)
        form = Form(buyer_env["purchase.order"])
        form.partner_id = price.partner_id.with_env(buyer_env)
        with form.order_line.new() as line:
            line.product_id = product.with_env(buyer_env)
            line.product_qty = quantity
        order = form.save()
        self.assertEqual(order.company_id, company)
        self.assertEqual(order.user_id, self.users[f"buyer_{key}"])
        self.assertGreaterEqual(order.amount_total_cc, 50_000)
        # the buyer cannot confirm it: it needs approval first, and says who
        with self.refused(UserError) as refused:
            order.button_confirm()
        message = str(refused.exception)
        self.assertIn("needs approval", message)
        self.assertIn(self.users[f"purchasing_manager_{key}"].name, message)
        self.assertIn(self.users[f"executive_{key}"].name, message)
        for other in KEYS:
            if other != key:
                self.assertNotIn(self.users[f"executive_{other}"].name, message)
        self.assertEqual(order.state, "draft")
        order.request_validation()
        reviews = order.review_ids.sorted("sequence")
        self.assertEqual(len(reviews), 2)
        self.assertTrue(reviews[1].has_comment)
        # reviewers of the order's company only
        for review in reviews:
            self.assertTrue(review.reviewer_ids)
            for reviewer in review.reviewer_ids:
                self.assertIn(company, reviewer.company_ids, reviewer.login)
        with self.refused(UserError):
            order.button_confirm()
        # another company's executive cannot open it
        for other in KEYS:
            if other == key:
                continue
            stranger = order.with_env(self.as_user(f"executive_{other}"))
            with self.refused(AccessError):
                stranger.read(["name", "amount_total"])
        # tier 1: the purchasing manager, from the order's form
        manager_env = self.as_user(f"purchasing_manager_{key}")
        self.open_form(manager_env, order)
        self.assertIsNone(order.with_env(manager_env).validate_tier())
        self.assertEqual(reviews[0].status, "approved")
        self.assertEqual(reviews[0].done_by, self.users[f"purchasing_manager_{key}"])
        self.assertEqual(order.validation_status, "pending")
        with self.refused(UserError):
            order.button_confirm()
        # tier 2: the executive, who must comment
        executive_env = self.as_user(f"executive_{key}")
        self.open_form(executive_env, order)
        action = order.with_env(executive_env).validate_tier()
        self.assertEqual(action["res_model"], "comment.wizard")
        self.assertEqual(reviews[1].status, "pending")
        with Form(
            executive_env["comment.wizard"].with_context(**action["context"])
        ) as wizard:
            wizard.comment = "Season stock: agreed in the budget review."
        wizard.record.add_comment()
        self.assertEqual(reviews[1].status, "approved")
        self.assertEqual(reviews[1].done_by, self.users[f"executive_{key}"])
        self.assertEqual(
            reviews[1].comment, "Season stock: agreed in the budget review."
        )
        self.assertEqual(order.validation_status, "validated")
        audit = self.env["dist.audit.entry"].search(
            [("res_model", "=", "purchase.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(
            set(audit.user_id.mapped("login")),
            {f"purchasing_manager_{key}", f"executive_{key}"},
        )
        # now the buyer confirms it, and the receipt is planned
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(len(order.picking_ids), 1)
        self.assertEqual(order.picking_ids.company_id, company)
        return order

    def open_form(self, env, record):
        """`record`'s form as the web client opens it for env's user."""
        return open_window_action(
            env,
            {
                "type": "ir.actions.act_window",
                "res_model": record._name,
                "res_id": record.id,
                "views": [(False, "form")],
            },
        )

    def finish_quality_checks(self, env, receipt):
        """The operator opens the receipt's quality checks (smart button)
        and passes every point of each; returns the checks."""
        checks = open_window_action(env, receipt.action_dist_quality_checks())
        for check in checks:
            with Form(check) as form:
                for index in range(len(form.line_ids)):
                    with form.line_ids.edit(index) as point:
                        point.result = "pass"
            check.action_finish()
            self.assertEqual(check.state, "pass")
            self.assertEqual(check.checked_by_id, env.user)
        return checks

    def step_receipt_beyond_tolerance(self, key, order):
        """3. The warehouse operator receives more than the tolerance: the
        receipt asks why; with the reason it is done and the buyer of the
        company owns the exception."""
        company = self.company[key]
        env = self.as_user(f"warehouse_operator_{key}")
        receipt = order.picking_ids.with_env(env)
        self.open_form(env, receipt)
        # the vendor shipped 12 % more than ordered (tolerance 5 %)
        for move in receipt.move_ids:
            move.quantity = math.ceil(move.product_uom_qty * 1.12)
        receipt.move_ids.picked = True
        # not before its quality checks are finished
        with self.refused(UserError):
            receipt.button_validate()
        self.assertEqual(len(self.finish_quality_checks(env, receipt)), 1)
        action = receipt.button_validate()
        self.assertEqual(action["res_model"], "stock.picking.deviation")
        self.assertEqual(receipt.state, "assigned")
        self.assertFalse(self.exceptions_on(receipt, "receipt_deviation"))
        wizard = env["stock.picking.deviation"].browse(action["res_id"])
        with Form(wizard.with_context(**action["context"])) as form:
            self.assertEqual(len(form.line_ids), len(receipt.move_ids))
            with form.line_ids.edit(0) as line:
                self.assertEqual(line.reason, "over_shipped")
                line.note = "Vendor shipped full pallets."
        form.record.with_context(**action["context"]).action_confirm()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.move_ids.dist_deviation_reason, "over_shipped")
        self.assertEqual(receipt.move_ids.dist_deviation_user_id, env.user)
        exception = self.exceptions_on(receipt, "receipt_deviation")
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.company_id, company)
        self.assertEqual(exception.owner_id, self.users[f"buyer_{key}"])
        self.assertEqual(exception.state, "open")
        # the buyer's to-do is due on the deadline's day at the warehouse
        self.assertEqual(exception.activity_ids.user_id, exception.owner_id)
        self.assertEqual(
            exception.activity_ids.date_deadline,
            self.warehouse(key)._dist_local_day(exception.deadline),
        )
        # the buyer finds it among their exceptions, opens the receipt from
        # it, and settles it with the vendor
        buyer_env = self.as_user(f"buyer_{key}")
        mine = buyer_env["dist.exception"].search(
            [("owner_id", "=", buyer_env.uid), ("state", "=", "open")]
        )
        self.assertIn(exception.id, mine.ids)
        exception = exception.with_env(buyer_env)
        self.open_form(buyer_env, exception)
        self.assertEqual(
            open_window_action(buyer_env, exception.action_open_source()), receipt
        )
        exception.action_start()
        self.assertEqual(exception.state, "progress")
        with Form(exception) as form:
            form.root_cause_id = self.env.ref(
                "dist_governance.root_cause_master_data"
            ).with_env(buyer_env)
            form.corrective_action = "Pallet quantity added to the price list."
        exception.action_resolve()
        self.assertEqual(exception.state, "resolved")
        self.assertFalse(exception.activity_ids)
        return receipt

    def step_count_waits_for_the_manager(self, key):
        """4. The operator counts an item of today's count list with a
        variance worth over 1,000: an adjustment request waits and the stock
        does not change until the warehouse manager approves it."""
        company = self.company[key]
        env = self.as_user(f"warehouse_operator_{key}")
        warehouse = self.warehouse(key).with_env(env)
        count_list = open_window_action(env, warehouse.action_dist_count_list())
        self.assertTrue(count_list, f"{warehouse.code}: nothing to count today")
        self.assertEqual(count_list.company_id, company)
        quant = max(
            count_list.filtered(
                lambda q: q.product_id.standard_price > 0 and not q.dist_adjustment_id
            ),
            key=lambda q: (q.product_id.standard_price, -q.id),
        ).with_context(inventory_mode=True)
        expected = quant.quantity
        # the operator finds more than the books say: worth about 1,500
        counted = expected + math.ceil(1_500 / quant.product_id.standard_price)
        quant.inventory_quantity = counted
        quant.action_apply_inventory()
        request = env["dist.inventory.adjustment"].search(
            [("quant_id", "=", quant.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.company_id, company)
        self.assertGreaterEqual(request.amount, 1_000)
        self.assertEqual(request.counted_by_id, env.user)
        self.assertIn(request.review_ids.status, ("waiting", "pending"))
        self.assertIn(
            self.users[f"warehouse_manager_{key}"], request.review_ids.reviewer_ids
        )
        quant.invalidate_recordset()
        self.assertEqual(quant.quantity, expected)
        self.assertEqual(quant.dist_adjustment_id, request)
        # the warehouse manager finds it in Adjustment approvals and approves
        manager_env = self.as_user(f"warehouse_manager_{key}")
        waiting = open_window_action(
            manager_env,
            load_action(
                manager_env,
                manager_env.ref("dist_wms_rules.dist_inventory_adjustment_action"),
            ),
        )
        self.assertIn(request.id, waiting.ids)
        request.with_env(manager_env).validate_tier()
        self.assertEqual(request.state, "applied")
        quant.invalidate_recordset()
        self.assertEqual(quant.quantity, counted)
        self.assertFalse(quant.dist_adjustment_id)
        result = self.env["dist.count.result"].search(
            [("adjustment_id", "=", request.id)]
        )
        self.assertEqual(len(result), 1)
        self.assertEqual(result.counted_by_id, env.user)
        self.assertEqual(result.approved_by_id, manager_env.user)
        self.assertEqual(result.variance_qty, counted - expected)
        # counted today at the warehouse (in UTC it is already tomorrow)
        self.assertEqual(quant.dist_last_count_date, TODAY)
        self.assertEqual(self.warehouse(key)._dist_local_day(result.date), TODAY)
        self.assertGreater(quant.inventory_date, TODAY)
        return request

    def step_promise_beyond_atp(self, key):
        """5. A quotation for more than can be promised by its date is
        refused to the service agent and confirmed, with a reason, by the
        holder of "Confirm sales beyond available-to-promise" (the service
        manager, docs/roles/service_manager.md)."""
        company = self.company[key]
        agent_env = self.as_user(f"service_agent_{key}")
        products, free = self.stocked(key)
        product = next((p for p in products if p.seller_ids), None)
        self.assertTrue(product, f"{company.name}: no stocked product with a vendor")
        quantity = math.ceil(free[product]) + 500
        tomorrow = datetime.datetime.now() + datetime.timedelta(days=1)
        form = Form(agent_env["sale.order"])
        form.partner_id = self.customer(key).with_env(agent_env)
        form.commitment_date = tomorrow
        with form.order_line.new() as line:
            line.product_id = product.with_env(agent_env)
            line.product_uom_qty = quantity
        quotation = form.save()
        self.assertEqual(quotation.company_id, company)
        quotation.action_dist_check_availability()
        line = quotation.order_line
        self.assertLess(line.dist_atp_qty, quantity)
        self.assertTrue(line.dist_earliest_date)
        self.assertGreater(line.dist_earliest_date, tomorrow)
        with self.refused(UserError) as refused:
            quotation.action_confirm()
        self.assertIn(product.display_name, str(refused.exception))
        self.assertEqual(quotation.state, "draft")
        # the service manager holds the right (the demo grants it person by
        # person); the agent does not
        manager = self.users[f"service_manager_{key}"]
        self.assertTrue(manager.has_group(PROMISE_OVERRIDE))
        self.assertFalse(agent_env.user.has_group(PROMISE_OVERRIDE))
        manager_env = self.as_user(f"service_manager_{key}")
        self.open_form(manager_env, quotation)
        action = quotation.with_env(manager_env).action_confirm()
        self.assertEqual(action["res_model"], "sale.order.promise.override")
        wizard = manager_env["sale.order.promise.override"].browse(action["res_id"])
        with Form(wizard.with_context(**action["context"])) as form:
            form.reason = "The customer takes the rest when it arrives."
        form.record.action_confirm()
        self.assertEqual(quotation.state, "sale")
        audit = self.env["dist.audit.entry"].search(
            [
                ("event", "=", "promise_override"),
                ("res_model", "=", "sale.order"),
                ("res_id", "=", quotation.id),
            ]
        )
        self.assertEqual(len(audit), 1)
        self.assertEqual(audit.user_id, manager)
        self.assertIn("arrives", audit.new_value)
        # promised for the earliest date, and so is its delivery
        self.assertEqual(line.dist_promise_date, line.dist_earliest_date)
        self.assertEqual(
            quotation.picking_ids.dist_promise_date, line.dist_promise_date
        )
        return quotation

    def customer_order_due_today(self, key):
        """A customer's order, worth over 500, promised for today (what the
        world brings); it will not leave today."""
        products, free = self.stocked(key)
        product = next(
            (p for p in products if p.lst_price > 0 and free[p] * p.lst_price >= 1_000),
            None,
        )
        self.assertTrue(product, f"{self.company[key].name}: too little in stock")
        quantity = min(math.ceil(1_000 / product.lst_price), math.floor(free[product]))
        order = self.customer_order(key, product, quantity, datetime.datetime.now())
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        warehouse = self.warehouse(key)
        # promised for the end of today at the warehouse
        self.assertEqual(warehouse._dist_local_day(delivery.dist_promise_date), TODAY)
        self.assertGreater(order.amount_untaxed, 500)
        return order

    def step_late_delivery_opens_a_case(self, key, order):
        """6. Time passed: `order` was not shipped by its promised day. The
        scheduled delivery check (OdooBot) raises a late-delivery exception
        and opens a case with its SLA, linked to the delivery and the order;
        the service agent of the company sees it, another company's does
        not."""
        company = self.company[key]
        delivery = order.picking_ids
        self.run_cron("dist_wms_rules.ir_cron_late_deliveries")
        exception = self.exceptions_on(delivery, "late_delivery")
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.company_id, company)
        self.assertEqual(exception.state, "open")
        # the warehouse operators own late deliveries
        self.assertEqual(exception.owner_id, self.users[f"warehouse_operator_{key}"])
        case = exception.dist_ticket_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(
            case.category_id,
            self.env.ref("dist_helpdesk_cases.case_category_delayed_shipment"),
        )
        self.assertEqual(case.company_id, company)
        self.assertEqual(case.dist_picking_id, delivery)
        self.assertEqual(case.dist_sale_order_id, order)
        self.assertEqual(case.partner_id, order.partner_id)
        # the SLA clocks run, in the company's working hours
        self.assertEqual(case.dist_sla_status, "on_track")
        self.assertEqual(case.dist_sla_start, datetime.datetime.now())
        self.assertGreater(case.dist_first_response_deadline, case.dist_sla_start)
        self.assertGreater(
            case.dist_resolution_deadline, case.dist_first_response_deadline
        )
        # opened at the end of Monday's shift (in UTC: Tuesday), it is
        # answered by Tuesday morning and settled by Wednesday, in working
        # hours of the company's zone (08:00-12:00, 13:00-17:00)
        zone = pytz.timezone(company.dist_tz)
        self.assertEqual(
            [
                pytz.utc.localize(deadline).astimezone(zone).strftime("%a %H:%M")
                for deadline in (
                    case.dist_first_response_deadline,
                    case.dist_resolution_deadline,
                )
            ],
            SLA_DUE[key],
        )
        # the agent of the company finds it with the order on it
        agent_env = self.as_user(f"service_agent_{key}")
        found = agent_env["helpdesk.ticket"].search(
            [("dist_sale_order_id", "=", order.id)]
        )
        self.assertEqual(found, case)
        self.open_form(agent_env, case)
        for other in KEYS:
            if other == key:
                continue
            stranger_env = self.as_user(f"service_agent_{other}")
            self.assertFalse(
                stranger_env["helpdesk.ticket"].search([("id", "=", case.id)])
            )
            with self.refused(AccessError):
                case.with_env(stranger_env).read(["name"])
        return case

    def step_late_order_shipped_and_case_closed(self, key, case):
        """(6, the same morning) The operator ships the late delivery; the
        agent closes the case with its root cause, which resolves the
        exception."""
        operator_env = self.as_user(f"warehouse_operator_{key}")
        delivery = case.dist_picking_id.with_env(operator_env)
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.move_ids.picked = True
        self.assertIs(delivery.button_validate(), True)
        self.assertEqual(delivery.state, "done")
        agent_env = self.as_user(f"service_agent_{key}")
        transport = self.env.ref("dist_governance.root_cause_transport")
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with Form(case.with_env(agent_env)) as form:
            form.dist_root_cause_id = transport.with_env(agent_env)
            form.stage_id = done.with_env(agent_env)
        self.assertEqual(case.dist_sla_status, "met")
        exception = case.dist_exception_id
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(exception.root_cause_id, transport)

    def step_return_waits_for_the_manager(self, key, order):
        """7. The customer sends back what was delivered: the agent asks a
        return worth over 500 on a return-request case; it waits; the
        service manager approves it and the return transfer exists."""
        company = self.company[key]
        agent_env = self.as_user(f"service_agent_{key}")
        delivery = order.picking_ids.filtered(lambda p: p.state == "done")
        product = order.order_line.product_id
        form = Form(agent_env["helpdesk.ticket"])
        form.name = f"Return of {order.name}"
        form.description = "The customer no longer needs the goods."
        form.partner_id = order.partner_id.with_env(agent_env)
        form.category_id = self.env.ref(
            "dist_helpdesk_cases.case_category_return_request"
        ).with_env(agent_env)
        form.dist_sale_order_id = order.with_env(agent_env)
        form.dist_picking_id = delivery.with_env(agent_env)
        form.dist_product_id = product.with_env(agent_env)
        case = form.save()
        self.assertEqual(case.company_id, company)
        resolve = Form(
            agent_env["helpdesk.ticket.resolve"].with_context(default_ticket_id=case.id)
        )
        resolve.action_id = self.env.ref(
            "dist_helpdesk_cases.case_action_return"
        ).with_env(agent_env)
        self.assertEqual(len(resolve.line_ids), 1)
        with resolve.line_ids.edit(0) as line:
            self.assertEqual(line.delivered_qty, order.order_line.product_uom_qty)
            line.quantity = line.delivered_qty
        resolve.reason = "Ordered twice by mistake; back to stock unopened."
        action = resolve.save().action_apply()
        resolution = agent_env["dist.case.resolution"].browse(action["res_id"])
        self.assertEqual(resolution.ticket_id, case)
        self.assertEqual(resolution.company_id, company)
        self.assertGreater(resolution.amount, 500)
        self.assertEqual(resolution.state, "draft")
        self.assertFalse(resolution.return_picking_id)
        manager = self.users[f"service_manager_{key}"]
        self.assertIn(manager, resolution.review_ids.reviewer_ids)
        # the agent cannot approve it
        with self.refused(UserError):
            resolution.validate_tier()
        manager_env = self.as_user(f"service_manager_{key}")
        waiting = open_window_action(
            manager_env,
            load_action(
                manager_env,
                manager_env.ref("dist_helpdesk_cases.dist_case_resolution_action"),
            ),
        )
        self.assertIn(resolution.id, waiting.ids)
        resolution.with_env(manager_env).validate_tier()
        self.assertEqual(resolution.state, "done")
        returned = resolution.return_picking_id
        self.assertTrue(returned)
        self.assertEqual(returned.company_id, company)
        self.assertEqual(returned.picking_type_id.code, "incoming")
        self.assertEqual(returned.move_ids.product_id, product)
        self.assertEqual(
            returned.move_ids.product_uom_qty, order.order_line.product_uom_qty
        )
        self.assertEqual(returned.move_ids.origin_returned_move_id, delivery.move_ids)
        # the agent and the manager open what was made from the case
        for login in (f"service_agent_{key}", f"service_manager_{key}"):
            env = self.as_user(login)
            self.assertEqual(
                open_window_action(
                    env, resolution.with_env(env).action_open_documents()
                ),
                returned,
            )
            self.open_form(env, case)
            self.assertIn(
                resolution.id,
                open_window_action(
                    env, case.with_env(env).action_dist_open_resolutions()
                ).ids,
            )
        # the goods come back: the operator receives the return
        operator_env = self.as_user(f"warehouse_operator_{key}")
        receipt = returned.with_env(operator_env)
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        self.finish_quality_checks(operator_env, receipt)
        self.assertIs(receipt.button_validate(), True)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.location_dest_id, self.warehouse(key).lot_stock_id)
        return resolution

    def step_pareto(self, key):
        """8. The process owner reads the root-cause Pareto of resolved
        exceptions through its action: their company's causes, ranked, the
        day's late delivery (transport) among them."""
        company = self.company[key]
        env = self.as_user(f"process_owner_{key}")
        action = load_action(
            env, env.ref("dist_governance.dist_root_cause_pareto_action")
        )
        rows = open_window_action(env, action)
        self.assertTrue(rows)
        self.assertEqual(rows.company_id, company)
        # all time, all types: every resolved exception of the company, once
        pareto = env["dist.root.cause.pareto"].search(
            [("period", "=", "all"), ("type_id", "=", False)], order="rank"
        )
        resolved = self.env["dist.exception"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "resolved"),
                ("root_cause_id", "!=", False),
            ]
        )
        self.assertEqual(sum(pareto.mapped("exception_count")), len(resolved))
        counts = {
            cause: len(resolved.filtered(lambda e, c=cause: e.root_cause_id == c))
            for cause in resolved.root_cause_id
        }
        self.assertEqual(
            {row.root_cause_id: row.exception_count for row in pareto}, counts
        )
        self.assertEqual(pareto.mapped("rank"), list(range(1, len(pareto) + 1)))
        self.assertEqual(
            pareto.mapped("exception_count"),
            sorted(pareto.mapped("exception_count"), reverse=True),
        )
        self.assertAlmostEqual(pareto[-1:].cumulative_share, 100.0, places=1)
        self.assertIn(
            self.env.ref("dist_governance.root_cause_transport"), pareto.root_cause_id
        )
        # and the Root-cause analysis (the register's Pareto chart) opens
        # too: late deliveries by process area, the day's among transport
        action = load_action(
            env, env.ref("dist_governance.dist_exception_action_root_causes")
        )
        analysis = open_window_action(env, action)
        self.assertEqual(analysis.company_id, company)
        by_area = dict(
            env["dist.exception"]._read_group(
                safe_eval(action["domain"])
                + [
                    ("state", "=", "resolved"),
                    ("type_id.code", "=like", "late_delivery%"),
                ],
                ["process_area"],
                ["__count"],
            )
        )
        self.assertGreaterEqual(by_area.get("transport", 0), 1, by_area)
        self.assertEqual(
            sum(by_area.values()),
            len(resolved.filtered(lambda e: e.type_id.code == "late_delivery")),
        )

    def open_every_tile(self, login):
        """The control tower as `login` sees it: the tiles (value, target,
        status), then each tile's records (action_drill) opened the way the
        web client opens them. {kpi code: (tile, action, records of the
        first page)}."""
        env = self.as_user(login)
        user = env.user
        tiles = open_window_action(
            env, load_action(env, env.ref("dist_governance.dist_kpi_action_tiles"))
        )
        self.assertEqual(
            set(tiles.mapped("code")),
            set(self.env["dist.kpi"].search([]).mapped("code")),
        )
        opened = {}
        for kpi in tiles:
            self.assertIn(
                kpi.tile_status, ("good", "warning", "bad", "untargeted", "none")
            )
            if kpi.tile_status != "none":
                self.assertTrue(kpi.tile_date, f"{login}: {kpi.code} has no date")
            action = kpi.action_drill()
            records = open_window_action(env, action)
            if "company_id" in records._fields and records:
                self.assertLessEqual(
                    set(records.company_id.ids),
                    set(user.company_ids.ids),
                    f"{login}: {kpi.code} opened another company's records",
                )
            opened[kpi.code] = (kpi, action, records)
        return opened

    def behind(self, login, opened, code, record):
        """Whether `record` is among the records behind tile `code`."""
        _kpi, action, _records = opened[code]
        env = self.as_user(login)
        return bool(
            env[action["res_model"]].search_count(
                action["domain"] + [("id", "=", record.id)]
            )
        )

    def step_control_tower(self, key, day):
        """9. The night's KPI snapshot ran (OdooBot); each control-tower
        role of the company opens every tile's records: the same records for
        all, only their company's, the day's work among them."""
        company = self.company[key]
        self.run_cron("dist_governance.ir_cron_kpi_snapshot")
        seen = {}
        for role in TOWER_ROLES:
            login = f"{role}_{key}"
            opened = seen[role] = self.open_every_tile(login)
            self.assertEqual(
                opened["purchase_exceptions"][0].tile_date,
                TODAY + datetime.timedelta(days=2),
            )
            self.assertGreaterEqual(opened["purchase_exceptions"][0].tile_value, 1)
            # the receipt deviation and the approved count of the day count
            self.assertTrue(
                self.behind(login, opened, "purchase_exceptions", day["deviation"])
            )
            self.assertTrue(
                self.behind(login, opened, "exceptions_raised", day["deviation"])
            )
            self.assertTrue(
                self.behind(login, opened, "inventory_accuracy", day["count"])
            )
        # every role reads the same records behind the tiles
        reference = {
            code: records.ids for code, (_k, _a, records) in seen["executive"].items()
        }
        for role, opened in seen.items():
            self.assertEqual(
                {code: records.ids for code, (_k, _a, records) in opened.items()},
                reference,
                f"{role}_{key} opens other records than the executive",
            )
        with_records = [code for code, ids in reference.items() if ids]
        self.assertGreaterEqual(
            len(with_records), 10, f"{company.name}: {with_records}"
        )

    # ------------------------------------------------------------------
    # the days
    # ------------------------------------------------------------------

    def walk_the_day(self, key):
        day = {}
        with freeze_time(MORNING):
            self.step_buyer_queue_becomes_rfqs(key)
            order = self.step_large_order_through_both_tiers(key)
        # the vendor's truck arrives at the end of the shift
        with freeze_time(EVENING):
            receipt = self.step_receipt_beyond_tolerance(key, order)
            day["deviation"] = self.exceptions_on(receipt, "receipt_deviation")
            request = self.step_count_waits_for_the_manager(key)
            day["count"] = self.env["dist.count.result"].search(
                [("adjustment_id", "=", request.id)]
            )
            self.step_promise_beyond_atp(key)
            sale = self.customer_order_due_today(key)
        with freeze_time(MONDAY):
            case = self.step_late_delivery_opens_a_case(key, sale)
            self.step_late_order_shipped_and_case_closed(key, case)
            self.step_return_waits_for_the_manager(key, sale)
            self.step_pareto(key)
            self.step_control_tower(key, day)

    def test_the_import_day(self):
        self.walk_the_day("import")

    def test_the_domestic_day(self):
        self.walk_the_day("domestic")

    def test_the_aftersales_day(self):
        self.walk_the_day("aftersales")

    def test_the_group_executive_reads_every_tile(self):
        """The executive of the group, all three companies selected, reads
        every tile (the group's figure, its status, how many companies are
        off target) and opens the records behind each, of every company."""
        login = "executive_group"
        companies = self.env["res.company"].search([])
        self.assertEqual(self.users[login].company_ids, companies)
        with freeze_time(MORNING):
            opened = self.open_every_tile(login)
            env = self.as_user(login)
            for code, (kpi, _action, _records) in opened.items():
                alone = {
                    company: kpi.with_context(allowed_company_ids=company.ids)
                    for company in companies
                }
                values = [
                    tile.tile_value
                    for tile in alone.values()
                    if tile.tile_status != "none"
                ]
                if kpi.tile_status == "none":
                    self.assertFalse(values, code)
                    continue
                # the group's figure: the companies' summed, or between them
                if kpi.unit in ("count", "amount"):
                    self.assertAlmostEqual(kpi.tile_value, sum(values), 2, code)
                else:
                    self.assertTrue(
                        min(values) - 0.01 <= kpi.tile_value <= max(values) + 0.01,
                        f"{code}: {kpi.tile_value} outside {values}",
                    )
                # each company against its own target, the tile the worst
                targets = kpi.target_ids.filtered(lambda t: t.company_id in companies)
                if len(targets) == len(companies):
                    statuses = [tile.tile_status for tile in alone.values()]
                    self.assertEqual(
                        kpi.tile_status_note,
                        f"{statuses.count('bad')} of 3 companies off target",
                        code,
                    )
                    self.assertEqual(
                        kpi.tile_status,
                        next(
                            status
                            for status in ("bad", "warning", "good")
                            if status in statuses
                        ),
                        code,
                    )
            # the records behind a tile are every company's
            _kpi, action, _records = opened["otif"]
            for company in companies:
                self.assertTrue(
                    env[action["res_model"]].search_count(
                        action["domain"] + [("company_id", "=", company.id)]
                    ),
                    f"OTIF of {company.name} opens nothing",
                )
