"""Benchmark: the suite's role users at once against a real server with
workers and queue_job, over HTTP as the web client talks to it.

    make bench-load [BENCH_DB=db] [WORKERS=4] [USERS=24] [DURATION=120]
    .venv/bin/python bench/bench_load.py [--db dist_load_small] [--workers 4]
        [--users 24] [--duration 120] [--seed 1] [--no-update]

1. The database: --db (or BENCH_DB) if given, else dist_load_small, built
   once (the suite's addons and the scenario at scale small, as make run
   builds its demo) and reused afterwards; the addons are updated first
   (--no-update skips it). Each run works on a copy, <db>_run (with its
   file store), dropped at the end (--keep keeps it): every run starts
   from the same data, and the clients' writes (confirmed orders,
   validated transfers, notes) go with the copy. Each role's demo users
   (login = password, one per company, docs/roles/) log in; beyond one per
   company the benchmark adds users of the same groups and company to the
   copy (load_<role>_<company>_<n>, password = login). The copy's
   scheduled actions are moved to tomorrow (--crons leaves them due): they
   are all overdue in a copy, and the nightly ones do not run at the peak
   hour measured.
2. An Odoo server on the copy: --workers HTTP workers (default 4), one
   cron thread, queue_job loaded server-wide (--load=base,web,queue_job,
   as make run does) with its channels (ODOO_QUEUE_JOB_CHANNELS=root:2), on
   a free port, logging to .local/logs/bench-load-server.log; stopped at
   the end.
3. --users clients (default 6 per worker), one thread each, log in
   (/web/session/authenticate) and then, for --duration seconds, go through
   their role's screens with a think time of 0.5-2 s (seeded by --seed), as
   the web client does: the action (/web/action/load), its views once per
   session (get_views), its search defaults turned into the domain, the
   list (web_search_read, or web_read_group then the first ten groups'
   records side by side when the list is grouped and expanded) with the
   view's fields, a form (web_read with the form's fields, then the
   chatter's /mail/thread/data and /mail/thread/messages side by side, as
   mail's chatter sends them), buttons through /web/dataset/call_button:
   - buyer: Buyer queue (read), a vendor's lines (read: its group
     unfolded, the groups open folded), a purchase order's form (read),
     confirm an RFQ, or ask for its approval when the approval matrix
     wants one (write);
   - purchasing manager: Waiting for my approval (read), the order's form
     (read), validate its review (write);
   - warehouse operator: Warehouse today (read), the Ready transfers
     (read), a transfer's form (read), validate it with its quantities
     (write); the first two operators also validate the SAME ready transfer
     at the same moment every fourth time (validate same picking, write);
   - service agent: My open cases (read), a case's form with its order
     panel (read), post a note or move it to the next stage (write);
   - executive: the control tower tiles (read), a tile's drill-down
     (read).
   An operation is a screen: every request the screen makes, one after the
   other, timed together; the login and the first view loads are not timed.

Prints per operation its count, p50, p95, max, requests and errors by
message, then reads and writes together, the machine's load (uptime, the
machine is shared), the server's slowest requests on average from its log
(queries, SQL and other seconds) and the scheduled actions that ran, and
the goal: p95 reads
<= 0.5 s, p95 writes <= 1.5 s, no error but a clear user error when two
operators validate the same transfer (PASS/FAIL lines; exits 1 on a FAIL).
Writes bench/results/load-<db>.txt and .json.
"""

import argparse
import datetime
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, odoo_bin, update_addons, write_result

DEFAULT_DB = "dist_load_small"
SCALE = "small"
GOAL_READ_P95 = 0.5
GOAL_WRITE_P95 = 1.5
THINK = (0.5, 2.0)
# a role for each client, in turns: most users are operators, buyers and
# agents; 24 users make 6 of each and 3 managers and 3 executives
ROLE_TURNS = (
    "warehouse_operator",
    "buyer",
    "service_agent",
    "warehouse_operator",
    "purchasing_manager",
    "buyer",
    "service_agent",
    "executive",
)
COMPANIES = ("import", "domestic", "aftersales")
# every fourth validation of the contesting operators is the same transfer
CONTEST_EVERY = 4
# the messages of Odoo's own internals, never a clear error for a user;
# and Odoo's "no quantities are reserved", which the second of two operators
# validating the same transfer gets: the transfer was validated by the
# other one, nothing tells them so
INTERNAL = re.compile(
    r"follow twice|could not serialize|concurrent update|deadlock|"
    r"duplicate key|violates|constraint|psycopg2|Traceback|"
    r"unexpected|NoneType|KeyError|IndexError|object has no attribute|"
    r"no quantities are reserved",
    re.I,
)
CLEAR = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
PAGE = 80
OPEN_GROUPS = 10


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message
        # another user acted on the same record meanwhile
        self.same_record = False

    def label(self):
        short = self.name.rsplit(".", 1)[-1]
        return f"{short}: {self.message.strip().splitlines()[0][:160]}"


