"""Benchmark: what OCA auditlog's rules (shipped by dist_governance) add to
the writes they log, against the same writes with the rules switched off,
in one process and one rolled-back transaction.

    make bench-audit                  # in the demo database of make run
    .venv/bin/python bench/bench_auditlog.py [--db dist_demo] [--records 200]
                                      [--no-update]

Any database where dist_governance is installed will do: the benchmark
makes its own vendor, products and reorder rules, and rolls everything back.
As the administrator, one call per record, each flushed and in a fresh
cache as in its own request:

- vendor prices: create a vendor price, change its price, delete it
  (product.supplierinfo, rule "Vendor prices": create, write, unlink);
- reorder rules: change the min and max of an existing rule
  (stock.warehouse.orderpoint, rule "Reorder rules": write).

Off (A): the suite's audit rules unsubscribed, as Settings > Technical >
Audit > Rules does; on (B): subscribed. The records are taken in blocks of
20, each block done once off and once on (off first, then on first, in
turns), so a load that comes and goes on the machine falls on both alike.
Prints the median milliseconds per call of each kind off and on, their
ratio, the totals, and the audit log lines each side wrote (none off);
writes bench/results/auditlog.txt. Takes well under a minute at 200 records.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, update_addons, write_result

RULES = (
    "dist_governance.auditlog_rule_supplierinfo",
    "dist_governance.auditlog_rule_product_template",
    "dist_governance.auditlog_rule_product_product",
    "dist_governance.auditlog_rule_pricelist_item",
    "dist_governance.auditlog_rule_partner_credit_limit",
    "dist_governance.auditlog_rule_orderpoint",
    "dist_governance.auditlog_rule_users",
    "dist_governance.auditlog_rule_groups",
)
BLOCK = 20
KINDS = (
    ("price_create", "vendor price created"),
    ("price_write", "vendor price changed"),
    ("price_unlink", "vendor price deleted"),
    ("orderpoint_write", "reorder rule min/max changed"),
)


def _fixtures(env, count):
    """A vendor, `count` storable products and a reorder rule for each in
    the company's first warehouse."""
    vendor = env["res.partner"].create({"name": "Bench auditlog vendor"})
    products = env["product.product"].create(
        [
            {
                "name": f"Bench auditlog product {i}",
                "type": "consu",
                "is_storable": True,
            }
            for i in range(count)
        ]
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    orderpoints = env["stock.warehouse.orderpoint"].create(
        [
            {
                "product_id": product.id,
                "warehouse_id": warehouse.id,
                "location_id": warehouse.lot_stock_id.id,
                "product_min_qty": 1.0,
                "product_max_qty": 10.0,
            }
            for product in products
        ]
    )
    env.flush_all()
    return vendor, products, orderpoints


def _timed(env, call):
    env.invalidate_all()
    t0 = time.perf_counter()
    result = call()
    env.flush_all()
    return time.perf_counter() - t0, result


def _run(env, vendor, products, orderpoints, round_no):
    """{kind: [seconds per call]} for one pass over the records."""
    times = {kind: [] for kind, _label in KINDS}
    Supplierinfo = env["product.supplierinfo"]
    for product, orderpoint in zip(products, orderpoints, strict=True):
        took, info = _timed(
            env,
            lambda p=product: Supplierinfo.create(
                {
                    "partner_id": vendor.id,
                    "product_tmpl_id": p.product_tmpl_id.id,
                    "price": 10.0,
                    "min_qty": 1.0,
                }
            ),
        )
        times["price_create"].append(took)
        took, _ = _timed(env, lambda i=info: i.write({"price": 11.0 + round_no}))
        times["price_write"].append(took)
        took, _ = _timed(env, info.unlink)
        times["price_unlink"].append(took)
        took, _ = _timed(
            env,
            lambda o=orderpoint: o.write(
                {"product_min_qty": 2.0 + round_no, "product_max_qty": 20.0 + round_no}
            ),
        )
        times["orderpoint_write"].append(took)
    return times


def _log_lines(env):
    env.cr.execute("SELECT count(*) FROM auditlog_log_line")
    return env.cr.fetchone()[0]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_auditlog.py")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--db", default="dist_demo")
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--no-update", action="store_true")
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.db, "--log-level=warn"]
    )
    if not odoo.service.db.exp_db_exist(args.db):
        print(f"No database {args.db}: build it with make run, or pass --db")
        return 2
    if not args.no_update:
        t0 = time.perf_counter()
        update_addons(args.config, args.db, "dist_governance")
        print(
            f"dist_governance updated in {args.db} in {time.perf_counter() - t0:.1f}s"
        )
    registry = Registry(args.db)

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        admin = env.ref("base.user_admin")
        env = env(user=admin)
        rules = env["auditlog.rule"].sudo()
        for xmlid in RULES:
            rules |= env.ref(xmlid).sudo()
        rules.filtered(lambda r: r.state == "subscribed").unsubscribe()
        vendor, products, orderpoints = _fixtures(env, args.records)
        n = args.records
        warm = min(BLOCK, n)

        def run(on, round_no, start, stop):
            if on:
                rules.subscribe()
            lines = _log_lines(env)
            times = _run(
                env, vendor, products[start:stop], orderpoints[start:stop], round_no
            )
            lines = _log_lines(env) - lines
            if on:
                rules.unsubscribe()
            return times, lines

        # warm-up: the first calls compile, fill the caches, both ways
        run(False, 0, 0, warm)
        run(True, 0, 0, warm)
        times = {False: {kind: [] for kind, _l in KINDS}, True: {}}
        times[True] = {kind: [] for kind, _l in KINDS}
        lines = {False: 0, True: 0}
        t0 = time.perf_counter()
        for block, start in enumerate(range(0, n, BLOCK)):
            order = (False, True) if block % 2 == 0 else (True, False)
            for on in order:
                block_times, block_lines = run(on, 1 + on, start, start + BLOCK)
                lines[on] += block_lines
                for kind, took in block_times.items():
                    times[on][kind] += took
        took_s = time.perf_counter() - t0
        cr.rollback()

    med = {
        on: {kind: statistics.median(t) * 1e3 for kind, t in times[on].items()}
        for on in (False, True)
    }
    total = {on: sum(sum(t) for t in times[on].values()) for on in (False, True)}
    calls = sum(len(t) for t in times[True].values())
    report = [
        f"auditlog benchmark, database {args.db}, {n} records in blocks of "
        f"{BLOCK}, each call once with the rules off and once on, as the "
        f"administrator ({took_s:.0f}s)",
        f"{'median ms per call':30} {'off':>8} {'on':>8} {'on/off':>7}",
    ]
    for kind, label in KINDS:
        off, on = med[False][kind], med[True][kind]
        report.append(f"{label:30} {off:8.2f} {on:8.2f} {on / off:7.2f}")
    report += [
        f"{f'all {calls} calls, total s':30} {total[False]:8.2f} {total[True]:8.2f} "
        f"{total[True] / total[False]:7.2f}",
        f"audit log lines written: on {lines[True]}, off {lines[False]}; the "
        f"rules add {(total[True] - total[False]) / calls * 1e3:.2f} ms per "
        f"logged call on average",
    ]
    write_result("auditlog", "\n".join(report))
    return 0 if lines[True] and not lines[False] else 1


if __name__ == "__main__":
    sys.exit(main())
