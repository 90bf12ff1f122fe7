"""Finance on top of the history: invoices, bills, payments, credit limits.

Written set-based in SQL after the movements, with the journal entries
Odoo's own posting and payment registration would leave:

- a customer invoice for every confirmed sales order whose pickings are all
  done (deliveries and returns) before yesterday, for the net delivered
  quantities at the order's prices, dated the day of its last picking, due
  30 days later (journal INV, yearly numbers);
- a vendor bill for every received purchase order, for the received
  quantities, dated 0 to 6 days after the receipt, due 30 days later
  (journal BILL, monthly numbers). 8 % of the bills charge their first line
  2 to 6 % above the order's price, 4 % bill it 5 % (at least one unit)
  above the received quantity: the price and quantity variances a
  three-way match finds (plain account.move.line.purchase_line_id data);
- payments (account.payment with their journal entries in the company's
  bank journal, through its Outstanding Receipts / Payments accounts, as
  Odoo 18 posts them when the payment method names such an account),
  each reconciled in full with its invoice or bill
  (account.partial.reconcile + account.full.reconcile, residuals zero,
  payment state paid). Customers pay 8 days before to 12 days after the
  due date; 15 % of the customers (at least one per company) are slow
  payers, 25 to 85 days late, so some invoices are overdue beyond 30 days
  today. Vendors are paid on the due date minus 0 to 3 days, except the
  bills with a variance of the last 30 days (and each company's latest
  one), held unpaid; those of the last 14 days (and each company's latest)
  are reset to draft through Odoo (button_draft, numbers kept), waiting
  for a clerk to post them;
- credit limits per customer and company (company-dependent
  res.partner.credit_limit, a jsonb column in Odoo 18): about two months of
  the customer's invoicing there (at least 5,000 and 1.5 times what they
  owe), rounded up to 1,000; 10 % of the customers owing 200 or more (at
  least one per company) get a limit of 60 to 90 % of what they owe, so
  they are over their limit today; the companies turn
  Odoo's "Sales credit limit" setting on.

Landed costs (landed_costs(), called last in the build) go through Odoo's
own stock.landed.cost on a few of the import company's receipts.

No taxes: the scenario's products carry none (docs/scenario.md). The stored
fields the invoices change on the orders (invoiced quantities, amounts
invoiced and to invoice, invoice statuses, bill counts) are written too.

Draws are hashes of the seed and document names (pg_temp.dist_u of the
history), so the same scale, seed and day give the same documents.
"""

import datetime
import hashlib
import logging
import time

from odoo import Command
from odoo.tools import SQL

from .history import BulkLoad

_logger = logging.getLogger(__name__)

# purposes of the hashed draws (pg_temp.dist_u's last argument)
_P_BILL_DAYS, _P_VARIANCE, _P_PRICE, _P_SLOW, _P_PAY, _P_VPAY, _P_LIMIT = range(
    2101, 2108
)

PRICE_VARIANCE_SHARE = 0.08
QTY_VARIANCE_SHARE = 0.04
SLOW_PAYER_SHARE = 0.15
OVER_LIMIT_SHARE = 0.10
PAYMENT_DAYS = 30
DRAFT_VARIANCE_DAYS = 14


def _accounts(env, data):
    """Per company: journals, accounts and payment methods (ORM reads), the
    bank's manual payment methods pointed at the outstanding accounts."""
    Account = env["account.account"]
    rows, categ_rows = [], []
    categories = env["product.category"].search([])
    for company in data.companies:
        cid = company["id"]
        env_c = env(context=dict(env.context, allowed_company_ids=[cid]))
        Journal = env_c["account.journal"]
        journals = {
            kind: Journal.search(
                [("type", "=", kind), ("company_id", "=", cid)], order="id", limit=1
            )
            for kind in ("sale", "purchase", "bank")
        }
        domain = Account._check_company_domain(cid)
        outstanding = {}
        for direction, name, code in (
            ("in", "Outstanding Receipts", "101403"),
            ("out", "Outstanding Payments", "101404"),
        ):
            account = Account.with_company(cid).search(
                [*domain, ("code", "=", code)], limit=1
            ) or Account.with_company(cid).create(
                {
                    "name": name,
                    "code": code,
                    "account_type": "asset_current",
                    "reconcile": True,
                    "company_ids": [Command.set([cid])],
                }
            )
            outstanding[direction] = account
        bank = journals["bank"]
        method_in = bank.inbound_payment_method_line_ids.filtered(
            lambda m: m.code == "manual"
        )[:1]
        method_out = bank.outbound_payment_method_line_ids.filtered(
            lambda m: m.code == "manual"
        )[:1]
        method_in.payment_account_id = outstanding["in"]
        method_out.payment_account_id = outstanding["out"]
        partner = env_c["res.partner"].with_company(cid).browse(company["partner_id"])
        rows.append(
            (
                cid,
                journals["sale"].id,
                journals["sale"].code,
                journals["purchase"].id,
                journals["purchase"].code,
                bank.id,
                bank.code,
                partner.property_account_receivable_id.id,
                partner.property_account_payable_id.id,
                outstanding["in"].id,
                outstanding["out"].id,
                method_in.id,
                method_in.payment_method_id.id,
                method_out.id,
                method_out.payment_method_id.id,
            )
        )
        for categ in categories.with_company(cid):
            categ_rows.append(
                (
                    cid,
                    categ.id,
                    categ.property_account_income_categ_id.id,
                    categ.property_account_expense_categ_id.id,
                )
            )
        # the credit review waits for the end of the build (credit_review_on):
        # today's orders of the workload are confirmed as before it
        env["res.company"].browse(cid).dist_credit_block_overdue = False
    env.flush_all()
    cr = env.cr
    cr.execute(
        "CREATE TEMP TABLE dist_fin_co (company_id int, sale_j int, sale_code text,"
        " purchase_j int, purchase_code text, bank_j int, bank_code text,"
        " receivable int, payable int, out_in int, out_out int, pml_in int,"
        " pm_in int, pml_out int, pm_out int)"
    )
    for row in rows:
        cr.execute(
            SQL(
                "INSERT INTO dist_fin_co VALUES (%s)",
                SQL(", ").join(SQL("%s", v) for v in row),
            )
        )
    cr.execute(
        "CREATE TEMP TABLE dist_fin_acc (company_id int, categ_id int,"
        " income int, expense int)"
    )
    for row in categ_rows:
        cr.execute(SQL("INSERT INTO dist_fin_acc VALUES (%s, %s, %s, %s)", *row))