# -- the web client's side: views, domains, field specifications ----------


def _eval_context(uid):
    from odoo.tools import safe_eval

    today = safe_eval.datetime.date.today()
    return {
        "uid": uid,
        "context_today": lambda: today,
        "current_date": today.isoformat(),
        "datetime": safe_eval.datetime,
        "relativedelta": safe_eval.dateutil.relativedelta.relativedelta,
        "time": safe_eval.time,
    }


def _py_eval(text, uid):
    """A domain or context of an arch or action, as the web client's py.js
    evaluates it (Odoo's safe_eval here)."""
    if not isinstance(text, str):
        return text
    from odoo.tools.safe_eval import safe_eval

    return safe_eval(text, _eval_context(uid))


def _iter_fields(node):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        elif child.tag not in ("groupby", "control"):
            yield from _iter_fields(child)


def _fields_of(models, model):
    info = models.get(model) or {}
    return info.get("fields", info)


def spec_of(arch_node, model, models, x2many_limit=40):
    """web_search_read / web_read specification of a view: its fields,
    many2ones with their name, x2manys with their own subview's fields."""
    fields = _fields_of(models, model)
    spec = {}
    for node in _iter_fields(arch_node):
        name = node.get("name")
        info = fields.get(name)
        if not info:
            continue
        kind = info.get("type")
        if kind == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif kind in ("one2many", "many2many"):
            sub = [c for c in node if c.tag in ("list", "tree", "kanban")]
            if sub and info.get("relation") in models:
                spec[name] = {
                    "fields": spec_of(sub[0], info["relation"], models),
                    "limit": x2many_limit,
                    "order": "",
                }
            else:
                spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def search_defaults(search_arch, context, uid):
    """(domain, group_by) of the search view's filters that the action's
    context turns on (search_default_<name>), as the search panel does."""
    from lxml import etree

    domain, group_by = [], []
    if not search_arch:
        return domain, group_by
    root = etree.fromstring(search_arch)
    for key, value in (context or {}).items():
        if not key.startswith("search_default_") or not value:
            continue
        name = key[len("search_default_") :]
        for node in root.iter("filter", "field"):
            if node.get("name") != name:
                continue
            if node.tag == "filter":
                if node.get("domain"):
                    domain += _py_eval(node.get("domain"), uid)
                ctx = _py_eval(node.get("context") or "{}", uid)
                if ctx.get("group_by"):
                    group_by.append(ctx["group_by"])
            elif not node.get("filter_domain"):
                operator = "=" if isinstance(value, int) else "ilike"
                domain.append((name, operator, value))
            break
    return domain, group_by


# -- one user's session ---------------------------------------------------


