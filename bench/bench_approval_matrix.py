"""Benchmark: what a 500-line approval matrix adds to confirming a purchase
order, against standard Odoo (OCA tier validation, no matrix) on the same
orders.

    make bench-matrix                 # builds dist_bench_matrix (tiny scenario)
    .venv/bin/python bench/bench_approval_matrix.py [--reuse] [--lines 500]

In one transaction that is rolled back, with the scenario's buyers and
purchasing managers:

A. no matrix: buyers confirm N orders (Odoo + OCA tier validation, no tier);
B. 500 matrix lines over the three companies (bands, tiers, warehouse,
   category and vendor-grade conditions), then
   B1. orders above every band: the matrix is evaluated, nothing applies,
       the buyer confirms;
   B2. orders in a band: request, one approval by a purchasing manager (not
       timed), then the buyer confirms;
A'. the matrix archived, A again (drift check).

Each order is confirmed in a fresh cache, as in its own request. Prints
the median milliseconds per confirmation, the differences to A and their ratios, and
writes bench/results/approval-matrix.txt. Target: B - A under 50 ms.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_scenario import (  # noqa: E402
    _create_database,
    _marker,
    purchase_order_vals,
)

BAND = 1000.0
TARGET_MS = 50.0


def _role_users(env, company, xmlid):
    group = env.ref(xmlid)
    return group.users.filtered(lambda u: u.company_id == company and u.active)


def _sample(env, size):
    env.cr.execute(
        """
        SELECT po.company_id, po.partner_id, po.picking_type_id, pol.product_id,
               pol.product_qty
          FROM purchase_order_line pol
          JOIN purchase_order po ON po.id = pol.order_id
         WHERE pol.product_qty > 0
         ORDER BY pol.id
         LIMIT %s
        """,
        [size],
    )
    return env.cr.fetchall()


def _new_order(env, row, amount):
    company_id, partner_id, type_id, product_id, qty = row
    company = env["res.company"].browse(company_id)
    buyer = _role_users(env, company, "dist_purchase_policy.group_buyer")[:1]
    order = (
        env["purchase.order"]
        .with_user(buyer)
        .with_company(company)
        .create(purchase_order_vals(*row, amount / qty))
    )
    env.flush_all()
    env.invalidate_all()
    return order


def _timed_confirm(env, order):
    env.invalidate_all()
    t0 = time.perf_counter()
    order.button_confirm()
    env.flush_all()
    took = time.perf_counter() - t0
    assert order.state == "purchase", order.state
    return took


def _approve(env, order):
    order.request_validation()
    env.flush_all()
    env.invalidate_all()
    company = order.company_id
    for review in order.review_ids.sorted("sequence"):
        approver = (review.reviewer_ids - order.create_uid).filtered(
            lambda u: company in u.company_ids
        )[:1]
        order.with_user(approver).with_company(company).validate_tier()
        env.flush_all()
        env.invalidate_all()
    assert order.validation_status == "validated", order.validation_status


def build_matrix(env, lines_wanted):
    """`lines_wanted` lines spread over the companies: bands of BAND for
    every combination of condition (none, each warehouse, four categories,
    vendor grades A to D) and tier (1 to 3). Returns (lines, top band)."""
    doc_type = env.ref("dist_purchase_policy.approval_document_type_purchase_order")
    managers = env.ref("dist_purchase_policy.group_purchasing_manager")
    companies = env["res.company"].search([])
    categories = env["product.category"].search([], limit=4)
    per_company = -(-lines_wanted // len(companies))
    vals = []
    top = 0.0
    for company in companies:
        conditions = [{}]
        conditions += [
            {"warehouse_id": wh.id}
            for wh in env["stock.warehouse"].search([("company_id", "=", company.id)])
        ]
        conditions += [{"product_category_id": categ.id} for categ in categories]
        conditions += [{"vendor_grade": g} for g in ("a", "b", "c", "d")]
        combos = [(cond, tier) for cond in conditions for tier in (1, 2, 3)]
        bands = -(-per_company // len(combos))
        count = 0
        for index, (cond, tier) in enumerate(combos):
            for k in range(bands):
                if count == per_company:
                    break
                # each combination has its own amount range, so an order
                # matches one line: the first combination's (tier 1, no
                # condition) when its amount is low
                low = (index * bands + k) * BAND
                vals.append(
                    {
                        "company_id": company.id,
                        "document_type_id": doc_type.id,
                        "amount_min": low,
                        "amount_max": low + BAND,
                        "tier": tier,
                        "approver_type": "group",
                        "approver_group_id": managers.id,
                        **cond,
                    }
                )
                top = max(top, low + BAND)
                count += 1
    vals = vals[:lines_wanted]
    return env["dist.approval.matrix"].create(vals), top


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_approval_matrix.py")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--db", default="dist_bench_matrix")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--orders", type=int, default=40)
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry

    from tools.scenario import generate

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.db])
    registry = None
    if args.reuse:
        try:
            registry = Registry(args.db)
            with registry.cursor() as cr:
                if not _marker(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})):
                    registry = None
        except Exception:  # any failure to open it means: build it again
            registry = None
    if registry is None:
        _create_database(args.config, args.db)
        registry = Registry(args.db)
        with registry.cursor() as cr:
            # the benchmark writes its own matrix
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            generate(env, "tiny", governance_demo=False)
            cr.commit()

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        sample = _sample(env, args.orders)
        amount_in_band = 1.5 * BAND

        def run(amount, approve=False):
            times = []
            for row in sample:
                order = _new_order(env, row, amount)
                if approve:
                    _approve(env, order)
                times.append(_timed_confirm(env, order))
            return statistics.median(times) * 1e3

        # warm-up: first calls compile views, fill registries' caches
        run(amount_in_band)
        a1 = run(amount_in_band)
        t0 = time.monotonic()
        lines, top = build_matrix(env, args.lines)
        build_s = time.monotonic() - t0
        definitions = env["tier.definition"].search_count(
            [("dist_matrix_line_id", "in", lines.ids)]
        )
        b1 = run(top + BAND)
        b2 = run(amount_in_band, approve=True)
        lines.write({"active": False})
        a2 = run(amount_in_band)
        cr.rollback()

    a = (a1 + a2) / 2
    report = [
        f"approval matrix benchmark, database {args.db}, "
        f"{len(sample)} purchase orders per run",
        f"matrix: {len(lines)} lines over the companies -> {definitions} tier "
        f"definitions, created and synced in {build_s:.1f}s",
        f"A  standard (OCA tier validation, no matrix): {a1:.1f} ms per "
        f"confirmation (median) (again after the matrix is archived: {a2:.1f} ms)",
        f"B1 with the matrix, order above every band: {b1:.1f} ms "
        f"(+{b1 - a:.1f} ms, ratio {b1 / a:.2f})",
        f"B2 with the matrix, order approved in its band: {b2:.1f} ms "
        f"(+{b2 - a:.1f} ms, ratio {b2 / a:.2f})",
        f"target: under +{TARGET_MS:.0f} ms -> "
        + ("met" if max(b1, b2) - a < TARGET_MS else "MISSED"),
    ]
    text = "\n".join(report)
    print(text)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "approval-matrix.txt").write_text(text + "\n")
    return 0 if max(b1, b2) - a < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