# the tables the inserts write (BulkLoad)
LOADED_TABLES = [
    "account_full_reconcile",
    "account_move",
    "account_move_line",
    "account_payment",
    "account_partial_reconcile",
    "account_move__account_payment",
    "sale_order_line_invoice_rel",
    "account_move_purchase_order_rel",
]

# Each step: (label, SQL text with %(name)s parameters)
DOCUMENTS = [
    (
        "invoiceable sales orders",
        """
        CREATE TEMP TABLE dist_fin_doc AS
        SELECT 'out'::text AS kind, so.id AS origin_id, so.name AS origin,
               so.company_id, so.partner_id, so.team_id, so.user_id,
               max(p.date_done)::date AS doc_date, ''::text AS vendor_ref
          FROM sale_order so
          JOIN stock_picking p ON p.sale_id = so.id
         WHERE so.state = 'sale'
         GROUP BY so.id
        HAVING bool_and(p.state IN ('done', 'cancel'))
           AND bool_or(p.state = 'done')
           AND max(p.date_done)::date < %(today)s::date - 1
        UNION ALL
        SELECT 'in', po.id, po.name, po.company_id, po.partner_id, NULL::int,
               po.user_id,
               (po.effective_date::date
                + floor(7 * pg_temp.dist_u(hashtext(po.name), 0, 0,
                                           %(p_bill_days)s))::int),
               'INV-' || upper(substr(md5(po.name || po.company_id), 1, 8))
          FROM purchase_order po
         WHERE po.state IN ('purchase', 'done') AND po.receipt_status = 'full'
           AND po.effective_date IS NOT NULL
        """,
    ),
    (
        "bills dated before today only",
        "DELETE FROM dist_fin_doc WHERE doc_date >= %(today)s::date",
    ),
    (
        "invoice and bill lines",
        """
        CREATE TEMP TABLE dist_fin_line AS
        SELECT d.kind, d.origin_id, sol.id AS sol_id, NULL::int AS pol_id,
               sol.sequence AS seq, sol.product_id, sol.product_uom AS uom_id,
               sol.name, sol.qty_delivered::numeric AS qty,
               sol.price_unit::numeric AS price, acc.income AS account_id,
               false AS price_var, false AS qty_var
          FROM dist_fin_doc d
          JOIN sale_order_line sol ON sol.order_id = d.origin_id
          JOIN product_product pp ON pp.id = sol.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN dist_fin_acc acc ON acc.company_id = d.company_id
                               AND acc.categ_id = pt.categ_id
         WHERE d.kind = 'out' AND sol.qty_delivered > 0
        UNION ALL
        SELECT d.kind, d.origin_id, NULL, pol.id, pol.sequence, pol.product_id,
               pol.product_uom, pol.name, pol.qty_received::numeric,
               pol.price_unit::numeric, acc.expense, false, false
          FROM dist_fin_doc d
          JOIN purchase_order_line pol ON pol.order_id = d.origin_id
          JOIN product_product pp ON pp.id = pol.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN dist_fin_acc acc ON acc.company_id = d.company_id
                               AND acc.categ_id = pt.categ_id
         WHERE d.kind = 'in' AND pol.qty_received > 0
        """,
    ),
    (
        "price and quantity variances",
        """
        WITH first_line AS (
            SELECT DISTINCT ON (l.origin_id) l.pol_id, d.origin,
                   pg_temp.dist_u(hashtext(d.origin), 0, 0, %(p_variance)s) AS u
              FROM dist_fin_line l
              JOIN dist_fin_doc d ON d.kind = l.kind AND d.origin_id = l.origin_id
             WHERE l.kind = 'in'
             ORDER BY l.origin_id, l.seq, l.pol_id
        )
        UPDATE dist_fin_line l
           SET price = CASE WHEN f.u < %(price_share)s
                            THEN round(l.price * (1.02 + 0.04 * pg_temp.dist_u(
                                     hashtext(f.origin), 0, 0,
                                     %(p_price)s)::numeric), 2)
                            ELSE l.price END,
               qty = CASE WHEN f.u >= %(price_share)s
                          THEN l.qty + greatest(1, ceil(l.qty * 0.05))
                          ELSE l.qty END,
               price_var = f.u < %(price_share)s,
               qty_var = f.u >= %(price_share)s
          FROM first_line f
         WHERE l.pol_id = f.pol_id AND f.u < %(price_share)s + %(qty_share)s
        """,
    ),
    (
        "line amounts",
        """
        ALTER TABLE dist_fin_line
            ADD COLUMN subtotal numeric,
            ADD COLUMN line_id int,
            ADD COLUMN move_id int
        """,
    ),
    ("line subtotals", "UPDATE dist_fin_line SET subtotal = round(qty * price, 2)"),
    (
        "document totals and payment dates",
        """
        CREATE TEMP TABLE dist_fin_doc2 AS
        WITH tot AS (
            SELECT kind, origin_id, sum(subtotal) AS total,
                   bool_or(price_var OR qty_var) AS variance
              FROM dist_fin_line GROUP BY kind, origin_id
        ), slow AS (
            -- the slow payers: 15 %% of the customers, at least the one
            -- with the lowest draw in each company
            -- (never the company's first customer, the demo's walk-through
            -- customer, kept in good standing)
            SELECT company_id, partner_id,
                   NOT walk AND (
                       u < %(slow_share)s
                       OR row_number() OVER (PARTITION BY company_id
                                             ORDER BY walk, u) = 1)
                   AS slow
              FROM (SELECT DISTINCT d.company_id, d.partner_id,
                           pg_temp.dist_u(hashtext(p.name), 0, 0, %(p_slow)s) AS u,
                           f.partner_id IS NOT NULL AS walk
                      FROM dist_fin_doc d
                      JOIN res_partner p ON p.id = d.partner_id
                      LEFT JOIN (SELECT DISTINCT ON (company_id) company_id,
                                        partner_id
                                   FROM sale_order WHERE state = 'sale'
                                  ORDER BY company_id, id) f
                             ON f.company_id = d.company_id
                            AND f.partner_id = d.partner_id
                     WHERE d.kind = 'out') c
        ), latest AS (
            -- each company's latest bill with a variance is held too, so
            -- that every company has one waiting, whatever the draws
            SELECT DISTINCT ON (d.company_id) d.origin_id
              FROM dist_fin_doc d
              JOIN tot t ON t.kind = d.kind AND t.origin_id = d.origin_id
             WHERE d.kind = 'in' AND t.variance AND t.total > 0
               AND d.doc_date < %(today)s::date
             ORDER BY d.company_id, d.doc_date DESC, d.origin_id DESC
        )
        SELECT d.*, t.total, t.variance,
               d.doc_date + %(pay_days)s AS due_date,
               CASE WHEN d.kind = 'out' AND s.slow
                    THEN d.doc_date + %(pay_days)s + 25 + floor(61 * pg_temp.dist_u(
                             hashtext(d.origin), 0, 0, %(p_pay)s))::int
                    WHEN d.kind = 'out'
                    THEN d.doc_date + %(pay_days)s - 8 + floor(21 * pg_temp.dist_u(
                             hashtext(d.origin), 0, 0, %(p_pay)s))::int
                    WHEN t.variance AND (d.doc_date >= %(today)s::date - 30
                                         OR lv.origin_id IS NOT NULL)
                    THEN NULL
                    ELSE d.doc_date + %(pay_days)s - floor(4 * pg_temp.dist_u(
                             hashtext(d.origin), 0, 0, %(p_vpay)s))::int
               END AS pay_date
          FROM dist_fin_doc d
          JOIN tot t ON t.kind = d.kind AND t.origin_id = d.origin_id
          LEFT JOIN slow s ON s.company_id = d.company_id
                          AND s.partner_id = d.partner_id
          LEFT JOIN latest lv ON d.kind = 'in' AND lv.origin_id = d.origin_id
         WHERE t.total > 0
        """,
    ),
    (
        "payments in the past only",
        """
        UPDATE dist_fin_doc2 SET pay_date = NULL
         WHERE pay_date >= %(today)s::date
        """,
    ),
    (
        "numbers and ids",
        """
        ALTER TABLE dist_fin_doc2
            ADD COLUMN move_id int, ADD COLUMN term_line_id int,
            ADD COLUMN name text, ADD COLUMN prefix text, ADD COLUMN number int,
            ADD COLUMN journal_id int, ADD COLUMN account_id int,
            ADD COLUMN pay_id int, ADD COLUMN pay_move_id int,
            ADD COLUMN pay_name text, ADD COLUMN pay_prefix text,
            ADD COLUMN pay_number int, ADD COLUMN liq_line_id int,
            ADD COLUMN cp_line_id int, ADD COLUMN partial_id int,
            ADD COLUMN full_id int, ADD COLUMN memo text
        """,
    ),
    (
        "invoice and bill numbers",
        """
        UPDATE dist_fin_doc2 d
           SET move_id = nextval('account_move_id_seq'),
               term_line_id = nextval('account_move_line_id_seq'),
               journal_id = CASE d.kind WHEN 'out' THEN c.sale_j ELSE c.purchase_j END,
               account_id = CASE d.kind WHEN 'out' THEN c.receivable ELSE c.payable END,
               prefix = n.prefix, number = n.number,
               name = n.prefix || pg_temp.dist_seq(
                   n.number, CASE d.kind WHEN 'out' THEN 5 ELSE 4 END)
          FROM dist_fin_co c,
               (SELECT kind, origin_id,
                       CASE kind WHEN 'out'
                            THEN co.sale_code || '/'
                                 || to_char(doc_date, 'YYYY') || '/'
                            ELSE co.purchase_code || '/'
                                 || to_char(doc_date, 'YYYY/MM') || '/'
                       END AS prefix,
                       row_number() OVER (
                           PARTITION BY kind, x.company_id,
                                        CASE kind
                                            WHEN 'out' THEN to_char(doc_date, 'YYYY')
                                            ELSE to_char(doc_date, 'YYYY/MM') END
                           ORDER BY doc_date, origin) AS number
                  FROM dist_fin_doc2 x JOIN dist_fin_co co USING (company_id)) n
         WHERE c.company_id = d.company_id
           AND n.kind = d.kind AND n.origin_id = d.origin_id
        """,
    ),
    (
        "payment numbers",
        """
        UPDATE dist_fin_doc2 d
           SET pay_id = nextval('account_payment_id_seq'),
               pay_move_id = nextval('account_move_id_seq'),
               liq_line_id = nextval('account_move_line_id_seq'),
               cp_line_id = nextval('account_move_line_id_seq'),
               partial_id = nextval('account_partial_reconcile_id_seq'),
               full_id = nextval('account_full_reconcile_id_seq'),
               pay_prefix = n.prefix, pay_number = n.number,
               pay_name = n.prefix || pg_temp.dist_seq(n.number, 5),
               memo = CASE d.kind WHEN 'out' THEN d.name ELSE d.vendor_ref END
          FROM (SELECT kind, origin_id,
                       co.bank_code || '/' || to_char(pay_date, 'YYYY') || '/'
                           AS prefix,
                       row_number() OVER (
                           PARTITION BY x.company_id, to_char(pay_date, 'YYYY')
                           ORDER BY pay_date, kind DESC, origin) AS number
                  FROM dist_fin_doc2 x JOIN dist_fin_co co USING (company_id)
                 WHERE pay_date IS NOT NULL) n
         WHERE n.kind = d.kind AND n.origin_id = d.origin_id
        """,
    ),
    ("doc index", "CREATE UNIQUE INDEX ON dist_fin_doc2 (kind, origin_id)"),
    (
        "line ids",
        """
        UPDATE dist_fin_line l
           SET line_id = nextval('account_move_line_id_seq'), move_id = d.move_id
          FROM dist_fin_doc2 d
         WHERE d.kind = l.kind AND d.origin_id = l.origin_id
        """,
    ),
    ("lines of dropped documents", "DELETE FROM dist_fin_line WHERE move_id IS NULL"),
]

