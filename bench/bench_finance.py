"""Benchmark: posting vendor bills with the three-way match against posting
them with the match switched off, side by side in one run.

    make bench-finance                       # builds dist_bench_finance
    .venv/bin/python bench/bench_finance.py [--reuse] [--db DB] [--bills 1000]

In one transaction that is rolled back, in the database's main company:

1. set-up (not timed): a buyer's purchase orders of 10 lines, confirmed and
   fully received (10 units a line), and, entered by an accounts payable
   clerk, bills of one unit of one order line at the order's price (all
   within tolerance: they post);
2. B, match off (system parameter dist_finance_controls.three_way_match =
   "0", which skips only the match): the clerk posts N bills, one by one,
   each in a fresh cache as in its own request;
3. A, match on: the clerk posts N other bills of the same order lines,
   which the match reads with the bills posted in B as billed before.

B and A alternate by chunks of CHUNK bills (B then A), so that the load of
a shared machine weighs on both alike; each total is the sum of its
chunks.

Prints the seconds and the milliseconds per bill of both, their ratio and
the target (A / B <= 1.5), and writes bench/results/finance.txt. The
database keeps nothing of the run.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_scenario import _odoo_bin  # noqa: E402

TARGET = 1.5
LINES_PER_ORDER = 10
SWITCH = "dist_finance_controls.three_way_match"
CHUNK = 25


def _create_database(config, db):
    """A fresh database with dist_finance_controls (and what it stands on)."""
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(
        [
            sys.executable,
            _odoo_bin(),
            "-c",
            config,
            "-d",
            db,
            "-i",
            "dist_finance_controls",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )


def _installed(env):
    module = env["ir.module.module"].search(
        [("name", "=", "dist_finance_controls"), ("state", "=", "installed")]
    )
    return bool(module)


def _users(env, company):
    def user(login, group):
        return (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login,
                    "login": login,
                    "email": f"{login}@example.com",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [
                        (6, 0, (env.ref("base.group_user") | env.ref(group)).ids)
                    ],
                }
            )
        )

    return (
        user("bench_fin_clerk", "dist_finance_controls.group_ap_clerk"),
        user("bench_fin_buyer", "dist_purchase_policy.group_buyer"),
    )


def _received_orders(env, company, buyer, vendor, products, count):
    """`count` purchase orders of LINES_PER_ORDER lines, confirmed and
    received in full."""
    orders = (
        env["purchase.order"]
        .with_company(company)
        .create(
            [
                {
                    "partner_id": vendor.id,
                    "company_id": company.id,
                    "user_id": buyer.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_qty": 10,
                                "price_unit": 10.0 + index,
                                "taxes_id": [(5, 0, 0)],
                            },
                        )
                        for index, product in enumerate(products)
                    ],
                }
                for _ in range(count)
            ]
        )
    )
    orders.button_confirm()
    pickings = orders.picking_ids
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings._action_done()
    return orders


def _bills(env, clerk, vendor, order_lines):
    """One bill per order line, one unit at the order's price."""
    Move = env["account.move"].with_user(clerk)
    bills = Move.create(
        [
            {
                "move_type": "in_invoice",
                "partner_id": vendor.id,
                "invoice_date": time.strftime("%Y-%m-%d"),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": line.product_id.id,
                            "quantity": 1,
                            "price_unit": line.price_unit,
                            "purchase_line_id": line.id,
                            "tax_ids": [(5, 0, 0)],
                        },
                    )
                ],
            }
            for line in order_lines
        ]
    )
    env.flush_all()
    return bills


def _post_one_by_one(env, bills):
    took = 0.0
    for bill in bills:
        env.invalidate_all()
        t0 = time.perf_counter()
        bill.action_post()
        env.flush_all()
        took += time.perf_counter() - t0
    states = set(bills.mapped("state"))
    assert states == {"posted"}, states
    return took


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_finance.py")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--db", default="dist_bench_finance")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--bills", type=int, default=1000)
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.db])
    registry = None
    if args.reuse:
        try:
            registry = Registry(args.db)
            with registry.cursor() as cr:
                if not _installed(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})):
                    registry = None
        except Exception:  # any failure to open it means: build it again
            registry = None
    if registry is None:
        _create_database(args.config, args.db)
        registry = Registry(args.db)

    count = args.bills
    warmup = 20
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.ref("base.main_company")
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        Param = env["ir.config_parameter"]
        t0 = time.monotonic()
        clerk, buyer = _users(env, company)
        vendor = env["res.partner"].create({"name": "Bench Valve Works"})
        products = env["product.product"].create(
            [
                {
                    "name": f"Bench valve {index}",
                    "is_storable": True,
                    "purchase_method": "receive",
                    "standard_price": 10.0,
                }
                for index in range(LINES_PER_ORDER)
            ]
        )
        orders = _received_orders(
            env,
            company,
            buyer,
            vendor,
            products,
            -(-(count + warmup) // LINES_PER_ORDER),
        )
        lines = orders.order_line
        warm = _bills(env, clerk, vendor, lines[:warmup])
        bills_off = _bills(env, clerk, vendor, lines[:count])
        bills_on = _bills(env, clerk, vendor, lines[:count])
        setup_s = time.monotonic() - t0

        # B and A alternate by chunks, so that the load of the machine
        # (shared) weighs on both alike
        Param.set_param(SWITCH, "0")
        _post_one_by_one(env, warm.with_user(clerk))
        off = on = 0.0
        for start in range(0, count, CHUNK):
            Param.set_param(SWITCH, "0")
            off += _post_one_by_one(
                env, bills_off[start : start + CHUNK].with_user(clerk)
            )
            Param.set_param(SWITCH, "1")
            on += _post_one_by_one(
                env, bills_on[start : start + CHUNK].with_user(clerk)
            )
        matched = set(bills_on.invoice_line_ids.mapped("dist_match_status"))
        cr.rollback()

    ratio = on / off
    report = [
        f"three-way match benchmark, database {args.db}: {count} vendor bills "
        f"posted one by one by an AP clerk, {len(orders)} received purchase "
        f"orders (set-up {setup_s:.0f}s, not timed)",
        f"B  match off: {off:.1f}s, {off / count * 1e3:.1f} ms per bill",
        f"A  match on:  {on:.1f}s, {on / count * 1e3:.1f} ms per bill "
        f"(lines {', '.join(sorted(matched))})",
        f"ratio A / B: {ratio:.2f} (target <= {TARGET}) -> "
        + ("met" if ratio <= TARGET else "MISSED"),
    ]
    text = "\n".join(report)
    print(text)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "finance.txt").write_text(text + "\n")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