class Client:
    def __init__(self, base, db, login, rng):
        import requests

        self.base = base
        self.db = db
        self.login = login
        self.rng = rng
        self.http = requests.Session()
        self.uid = None
        self.context = {}
        self.views = {}
        self.folded = None
        self.calls = 0
        self.lock = threading.Lock()

    def rpc(self, path, params):
        with self.lock:
            self.calls += 1
        resp = self.http.post(
            self.base + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=300,
        )
        resp.raise_for_status()
        body = resp.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(
                data.get("name") or "error",
                data.get("message") or body["error"].get("message") or "?",
            )
        return body["result"]

    def authenticate(self):
        result = self.rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )
        self.uid = result["uid"]
        company = (result.get("user_companies") or {}).get("current_company")
        self.context = dict(result.get("user_context") or {})
        if company:
            self.context["allowed_company_ids"] = [company]

    def call(self, model, method, *args, button=False, context=None, **kwargs):
        kwargs["context"] = dict(self.context, **(context or {}))
        path = "/web/dataset/call_button" if button else "/web/dataset/call_kw"
        return self.rpc(
            f"{path}/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    # the screens of an action, as the web client opens them

    def load_action(self, xmlid):
        return self.rpc("/web/action/load", {"action_id": xmlid})

    def action_views(self, action):
        """(model, views) of an action, get_views once per session."""
        model = action["res_model"]
        views = [list(v) for v in action.get("views") or []]
        if not views:
            views = [[False, mode] for mode in action["view_mode"].split(",")]
        search_id = action.get("search_view_id")
        if isinstance(search_id, list | tuple):
            search_id = search_id[0]
        views.append([search_id or False, "search"])
        key = (model, json.dumps(views))
        if key not in self.views:
            self.views[key] = self.call(
                model,
                "get_views",
                views=views,
                options={"action_id": action.get("id"), "load_filters": True},
            )
        return model, self.views[key]

    def open_list(self, action, extra_domain=()):
        """The records an action's list (or kanban) shows first."""
        from lxml import etree

        model, got = self.action_views(action)
        models = got["models"]
        mode = next(
            m for m in ("list", "kanban", "form") if m in got["views"]
        )  # the action's first multi-record view
        if mode not in got.setdefault("specs", {}):
            arch = etree.fromstring(got["views"][mode]["arch"])
            expand = arch.get("expand") in ("1", "True", "true")
            got["specs"][mode] = (spec_of(arch, model, models), expand)
        spec, expand = got["specs"][mode]
        context = dict(self.context)
        context.update(_py_eval(action.get("context") or "{}", self.uid))
        domain = list(_py_eval(action.get("domain") or "[]", self.uid))
        search = got["views"].get("search", {}).get("arch")
        default_domain, group_by = search_defaults(search, context, self.uid)
        domain += default_domain + list(extra_domain)
        if group_by and mode == "list":
            groups = self.call(
                model,
                "web_read_group",
                domain,
                fields=[],
                groupby=group_by[:1],
                limit=OPEN_GROUPS if expand else PAGE,
                lazy=True,
                context=context,
            )["groups"]
            if not expand:
                # folded groups: the user unfolds the one they work on
                # (open_folded_group)
                self.folded = (model, spec, context, group_by[0], groups)
                return []
            # the web client opens the first groups of an expanded list at
            # once, each its own request, side by side (as a browser does,
            # at most 6 connections to a server)
            with ThreadPoolExecutor(max_workers=6) as pool:
                pages = pool.map(
                    lambda group: self.call(
                        model,
                        "web_search_read",
                        domain=group["__domain"],
                        specification=spec,
                        limit=PAGE,
                        context=context,
                    )["records"],
                    [
                        g
                        for g in groups[:OPEN_GROUPS]
                        if g.get(group_by[0].split(":")[0] + "_count")
                    ],
                )
                return [record for page in pages for record in page]
        return self.call(
            model,
            "web_search_read",
            domain=domain,
            specification=spec,
            limit=PAGE,
            context=context,
        )["records"]

    def open_folded_group(self):
        """The records of one group of the last list opened with its groups
        folded, as the user unfolds it."""
        model, spec, context, group_by, groups = self.folded
        groups = [g for g in groups if g.get(group_by.split(":")[0] + "_count")]
        if not groups:
            return []
        return self.call(
            model,
            "web_search_read",
            domain=self.rng.choice(groups)["__domain"],
            specification=spec,
            limit=PAGE,
            context=context,
        )["records"]

    def open_form(self, action, res_id):
        """A record's form: web_read of the form's fields, then its chatter."""
        from lxml import etree

        model, got = self.action_views(action)
        if "form" not in got["views"]:
            # an action without a form: the model's default one
            if (model, "form") not in self.views:
                self.views[model, "form"] = self.call(
                    model, "get_views", views=[[False, "form"]], options={}
                )
            got = self.views[model, "form"]
        if "form" not in got.setdefault("specs", {}):
            arch = etree.fromstring(got["views"]["form"]["arch"])
            chatter = arch.find(".//chatter") is not None or (
                arch.find(".//div[@class='oe_chatter']") is not None
            )
            got["specs"]["form"] = (spec_of(arch, model, got["models"]), chatter)
        spec, chatter = got["specs"]["form"]
        record = self.call(model, "web_read", [res_id], specification=spec)[0]
        if chatter:
            # once the form is shown, its chatter asks for its messages and
            # its data at the same time (mail's Thread.fetchData starts
            # fetchNewMessages without waiting for it): two requests side
            # by side, the screen is ready when both are
            with ThreadPoolExecutor(max_workers=2) as pool:
                waits = [
                    pool.submit(
                        self.rpc,
                        "/mail/thread/messages",
                        {"thread_model": model, "thread_id": res_id, "limit": 30},
                    ),
                    pool.submit(
                        self.rpc,
                        "/mail/thread/data",
                        {
                            "thread_model": model,
                            "thread_id": res_id,
                            "request_list": [
                                "activities",
                                "attachments",
                                "followers",
                            ],
                        },
                    ),
                ]
                for wait in waits:
                    wait.result()
        return record


# -- the roles ------------------------------------------------------------


class Shared:
    """What the clients share: claimed records (so two users do not act on
    the same one unless on purpose), the contest of the same transfer."""

    def __init__(self, stop_at, stages):
        self.lock = threading.Lock()
        self.claimed = set()
        self.stop_at = stop_at
        self.stages = stages
        # the pair waits for each other as long as it takes; the end of the
        # run breaks the barrier
        self.contest_barrier = threading.Barrier(2)
        self.contest_picking = None
        self.contests = []

    def claim(self, model, ids):
        with self.lock:
            for res_id in ids:
                if (model, res_id) not in self.claimed:
                    self.claimed.add((model, res_id))
                    return res_id
        return None


def buyer(client, shared, op):
    queue = op(
        "buyer queue",
        "read",
        lambda: client.open_list(
            client.load_action(
                "dist_purchase_policy.dist_purchase_recommendation_action"
            )
        ),
    )
    if not queue and client.folded:
        # the vendor groups open folded: the buyer unfolds a vendor's
        queue = op("buyer vendor lines", "read", client.open_folded_group)
    orders_action = client.load_action("purchase.purchase_form_action")
    orders = op("purchase orders list", "read", lambda: client.open_list(orders_action))
    if orders:
        op(
            "purchase order form",
            "read",
            lambda: client.open_form(orders_action, client.rng.choice(orders)["id"]),
        )
    rfqs_action = client.load_action("purchase.purchase_rfq")
    rfqs = client.open_list(
        rfqs_action,
        [
            ("state", "=", "draft"),
            ("validation_status", "in", ("no", "validated", False)),
        ],
    )
    rfq_id = shared.claim("purchase.order", [r["id"] for r in rfqs])
    if rfq_id:
        form = op("RFQ form", "read", lambda: client.open_form(rfqs_action, rfq_id))
        if not form:
            return
        if form.get("need_validation"):
            op(
                "ask RFQ approval",
                "write",
                lambda: client.call(
                    "purchase.order", "request_validation", [rfq_id], button=True
                ),
            )
        elif form.get("validated") or not form.get("review_ids"):
            op("confirm RFQ", "write", lambda: _confirm(client, rfq_id, form))
        # else: its approvers have it, the buyer waits
    elif queue:
        proposed = [r["id"] for r in queue if r.get("state") == "proposed"]
        rec_id = shared.claim("dist.purchase.recommendation", proposed)
        if rec_id:
            op(
                "create RFQ from proposal",
                "write",
                lambda: client.call(
                    "dist.purchase.recommendation",
                    "action_create_orders",
                    [rec_id],
                    button=True,
                ),
            )


def _confirm(client, rfq_id, form):
    """Confirms the RFQ; refused, tells whether another user changed it
    since its form was read (another buyer's proposal added to it: its
    total, and the approvals it needs, changed): a clash on the same
    record."""
    try:
        return client.call("purchase.order", "button_confirm", [rfq_id], button=True)
    except RpcError as exc:
        now = client.call(
            "purchase.order", "web_read", [rfq_id], specification={"amount_total": {}}
        )[0]
        exc.same_record = (
            "amount_total" in form and now["amount_total"] != form["amount_total"]
        )
        raise


def purchasing_manager(client, shared, op):
    action = client.load_action(
        "dist_purchase_policy.purchase_order_action_dist_to_approve"
    )
    waiting = op("approvals to review", "read", lambda: client.open_list(action))
    order_id = shared.claim("purchase.order.review", [r["id"] for r in waiting])
    if order_id:
        op("approval form", "read", lambda: client.open_form(action, order_id))
        op(
            "approve order",
            "write",
            lambda: client.call(
                "purchase.order", "validate_tier", [order_id], button=True
            ),
        )


def _validate(client, picking_id):
    result = client.call("stock.picking", "button_validate", [picking_id], button=True)
    if isinstance(result, dict) and result.get("res_model") == (
        "stock.backorder.confirmation"
    ):
        # the backorder question: the operator keeps a backorder
        context = result.get("context") or {}
        wizard = client.call(
            "stock.backorder.confirmation",
            "web_save",
            [],
            {},
            specification={},
            context=context,
        )[0]["id"]
        client.call(
            "stock.backorder.confirmation",
            "process",
            [wizard],
            button=True,
            context=context,
        )
    return result


def warehouse_operator(client, shared, op, contester=None):
    op(
        "warehouse today",
        "read",
        lambda: client.open_list(
            client.load_action("dist_wms_rules.stock_warehouse_action_dist_today")
        ),
    )
    action = client.load_action("stock.action_picking_tree_ready")
    ready = op("picking queue", "read", lambda: client.open_list(action))
    ready = [r["id"] for r in ready or [] if r.get("state", "assigned") == "assigned"]
    client.rng.shuffle(ready)
    if contester is not None:
        contester["turn"] += 1
    if contester is not None and contester["turn"] % CONTEST_EVERY == 0:
        # the two contesting operators: the lead picks, both validate
        if contester["lead"]:
            picking_id = shared.claim("stock.picking", ready)
            shared.contest_picking = picking_id
            if picking_id:
                form = op(
                    "picking form",
                    "read",
                    lambda: client.open_form(action, picking_id),
                )
                if form and form.get("dist_quality_check_count"):
                    op(
                        "quality checks",
                        "write",
                        lambda: _quality_checks(client, picking_id),
                    )
        try:
            shared.contest_barrier.wait()
        except threading.BrokenBarrierError:
            return
        picking_id = shared.contest_picking
        if picking_id and not contester["lead"]:
            # the other one has it open too, its quality checks done
            op("picking form", "read", lambda: client.open_form(action, picking_id))
        try:
            shared.contest_barrier.wait()
        except threading.BrokenBarrierError:
            return
        if picking_id:
            outcome = op(
                "validate same picking",
                "write",
                lambda: _validate(client, picking_id),
                contested=True,
            )
            with shared.lock:
                shared.contests.append((picking_id, client.login, outcome))
        return
    picking_id = shared.claim("stock.picking", ready)
    if picking_id:
        form = op("picking form", "read", lambda: client.open_form(action, picking_id))
        if form and form.get("dist_quality_check_count"):
            op("quality checks", "write", lambda: _quality_checks(client, picking_id))
        op("validate picking", "write", lambda: _validate(client, picking_id))


def _quality_checks(client, picking_id):
    """A receipt's quality checks to do, every point passed, finished."""
    checks = client.call(
        "dist.quality.check",
        "web_search_read",
        domain=[("picking_id", "=", picking_id), ("state", "=", "todo")],
        specification={"name": {}, "line_ids": {"fields": {"result": {}}}},
    )["records"]
    for check in checks:
        client.call(
            "dist.quality.check",
            "web_save",
            [check["id"]],
            {
                "line_ids": [
                    [1, line["id"], {"result": "pass"}] for line in check["line_ids"]
                ]
            },
            specification={},
        )
        client.call("dist.quality.check", "action_finish", [check["id"]], button=True)
    return len(checks)


def service_agent(client, shared, op):
    action = client.load_action(
        "dist_helpdesk_cases.helpdesk_ticket_action_dist_my_open"
    )
    cases = op("case list", "read", lambda: client.open_list(action))
    if not cases:
        return
    case_id = client.rng.choice(cases)["id"]
    form = op("case form", "read", lambda: client.open_form(action, case_id))
    if client.rng.random() < 0.5 or not form:
        op(
            "post note",
            "write",
            lambda: client.rpc(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": case_id,
                    "post_data": {
                        "body": "Called the customer back (load benchmark).",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_note",
                    },
                },
            ),
        )
        return
    stage = (form.get("stage_id") or {}).get("id")
    stages = shared.stages
    if stage in stages:
        target = stages[(stages.index(stage) + 1) % len(stages)]
        op(
            "change case stage",
            "write",
            lambda: client.call(
                "helpdesk.ticket",
                "web_save",
                [case_id],
                {"stage_id": target},
                specification={"stage_id": {"fields": {"display_name": {}}}},
            ),
        )


