"""Benchmark: the scenario's set-based writer against Odoo's own flows.

    make bench SCALE=small            # or large (1M done moves), xlarge (5M)
    .venv/bin/python bench/bench_scenario.py --scale large [--reuse]

1. Creates database dist_bench_<scale> with the four addons (odoo-bin -i),
   unless --reuse finds one that already holds the scenario.
2. Generates the scenario in-process and times it: master data (ORM,
   batched) and history (set-based SQL), then checks the invariants.
3. Replays a sample of the same documents through standard Odoo in one
   transaction that is rolled back: sales orders confirmed and delivered,
   purchase orders confirmed and received, with the same partners,
   products, quantities and warehouses.
4. Prints seconds per done move for both and their ratio, and writes the
   report to bench/results/scenario-<scale>.txt.
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ADDONS = "dist_governance,dist_purchase_policy,dist_wms_rules,dist_helpdesk_cases"


def _odoo_bin():
    src = os.environ.get("ODOO_SRC") or str(
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "odoo-src"
        / "18.0"
    )
    return str(Path(src) / "odoo-bin")


def _create_database(config, db):
    import psycopg2

    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            # our own sessions only: PostgreSQL stops autovacuum itself
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND usename = current_user",
            [db],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    conn.close()
    t0 = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            _odoo_bin(),
            "-c",
            config,
            "-d",
            db,
            "-i",
            ADDONS,
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )
    return time.monotonic() - t0


def _marker(env):
    from tools.scenario import MARKER_KEY

    return env["ir.config_parameter"].sudo().get_param(MARKER_KEY)


def _count_done_moves(env):
    env.cr.execute("SELECT count(*) FROM stock_move WHERE state = 'done'")
    return env.cr.fetchone()[0]


def _sample_sales(env, size):
    """Delivered sale lines whose product has stock today in that warehouse."""
    env.cr.execute(
        """
        SELECT so.company_id, so.partner_id, so.warehouse_id, sol.product_id,
               sol.product_uom_qty
          FROM sale_order_line sol
          JOIN sale_order so ON so.id = sol.order_id
          JOIN stock_warehouse w ON w.id = so.warehouse_id
          JOIN stock_quant q ON q.product_id = sol.product_id
               AND q.location_id = w.lot_stock_id
         WHERE so.state = 'sale' AND sol.qty_delivered > 0
           AND q.quantity - q.reserved_quantity >= sol.product_uom_qty
         ORDER BY sol.id
         LIMIT %s
        """,
        [size],
    )
    return env.cr.fetchall()


def _sample_purchases(env, size):
    env.cr.execute(
        """
        SELECT po.company_id, po.partner_id, po.picking_type_id, pol.product_id,
               pol.product_qty, pol.price_unit
          FROM purchase_order_line pol
          JOIN purchase_order po ON po.id = pol.order_id
         WHERE po.receipt_status = 'full'
         ORDER BY pol.id
         LIMIT %s
        """,
        [size],
    )
    return env.cr.fetchall()


def purchase_order_vals(company_id, partner_id, type_id, product_id, qty, price):
    """A one-line purchase order as the scenario's history has them."""
    from odoo import Command

    return {
        "partner_id": partner_id,
        "company_id": company_id,
        "picking_type_id": type_id,
        "order_line": [
            Command.create(
                {"product_id": product_id, "product_qty": qty, "price_unit": price}
            )
        ],
    }


