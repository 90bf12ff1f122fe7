from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import CREDIT_CONTROLLER, DistFinanceCase

SALESMAN = "sales_team.group_sale_salesman"


@tagged("post_install", "-at_install")
class TestCreditReview(DistFinanceCase):
    """Sales orders blocked at confirmation for the customer's credit limit
    or overdue invoices, released or refused by a credit controller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.company_user("dist_fin_salesperson", SALESMAN)
        # service agents open orders from cases as salespeople (this addon
        # does not depend on dist_helpdesk_cases)
        cls.service_agent = cls.company_user("dist_fin_service_agent", SALESMAN)
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "dist_credit_review": True,
                "dist_credit_block_overdue": True,
                "dist_credit_grace_days": 0,
                "dist_tz": False,
            }
        )
        cls.customer.with_company(cls.company).credit_limit = 1000.0

    def order(self, user, price, quantity=1, partner=None, **values):
        return self.as_user(self.env["sale.order"], user).create(
            {
                "partner_id": (partner or self.customer).id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )

    def invoice(self, amount, due, partner=None, company=None):
        """A posted customer invoice due on `due` (set up by the system)."""
        company = company or self.company
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or self.customer).id,
                    "company_id": company.id,
                    "invoice_date": "2026-10-01",
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def release_of(self, order):
        return self.env["dist.credit.release"].search(
            [("sale_order_id", "=", order.id)], order="id desc", limit=1
        )

    def decide(self, release, user, note, approve=True):
        release = self.as_user(release, user)
        release.decision_note = note
        if approve:
            release.validate_tier()
        else:
            release.reject_tier()

    # ------------------------------------------------------------------

    def test_within_limit_confirms(self):
        order = self.order(self.salesperson, 400.0)
        self.as_user(order, self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dist_credit_blocked)
        self.assertFalse(self.release_of(order))

    def test_over_limit_blocks_then_release_confirms(self):
        order = self.order(self.salesperson, 1200.0)
        result = self.as_user(order, self.salesperson).action_confirm()
        # no error for the salesperson: a notice, and the order waits
        self.assertEqual(result["params"]["title"], "Blocked for credit review")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dist_credit_blocked)
        self.assertIn("over its credit limit", order.dist_credit_block_reason)
        # the banner's fields, as the salesperson reads them
        seen = self.as_user(order, self.salesperson).read(
            ["dist_credit_blocked", "dist_credit_block_reason"]
        )[0]
        self.assertTrue(seen["dist_credit_blocked"])
        self.assertIn(
            order,
            self.as_user(self.env["sale.order"], self.salesperson).search(
                [("dist_credit_blocked", "=", True)]
            ),
        )
        exception = self.env["dist.exception"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(exception.type_id.code, "credit_blocked")
        self.assertEqual(exception.owner_id, self.credit_controller)
        release = self.release_of(order)
        self.assertEqual(release.state, "draft")
        self.assertEqual(release.amount, 1200.0)
        self.assertEqual(release.review_ids.reviewer_ids, self.credit_controller)
        # the shipped matrix line of the company
        line = self.env["dist.approval.matrix"].search(
            [
                ("company_id", "=", self.company.id),
                ("document_type_id.code", "=", "sales_order_release"),
            ]
        )
        self.assertEqual(line.approver_group_id.name, "Credit controller")
        # the reason comes first
        with self.assertRaisesRegex(UserError, "reason for the decision"):
            self.as_user(release, self.credit_controller).validate_tier()
        self.decide(release, self.credit_controller, "Paid by wire this morning")
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dist_credit_blocked)
        self.assertEqual(release.state, "done")
        self.assertEqual(release.decided_by_id, self.credit_controller)
        self.assertGreaterEqual(release.release_hours, 0.0)
        self.assertEqual(exception.state, "resolved")
        for record in (order, release):
            self.assertTrue(
                any(
                    "Paid by wire this morning" in (m.body or "")
                    for m in record.message_ids
                )
            )
        audit = self.env["dist.audit.entry"].search(
            [
                ("res_model", "=", "dist.credit.release"),
                ("res_id", "=", release.id),
                ("event", "=", "review_approved"),
            ]
        )
        self.assertEqual(audit.user_id, self.credit_controller)
        # confirmed in the controller's name, on their decision
        self.assertEqual(order.write_uid, self.credit_controller)

    def test_reject_keeps_order_blocked_and_tells_salesperson(self):
        order = self.order(self.salesperson, 1500.0)
        self.as_user(order, self.salesperson).action_confirm()
        release = self.release_of(order)
        self.decide(release, self.credit_controller, "Three invoices unpaid", False)
        self.assertEqual(release.state, "rejected")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dist_credit_blocked)
        told = order.message_ids.filtered(
            lambda m: self.salesperson.partner_id in m.partner_ids
        )
        self.assertIn("Three invoices unpaid", told[:1].body)
        # confirming again asks anew
        self.as_user(order, self.salesperson).action_confirm()
        self.assertNotEqual(self.release_of(order), release)
        self.assertEqual(self.release_of(order).state, "draft")

    def test_released_order_reconfirmed_blocks_only_when_grown(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        self.decide(self.release_of(order), self.credit_controller, "Known payer")
        sold = self.as_user(order, self.salesperson).with_context(
            disable_cancel_warning=True
        )
        sold.action_cancel()
        sold.action_draft()
        sold.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            self.env["dist.credit.release"].search_count(
                [("sale_order_id", "=", order.id)]
            ),
            1,
        )
        sold.action_cancel()
        sold.action_draft()
        sold.write(
            {
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ]
            }
        )
        sold.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dist_credit_blocked)

    def test_orders_of_one_batch_add_up(self):
        first = self.order(self.salesperson, 600.0)
        second = self.order(self.salesperson, 600.0)
        self.as_user(first | second, self.salesperson).action_confirm()
        self.assertEqual(first.state, "sale")
        self.assertEqual(second.state, "draft")
        self.assertTrue(second.dist_credit_blocked)

    def test_confirmed_orders_and_receivables_count(self):
        self.invoice(300.0, "2099-01-01")
        order = self.order(self.salesperson, 300.0)
        self.as_user(order, self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        # 300 invoiced + 300 confirmed not invoiced + 500 > 1000
        late = self.order(self.salesperson, 500.0)
        self.as_user(late, self.salesperson).action_confirm()
        self.assertTrue(late.dist_credit_blocked)
        self.assertIn("1,100.00", late.dist_credit_block_reason)

    def test_order_in_another_currency_is_converted(self):
        currency = self.env["res.currency"].create(
            {"name": "DCX", "symbol": "D$", "rounding": 0.01}
        )
        self.env["res.currency.rate"].create(
            {
                "currency_id": currency.id,
                "company_id": self.company.id,
                "name": "2020-01-01",
                # 2 DCX for 1 of the company's currency
                "rate": 2.0,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "DCX prices", "currency_id": currency.id}
        )
        # 1,800 DCX = 900 in company currency: under the limit of 1,000
        order = self.order(self.salesperson, 1800.0, pricelist_id=pricelist.id)
        self.assertEqual(order.currency_id, currency)
        self.as_user(order, self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        # 2,400 DCX = 1,200: over it, and the release in company currency
        order = self.order(self.salesperson, 2400.0, pricelist_id=pricelist.id)
        self.as_user(order, self.salesperson).action_confirm()
        self.assertTrue(order.dist_credit_blocked)
        self.assertEqual(self.release_of(order).amount, 1200.0)

    def test_overdue_invoice_in_company_time_zone(self):
        self.customer.with_company(self.company).credit_limit = 0.0
        self.invoice(100.0, "2026-12-01")
        # 23:30 UTC on the due date: still the 1st in UTC, the 2nd in Brussels
        with freeze_time("2026-12-01 23:30:00"):
            order = self.order(self.salesperson, 50.0)
            self.as_user(order, self.salesperson).action_confirm()
            self.assertEqual(order.state, "sale", "not overdue on its due day")
            self.company.dist_tz = "Europe/Brussels"
            order = self.order(self.salesperson, 50.0)
            self.as_user(order, self.salesperson).action_confirm()
            self.assertTrue(order.dist_credit_blocked)
            self.assertIn("overdue since 2026-12-01", order.dist_credit_block_reason)
            # a day of grace lets it through
            self.company.dist_credit_grace_days = 1
            order = self.order(self.salesperson, 50.0)
            self.as_user(order, self.salesperson).action_confirm()
            self.assertEqual(order.state, "sale")

    def test_overdue_check_off(self):
        self.invoice(100.0, "2020-01-01")
        self.company.dist_credit_block_overdue = False
        order = self.order(self.salesperson, 50.0)
        self.as_user(order, self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_bad_input_named(self):
        # credit controllers set limits with Contact Creation, which Odoo
        # gives every internal user
        setter = self.company_user(
            "dist_fin_limit_setter", CREDIT_CONTROLLER, "base.group_partner_manager"
        )
        with self.assertRaisesRegex(ValidationError, "Harbour Plumbing"):
            self.as_user(self.customer, setter).write({"credit_limit": -5.0})
        self.as_user(self.customer, setter).write({"credit_limit": 5.0})
        with self.assertRaisesRegex(ValidationError, self.company.name):
            self.company.dist_credit_grace_days = -3
        with self.assertRaisesRegex(ValidationError, self.company.name):
            self.env["res.config.settings"].create(
                {"account_default_credit_limit": -10.0}
            ).execute()

    def test_blocked_flag_refused_by_rpc(self):
        order = self.order(self.salesperson, 1200.0)
        with self.assertRaisesRegex(UserError, "kept by the suite"):
            self.as_user(order, self.salesperson).write({"dist_credit_blocked": True})
        self.as_user(order, self.salesperson).action_confirm()
        with self.assertRaisesRegex(UserError, "kept by the suite"):
            self.as_user(order, self.salesperson).write(
                {"dist_credit_blocked": False, "dist_credit_block_reason": False}
            )
        # nor the credit controller (an invoicing user may write orders)
        with self.assertRaisesRegex(UserError, "kept by the suite"):
            self.as_user(order, self.credit_controller).write(
                {"dist_credit_blocked": False}
            )
        with self.assertRaisesRegex(UserError, "kept by the suite"):
            self.as_user(self.env["sale.order"], self.salesperson).create(
                {
                    "partner_id": self.customer.id,
                    "dist_credit_released_amount": 1e9,
                }
            )
        # nor may the salesperson approve or edit the release
        release = self.release_of(order)
        with self.assertRaises(AccessError):
            self.as_user(release, self.salesperson).write({"decision_note": "ok"})
        self.assertTrue(order.dist_credit_blocked)

    def test_releaser_never_sells_or_made_the_order(self):
        self.without_duty_pairs()
        seller = self.company_user("dist_fin_cc_seller", CREDIT_CONTROLLER, SALESMAN)
        # the order of a salesperson who also controls credit
        order = self.order(seller, 1200.0)
        self.as_user(order, seller).action_confirm()
        release = self.release_of(order)
        self.assertIn(seller, release.review_ids.reviewer_ids)
        with self.assertRaisesRegex(UserError, "another reviewer"):
            self.decide(release, seller, "My own customer")
        # nor one they made, confirmed by a colleague who sees every order
        colleague = self.company_user(
            "dist_fin_sales_all", "sales_team.group_sale_salesman_all_leads"
        )
        order = self.order(seller, 1300.0, user_id=False)
        self.as_user(order, colleague).action_confirm()
        self.assertTrue(order.dist_credit_blocked)
        with self.assertRaisesRegex(UserError, "another reviewer"):
            self.decide(self.release_of(order), seller, "Made it myself")
        self.decide(self.release_of(order), self.credit_controller, "Fine")
        self.assertEqual(order.state, "sale")

    def test_finance_controller_reads_but_does_not_release(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        release = self.as_user(self.release_of(order), self.finance_controller)
        self.assertEqual(release.sale_order_id, order)
        with self.assertRaises(AccessError):
            self.decide(release, self.finance_controller, "Not mine")
        self.assertTrue(order.dist_credit_blocked)

    def test_other_company_controller_cannot_release(self):
        other = self.env["res.company"].create({"name": "Northern Branch"})
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other, install_demo=False
        )
        other.account_use_credit_limit = True
        other.dist_credit_review = True
        self.customer.with_company(other).credit_limit = 100.0
        users = self.company_role_users(
            "dist_fin_cr",
            self.company | other,
            {"seller": SALESMAN, "credit": CREDIT_CONTROLLER},
        )
        order = self.order(users["seller", other], 500.0)
        self.assertEqual(order.company_id, other)
        self.as_user(order, users["seller", other]).action_confirm()
        self.assertTrue(order.dist_credit_blocked)
        release = self.release_of(order)
        self.assertEqual(release.company_id, other)
        self.assertNotIn(self.credit_controller, release.review_ids.reviewer_ids)
        for user in (self.credit_controller, users["credit", self.company]):
            with self.assertRaises(AccessError):
                self.decide(release, user, "Not my company")
        self.assertEqual(order.state, "draft")
        self.decide(release, users["credit", other], "Branch customer, known")
        self.assertEqual(order.state, "sale")

    def test_service_agent_sees_the_block_on_their_order(self):
        order = self.order(self.service_agent, 1100.0)
        self.as_user(order, self.service_agent).action_confirm()
        agent = self.as_user(order, self.service_agent)
        self.assertTrue(agent.dist_credit_blocked)
        self.assertIn("credit limit", agent.dist_credit_block_reason)
        self.assertEqual(agent.search([("dist_credit_blocked", "=", True)]), order)
        # the blocked order is never confirmed by pressing again
        agent.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(
            self.env["dist.credit.release"].search_count(
                [("sale_order_id", "=", order.id)]
            ),
            1,
        )

    def test_salesperson_confirms_from_the_form(self):
        order = self.order(self.salesperson, 1200.0)
        form = Form(self.as_user(order, self.salesperson))
        self.assertTrue(form.partner_credit_warning)
        self.as_user(order, self.salesperson).action_confirm()
        action = self.as_user(
            order, self.salesperson
        ).action_view_dist_credit_releases()
        self.assertEqual(action["res_model"], "dist.credit.release")
        self.assertEqual(
            self.as_user(order, self.salesperson).dist_credit_release_count, 1
        )

    def test_credit_controller_withdraws_and_opens_the_order(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        release = self.as_user(self.release_of(order), self.credit_controller)
        action = release.action_open_order()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("sale.order", order.id)
        )
        # the salesperson may not withdraw it
        with self.assertRaises(AccessError):
            self.as_user(release, self.salesperson).action_cancel()
        release.action_cancel()
        self.assertEqual(release.state, "cancel")
        self.assertTrue(order.dist_credit_blocked, "still blocked: ask again")
        exception = self.env["dist.exception"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(exception.state, "cancel")
        # the credit controller's queue
        queue = self.as_user(self.env["dist.credit.release"], self.credit_controller)
        self.assertEqual(queue.search([("sale_order_id", "=", order.id)]), release)

    def test_cancelled_order_withdraws_its_release(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        self.as_user(order, self.salesperson).with_context(
            disable_cancel_warning=True
        ).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.dist_credit_blocked)
        self.assertEqual(self.release_of(order).state, "cancel")

    def test_limit_raised_lets_the_order_through(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        release = self.release_of(order)
        self.customer.with_company(self.company).credit_limit = 5000.0
        self.as_user(order, self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dist_credit_blocked)
        self.assertEqual(release.state, "cancel")

    def test_kpis_against_a_hand_count(self):
        now = fields.Datetime.now()
        blocked = {}
        for key, hours in (("a", 2), ("b", 4), ("c", 0), ("d", 40 * 24)):
            order = self.order(self.salesperson, 1200.0)
            self.as_user(order, self.salesperson).action_confirm()
            release = self.release_of(order)
            # the block `hours` ago (the database stamps its own clock)
            self.env.cr.execute(
                SQL(
                    "UPDATE dist_credit_release SET create_date = %s WHERE id = %s",
                    now - timedelta(hours=hours),
                    release.id,
                )
            )
            release.invalidate_recordset(["create_date"])
            # the KPIs read the block's exception, raised at the same time
            self.env.cr.execute(
                SQL(
                    "UPDATE dist_exception SET detected_date = %s"
                    " WHERE res_model = 'sale.order' AND res_id = %s",
                    now - timedelta(hours=hours),
                    order.id,
                )
            )
            self.env["dist.exception"].invalidate_model(["detected_date"])
            blocked[key] = release
        self.decide(blocked["a"], self.credit_controller, "Paid")
        self.decide(blocked["b"], self.credit_controller, "Guarantee received")
        self.assertAlmostEqual(blocked["a"].release_hours, 2.0, places=2)
        self.assertAlmostEqual(blocked["b"].release_hours, 4.0, places=2)
        # by hand: a, b and c blocked in the last 30 days (d 40 days ago);
        # a and b released, in 2 and 4 hours
        count = self.env.ref("dist_finance_controls.kpi_credit_blocked_orders")
        numerator, __ = count._dist_compute(
            *count._dist_window(fields.Date.today(), self.company), self.company.ids
        )
        self.assertEqual(numerator, 3.0)
        speed = self.env.ref("dist_finance_controls.kpi_credit_release_time")
        numerator, denominator = speed._dist_compute(
            *speed._dist_window(fields.Date.today(), self.company), self.company.ids
        )
        self.assertAlmostEqual(numerator / denominator, 3.0, places=2)
        self.env["dist.kpi"]._dist_refresh(fields.Date.today(), self.company)
        for kpi, rows in ((count, 3), (speed, 2)):
            action = kpi.with_user(self.finance_controller).action_drill()
            self.assertEqual(action["res_model"], "dist.exception")
            self.assertEqual(
                self.as_user(
                    self.env["dist.exception"].with_context(active_test=False),
                    self.finance_controller,
                ).search_count(action["domain"]),
                rows,
            )

    def test_order_grown_while_waiting_is_blocked_again(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        first = self.release_of(order)
        self.as_user(order, self.salesperson).write(
            {
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": 1200.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ]
            }
        )
        self.decide(first, self.credit_controller, "Up to 1,200 only")
        self.assertEqual(first.state, "done")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dist_credit_blocked)
        second = self.release_of(order)
        self.assertNotEqual(second, first)
        self.assertEqual((second.state, second.amount), ("draft", 2400.0))
        exceptions = self.env["dist.exception"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(sorted(exceptions.mapped("state")), ["open", "resolved"])

    def test_shipped_matrix_line_per_company(self):
        Company = self.env["res.company"]
        empty = Company.create({"name": "No Credit Desk"})
        staffed = Company.create({"name": "Credit Desk"})
        self.company_user("dist_fin_cc_desk", CREDIT_CONTROLLER, company=staffed)
        lines = Company._dist_credit_create_defaults(empty | staffed)
        self.assertEqual(lines.company_id, staffed)
        self.assertEqual(
            (lines.approver_type, lines.tier, lines.amount_min, lines.open_ended),
            ("group", 1, 0.0, True),
        )
        # a line a controller archived stays archived
        lines.active = False
        self.assertFalse(Company._dist_credit_create_defaults(staffed))

    def test_no_matrix_line_keeps_the_order_blocked(self):
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        line = self.release_of(order).review_ids.definition_id.dist_matrix_line_id
        line.active = False
        order = self.order(self.salesperson, 1300.0)
        self.as_user(order, self.salesperson).action_confirm()
        release = self.release_of(order)
        self.assertFalse(release.review_ids)
        self.assertEqual((release.state, order.state), ("draft", "draft"))
        self.assertIn("No line of the approval matrix", release.message_ids[0].body)

    def test_matrix_line_asking_a_comment(self):
        line = self.env["res.company"]._dist_credit_create_defaults(self.company)
        line.comment_required = True
        order = self.order(self.salesperson, 1200.0)
        self.as_user(order, self.salesperson).action_confirm()
        release = self.release_of(order)
        controller = self.as_user(release, self.credit_controller)
        controller.decision_note = "Director's guarantee"
        action = controller.validate_tier()
        self.assertEqual(action["res_model"], "comment.wizard")
        wizard = (
            self.as_user(self.env["comment.wizard"], self.credit_controller)
            .with_context(**action["context"])
            .create({"comment": "Guarantee on file"})
        )
        wizard.add_comment()
        self.assertEqual(release.state, "done")
        self.assertEqual(order.state, "sale")