INSERTS = [
    (
        "account_full_reconcile",
        """
        INSERT INTO account_full_reconcile (id, create_uid, create_date,
                                            write_uid, write_date)
        SELECT full_id, %(uid)s, pay_date, %(uid)s, pay_date
          FROM dist_fin_doc2 WHERE pay_id IS NOT NULL
        """,
    ),
    (
        "account_move (invoices and bills)",
        """
        INSERT INTO account_move (
            id, sequence_number, journal_id, company_id, partner_id,
            commercial_partner_id, partner_shipping_id, currency_id,
            invoice_user_id, team_id, sequence_prefix, name, ref, state,
            move_type, auto_post, payment_reference, payment_state,
            invoice_partner_display_name, invoice_origin, date, invoice_date,
            invoice_date_due, invoice_currency_rate, amount_untaxed, amount_tax,
            amount_total, amount_residual, amount_untaxed_signed,
            amount_untaxed_in_currency_signed, amount_tax_signed,
            amount_total_signed, amount_total_in_currency_signed,
            amount_residual_signed, is_storno, always_tax_exigible, checked,
            posted_before, made_sequence_gap, is_manually_modified,
            is_move_sent, validation_status, create_uid, create_date,
            write_uid, write_date)
        SELECT d.move_id, d.number, d.journal_id, d.company_id, d.partner_id,
               coalesce(p.commercial_partner_id, p.id),
               CASE d.kind WHEN 'out' THEN d.partner_id END, %(currency)s,
               d.user_id, d.team_id, d.prefix, d.name,
               CASE d.kind WHEN 'in' THEN d.vendor_ref END, 'posted',
               CASE d.kind WHEN 'out' THEN 'out_invoice' ELSE 'in_invoice' END,
               'no', CASE d.kind WHEN 'out' THEN d.name ELSE d.vendor_ref END,
               CASE WHEN d.pay_id IS NOT NULL THEN 'paid' ELSE 'not_paid' END,
               p.complete_name, d.origin, d.doc_date, d.doc_date, d.due_date, 1.0,
               d.total, 0, d.total,
               CASE WHEN d.pay_id IS NULL THEN d.total ELSE 0 END,
               s.sign * d.total, s.sign * d.total, 0, s.sign * d.total,
               s.sign * d.total,
               CASE WHEN d.pay_id IS NULL THEN s.sign * d.total ELSE 0 END,
               false, false, true, true, false, false, d.kind = 'out', 'no',
               %(uid)s, d.doc_date + time '18:00', %(uid)s,
               coalesce(d.pay_date, d.doc_date) + time '18:00'
          FROM dist_fin_doc2 d
          JOIN res_partner p ON p.id = d.partner_id
          JOIN (VALUES ('out', 1), ('in', -1)) s (kind, sign) ON s.kind = d.kind
        """,
    ),
    (
        "account_move_line (invoice and bill lines)",
        """
        INSERT INTO account_move_line (
            id, move_id, journal_id, company_id, company_currency_id, sequence,
            account_id, currency_id, partner_id, product_id, product_uom_id,
            move_name, parent_state, ref, name, display_type, date,
            invoice_date, date_maturity, debit, credit, balance,
            amount_currency, tax_base_amount, amount_residual,
            amount_residual_currency, quantity, price_unit, price_subtotal,
            price_total, discount, discount_amount_currency, discount_balance,
            is_imported, tax_tag_invert, reconciled, full_reconcile_id,
            matching_number, purchase_line_id, is_downpayment,
            is_landed_costs_line, create_uid, create_date, write_uid,
            write_date)
        SELECT l.line_id, l.move_id, d.journal_id, d.company_id, %(currency)s,
               l.seq, l.account_id, %(currency)s,
               coalesce(p.commercial_partner_id, p.id), l.product_id, l.uom_id,
               d.name, 'posted',
               CASE d.kind WHEN 'in' THEN d.vendor_ref END,
               CASE d.kind WHEN 'in' THEN d.origin || ': ' || l.name ELSE l.name END,
               'product', d.doc_date, d.doc_date, NULL::date,
               CASE d.kind WHEN 'in' THEN l.subtotal ELSE 0 END,
               CASE d.kind WHEN 'out' THEN l.subtotal ELSE 0 END,
               -s.sign * l.subtotal, -s.sign * l.subtotal, 0, 0, 0,
               l.qty, l.price, l.subtotal, l.subtotal, 0, 0, 0,
               false, false, false, NULL::int, NULL::text, l.pol_id, false,
               false,
               %(uid)s, d.doc_date + time '18:00', %(uid)s,
               d.doc_date + time '18:00'
          FROM dist_fin_line l
          JOIN dist_fin_doc2 d ON d.kind = l.kind AND d.origin_id = l.origin_id
          JOIN res_partner p ON p.id = d.partner_id
          JOIN (VALUES ('out', 1), ('in', -1)) s (kind, sign) ON s.kind = d.kind
        UNION ALL
        SELECT d.term_line_id, d.move_id, d.journal_id, d.company_id,
               %(currency)s, 10000, d.account_id, %(currency)s,
               coalesce(p.commercial_partner_id, p.id), NULL, NULL, d.name,
               'posted', CASE d.kind WHEN 'in' THEN d.vendor_ref END,
               CASE d.kind WHEN 'out' THEN d.name ELSE d.vendor_ref END,
               'payment_term', d.doc_date, d.doc_date, d.due_date,
               CASE d.kind WHEN 'out' THEN d.total ELSE 0 END,
               CASE d.kind WHEN 'in' THEN d.total ELSE 0 END,
               s.sign * d.total, s.sign * d.total, 0,
               CASE WHEN d.pay_id IS NULL THEN s.sign * d.total ELSE 0 END,
               CASE WHEN d.pay_id IS NULL THEN s.sign * d.total ELSE 0 END,
               -- Odoo leaves no subtotal on a payment-term line
               1, -s.sign * d.total, 0, 0,
               0, 0, 0, false, false, d.pay_id IS NOT NULL,
               d.full_id, d.full_id::text, NULL, false, false,
               %(uid)s, d.doc_date + time '18:00', %(uid)s,
               coalesce(d.pay_date, d.doc_date) + time '18:00'
          FROM dist_fin_doc2 d
          JOIN res_partner p ON p.id = d.partner_id
          JOIN (VALUES ('out', 1), ('in', -1)) s (kind, sign) ON s.kind = d.kind
        """,
    ),
    (
        "account_payment",
        """
        INSERT INTO account_payment (
            id, move_id, journal_id, company_id, payment_method_line_id,
            payment_method_id, currency_id, partner_id, outstanding_account_id,
            destination_account_id, name, state, payment_type, partner_type,
            memo, date, amount, amount_company_currency_signed, is_reconciled,
            is_matched, is_sent, validation_status, create_uid, create_date,
            write_uid, write_date)
        SELECT d.pay_id, NULL::int, c.bank_j, d.company_id,
               CASE d.kind WHEN 'out' THEN c.pml_in ELSE c.pml_out END,
               CASE d.kind WHEN 'out' THEN c.pm_in ELSE c.pm_out END,
               %(currency)s, coalesce(p.commercial_partner_id, p.id),
               CASE d.kind WHEN 'out' THEN c.out_in ELSE c.out_out END,
               d.account_id, d.pay_name, 'paid',
               CASE d.kind WHEN 'out' THEN 'inbound' ELSE 'outbound' END,
               CASE d.kind WHEN 'out' THEN 'customer' ELSE 'supplier' END,
               d.memo, d.pay_date, d.total, s.sign * d.total, true, false, false, 'no',
               %(uid)s, d.pay_date + time '12:00', %(uid)s,
               d.pay_date + time '12:00'
          FROM dist_fin_doc2 d
          JOIN dist_fin_co c ON c.company_id = d.company_id
          JOIN res_partner p ON p.id = d.partner_id
          JOIN (VALUES ('out', 1), ('in', -1)) s (kind, sign) ON s.kind = d.kind
         WHERE d.pay_id IS NOT NULL
        """,
    ),
    (
        "account_move (payments)",
        """
        INSERT INTO account_move (
            id, sequence_number, journal_id, company_id, partner_id,
            commercial_partner_id, currency_id, sequence_prefix, name, ref,
            state, move_type, auto_post, payment_state, date,
            invoice_currency_rate, amount_untaxed, amount_tax, amount_total,
            amount_residual, amount_untaxed_signed,
            amount_untaxed_in_currency_signed, amount_tax_signed,
            amount_total_signed, amount_total_in_currency_signed,
            amount_residual_signed, is_storno, always_tax_exigible, checked,
            posted_before, made_sequence_gap, is_manually_modified,
            is_move_sent, validation_status, origin_payment_id, create_uid,
            create_date, write_uid, write_date)
        SELECT d.pay_move_id, d.pay_number, c.bank_j, d.company_id, d.partner_id,
               coalesce(p.commercial_partner_id, p.id), %(currency)s,
               d.pay_prefix, d.pay_name, d.memo, 'posted', 'entry', 'no',
               'not_paid', d.pay_date, 1.0, 0, 0, d.total, 0, 0, 0, 0, d.total,
               d.total, 0, false, false, true, true, false, false, false, 'no',
               d.pay_id, %(uid)s, d.pay_date + time '12:00', %(uid)s,
               d.pay_date + time '12:00'
          FROM dist_fin_doc2 d
          JOIN dist_fin_co c ON c.company_id = d.company_id
          JOIN res_partner p ON p.id = d.partner_id
         WHERE d.pay_id IS NOT NULL
        """,
    ),
    (
        "account_payment.move_id",
        """
        UPDATE account_payment pay SET move_id = d.pay_move_id
          FROM dist_fin_doc2 d WHERE d.pay_id = pay.id
        """,
    ),
    (
        "account_move_line (payments)",
        """
        INSERT INTO account_move_line (
            id, move_id, journal_id, company_id, company_currency_id, sequence,
            account_id, currency_id, partner_id, payment_id, move_name,
            parent_state, ref, name, display_type, date, date_maturity, debit,
            credit, balance, amount_currency, tax_base_amount, amount_residual,
            amount_residual_currency, quantity, price_unit, price_subtotal,
            price_total, discount, discount_amount_currency, discount_balance,
            is_imported, tax_tag_invert, reconciled, full_reconcile_id,
            matching_number, is_downpayment, is_landed_costs_line, create_uid,
            create_date, write_uid, write_date)
        -- the liquidity line, on the outstanding account until the bank
        -- statement matches it
        SELECT d.liq_line_id, d.pay_move_id, c.bank_j, d.company_id,
               %(currency)s, 100,
               CASE d.kind WHEN 'out' THEN c.out_in ELSE c.out_out END,
               %(currency)s, coalesce(p.commercial_partner_id, p.id), d.pay_id,
               d.pay_name, 'posted', d.memo,
               'Manual Payment: ' || d.memo, 'product', d.pay_date, d.pay_date,
               CASE d.kind WHEN 'out' THEN d.total ELSE 0 END,
               CASE d.kind WHEN 'in' THEN d.total ELSE 0 END,
               s.sign * d.total, s.sign * d.total, 0, s.sign * d.total,
               s.sign * d.total, 1, 0, s.sign * d.total, s.sign * d.total, 0, 0,
               0, false, false, false, NULL,
               NULL, false, false, %(uid)s, d.pay_date + time '12:00', %(uid)s,
               d.pay_date + time '12:00'
          FROM dist_fin_doc2 d
          JOIN dist_fin_co c ON c.company_id = d.company_id
          JOIN res_partner p ON p.id = d.partner_id
          JOIN (VALUES ('out', 1), ('in', -1)) s (kind, sign) ON s.kind = d.kind
         WHERE d.pay_id IS NOT NULL
        UNION ALL
        -- the counterpart on the receivable or payable, reconciled
        SELECT d.cp_line_id, d.pay_move_id, c.bank_j, d.company_id,
               %(currency)s, 100, d.account_id, %(currency)s,
               coalesce(p.commercial_partner_id, p.id), d.pay_id, d.pay_name,
               'posted', d.memo,
               'Manual Payment: ' || d.memo, 'product', d.pay_date, d.pay_date,
               CASE d.kind WHEN 'in' THEN d.total ELSE 0 END,
               CASE d.kind WHEN 'out' THEN d.total ELSE 0 END,
               -s.sign * d.total, -s.sign * d.total, 0, 0, 0, 1, 0,
               -s.sign * d.total, -s.sign * d.total, 0, 0, 0, false, false,
               true, d.full_id, d.full_id::text, false, false,
               %(uid)s, d.pay_date + time '12:00', %(uid)s,
               d.pay_date + time '12:00'
          FROM dist_fin_doc2 d
          JOIN dist_fin_co c ON c.company_id = d.company_id
          JOIN res_partner p ON p.id = d.partner_id
          JOIN (VALUES ('out', 1), ('in', -1)) s (kind, sign) ON s.kind = d.kind
         WHERE d.pay_id IS NOT NULL
        """,
    ),
    (
        "account_partial_reconcile",
        """
        INSERT INTO account_partial_reconcile (
            id, debit_move_id, credit_move_id, full_reconcile_id,
            debit_currency_id, credit_currency_id, company_id, amount,
            debit_amount_currency, credit_amount_currency, max_date,
            create_uid, create_date, write_uid, write_date)
        SELECT d.partial_id,
               CASE d.kind WHEN 'out' THEN d.term_line_id ELSE d.cp_line_id END,
               CASE d.kind WHEN 'out' THEN d.cp_line_id ELSE d.term_line_id END,
               d.full_id, %(currency)s, %(currency)s, d.company_id, d.total,
               d.total, d.total, greatest(d.pay_date, d.doc_date), %(uid)s,
               d.pay_date + time '12:00', %(uid)s, d.pay_date + time '12:00'
          FROM dist_fin_doc2 d WHERE d.pay_id IS NOT NULL
        """,
    ),
    (
        "account_move__account_payment",
        """
        INSERT INTO account_move__account_payment (invoice_id, payment_id)
        SELECT move_id, pay_id FROM dist_fin_doc2 WHERE pay_id IS NOT NULL
        """,
    ),
    (
        "sale_order_line_invoice_rel",
        """
        INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
        SELECT line_id, sol_id FROM dist_fin_line WHERE sol_id IS NOT NULL
        """,
    ),
    (
        "sale_order_line invoiced",
        """
        UPDATE sale_order_line sol
           SET qty_invoiced = l.qty, qty_to_invoice = sol.qty_delivered - l.qty,
               untaxed_amount_invoiced = l.subtotal,
               untaxed_amount_to_invoice = round(
                   sol.qty_delivered::numeric * sol.price_unit::numeric, 2)
                   - l.subtotal,
               invoice_status = CASE WHEN l.qty >= sol.product_uom_qty
                                     THEN 'invoiced' ELSE 'no' END
          FROM dist_fin_line l
         WHERE l.sol_id = sol.id
        """,
    ),
    (
        "sale_order_line nothing delivered",
        """
        UPDATE sale_order_line sol
           SET invoice_status = 'no'
          FROM dist_fin_doc2 d
         WHERE d.kind = 'out' AND sol.order_id = d.origin_id
           AND sol.qty_delivered = 0
        """,
    ),
    (
        "sale_order invoiced",
        """
        UPDATE sale_order so
           SET invoice_status = CASE WHEN s.all_invoiced THEN 'invoiced'
                                     ELSE 'no' END
          FROM (SELECT sol.order_id,
                       bool_and(sol.invoice_status = 'invoiced') AS all_invoiced
                  FROM sale_order_line sol
                  JOIN dist_fin_doc2 d ON d.kind = 'out' AND d.origin_id = sol.order_id
                 GROUP BY sol.order_id) s
         WHERE s.order_id = so.id
        """,
    ),
    (
        "account_move_purchase_order_rel",
        """
        INSERT INTO account_move_purchase_order_rel (purchase_order_id,
                                                     account_move_id)
        SELECT origin_id, move_id FROM dist_fin_doc2 WHERE kind = 'in'
        """,
    ),
    (
        "purchase_order_line billed",
        """
        UPDATE purchase_order_line pol
           SET qty_invoiced = l.qty, qty_to_invoice = pol.qty_received - l.qty
          FROM dist_fin_line l
         WHERE l.pol_id = pol.id
        """,
    ),
    (
        "purchase_order billed",
        """
        UPDATE purchase_order po
           SET invoice_count = 1,
               invoice_status = CASE WHEN s.open THEN 'to invoice'
                                     ELSE 'invoiced' END
          FROM (SELECT pol.order_id, bool_or(pol.qty_to_invoice <> 0) AS open
                  FROM purchase_order_line pol
                  JOIN dist_fin_doc2 d ON d.kind = 'in' AND d.origin_id = pol.order_id
                 GROUP BY pol.order_id) s
         WHERE s.order_id = po.id
        """,
    ),
    (
        "credit limits",
        """
        WITH owed AS (
            SELECT d.company_id, d.partner_id,
                   sum(d.total) FILTER (WHERE d.doc_date >= %(today)s::date - 365)
                       AS year_total,
                   sum(d.total) FILTER (WHERE d.pay_id IS NULL) AS open_total,
                   pg_temp.dist_u(hashtext(p.name), 0, 0, %(p_limit)s) AS u,
                   bool_or(f.partner_id IS NOT NULL) AS walk
              FROM dist_fin_doc2 d
              JOIN res_partner p ON p.id = d.partner_id
              -- the company's first customer stays within its limit (the
              -- demo's walk-through customer)
              LEFT JOIN (SELECT DISTINCT ON (company_id) company_id, partner_id
                           FROM sale_order WHERE state = 'sale'
                          ORDER BY company_id, id) f
                     ON f.company_id = d.company_id AND f.partner_id = d.partner_id
             WHERE d.kind = 'out'
             GROUP BY d.company_id, d.partner_id, p.name
        ), ranked AS (
            SELECT *, row_number() OVER (
                          PARTITION BY company_id
                          ORDER BY walk, coalesce(open_total, 0) >= 200 DESC, u)
                   AS rank
              FROM owed
        ), limits AS (
            SELECT company_id, partner_id,
                   CASE WHEN open_total >= 200 AND NOT walk
                             AND (u < %(over_share)s OR rank = 1)
                        -- over the limit: 60 to 90 %% of what they owe
                        THEN greatest(100, floor(open_total * (0.6 + 0.3 * u)
                                                 / 100) * 100)
                        ELSE greatest(5000, ceil(coalesce(year_total, 0) / 6
                                                 / 1000) * 1000,
                                      ceil(coalesce(open_total, 0) * 1.5
                                           / 1000) * 1000)
                   END AS credit_limit
              FROM ranked
             -- the walk-through customer gets no limit (Odoo: none)
             WHERE NOT walk
        )
        UPDATE res_partner rp
           SET credit_limit = coalesce(rp.credit_limit, '{}'::jsonb) || x.limits
          FROM (SELECT partner_id,
                       jsonb_object_agg(company_id::text, credit_limit) AS limits
                  FROM limits GROUP BY partner_id) x
         WHERE x.partner_id = rp.id
        """,
    ),
]


