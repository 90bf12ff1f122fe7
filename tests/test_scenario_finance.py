"""The scenario's finance layer (tools/scenario/finance.py) at the tiny scale.

Invoices, bills, payments and credit limits are written in SQL; these tests
hold them to what Odoo itself computes and to the accounting invariants
(balanced entries, paid documents reconciled, open ones with their full
residual, each customer's ledger equal to their open invoices), and let the
finance roles work on them: an AP clerk pays a bill through Odoo's own
payment wizard, a credit controller sees who is over their limit.
"""

import datetime

from odoo.tests import TransactionCase, tagged

from tools.scenario import checks, generate, organisation

TODAY = datetime.date(2026, 11, 20)
FINANCE_ROLES = ("ap_clerk", "credit_controller", "finance_controller")


@tagged("post_install", "-at_install")
class TestScenarioFinance(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.summary = generate(cls.env, "tiny", today=TODAY)
        cls.env.flush_all()
        cls.companies = {
            spec["key"]: cls.env["res.company"].search([("name", "=", spec["name"])])
            for spec in organisation.COMPANIES
        }

    def _user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def test_invariants_hold(self):
        broken = {
            name: rows
            for name, rows in checks.all_sql_invariants(self.env.cr).items()
            if rows
        }
        self.assertEqual(broken, {})

    def test_documents_at_every_company(self):
        self.assertGreater(self.summary["invoices"], 0)
        self.assertGreater(self.summary["bills"], 0)
        self.assertGreater(self.summary["variance_bills"], 0)
        Move = self.env["account.move"]
        for key, company in self.companies.items():
            with self.subTest(company=key):
                invoices = Move.search(
                    [("company_id", "=", company.id), ("move_type", "=", "out_invoice")]
                )
                self.assertTrue(invoices)
                self.assertEqual(set(invoices.mapped("state")), {"posted"})
                # most are paid, some are still open
                paid = invoices.filtered(lambda m: m.payment_state == "paid")
                self.assertGreater(len(paid), len(invoices) / 2)
                self.assertLess(len(paid), len(invoices))

    def test_stored_fields_as_odoo_computes_them(self):
        fields_by_model = {
            "account.move": [
                "amount_untaxed",
                "amount_total",
                "amount_residual",
                "amount_untaxed_signed",
                "amount_total_signed",
                "amount_residual_signed",
                "amount_total_in_currency_signed",
                "payment_state",
                "commercial_partner_id",
                "invoice_partner_display_name",
                "sequence_prefix",
                "sequence_number",
            ],
            "account.move.line": [
                "amount_residual",
                "amount_residual_currency",
                "reconciled",
                "parent_state",
                "partner_id",
                "price_subtotal",
                "price_total",
                "debit",
                "credit",
                "move_name",
            ],
            "account.payment": [
                "state",
                "is_matched",
                "is_reconciled",
                "name",
                "outstanding_account_id",
                "destination_account_id",
                "amount_company_currency_signed",
            ],
            **checks.RECOMPUTED_FIELDS,
        }
        for model, fnames in fields_by_model.items():
            for fname in fnames:
                with self.subTest(model=model, field=fname):
                    # one field at a time, from the stored values
                    self.env.invalidate_all()
                    wrong = checks.recompute_mismatches(self.env, model, [fname])
                    self.assertEqual(wrong[:3], [], f"{len(wrong)} rows")

    def test_paid_documents_are_reconciled_with_their_payment(self):
        Move = self.env["account.move"]
        paid = Move.search(
            [("move_type", "=", "in_invoice"), ("payment_state", "=", "paid")]
        )
        self.assertTrue(paid)
        for bill in paid[:20]:
            payment = bill.matched_payment_ids
            self.assertEqual(len(payment), 1, bill.name)
            self.assertEqual(payment.amount, bill.amount_total)
            self.assertEqual(payment.state, "paid")
            term = bill.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            )
            self.assertTrue(term.full_reconcile_id, bill.name)
            self.assertEqual(
                term.full_reconcile_id.reconciled_line_ids,
                term + payment.move_id.line_ids.filtered("reconciled"),
            )

    def test_bills_with_price_and_quantity_variances(self):
        lines = self.env["account.move.line"].search(
            [
                ("move_id.move_type", "=", "in_invoice"),
                ("purchase_line_id", "!=", False),
            ]
        )
        above_price = lines.filtered(
            lambda line: line.price_unit > line.purchase_line_id.price_unit
        )
        above_qty = lines.filtered(
            lambda line: line.quantity > line.purchase_line_id.qty_received
        )
        self.assertTrue(above_price)
        self.assertTrue(above_qty)
        for line in above_price:
            # 2 to 6 % above the order's price, rounded to the cent
            ordered = line.purchase_line_id.price_unit
            self.assertTrue(
                ordered * 1.02 - 0.005 <= line.price_unit <= ordered * 1.06 + 0.005,
                (line.move_id.name, ordered, line.price_unit),
            )
        # the over-billed purchase lines wait with a negative quantity to bill
        self.assertTrue(
            all(line.purchase_line_id.qty_to_invoice < 0 for line in above_qty)
        )
        # the rest bill what was received at the ordered price
        exact = lines - above_price - above_qty
        self.assertTrue(
            all(
                line.quantity == line.purchase_line_id.qty_received
                and line.price_unit == line.purchase_line_id.price_unit
                for line in exact
            )
        )

    def test_overdue_and_over_limit_customers(self):
        for key, company in self.companies.items():
            with self.subTest(company=key):
                controller = self._user(f"credit_controller_{key}")
                invoices = (
                    self.env["account.move"]
                    .with_user(controller)
                    .search(
                        [
                            ("move_type", "=", "out_invoice"),
                            ("payment_state", "=", "not_paid"),
                        ]
                    )
                )
                self.assertEqual(invoices.company_id, company)
                customers = invoices.partner_id.with_user(controller).with_company(
                    company
                )
                over = customers.filtered(
                    lambda p: p.credit_limit and p.credit > p.credit_limit
                )
                self.assertTrue(over, f"nobody over their limit at {key}")
                self.assertTrue(company.account_use_credit_limit)
        overdue = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("payment_state", "=", "not_paid"),
                ("invoice_date_due", "<", TODAY - datetime.timedelta(days=30)),
            ]
        )
        self.assertTrue(overdue, "no invoice overdue beyond 30 days")

    def test_finance_role_users_per_company(self):
        for key in self.companies:
            for role in FINANCE_ROLES:
                with self.subTest(login=f"{role}_{key}"):
                    user = self._user(f"{role}_{key}")
                    self.assertEqual(user.company_ids, self.companies[key])
                    self.assertTrue(
                        user.has_group(f"dist_finance_controls.group_{role}")
                    )
                    self.assertTrue(user.action_id, "no home action")

    def test_finance_approval_lines_in_every_company(self):
        """The demo's matrix governs the finance documents in every company
        (the addon makes these lines once the roles have holders)."""
        self.assertGreater(self.summary["finance_matrix_lines"], 0)
        codes = {
            "vendor_bill",
            "vendor_payment",
            "sales_order_release",
            "sales_discount",
            "vendor_price_change",
        }
        for key, company in self.companies.items():
            with self.subTest(company=key):
                lines = self.env["dist.approval.matrix"].search(
                    [("company_id", "=", company.id)]
                )
                self.assertEqual(
                    codes - set(lines.document_type_id.mapped("code")), set()
                )

    def test_clerk_pays_an_open_bill_through_odoo(self):
        clerk = self._user("ap_clerk_domestic")
        company = self.companies["domestic"]
        bill = (
            self.env["account.move"]
            .with_user(clerk)
            .search(
                [
                    ("move_type", "=", "in_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "=", "not_paid"),
                ],
                order="invoice_date",
                limit=1,
            )
        )
        self.assertEqual(bill.company_id, company)
        register = (
            self.env["account.payment.register"]
            .with_user(clerk)
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({})
        )
        payment = register._create_payments()
        # the demo's matrix governs vendor payments: the payment waits in
        # draft for a finance controller, then the clerk confirms it
        self.assertEqual(payment.state, "draft")
        self.assertEqual(bill.payment_state, "not_paid")
        controller = self._user("finance_controller_domestic")
        payment.with_user(controller).validate_tier()
        payment.with_user(clerk).action_post()
        self.assertEqual(payment.state, "paid")
        self.assertEqual(bill.payment_state, "paid")
        self.assertEqual(bill.amount_residual, 0)
        # the payment is numbered after the generated ones in the bank journal
        self.assertEqual(
            self.env["account.move"].search_count(
                [
                    ("journal_id", "=", payment.journal_id.id),
                    ("name", "=", payment.name),
                ]
            ),
            1,
        )
        self.env.flush_all()
        self.assertEqual(checks.unbalanced_moves(self.env.cr), 0)
        self.assertEqual(checks.partner_ledger_mismatches(self.env.cr), 0)

    def test_landed_costs_on_import_receipts(self):
        imp = self.companies["import"]
        costs = self.env["stock.landed.cost"].search([])
        self.assertEqual(len(costs), self.summary["landed_costs"])
        self.assertGreater(len(costs), 0)
        self.assertEqual(costs.company_id, imp)
        for cost in costs:
            with self.subTest(cost=cost.name):
                self.assertEqual(cost.state, "done")
                self.assertEqual(cost.picking_ids.picking_type_code, "incoming")
                bill = cost.vendor_bill_id
                self.assertEqual(bill.state, "posted")
                self.assertTrue(
                    all(bill.invoice_line_ids.mapped("is_landed_costs_line"))
                )
                self.assertAlmostEqual(cost.amount_total, bill.amount_untaxed)
                layers = cost.stock_valuation_layer_ids
                # what is still in stock takes the cost (all of it, unless
                # part of the receipt has shipped)
                added = sum(layers.mapped("value"))
                self.assertGreater(added, 0)
                self.assertLessEqual(added, cost.amount_total + 0.01)
                # dated on the landed cost's day, as the history's layers are
                self.assertEqual(
                    {layer.create_date.date() for layer in layers}, {cost.date}
                )

    def test_recent_variance_bills_wait_in_draft(self):
        drafts = self.env["account.move"].search(
            [("move_type", "=", "in_invoice"), ("state", "=", "draft")]
        )
        self.assertEqual(len(drafts), self.summary["draft_bills"])
        # every company has one waiting: the last two weeks' bills with a
        # variance, and its latest bill with a variance whatever its age
        self.assertEqual(set(drafts.company_id), set(self.companies.values()))
        for bill in drafts:
            with self.subTest(bill=bill.name):
                self.assertTrue(bill.posted_before)
                latest = max(
                    drafts.filtered(lambda b, c=bill.company_id: b.company_id == c),
                    key=lambda b: (b.invoice_date, b.id),
                )
                if bill != latest:
                    self.assertGreaterEqual(
                        bill.invoice_date, TODAY - datetime.timedelta(days=14)
                    )
                varied = bill.invoice_line_ids.filtered(
                    lambda line: (
                        line.price_unit > line.purchase_line_id.price_unit
                        or line.quantity > line.purchase_line_id.qty_received
                    )
                )
                self.assertTrue(varied)
