"""Benchmark: the control tower's daily snapshot refresh and its tiles,
against the bare SQL aggregate of the same KPI rows, on the same data, in one
process and one rolled-back transaction.

    make bench-kpi SCALE=large|xlarge
    .venv/bin/python bench/bench_kpi.py --scale xlarge [--no-update]

1. Ours: `dist.kpi._dist_refresh(day)` for every company (each KPI's
   statement over the records, its snapshot rows replaced), timed, run twice
   (the second is the one reported; the first warms the cache).
2. Bare SQL: the same KPI statements, each only summed (SELECT SUM(...)
   FROM (statement)), nothing written: the floor any implementation pays.
3. The tiles of every KPI for the whole group (value, target, status,
   trend, exceptions), read in a fresh cache, twice, the second reported.
Targets (issue 7): refresh under 10 s at 50,000 x 5 (5M moves), tile read
under 200 ms; the ratio ours / bare says what the snapshot writing costs.
Writes bench/results/kpi-<scale>.txt.
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, open_bench_db, write_result

MODULES = "dist_governance,dist_purchase_policy,dist_wms_rules,dist_helpdesk_cases"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_kpi.py")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--scale", default="large")
    parser.add_argument("--no-update", action="store_true")
    args = parser.parse_args(argv)
    opened = open_bench_db(args.config, args.scale, MODULES, update=not args.no_update)
    if not opened:
        return 2
    odoo, registry = opened
    from odoo.tools import SQL

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        companies = env["res.company"].search([])
        env = env(context=dict(env.context, allowed_company_ids=companies.ids))
        Kpi = env["dist.kpi"]
        kpis = Kpi.search([])
        cr.execute(
            "SELECT max(date_done)::date FROM stock_picking WHERE state = 'done'"
        )
        day = cr.fetchone()[0] - timedelta(days=1)
        cr.execute("SELECT count(*) FROM stock_move WHERE state = 'done'")
        moves = cr.fetchone()[0]
        for _pass in range(2):
            queries = cr.sql_log_count
            t0 = time.perf_counter()
            rows = Kpi._dist_refresh(day, companies)
            ours_s = time.perf_counter() - t0
            ours_q = cr.sql_log_count - queries
        per_kpi = []
        t0 = time.perf_counter()
        for kpi in kpis:
            date_from, date_to = kpi._dist_bounds(day, companies)
            query = kpi._dist_query(date_from, date_to, companies.ids)
            if query is None:
                continue
            k0 = time.perf_counter()
            cr.execute(
                SQL(
                    "SELECT count(*), SUM(q.numerator), SUM(q.denominator) FROM (%s) q",
                    query,
                )
            )
            count, numerator, denominator = cr.fetchone()
            per_kpi.append(
                (kpi.code, count, numerator, denominator, time.perf_counter() - k0)
            )
        bare_s = time.perf_counter() - t0
        for _pass in range(2):
            env.invalidate_all()
            t0 = time.perf_counter()
            tiles = Kpi.search([]).read(
                ["tile_value", "tile_status", "tile_trend", "tile_exception_count"]
            )
            tile_s = time.perf_counter() - t0
        cr.rollback()

    met = ours_s < 10.0 and tile_s < 0.2
    lines = [
        f"control tower benchmark, database dist_bench_{args.scale}: "
        f"{moves} done moves, {len(companies)} companies, {len(kpis)} KPIs, "
        f"day {day}",
        f"ours: snapshot refresh of every KPI {ours_s:.2f}s, {ours_q} queries, "
        f"{rows} snapshot rows",
        f"bare SQL aggregate of the same rows: {bare_s:.2f}s "
        f"(ours / bare {ours_s / max(bare_s, 1e-9):.2f}x)",
    ]
    lines += [
        f"  {code}: {count} source rows, {numerator or 0:.0f} / "
        f"{denominator or 0:.0f}, {took * 1000:.0f} ms"
        for code, count, numerator, denominator, took in per_kpi
    ]
    lines += [
        f"tiles of {len(tiles)} KPIs for the group: {tile_s * 1000:.0f} ms",
        "targets: refresh under 10 s, tiles under 200 ms -> "
        + ("met" if met else "MISSED"),
    ]
    write_result(f"kpi-{args.scale}", "\n".join(lines))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