def build(env, data, scale, today):
    """Write the finance layer; return ({label: rows}, timings)."""
    cr = env.cr
    env.flush_all()
    timings = []
    t0 = time.monotonic()
    _accounts(env, data)
    timings.append(("finance set-up", time.monotonic() - t0, len(data.companies)))
    # the history's draws: pg_temp.dist_u, pg_temp.dist_seq (same session)
    from .history.inputs import random_functions

    random_functions(cr, scale.seed)
    params = {
        "today": today,
        "uid": env.ref("base.user_admin").id,
        "currency": env.ref("base.USD").id,
        "pay_days": PAYMENT_DAYS,
        "price_share": PRICE_VARIANCE_SHARE,
        "qty_share": QTY_VARIANCE_SHARE,
        "slow_share": SLOW_PAYER_SHARE,
        "over_share": OVER_LIMIT_SHARE,
        "p_bill_days": _P_BILL_DAYS,
        "p_variance": _P_VARIANCE,
        "p_price": _P_PRICE,
        "p_slow": _P_SLOW,
        "p_pay": _P_PAY,
        "p_vpay": _P_VPAY,
        "p_limit": _P_LIMIT,
    }
    counts = {}

    def run(label, query):
        t1 = time.monotonic()
        cr.execute(query, params)
        counts[label] = cr.rowcount
        timings.append((label, time.monotonic() - t1, cr.rowcount))
        _logger.info(
            "scenario finance %-38s %8.2fs %10s rows",
            label,
            time.monotonic() - t1,
            cr.rowcount,
        )

    for label, query in DOCUMENTS:
        run(label, query)
    t_load = time.monotonic()
    # as the history: foreign keys and plain indexes of the loaded tables
    # dropped during the inserts, re-created (and checked) after them
    with BulkLoad(cr, LOADED_TABLES):
        for label, query in INSERTS:
            run(label, query)
        t_load = time.monotonic()
    timings.append(("finance keys and indexes", time.monotonic() - t_load, -1))
    # the partner's name as Odoo shows it (display_name: with its reference)
    cr.execute("SELECT DISTINCT partner_id FROM dist_fin_doc2 ORDER BY 1")
    partners = env["res.partner"].browse([row[0] for row in cr.fetchall()])
    cr.execute(
        SQL(
            """
            UPDATE account_move m
               SET invoice_partner_display_name = v.name
              FROM unnest(%s::int[], %s::text[]) v (id, name),
                   dist_fin_doc2 d
             WHERE m.partner_id = v.id AND d.partner_id = v.id
               AND m.id IN (d.move_id, d.pay_move_id)
            """,
            partners.ids,
            [partner.display_name for partner in partners],
        )
    )
    timings.append(("partner display names", 0.0, cr.rowcount))
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE kind = 'out'),
               count(*) FILTER (WHERE kind = 'in'),
               count(pay_id),
               count(*) FILTER (WHERE kind = 'in' AND variance)
          FROM dist_fin_doc2
        """
    )
    invoices, bills, payments, variances = cr.fetchone()
    # the bills with a variance of the last two weeks wait in draft (reset
    # through Odoo, numbers kept): posting one is the three-way match's turn
    cr.execute(
        SQL(
            """
            SELECT move_id FROM dist_fin_doc2
             WHERE kind = 'in' AND variance AND pay_id IS NULL
               AND (doc_date >= %s OR move_id IN (
                    -- and each company's latest, whatever its age
                    SELECT DISTINCT ON (company_id) move_id
                      FROM dist_fin_doc2
                     WHERE kind = 'in' AND variance AND pay_id IS NULL
                     ORDER BY company_id, doc_date DESC, move_id DESC))
             ORDER BY move_id
            """,
            today - datetime.timedelta(days=DRAFT_VARIANCE_DAYS),
        )
    )
    env.invalidate_all()
    drafts = env["account.move"].browse([row[0] for row in cr.fetchall()])
    drafts.button_draft()
    env.flush_all()
    cr.execute("DROP TABLE dist_fin_doc, dist_fin_doc2, dist_fin_line")
    cr.execute("DROP TABLE dist_fin_co, dist_fin_acc")
    env.invalidate_all()
    summary = {
        "invoices": invoices,
        "bills": bills,
        "payments": payments,
        "variance_bills": variances,
        "draft_bills": len(drafts),
    }
    return summary, timings


# -- landed costs ---------------------------------------------------------

LANDED_COST_RECEIPTS = {"tiny": 4, "small": 12}  # per import company
LANDED_COST_RECEIPTS_DEFAULT = 20
FORWARDER = "Pacific Gateway Freight & Customs"
# (product name, split method, share of the receipt's value: low, high)
LANDED_COST_PRODUCTS = [
    ("Ocean freight", "by_quantity", 0.03, 0.06),
    ("Customs duty", "by_current_cost_price", 0.025, 0.04),
]


def _draw(seed, *keys):
    """A uniform draw in [0, 1) from the seed and stable keys."""
    digest = hashlib.sha256(repr((seed, *keys)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def landed_costs(env, data, scale, today):
    """Freight and duty on the import company's latest overseas receipts,
    through Odoo's own landed costs: the forwarder's bill (posted, its lines
    marked as landed costs), and a stock.landed.cost on the receipt from it,
    computed and validated by Odoo. The import company's products go FIFO
    for that (Odoo applies landed costs to FIFO and average costs only): the
    history's valuation layers already carry FIFO remaining quantities and
    values, so the switch is written on the categories' company-dependent
    costing method, without revaluation. Its valuation stays periodic, so
    Odoo writes the added value as valuation layers and no journal entry of
    its own; the accounting is the forwarder's bill. Returns the number of
    landed costs."""
    imp = next(c for c in data.companies if c["key"] == "import")
    company = env["res.company"].browse(imp["id"])
    count = LANDED_COST_RECEIPTS.get(scale.name, LANDED_COST_RECEIPTS_DEFAULT)
    cr = env.cr
    env.flush_all()
    categories = env["product.category"].search(
        [("parent_id.name", "=", "Distribution")]
    )
    cr.execute(
        SQL(
            """
            UPDATE product_category
               SET property_cost_method = coalesce(property_cost_method, '{}')
                   || jsonb_build_object(%s::text, 'fifo')
             WHERE id = ANY(%s)
            """,
            company.id,
            categories.ids,
        )
    )
    env.invalidate_all()
    # the latest receipts from overseas vendors of which stock remains
    cr.execute(
        SQL(
            """
            SELECT p.id
              FROM stock_picking p
              JOIN stock_picking_type t ON t.id = p.picking_type_id
              JOIN res_partner v ON v.id = p.partner_id
              JOIN res_country c ON c.id = v.country_id
             WHERE p.company_id = %s AND t.code = 'incoming'
               AND p.state = 'done' AND c.code <> 'US'
               AND p.date_done < %s
               AND EXISTS (SELECT 1 FROM stock_valuation_layer l
                             JOIN stock_move m ON m.id = l.stock_move_id
                            WHERE m.picking_id = p.id AND l.remaining_qty > 0)
             ORDER BY p.date_done DESC, p.name
             LIMIT %s
            """,
            company.id,
            datetime.datetime.combine(today, datetime.time.min),
            count,
        )
    )
    receipts = env["stock.picking"].browse([row[0] for row in cr.fetchall()])
    if not receipts:
        return 0
    env_c = env(context=dict(env.context, allowed_company_ids=[company.id]))
    forwarder = env_c["res.partner"].create(
        {
            "name": FORWARDER,
            "is_company": True,
            "city": "Long Beach",
            "country_id": env.ref("base.us").id,
            "supplier_rank": 1,
        }
    )
    products = env_c["product.product"].create(
        [
            {
                "name": name,
                "type": "service",
                "landed_cost_ok": True,
                "split_method_landed_cost": split,
                "purchase_ok": True,
                "sale_ok": False,
                "supplier_taxes_id": [Command.set([])],
                "taxes_id": [Command.set([])],
            }
            for name, split, _low, _high in LANDED_COST_PRODUCTS
        ]
    )
    stock_journal = env_c["account.journal"].search(
        [
            ("company_id", "=", company.id),
            ("type", "=", "general"),
            ("code", "=", "STJ"),
        ],
        limit=1,
    )
    bills_vals, receipt_dates = [], []
    for receipt in receipts.sorted(lambda p: (p.date_done, p.name)):
        value = sum(receipt.move_ids.stock_valuation_layer_ids.mapped("value"))
        day = receipt.date_done.date() + datetime.timedelta(days=2)
        day = min(day, today - datetime.timedelta(days=1))
        receipt_dates.append((receipt, day))
        bills_vals.append(
            {
                "move_type": "in_invoice",
                "partner_id": forwarder.id,
                "company_id": company.id,
                "invoice_date": day,
                "date": day,
                "ref": f"PGF-{receipt.name.replace('/', '-')}",
                "invoice_origin": receipt.origin,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": f"{product.name}: {receipt.name}",
                            "quantity": 1,
                            "price_unit": round(
                                value
                                * (
                                    low
                                    + (high - low)
                                    * _draw(scale.seed, receipt.name, product.name)
                                ),
                                2,
                            ),
                            "is_landed_costs_line": True,
                            "tax_ids": [Command.set([])],
                        }
                    )
                    for product, (_n, _s, low, high) in zip(
                        products, LANDED_COST_PRODUCTS, strict=True
                    )
                ],
            }
        )
    bills = env_c["account.move"].create(bills_vals)
    bills.action_post()
    costs = env_c["stock.landed.cost"].create(
        [
            {
                "company_id": company.id,
                "date": day,
                "picking_ids": [Command.set(receipt.ids)],
                "vendor_bill_id": bill.id,
                "account_journal_id": stock_journal.id or False,
                "cost_lines": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "price_unit": line.price_subtotal,
                            "split_method": line.product_id.split_method_landed_cost,
                            "account_id": line.account_id.id,
                        }
                    )
                    for line in bill.invoice_line_ids
                ],
            }
            for (receipt, day), bill in zip(receipt_dates, bills, strict=True)
        ]
    )
    costs.compute_landed_cost()
    costs.button_validate()
    env.flush_all()
    # the valuation layers Odoo wrote now stand on the landed cost's day
    cr.execute(
        SQL(
            """
            UPDATE stock_valuation_layer l
               SET create_date = c.date + time '10:00',
                   write_date = c.date + time '10:00'
              FROM stock_landed_cost c
             WHERE l.stock_landed_cost_id = c.id AND c.id = ANY(%s)
            """,
            costs.ids,
        )
    )
    env.invalidate_all()
    return len(costs)


# -- the finance approval matrix --------------------------------------------


def approvals(env, data):
    """The shipped finance lines of the approval matrix in every company,
    now that its finance roles have holders (the addon creates them where a
    company has one; at install the demo's users do not exist yet): held
    vendor bills and vendor price changes to the finance controller, vendor
    payments by band, credit releases to the credit controller, sales
    discounts to the sales manager. Returns the number of lines."""
    companies = env["res.company"].browse([c["id"] for c in data.companies])
    Matrix = env["dist.approval.matrix"].with_context(active_test=False)
    before = Matrix.search_count([])
    Matrix._dist_create_payment_defaults(companies)
    env["res.company"]._dist_credit_create_defaults(companies)
    env["res.company"]._dist_price_matrix_defaults(companies)
    for company in companies:
        # the held bills' line, as the first held bill of a company makes it
        env["account.move"].new(
            {"company_id": company.id}
        )._dist_ensure_default_matrix_line()
    return Matrix.search_count([]) - before


def credit_review_on(env, data):
    """The credit review from today on, once today's work is confirmed:
    Odoo's sales credit limit and the block of customers overdue beyond 30
    days in every company (the slow payers, 25 to 85 days late; the others
    pay within 12 days of the due date)."""
    companies = env["res.company"].browse([c["id"] for c in data.companies])
    companies.write(
        {
            "account_use_credit_limit": True,
            "dist_credit_review": True,
            "dist_credit_block_overdue": True,
            "dist_credit_grace_days": 30,
        }
    )
