"""Command line: build the scenario in a database where the suite is installed.

    python -m tools.scenario -c .local/odoo.conf -d dist_demo --scale small

make run and make scenario call this; it prints `scenario:` summary lines.
"""

import argparse
import datetime
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.scenario")
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", default="small")
    parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="verify the stock and valuation invariants afterwards",
    )
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry

    from . import checks, generate, get_scale

    try:
        get_scale(args.scale)
    except ValueError as exc:
        print(f"scenario: {exc}", file=sys.stderr)
        return 2
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    today = datetime.date.fromisoformat(args.today) if args.today else None
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            summary = generate(env, args.scale, today=today)
        except ValueError as exc:
            print(f"scenario: {exc}", file=sys.stderr)
            return 2
        cr.commit()
        broken = {}
        empty_tiles = []
        if args.check:
            env.flush_all()
            broken = {k: v for k, v in checks.all_sql_invariants(cr).items() if v}
            empty_tiles = checks.tiles_without_data(env)
    timings = summary.pop("timings")

    print(
        "scenario: scale {scale} (seed {seed}, today {today}): {companies} "
        "companies, {warehouses} warehouses, {products} products, {vendors} "
        "vendors, {customers} customers, {users} users".format(**summary)
    )
    print(
        "scenario: {sale_orders} sale orders ({sale_order_lines} lines), "
        "{purchase_orders} purchase orders ({purchase_order_lines} lines), "
        "{pickings} pickings, {stock_moves} moves ({done_moves} done), "
        "{move_lines} move lines, {valuation_layers} valuation layers, "
        "{quants} quants".format(**summary)
    )
    print(
        "scenario: finance: {invoices} customer invoices, {bills} vendor bills "
        "({variance_bills} with a price or quantity variance, {draft_bills} of "
        "them back in draft), {payments} "
        "payments reconciled, {landed_costs} landed costs on import "
        "receipts".format(**summary)
    )
    print(
        "scenario: governance demo: {matrix_lines} approval matrix lines, "
        "{sod_rules} conflicting-duty rules, {exceptions} late-delivery "
        "exceptions".format(**summary)
    )
    print(
        "scenario: replenishment run: {segments} segments, {orderpoints} "
        "reorder rules, {recommendations} recommendations, {drift_exceptions} "
        "lead-time drift exceptions".format(**summary)
    )
    print(
        "scenario: warehouse rules: {warehouse_standards} warehouse standards "
        "({standard_deviations} deviations), {late_deliveries} late open "
        "deliveries raised, {short_shipments} deliveries shipped short this "
        "morning, {count_dates} count dates planned".format(**summary)
    )
    print(
        "scenario: cycle counts: {count_results} counts applied over eight "
        "weeks, {adjustment_requests} adjustment requests decided by the "
        "warehouse managers".format(**summary)
    )
    print(
        "scenario: service: {resolved_cases} resolved cases to learn from, "
        "{incoming_mails} mails through the gateway ({triage_cases} waiting "
        "for an agent), {open_cases} open cases, {helpdesk_teams} helpdesk "
        "teams".format(**summary)
    )
    print(
        "scenario: control tower: {kpi_snapshots} KPI snapshot rows over the "
        "last 30 days, targets and a baseline per company".format(**summary)
    )
    print(
        "scenario: today's work: {waiting_receipts} receipts and "
        "{waiting_deliveries} deliveries due today, {waiting_recommendations} "
        "more recommendations, {waiting_purchase_approvals} "
        "purchase orders, {waiting_overrides} reorder-rule overrides, "
        "{waiting_adjustments} adjustment requests and {waiting_resolutions} "
        "case resolutions waiting for approval, {waiting_delegations} "
        "delegations, {waiting_exceptions} exceptions reported by hand".format(
            **summary
        )
    )
    print(
        "scenario: master data {seconds_master}s, total {seconds_total}s".format(
            **summary
        )
    )
    if args.check:
        print(
            "scenario: invariants "
            + (", ".join(f"{k}: {v} rows" for k, v in broken.items()) or "hold")
        )
        print(
            "scenario: control tower tiles with a target "
            + (
                "and no data: "
                + ", ".join(f"{code} ({scope})" for scope, code in empty_tiles)
                if empty_tiles
                else "all show a value"
            )
        )
    for label, took in summary.pop("master_timings"):
        print(f"scenario-master: {label:<33} {took:8.2f}s")
    for label, took, rows in timings:
        print(f"scenario-sql: {label:<36} {took:8.2f}s {rows:>10} rows")
    return 1 if broken or empty_tiles else 0


if __name__ == "__main__":
    sys.exit(main())