def executive(client, shared, op):
    action = client.load_action("dist_governance.dist_kpi_action_tiles")
    tiles = op("control tower tiles", "read", lambda: client.open_list(action))
    if tiles:
        kpi_id = client.rng.choice(tiles)["id"]

        def drill():
            drilled = client.call("dist.kpi", "action_drill", [kpi_id], button=True)
            if isinstance(drilled, dict) and drilled.get("res_model"):
                return client.open_list(drilled)
            return drilled

        op("tile drill-down", "read", drill)


ROLES = {
    "buyer": buyer,
    "purchasing_manager": purchasing_manager,
    "warehouse_operator": warehouse_operator,
    "service_agent": service_agent,
    "executive": executive,
}


# -- the database and the server ------------------------------------------


def _ensure_database(config, db, update):
    from tools.suite_lib import databases

    if not databases.database_exists(db):
        if db != DEFAULT_DB:
            print(f"No database {db}: leave --db out to build {DEFAULT_DB}")
            sys.exit(2)
        t0 = time.perf_counter()
        print(f"Building {db}: the suite's addons and the scenario at scale {SCALE}")
        databases.install_addons(db, "bench-load-install.log")
        databases.build_scenario(db, SCALE, "bench-load-scenario.log")
        print(f"{db} built in {time.perf_counter() - t0:.0f}s")
    elif update:
        t0 = time.perf_counter()
        update_addons(config, db, ",".join(databases.SUITE_ADDONS))
        print(f"the suite's addons updated in {db} in {time.perf_counter() - t0:.1f}s")


