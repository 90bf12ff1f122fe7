"""First login on the demo: every demo user's screens have work.

The scenario is generated at the tiny scale for TODAY; at the demo's moment
of that day (13:00 in Los Angeles, tools/scenario/cases.py) each demo login
(docs/roles/README.md) opens the screen they land on, their Home Action set
by their role, as the web client does: its domain and the default filters
of its context, evaluated as that user; it lists at least one record. Every
approver has a review waiting for them, and each role's main screens have
the work tools/scenario/workload.py left for the day: receipts, deliveries
and counts due today in every warehouse, adjustment requests and
delegations, exceptions reported by hand, cases at risk and breached.
"""

import datetime
import functools

from freezegun import freeze_time
from lxml import etree

from odoo.tools.safe_eval import safe_eval

from tests.tiny_demo import KEYS, LOGINS, TODAY
from tests.web_client import eval_context, load_action, open_window_action

# the demo's moment (UTC): 13:00 in Los Angeles, 15:00 in Chicago, 16:00 in
# New York
MOMENT = datetime.datetime(2026, 11, 20, 21, 0)
# the roles the approval matrix of the demo sends documents to
APPROVERS = [
    login
    for login in LOGINS
    if login.startswith(
        ("purchasing_manager", "warehouse_manager", "service_manager", "executive")
    )
]


def _default_filters(env, action, context):
    """The domain of the filters the action's context turns on
    (search_default_<name>), as the web client combines them: filters of
    one group (between separators) or'ed, groups and'ed."""
    defaults = {
        key[len("search_default_") :]: value
        for key, value in context.items()
        if key.startswith("search_default_") and value
    }
    if not defaults:
        return []
    search_view = action.get("search_view_id")
    views = env[action["res_model"]].get_views(
        [[search_view and search_view[0], "search"]]
    )
    arch = etree.fromstring(views["views"]["search"]["arch"])
    groups, current = [], []
    for node in arch:
        if node.tag == "separator":
            groups.append(current)
            current = []
        elif node.tag == "group":
            groups.append(current)
            groups.append(list(node.iter("filter")))
            current = []
        elif node.tag in ("filter", "field"):
            current.append(node)
    groups.append(current)
    domain = []
    for group in groups:
        parts = []
        for node in group:
            name = node.get("name")
            if name not in defaults:
                continue
            if node.tag == "filter" and node.get("domain"):
                parts.append(safe_eval(node.get("domain"), eval_context(env)))
            elif node.tag == "field":
                parts.append([(name, "=", defaults[name])])
        if parts:
            domain += ["|"] * (len(parts) - 1) + [leaf for p in parts for leaf in p]
    return domain


def at_the_moment(test):
    """Run `test` at the demo's moment: the users' "today" is TODAY at
    their companies."""

    @functools.wraps(test)
    def frozen(self):
        with freeze_time(MOMENT):
            return test(self)

    return frozen


