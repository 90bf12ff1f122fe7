"""The demo scenario: the seed documents' distributor with two years of history.

    generate(env, "small")   # make run
    generate(env, "large")   # bench/: ~1,000,000 done moves
    generate(env, "tiny")    # tests

Deterministic: the same scale, seed and `today` give the same documents,
quantities and dates. Master data goes through the ORM in batches
(master/); the movements are written set-based in SQL (history/).
"""

import datetime
import logging
import time

from . import (
    cases,
    catalog,
    control_tower,
    checks,
    counting,
    finance,
    governance,
    history,
    master,
    organisation,
    replenishment,
    warehouse,
    workload,
)
from .presets import SCALES, get_scale

_logger = logging.getLogger(__name__)

MARKER_KEY = "dist_scenario.generated"

__all__ = ["MARKER_KEY", "SCALES", "generate", "get_scale"]


def generate(env, scale_name, today=None, governance_demo=True):
    """Build the scenario in `env`'s database; return a summary dict.

    `today` (a date) anchors the two years of history; it defaults to the
    current date. `governance_demo` adds the approval matrix, conflicting
    duties and late-delivery exceptions of governance.py (benchmarks that
    replay purchases through Odoo or write their own matrix leave it out).
    The caller commits.
    """
    scale = get_scale(scale_name)
    today = today or datetime.date.today()
    icp = env["ir.config_parameter"].sudo()
    if icp.get_param(MARKER_KEY):
        raise ValueError(
            f"This database already holds a scenario ({icp.get_param(MARKER_KEY)})."
        )
    t0 = time.monotonic()
    data = master.build(env, scale)
    env.flush_all()
    t_master = time.monotonic() - t0
    counts, timings = history.write_history(env, data, scale, today)
    # invoices, bills, payments and credit limits on the history
    financed, finance_timings = finance.build(env, data, scale, today)
    timings += finance_timings
    governed = {"matrix_lines": 0, "sod_rules": 0, "exceptions": 0}
    replenished = {"segments": 0, "orderpoints": 0, "recommendations": 0, "drift": 0}
    warehoused = {
        "standards": 0,
        "deviations": 0,
        "late": 0,
        "short": 0,
        "count_dates": 0,
    }
    counted = {"count_results": 0, "adjustment_requests": 0}
    served = {
        "resolved_cases": 0,
        "incoming_mails": 0,
        "triage": 0,
        "open_cases": 0,
        "helpdesk_teams": 0,
    }
    towered = {"kpi_snapshots": 0}
    waiting = dict.fromkeys(
        workload.WORK_KINDS,
        0,
    )
    if governance_demo:
        t1 = time.monotonic()
        governed = governance.build(env, data, scale.name, today)
        env.flush_all()
        timings.append(
            ("governance demo", time.monotonic() - t1, governed["exceptions"])
        )
        t2 = time.monotonic()
        replenished = replenishment.build(env, data, today)
        env.flush_all()
        timings.append(
            ("replenishment run", time.monotonic() - t2, replenished["segments"])
        )
        t3 = time.monotonic()
        warehoused = warehouse.build(env, data, today)
        env.flush_all()
        timings.append(
            ("warehouse rules", time.monotonic() - t3, warehoused["count_dates"])
        )
        t_counts = time.monotonic()
        counted = counting.build(env, data, scale.name, today)
        env.flush_all()
        timings.append(
            ("cycle counts", time.monotonic() - t_counts, counted["count_results"])
        )
        t4 = time.monotonic()
        served = cases.build(env, data, scale.name, today)
        env.flush_all()
        timings.append(
            ("service cases", time.monotonic() - t4, served["resolved_cases"])
        )
        t5 = time.monotonic()
        towered = control_tower.build(env, data, today)
        env.flush_all()
        timings.append(
            ("control tower", time.monotonic() - t5, towered["kpi_snapshots"])
        )
        # last: today's work changes no past KPI
        t6 = time.monotonic()
        waiting = workload.build(env, data, today)
        env.flush_all()
        timings.append(
            (
                "today's work",
                time.monotonic() - t6,
                sum(waiting.values()),
            )
        )
    # landed costs last: through Odoo, they change the import company's
    # costs, which no earlier layer should see move
    t7 = time.monotonic()
    landed = finance.landed_costs(env, data, scale, today)
    env.flush_all()
    timings.append(("landed costs (ORM)", time.monotonic() - t7, landed))
    finance.credit_review_on(env, data)
    finance_lines = 0
    if governance_demo:
        t8 = time.monotonic()
        finance_lines = finance.approvals(env, data)
        env.flush_all()
        timings.append(("finance approval lines", time.monotonic() - t8, finance_lines))
    t_total = time.monotonic() - t0
    summary = {
        "scale": scale.name,
        "seed": scale.seed,
        "today": today.isoformat(),
        "companies": len(data.companies),
        "warehouses": len(data.warehouses),
        "products": len(data.products),
        "vendors": len(data.vendors),
        "customers": len({c["partner_id"] for c in data.customers}),
        "product_warehouse_pairs": len(data.pairs),
        "users": len(data.users),
        "sale_orders": counts["sale_order"],
        "sale_order_lines": counts["sale_order_line"],
        "purchase_orders": counts["purchase_order"],
        "purchase_order_lines": counts["purchase_order_line"],
        "pickings": counts["stock_picking"],
        "stock_moves": counts["stock_move"],
        "done_moves": counts["done_moves"],
        "move_lines": counts["stock_move_line"],
        "valuation_layers": counts["stock_valuation_layer"],
        "quants": counts["stock_quant"],
        "matrix_lines": governed["matrix_lines"],
        "sod_rules": governed["sod_rules"],
        "exceptions": governed["exceptions"],
        "segments": replenished["segments"],
        "orderpoints": replenished["orderpoints"],
        "recommendations": replenished["recommendations"],
        "drift_exceptions": replenished["drift"],
        "warehouse_standards": warehoused["standards"],
        "standard_deviations": warehoused["deviations"],
        "late_deliveries": warehoused["late"],
        "short_shipments": warehoused["short"],
        "count_dates": warehoused["count_dates"],
        "count_results": counted["count_results"],
        "adjustment_requests": counted["adjustment_requests"],
        "resolved_cases": served["resolved_cases"],
        "incoming_mails": served["incoming_mails"],
        "triage_cases": served["triage"],
        "open_cases": served["open_cases"],
        "helpdesk_teams": served["helpdesk_teams"],
        "kpi_snapshots": towered["kpi_snapshots"],
        "invoices": financed["invoices"],
        "bills": financed["bills"],
        "payments": financed["payments"],
        "variance_bills": financed["variance_bills"],
        "draft_bills": financed["draft_bills"],
        "landed_costs": landed,
        "finance_matrix_lines": finance_lines,
        **{f"waiting_{key}": value for key, value in waiting.items()},
        "seconds_master": round(t_master, 1),
        "seconds_total": round(t_total, 1),
        "timings": timings,
        "master_timings": data.timings,
    }
    icp.set_param(
        MARKER_KEY,
        f"scale {scale.name}, seed {scale.seed}, today {today.isoformat()}",
    )
    return summary