def replay_with_odoo(env, size):
    """Same documents through standard Odoo; (seconds, done moves)."""
    from odoo import Command

    env = env(context=dict(env.context, tracking_disable=True))
    sales = _sample_sales(env, size)
    purchases = _sample_purchases(env, size)
    before = _count_done_moves(env)
    t0 = time.monotonic()
    for company_id, partner_id, warehouse_id, product_id, qty in sales:
        order = (
            env["sale.order"]
            .with_company(company_id)
            .create(
                {
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "warehouse_id": warehouse_id,
                    "order_line": [
                        Command.create(
                            {"product_id": product_id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        for picking in order.picking_ids:
            picking.move_ids.picked = True
            picking.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=picking.ids
            ).button_validate()
    for row in purchases:
        order = (
            env["purchase.order"].with_company(row[0]).create(purchase_order_vals(*row))
        )
        order.button_confirm()
        for picking in order.picking_ids:
            picking.move_ids.picked = True
            picking.button_validate()
    env.flush_all()
    took = time.monotonic() - t0
    return took, _count_done_moves(env) - before, len(sales), len(purchases)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_scenario.py")
    parser.add_argument("--scale", default="small")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--db", help="default: dist_bench_<scale>")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--today", default="2026-11-20")
    args = parser.parse_args(argv)
    db = args.db or f"dist_bench_{args.scale}"

    import odoo
    from odoo.modules.registry import Registry

    from tools.scenario import checks, generate

    report = [f"scenario benchmark, scale {args.scale}, database {db}"]
    odoo.tools.config.parse_config(["-c", args.config, "-d", db])
    install_time = None
    summary = None
    registry = None
    if args.reuse:
        try:
            registry = Registry(db)
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                if not _marker(env):
                    registry = None
        except Exception:  # any failure to open it means: build it again
            registry = None
    if registry is None:
        install_time = _create_database(args.config, db)
        registry = Registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            # no governance demo: the replay confirms purchases of any amount
            summary = generate(
                env,
                args.scale,
                today=datetime.date.fromisoformat(args.today),
                governance_demo=False,
            )
            cr.commit()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        done_moves = _count_done_moves(env)
        t0 = time.monotonic()
        invariants = checks.all_sql_invariants(cr)
        check_time = time.monotonic() - t0
        orm_time, orm_moves, n_sales, n_purchases = replay_with_odoo(env, args.sample)
        cr.rollback()
    if install_time is not None:
        report.append(f"install of the four addons: {install_time:.1f}s")
    if summary:
        history = summary["seconds_total"] - summary["seconds_master"]
        report += [
            f"generated: {summary['products']} products, "
            f"{summary['warehouses']} warehouses, {summary['sale_orders']} sale "
            f"orders ({summary['sale_order_lines']} lines), "
            f"{summary['purchase_orders']} purchase orders "
            f"({summary['purchase_order_lines']} lines), {summary['pickings']} "
            f"pickings, {summary['stock_moves']} moves "
            f"({summary['done_moves']} done), {summary['move_lines']} move "
            f"lines, {summary['valuation_layers']} valuation layers, "
            f"{summary['quants']} quants",
            f"generator: master data {summary['seconds_master']}s (ORM, "
            f"batched), history {history:.1f}s (set-based SQL), total "
            f"{summary['seconds_total']}s",
        ]
        sql_per_move = history / max(1, summary["done_moves"])
        orm_per_move = orm_time / max(1, orm_moves)
        report += [
            f"Odoo flows on the same documents: {n_sales} sale orders "
            f"delivered + {n_purchases} purchase orders received = "
            f"{orm_moves} done moves in {orm_time:.1f}s",
            f"seconds per done move: set-based writer {sql_per_move * 1e6:.1f} us,"
            f" Odoo flows {orm_per_move * 1e3:.2f} ms",
            f"ratio (Odoo flows / set-based writer, per done move): "
            f"{orm_per_move / sql_per_move:.0f}x",
            f"the same history through Odoo's flows would take about "
            f"{orm_per_move * summary['done_moves'] / 3600:.1f} h",
        ]
    else:
        report.append(f"reused: {done_moves} done moves already there")
    report.append(
        f"invariants ({check_time:.1f}s): "
        + ", ".join(f"{k}={v}" for k, v in invariants.items())
    )
    text = "\n".join(report)
    print(text)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"scenario-{args.scale}.txt").write_text(text + "\n")
    return 0 if not any(invariants.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