def _copy(db):
    """A copy of `db` (and its file store) for one run: every run starts
    from the same data, and the clients' writes go with the copy."""
    import shutil

    copy = f"{db}_run"
    subprocess.run(["dropdb", "--if-exists", copy], check=True)
    subprocess.run(["createdb", "-T", db, copy], check=True)
    store = REPO / ".local" / "data" / "filestore"
    shutil.rmtree(store / copy, ignore_errors=True)
    if (store / db).is_dir():
        shutil.copytree(store / db, store / copy)
    return copy


def _drop(copy):
    import shutil

    subprocess.run(["dropdb", "--if-exists", copy], check=False)
    shutil.rmtree(REPO / ".local" / "data" / "filestore" / copy, ignore_errors=True)


def _logins(users):
    """The login of each client, role by role: the demo user of each
    company first, then load_<role>_<company>_<n>."""
    logins = []
    seen = {}
    for i in range(users):
        role = ROLE_TURNS[i % len(ROLE_TURNS)]
        n = seen.get(role, 0)
        seen[role] = n + 1
        if role == "executive" and n == 0:
            logins.append((role, "executive_group", None))
            continue
        company = COMPANIES[n % len(COMPANIES)]
        rank = n // len(COMPANIES)
        demo = f"{role}_{company}"
        logins.append((role, demo if rank == 0 else f"load_{demo}_{rank}", demo))
    return logins


