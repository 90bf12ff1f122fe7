"""Invariants a generated database must keep, as Odoo itself keeps them.

Used by the tests (tests/test_scenario.py) and by `make scenario`'s
self-check. Each SQL function returns the number of rows that break the
rule: 0 means the data is what Odoo's own flows would have left.
`tiles_without_data` checks the demo's control tower: every tile with a
target shows a value.
"""

from odoo.tools import SQL


def _count(cr, query):
    cr.execute(query)
    return cr.fetchone()[0]


def quants_match_moves(cr):
    """Every quant equals the done move lines into minus out of its location."""
    return _count(
        cr,
        SQL(
            """
            WITH flows AS (
                SELECT product_id, location_dest_id AS loc, quantity AS q
                  FROM stock_move_line WHERE state = 'done'
                UNION ALL
                SELECT product_id, location_id, -quantity
                  FROM stock_move_line WHERE state = 'done'
            ), net AS (
                SELECT product_id, loc, sum(q) AS q FROM flows GROUP BY 1, 2
            ), quant AS (
                SELECT product_id, location_id AS loc, sum(quantity) AS q
                  FROM stock_quant GROUP BY 1, 2
            )
            SELECT count(*) FROM net FULL JOIN quant USING (product_id, loc)
             WHERE coalesce(net.q, 0) <> coalesce(quant.q, 0)
            """
        ),
    )


def negative_internal_quants(cr):
    return _count(
        cr,
        SQL(
            """
            SELECT count(*) FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
             WHERE l.usage = 'internal' AND q.quantity < 0
            """
        ),
    )


def reservations_match(cr):
    """Reserved quantity on internal quants equals the open move lines'."""
    return _count(
        cr,
        SQL(
            """
            WITH lines AS (
                SELECT ml.product_id, ml.location_id, sum(ml.quantity) AS r
                  FROM stock_move_line ml
                  JOIN stock_location l ON l.id = ml.location_id
                 WHERE ml.state NOT IN ('done', 'cancel')
                   AND l.usage = 'internal'
                 GROUP BY 1, 2
            ), quants AS (
                SELECT product_id, location_id, sum(reserved_quantity) AS r
                  FROM stock_quant WHERE reserved_quantity <> 0 GROUP BY 1, 2
            )
            SELECT count(*) FROM lines FULL JOIN quants
                   USING (product_id, location_id)
             WHERE coalesce(lines.r, 0) <> coalesce(quants.r, 0)
            """
        ),
    )


def valuation_matches_stock(cr):
    """Valuation layers: quantity and FIFO remainder equal on-hand stock."""
    return _count(
        cr,
        SQL(
            """
            WITH layers AS (
                SELECT company_id, product_id, sum(quantity) AS q,
                       sum(remaining_qty) AS r
                  FROM stock_valuation_layer GROUP BY 1, 2
            ), stock AS (
                SELECT q.company_id, q.product_id, sum(q.quantity) AS q
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE l.usage = 'internal'
                 GROUP BY 1, 2
            )
            SELECT count(*) FROM layers FULL JOIN stock
                   USING (company_id, product_id)
             WHERE coalesce(layers.q, 0) <> coalesce(stock.q, 0)
                OR coalesce(layers.r, 0) <> coalesce(stock.q, 0)
            """
        ),
    )


def moves_without_lines(cr):
    """Done moves must carry their done quantity on move lines."""
    return _count(
        cr,
        SQL(
            """
            SELECT count(*) FROM stock_move m
              LEFT JOIN (SELECT move_id, sum(quantity) AS q FROM stock_move_line
                          GROUP BY move_id) ml ON ml.move_id = m.id
             WHERE m.state = 'done' AND coalesce(ml.q, 0) <> m.quantity
            """
        ),
    )


def duplicate_document_names(cr):
    """Sales orders, purchase orders and pickings: one name per document."""
    return _count(
        cr,
        SQL(
            """
            SELECT (SELECT count(*) FROM (SELECT name FROM sale_order
                     GROUP BY company_id, name HAVING count(*) > 1) s)
                 + (SELECT count(*) FROM (SELECT name FROM purchase_order
                     GROUP BY company_id, name HAVING count(*) > 1) p)
                 + (SELECT count(*) FROM (SELECT name FROM stock_picking
                     GROUP BY company_id, name HAVING count(*) > 1) k)
            """
        ),
    )


def unbalanced_moves(cr):
    """Journal entries whose debit and credit differ (or whose lines' balance
    does not sum to zero)."""
    return _count(
        cr,
        SQL(
            """
            SELECT count(*) FROM (
                SELECT move_id FROM account_move_line
                 GROUP BY move_id
                HAVING sum(debit) <> sum(credit) OR sum(balance) <> 0
            ) unbalanced
            """
        ),
    )


def paid_invoices_not_reconciled(cr):
    """Invoices and bills marked paid with a residual left, or with a
    receivable/payable line that is not fully reconciled."""
    return _count(
        cr,
        SQL(
            """
            SELECT count(DISTINCT m.id) FROM account_move m
              JOIN account_move_line l ON l.move_id = m.id
              JOIN account_account a ON a.id = l.account_id
             WHERE m.state = 'posted' AND m.payment_state IN ('paid', 'in_payment')
               AND m.move_type IN ('out_invoice', 'in_invoice')
               AND a.account_type IN ('asset_receivable', 'liability_payable')
               AND (m.amount_residual <> 0 OR l.amount_residual <> 0
                    OR NOT l.reconciled OR l.full_reconcile_id IS NULL)
            """
        ),
    )