class FirstLoginChecks:
    """Run on the tiny demo by tests/test_tiny_demo.py."""

    def landing(self, login):
        """What `login` lands on: (action name, records its list shows with
        its default filters)."""
        env = self.as_user(login)
        home = env.user.action_id
        self.assertTrue(home, f"{login} has no home action")
        action = load_action(env, f"{home.type},{home.id}")
        self.assertEqual(
            action["type"], "ir.actions.act_window", f"{login}: {action['name']}"
        )
        context = dict(
            env.context, **safe_eval(action.get("context") or "{}", eval_context(env))
        )
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = safe_eval(domain, eval_context(env))
        domain = list(domain) + _default_filters(env, action, context)
        Model = env[action["res_model"]].with_context(context)
        # the screen opens as the browser opens it (views, records, form)
        open_window_action(env, action)
        return action["name"], Model.search(domain)

    # ------------------------------------------------------------------

    @at_the_moment
    def test_every_login_lands_on_work(self):
        for login in LOGINS:
            with self.subTest(login=login):
                name, records = self.landing(login)
                self.assertTrue(records, f"{login} lands on an empty {name}")

    @at_the_moment
    def test_every_approver_has_a_review_waiting(self):
        for login in APPROVERS:
            with self.subTest(login=login):
                env = self.as_user(login)
                reviews = env["tier.review"].search(
                    [("status", "=", "pending"), ("reviewer_ids", "in", env.uid)]
                )
                documents = [
                    env[review.model].browse(review.res_id) for review in reviews
                ]
                # their turn: Validate shows on the document
                mine = [doc for doc in documents if doc.can_review]
                self.assertTrue(mine, f"nothing waits for {login}")

    @at_the_moment
    def test_executives_approve_after_the_purchasing_manager(self):
        for login in [f"executive_{key}" for key in KEYS] + ["executive_group"]:
            with self.subTest(login=login):
                env = self.as_user(login)
                orders = env["purchase.order"].search(
                    [("reviewer_ids", "in", env.uid), ("state", "=", "draft")]
                )
                second_tier = orders.filtered(
                    lambda o: (
                        o.can_review and "approved" in o.review_ids.mapped("status")
                    )
                )
                self.assertTrue(second_tier, login)
                self.assertGreaterEqual(min(second_tier.mapped("amount_total")), 50_000)

    @at_the_moment
    def test_purchasing_managers_decide_orders_and_overrides(self):
        for key in KEYS:
            login = f"purchasing_manager_{key}"
            with self.subTest(login=login):
                env = self.as_user(login)
                name, orders = self.landing(login)
                self.assertEqual(set(orders.company_id.ids), {self.company[key].id})
                self.assertTrue(
                    orders.filtered(lambda o: 10_000 <= o.amount_total < 50_000),
                    f"{name} of {login}",
                )
                overrides = env["dist.policy.override"].search(
                    [("reviewer_ids", "in", env.uid), ("state", "=", "draft")]
                )
                self.assertTrue(overrides.filtered("can_review"), login)

    @at_the_moment
    def test_operators_have_receipts_deliveries_and_counts_today(self):
        for key in KEYS:
            login = f"warehouse_operator_{key}"
            env = self.as_user(login)
            warehouses = env["stock.warehouse"].search([])
            self.assertEqual(warehouses.company_id, self.company[key])
            for warehouse in warehouses:
                with self.subTest(login=login, warehouse=warehouse.code):
                    self.assertEqual(warehouse._dist_today(), TODAY)
                    start, end = warehouse._dist_day_bounds(TODAY)
                    for code in ("incoming", "outgoing"):
                        due = env["stock.picking"].search(
                            [
                                ("picking_type_id.warehouse_id", "=", warehouse.id),
                                ("picking_type_code", "=", code),
                                ("state", "in", ("waiting", "confirmed", "assigned")),
                                ("scheduled_date", ">=", start),
                                ("scheduled_date", "<", end),
                            ]
                        )
                        self.assertTrue(due, f"{warehouse.code}: no {code} today")
                    count_list = open_window_action(
                        env, warehouse.action_dist_count_list()
                    )
                    self.assertTrue(count_list, f"{warehouse.code}: nothing to count")

    @at_the_moment
    def test_warehouse_managers_have_requests_and_delegations(self):
        for key in KEYS:
            login = f"warehouse_manager_{key}"
            with self.subTest(login=login):
                env = self.as_user(login)
                action = load_action(
                    env, env.ref("dist_wms_rules.dist_inventory_adjustment_action")
                )
                context = safe_eval(action["context"], eval_context(env))
                requests = env["dist.inventory.adjustment"].search(
                    _default_filters(env, action, context)
                )
                self.assertTrue(requests.filtered("can_review"), login)
                self.assertGreaterEqual(min(requests.mapped("amount")), 1_000)
                delegations = env["dist.approval.delegation"].search(
                    [("delegator_id", "=", env.uid)]
                )
                running = delegations.filtered(
                    lambda d: d.date_from <= TODAY <= d.date_to
                )
                upcoming = delegations.filtered(lambda d: d.date_from > TODAY)
                self.assertEqual(len(running), 1)
                self.assertEqual(len(upcoming), 1)
                self.assertEqual(
                    running.delegate_id, self.users[f"process_owner_{key}"]
                )

    @at_the_moment
    def test_governance_roles_own_open_and_overdue_exceptions(self):
        for key in KEYS:
            for role in ("process_owner", "governance_controller"):
                login = f"{role}_{key}"
                with self.subTest(login=login):
                    env = self.as_user(login)
                    mine = env["dist.exception"].search(
                        [
                            ("owner_id", "=", env.uid),
                            ("state", "in", ("open", "progress")),
                        ]
                    )
                    self.assertTrue(mine.filtered("is_overdue"), login)
                    self.assertTrue(mine.filtered(lambda e: not e.is_overdue), login)
                    self.assertEqual(mine.company_id, self.company[key])

    @at_the_moment
    def test_agents_work_cases_at_risk_and_breached(self):
        for key in KEYS:
            login = f"service_agent_{key}"
            with self.subTest(login=login):
                _name, cases = self.landing(login)
                self.assertEqual(set(cases.user_id.mapped("login")), {login})
                statuses = set(cases.mapped("dist_sla_status"))
                self.assertIn("at_risk", statuses)
                self.assertIn("breached", statuses)

    @at_the_moment
    def test_buyers_have_recommendations_in_their_queue(self):
        for key in KEYS:
            login = f"buyer_{key}"
            with self.subTest(login=login):
                _name, queue = self.landing(login)
                self.assertEqual(queue.buyer_id, self.users[login])
                self.assertIn("proposed", queue.mapped("state"))