def _prepare_users(config, db, logins, crons):
    """Adds the benchmark's extra users (the groups and company of the demo
    user they copy, password = login) and returns the case stages an agent
    moves cases through."""
    import odoo
    from odoo import Command
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", config, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"no_reset_password": True})
        Users = env["res.users"].with_context(active_test=False)
        for _role, login, demo in logins:
            if (
                demo is None
                or login == demo
                or Users.search_count([("login", "=", login)])
            ):
                continue
            model = Users.search([("login", "=", demo)])
            if not model:
                raise SystemExit(f"No demo user {demo} in {db}: is it a scenario?")
            Users.create(
                {
                    "name": f"{model.name} load {login.rsplit('_', 1)[-1]}",
                    "login": login,
                    "password": login,
                    "email": f"{login}@load.example",
                    "company_id": model.company_id.id,
                    "company_ids": [Command.set(model.company_ids.ids)],
                    "tz": model.tz,
                    "groups_id": [Command.set(model.groups_id.ids)],
                }
            )
        stages = env["helpdesk.ticket.stage"].search([("closed", "=", False)]).ids
        if not crons:
            # the copy's scheduled actions are all overdue (its clock moved
            # on since it was built): the nightly ones (the procurement
            # scheduler, the KPI snapshots) do not run at the peak hour
            # measured, so they wait until tomorrow; the cron thread stays
            # for what the users' writes trigger
            tomorrow = odoo.fields.Datetime.now() + datetime.timedelta(days=1)
            env["ir.cron"].search([]).write({"nextcall": tomorrow})
            # and the triggers left by the build, which run a job whatever
            # its next call
            env["ir.cron.trigger"].search([]).unlink()
        cr.commit()
    Registry.delete(db)
    odoo.sql_db.close_db(db)
    return stages


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(config, db, workers, port, log):
    import urllib.request

    env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:2")
    server = subprocess.Popen(
        [
            str(REPO / ".venv" / "bin" / "python"),
            str(odoo_bin()),
            "-c",
            config,
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--workers={workers}",
            "--max-cron-threads=1",
            "--load=base,web,queue_job",
            f"--http-port={port}",
            "--gevent-port=0",
            f"--logfile={log}",
            "--log-level=info",
        ],
        env=env,
    )
    for _i in range(1200):
        if server.poll() is not None:
            raise SystemExit(f"the Odoo server stopped at once: see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"the Odoo server did not answer /web/health: see {log}")


# -- the run --------------------------------------------------------------


def _percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def _client_loop(client, role, shared, samples, contester):
    def op(name, kind, call, contested=False):
        t0 = time.perf_counter()
        error = None
        result = None
        calls = client.calls
        try:
            result = call()
        except RpcError as exc:
            error = exc
        except Exception as exc:  # a client's failure is a sample
            error = RpcError(type(exc).__name__, str(exc))
        took = time.perf_counter() - t0
        with shared.lock:
            samples.append(
                {
                    "op": name,
                    "kind": kind,
                    "seconds": took,
                    "requests": client.calls - calls,
                    "error": error.label() if error else None,
                    "error_name": error.name if error else None,
                    "contested": contested or getattr(error, "same_record", False),
                    "login": client.login,
                }
            )
        if contested:
            return error.label() if error else "validated"
        return result

    run = ROLES[role]
    try:
        while time.monotonic() < shared.stop_at:
            try:
                if role == "warehouse_operator":
                    run(client, shared, op, contester)
                else:
                    run(client, shared, op)
            except Exception as exc:  # a screen that did not load: recorded
                op(f"{role} screen", "read", lambda exc=exc: _reraise(exc))
            time.sleep(client.rng.uniform(*THINK))
    finally:
        if contester is not None:
            shared.contest_barrier.abort()


def _reraise(exc):
    raise exc


def _report(args, db, samples, contests, took_s, load, log):
    by_op = {}
    for sample in samples:
        by_op.setdefault((sample["kind"], sample["op"]), []).append(sample)
    lines = [
        f"load benchmark, database {db}: {args.users} users on {args.workers} "
        f"workers (queue_job root:2, 1 cron thread), {args.duration}s "
        f"(ran {took_s:.0f}s), think time {THINK[0]}-{THINK[1]}s, seed {args.seed}",
        f"machine load (uptime) before: {load[0]}; after: {load[1]}",
        f"{'operation':28} {'kind':5} {'count':>6} {'p50 s':>7} {'p95 s':>7} "
        f"{'max s':>7} {'req':>4} {'errors':>6}",
    ]
    figures = {}
    for (kind, name), rows in sorted(by_op.items()):
        seconds = [r["seconds"] for r in rows]
        errors = [r for r in rows if r["error"]]
        figures[name] = {
            "kind": kind,
            "count": len(rows),
            "p50": statistics.median(seconds),
            "p95": _percentile(seconds, 0.95),
            "max": max(seconds),
            "requests": statistics.median(r["requests"] for r in rows),
            "errors": {},
        }
        for row in errors:
            figures[name]["errors"][row["error"]] = (
                figures[name]["errors"].get(row["error"], 0) + 1
            )
        f = figures[name]
        lines.append(
            f"{name:28} {kind:5} {f['count']:6} {f['p50']:7.3f} {f['p95']:7.3f} "
            f"{f['max']:7.3f} {f['requests']:4.0f} {len(errors):6}"
        )
    for name, f in figures.items():
        for message, count in sorted(f["errors"].items()):
            lines.append(f"  {name}: {count} x {message}")
    totals = {}
    for kind in ("read", "write"):
        seconds = [s["seconds"] for s in samples if s["kind"] == kind]
        totals[kind] = {
            "count": len(seconds),
            "p50": statistics.median(seconds) if seconds else 0.0,
            "p95": _percentile(seconds, 0.95),
            "max": max(seconds, default=0.0),
        }
        t = totals[kind]
        lines.append(
            f"{'all ' + kind + 's':28} {kind:5} {t['count']:6} {t['p50']:7.3f} "
            f"{t['p95']:7.3f} {t['max']:7.3f}"
        )
    ops = sum(t["count"] for t in totals.values())
    lines.append(f"{ops} operations, {ops / took_s:.1f} per second")
    outcomes = {}
    for picking_id, _login, outcome in contests:
        outcomes.setdefault(picking_id, []).append(outcome)
    if contests:
        lines.append(
            f"same transfer validated by two operators at once: {len(outcomes)} times"
        )
        tally = {}
        for pair in outcomes.values():
            key = " / ".join(sorted(pair))
            tally[key] = tally.get(key, 0) + 1
        for key, count in sorted(tally.items()):
            lines.append(f"  {count} x {key}")
    clashes = [
        s for s in samples if s["contested"] and s["op"] != "validate same picking"
    ]
    if clashes:
        lines.append(
            f"other users' changes to the same record meanwhile: {len(clashes)} "
            f"({', '.join(sorted({s['op'] for s in clashes}))})"
        )
    bad = [
        s
        for s in samples
        if s["error"]
        and not (
            s["contested"]
            and s["error_name"] in CLEAR
            and not INTERNAL.search(s["error"])
        )
    ]
    checks = [
        (
            # a run that measured nothing proves nothing
            totals["read"]["count"] > 0 and totals["write"]["count"] > 0,
            f"reads and writes measured: {totals['read']['count']} reads, "
            f"{totals['write']['count']} writes",
        ),
        (
            totals["read"]["p95"] <= GOAL_READ_P95,
            f"p95 reads {totals['read']['p95']:.3f}s <= {GOAL_READ_P95}s",
        ),
        (
            totals["write"]["p95"] <= GOAL_WRITE_P95,
            f"p95 writes {totals['write']['p95']:.3f}s <= {GOAL_WRITE_P95}s",
        ),
        (
            not bad,
            f"errors other than a clear user error on the same record: {len(bad)}",
        ),
    ]
    lines += _server_requests(log)
    lines += [f"{'PASS' if ok else 'FAIL'}: {text}" for ok, text in checks]
    name = f"load-{db}"
    write_result(name, "\n".join(lines))
    result = {
        "database": db,
        "users": args.users,
        "workers": args.workers,
        "duration": args.duration,
        "seconds": took_s,
        "seed": args.seed,
        "load_before": load[0],
        "load_after": load[1],
        "operations": figures,
        "totals": totals,
        "contests": [list(pair) for pair in outcomes.values()],
        "goals": [{"pass": ok, "check": text} for ok, text in checks],
    }
    out = REPO / "bench" / "results" / f"{name}.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    return all(ok for ok, _text in checks)


REQUEST_LINE = re.compile(
    r'"POST (?P<path>\S+) HTTP/[0-9.]+" \d+ - (?P<queries>\d+) '
    r"(?P<sql>[0-9.]+) (?P<other>[0-9.]+)"
)


def _server_requests(log, top=8):
    """The requests that took the server longest on average, from its log
    (Odoo's request lines: queries, SQL seconds, other seconds)."""
    per_path = {}
    for line in Path(log).read_text(errors="replace").splitlines():
        match = REQUEST_LINE.search(line)
        if not match:
            continue
        row = per_path.setdefault(match["path"], [0, 0, 0.0, 0.0])
        row[0] += 1
        row[1] += int(match["queries"])
        row[2] += float(match["sql"])
        row[3] += float(match["other"])
    crons = re.findall(
        r"ir_cron: Job '(.+?)' \(\d+\) done in ([0-9.]+)s",
        Path(log).read_text(errors="replace"),
    )
    rows = sorted(
        per_path.items(), key=lambda item: -(item[1][2] + item[1][3]) / item[1][0]
    )[:top]
    lines = [
        f"server side, slowest requests on average (from {Path(log).name}):",
        f"  {'request':70} {'n':>4} {'queries':>7} {'sql s':>6} {'other s':>7}",
    ]
    for path, (count, queries, sql, other) in rows:
        lines.append(
            f"  {path[-70:]:70} {count:4} {queries / count:7.0f} "
            f"{sql / count:6.3f} {other / count:7.3f}"
        )
    if crons:
        lines.append(
            "scheduled actions run meanwhile: "
            + ", ".join(f"{name} {float(took):.1f}s" for name, took in crons)
        )
    return lines


def _uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main(argv=None):
    global THINK  # set from --think; read by every client thread of this run
    parser = argparse.ArgumentParser(prog="bench_load.py")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--db", default=os.environ.get("BENCH_DB") or DEFAULT_DB)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, help="default: 6 per worker")
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        default=f"{THINK[0]:g}-{THINK[1]:g}",
        help="a user's pause between two screens, MIN-MAX seconds "
        f"(default {THINK[0]:g}-{THINK[1]:g})",
    )
    parser.add_argument("--no-update", action="store_true")
    parser.add_argument(
        "--crons",
        action="store_true",
        help="leave the scheduled actions due as they are (default: tomorrow)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the run's copy <db>_run"
    )
    args = parser.parse_args(argv)
    args.users = args.users or 6 * args.workers
    try:
        low, high = (float(x) for x in args.think.split("-"))
    except ValueError:
        parser.error(f"--think {args.think!r}: write MIN-MAX seconds, e.g. 2-8")
    if not 0 <= low <= high:
        parser.error(f"--think {args.think!r}: MIN-MAX with 0 <= MIN <= MAX")
    THINK = (low, high)

    _ensure_database(args.config, args.db, not args.no_update)
    db = _copy(args.db)
    logins = _logins(args.users)
    stages = _prepare_users(args.config, db, logins, args.crons)
    port = _free_port()
    log = REPO / ".local" / "logs" / "bench-load-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    if log.exists():
        log.unlink()
    server = _start_server(args.config, db, args.workers, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        shared = Shared(stop_at=float("inf"), stages=stages)
        clients = []
        for i, (role, login, _demo) in enumerate(logins):
            client = Client(base, db, login, random.Random(args.seed * 1000 + i))
            client.authenticate()
            clients.append((role, client))
        # the first screens once, not timed: each worker loads its registry
        # and the views, as a user's first morning request does
        # (reads only: a write would take a record from the timed run)
        warm = Shared(stop_at=float("inf"), stages=stages)
        for role, client in clients:
            ROLES[role](client, warm, _warm_op)
        # the contesting pair: the first operator and the next one of the
        # same company (the same transfers in their queue)
        operators = [
            (demo, client)
            for (role, client), (_r, _l, demo) in zip(clients, logins, strict=True)
            if role == "warehouse_operator"
        ]
        pair = [c for demo, c in operators if operators and demo == operators[0][0]]
        contesters = {}
        if len(pair) >= 2:
            contesters = {
                pair[0].login: {"lead": True, "turn": 0},
                pair[1].login: {"lead": False, "turn": 0},
            }
        samples = []
        load_before = _uptime()
        t0 = time.monotonic()
        shared.stop_at = t0 + args.duration
        threads = [
            threading.Thread(
                target=_client_loop,
                args=(client, role, shared, samples, contesters.get(client.login)),
                daemon=True,
            )
            for role, client in clients
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took_s = time.monotonic() - t0
        load_after = _uptime()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            _drop(db)
    ok = _report(
        args, args.db, samples, shared.contests, took_s, (load_before, load_after), log
    )
    print(f"server log: {log}")
    return 0 if ok else 1


def _warm_op(_name, kind, call, **_kw):
    if kind != "read":
        return None
    try:
        return call()
    except Exception:  # warm-up only: the timed run reports
        return None


if __name__ == "__main__":
    sys.exit(main())