def open_invoice_residuals(cr):
    """Unpaid invoices and bills whose residual differs from their total, or
    from their receivable/payable lines' residual."""
    return _count(
        cr,
        SQL(
            """
            SELECT count(*) FROM account_move m
              JOIN (SELECT l.move_id, sum(l.amount_residual) AS residual
                      FROM account_move_line l
                      JOIN account_account a ON a.id = l.account_id
                     WHERE a.account_type IN ('asset_receivable',
                                              'liability_payable')
                     GROUP BY l.move_id) r ON r.move_id = m.id
             WHERE m.state = 'posted' AND m.payment_state = 'not_paid'
               AND m.move_type IN ('out_invoice', 'in_invoice')
               AND (m.amount_residual <> m.amount_total
                    OR abs(r.residual) <> m.amount_total)
            """
        ),
    )


def partner_ledger_mismatches(cr):
    """Customers (per company) whose receivable balance differs from the sum
    of their open invoices' residuals."""
    return _count(
        cr,
        SQL(
            """
            WITH ledger AS (
                SELECT l.company_id, l.partner_id, sum(l.balance) AS balance
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE a.account_type = 'asset_receivable'
                   AND l.parent_state = 'posted'
                 GROUP BY 1, 2
            ), open_invoices AS (
                SELECT company_id, commercial_partner_id AS partner_id,
                       sum(amount_residual_signed) AS residual
                  FROM account_move
                 WHERE state = 'posted' AND move_type = 'out_invoice'
                 GROUP BY 1, 2
            )
            SELECT count(*) FROM ledger FULL JOIN open_invoices
                   USING (company_id, partner_id)
             WHERE coalesce(ledger.balance, 0) <> coalesce(open_invoices.residual, 0)
            """
        ),
    )


def all_sql_invariants(cr):
    """{name: number of offending rows} for every SQL-level invariant."""
    return {
        "quants_match_moves": quants_match_moves(cr),
        "negative_internal_quants": negative_internal_quants(cr),
        "reservations_match": reservations_match(cr),
        "valuation_matches_stock": valuation_matches_stock(cr),
        "moves_without_lines": moves_without_lines(cr),
        "duplicate_document_names": duplicate_document_names(cr),
        "unbalanced_moves": unbalanced_moves(cr),
        "paid_invoices_not_reconciled": paid_invoices_not_reconciled(cr),
        "open_invoice_residuals": open_invoice_residuals(cr),
        "partner_ledger_mismatches": partner_ledger_mismatches(cr),
    }


def tiles_without_data(env):
    """[(company or "all companies", KPI code)] of the control tower tiles
    that have a target but no data in the latest snapshot: each company's
    tiles as its own people see them, and the group's (all the companies
    with targets) as an executive of all of them does. A tile shows the
    latest day it has data for; a day older than the last snapshot is no
    value for today either."""
    targets = env["dist.kpi.target"].search([("kpi_id.active", "=", True)])
    companies = targets.company_id.sorted("id")
    scopes = [(company.name, company) for company in companies]
    if len(companies) > 1:
        scopes.append(("all companies", companies))
    last = env["dist.kpi.snapshot"].search([], order="date desc", limit=1).date
    missing = []
    for label, scope in scopes:
        kpis = (
            targets.filtered(lambda t, scope=scope: t.company_id in scope)
            .kpi_id.sorted("id")
            .with_context(allowed_company_ids=scope.ids)
        )
        missing += [
            (label, kpi.code)
            for kpi in kpis
            if kpi.tile_status == "none" or kpi.tile_date != last
        ]
    return missing


# Stored computed fields the SQL writer fills in; Odoo must agree with it.
RECOMPUTED_FIELDS = {
    "sale.order.line": [
        "qty_delivered",
        "qty_to_invoice",
        "invoice_status",
        "price_subtotal",
        "price_total",
        "untaxed_amount_to_invoice",
    ],
    "sale.order": [
        "amount_total",
        "invoice_status",
        "delivery_status",
        "effective_date",
    ],
    "purchase.order.line": ["qty_received", "qty_to_invoice", "price_subtotal"],
    "purchase.order": [
        "amount_total",
        "receipt_status",
        "effective_date",
        "invoice_status",
        "date_planned",
        # base_tier_validation's, from the order's reviews
        "validation_status",
    ],
    "stock.picking": ["state", "scheduled_date", "sale_id"],
    "stock.move": ["product_qty", "reference"],
    "stock.move.line": ["quantity_product_uom"],
}


def recompute_mismatches(env, model, fnames, records=None):
    """Records of `model` whose stored `fnames` differ from Odoo's recompute.

    Recomputes in the cache only: the caller rolls back (tests do).
    """
    records = records if records is not None else env[model].search([])
    before = {rec.id: [rec[f] for f in fnames] for rec in records}
    for fname in fnames:
        env.add_to_compute(env[model]._fields[fname], records)
    records._recompute_recordset(fnames)
    return [
        (rec.id, before[rec.id], [rec[f] for f in fnames])
        for rec in records
        if [rec[f] for f in fnames] != before[rec.id]
    ]
