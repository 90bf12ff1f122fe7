"""Benchmark: the suite's replenishment run against Odoo's own orderpoint
computation, on the same scenario database, in one process.

    make bench-replenishment SCALE=large     # dist_bench_large (1M moves)
    make bench-replenishment SCALE=xlarge    # dist_bench_xlarge (5M moves)
    .venv/bin/python bench/bench_replenishment.py --scale large [--no-update]

The databases are those of `make bench SCALE=...` (the scenario without the
governance demo); the addons are updated in them first. In one transaction
that is rolled back:

1. our first run, every company (segments, scorecards, reorder rules and
   recommendations are written);
2. our run again the same day (the steady state: everything is recomputed,
   nothing changes), timed, its query count summed over the companies;
3. the same steady run under tracemalloc, for its peak Python memory (the
   tracing slows it, so it is not the timed one);
4. standard Odoo on the same data: per company, opening the Replenishment
   report (`action_open_orderpoints`: the forecast of every product in every
   warehouse, manual reorder rules for the missing ones), then reading
   `qty_forecast` and `qty_to_order` of every reorder rule (ours and the
   report's), in a fresh cache.

Prints the ratio standard / ours and writes bench/results/replenishment-<scale>.txt.
Targets: large at least 10x and under 3 s, xlarge at least 20x and under 15 s.
"""

import argparse
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGETS = {"large": (10.0, 3.0), "xlarge": (20.0, 15.0), "small": (1.0, 60.0)}


def _update(config, db):
    subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "python"),
            str(Path(_odoo_bin())),
            "-c",
            config,
            "-d",
            db,
            "-u",
            "dist_governance,dist_purchase_policy",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )


def _odoo_bin():
    import odoo

    return Path(odoo.__file__).resolve().parents[1] / "odoo-bin"


def _run_all(env, companies):
    Run = env["dist.replenishment.run"]
    queries = 0
    runs = []
    t0 = time.perf_counter()
    for company in companies:
        run = Run._run_company(company)
        queries += run.query_count
        runs.append(run)
    return time.perf_counter() - t0, queries, runs


def _standard(env, companies):
    OP = env["stock.warehouse.orderpoint"]
    env.invalidate_all()
    t0 = time.perf_counter()
    for company in companies:
        OP.with_company(company).with_context(
            allowed_company_ids=[company.id]
        ).action_open_orderpoints()
    env.flush_all()
    report_s = time.perf_counter() - t0
    env.invalidate_all()
    t0 = time.perf_counter()
    count = 0
    for company in companies:
        rules = (
            OP.with_company(company)
            .with_context(allowed_company_ids=[company.id])
            .search([("company_id", "=", company.id)])
        )
        rules.read(["qty_forecast", "qty_to_order"])
        count += len(rules)
    read_s = time.perf_counter() - t0
    return report_s, read_s, count


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_replenishment.py")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--scale", default="large")
    parser.add_argument("--no-update", action="store_true")
    args = parser.parse_args(argv)
    db = f"dist_bench_{args.scale}"

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", db])
    if not odoo.service.db.exp_db_exist(db):
        print(f"No database {db}: build it first with make bench SCALE={args.scale}")
        return 2
    if not args.no_update:
        t0 = time.perf_counter()
        _update(args.config, db)
        print(f"addons updated in {db} in {time.perf_counter() - t0:.1f}s")
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        companies = env["res.company"].search([])
        cr.execute(
            "SELECT (SELECT count(*) FROM product_product), "
            "(SELECT count(*) FROM stock_warehouse), "
            "(SELECT count(*) FROM stock_move WHERE state = 'done')"
        )
        products, warehouses, moves = cr.fetchone()
        first_s, first_q, first_runs = _run_all(env, companies)
        steady_s, steady_q, steady_runs = _run_all(env, companies)
        changed = sum(
            r.segments_updated + r.orderpoints_updated + r.recommendations_updated
            for r in steady_runs
        )
        tracemalloc.start()
        _run_all(env, companies)
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        segments = sum(r.segment_count for r in first_runs)
        rules = sum(r.orderpoints_created for r in first_runs)
        recommendations = sum(r.recommendations_created for r in first_runs)
        per_company = ", ".join(
            f"{r.company_id.name} {r.segment_count} segments {r.duration:.2f}s "
            f"{r.query_count} queries"
            for r in steady_runs
        )
        report_s, read_s, rule_count = _standard(env, companies)
        cr.rollback()

    standard_s = report_s + read_s
    ratio = standard_s / steady_s
    want_ratio, want_s = TARGETS.get(args.scale, (1.0, float("inf")))
    met = ratio >= want_ratio and steady_s < want_s
    report = [
        f"replenishment benchmark, database {db} ({args.scale}): {products} "
        f"products, {warehouses} warehouses, {len(companies)} companies, "
        f"{moves} done moves",
        f"ours, first run: {first_s:.2f}s, {first_q} queries ({segments} "
        f"segments, {rules} reorder rules, {recommendations} recommendations)",
        f"ours, run again the same day: {steady_s:.2f}s, {steady_q} queries, "
        f"{changed} rows changed, peak Python memory {peak_mb:.0f} MB",
        f"  per company: {per_company}",
        f"standard Odoo: Replenishment report {report_s:.2f}s + qty_forecast/"
        f"qty_to_order of {rule_count} reorder rules {read_s:.2f}s = "
        f"{standard_s:.2f}s",
        f"ratio standard / ours: {ratio:.1f}x",
        f"target: at least {want_ratio:.0f}x and under {want_s:.0f}s -> "
        + ("met" if met else "MISSED"),
    ]
    text = "\n".join(report)
    print(text)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"replenishment-{args.scale}.txt").write_text(text + "\n")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
