from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import FINANCE_CONTROLLER, DistFinanceCase

PARTNER_MANAGER = "base.group_partner_manager"


@tagged("post_install", "-at_install")
class TestPaymentApproval(DistFinanceCase):
    """Issue 21: vendor payments go through the approval matrix by amount
    band (shipped lines: a finance controller approves every vendor
    payment, a second one from 50,000), never approved by whoever posted a
    bill they pay, set up the bank account they pay to, or created them.
    Customer receipts are not governed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance_controller_2 = cls.role_user(
            "dist_fin_finance_controller_2", FINANCE_CONTROLLER
        )
        # a finance controller who also keeps vendors (and their bank
        # accounts): no conflicting pair forbids it
        cls.vendor_master = cls.role_user(
            "dist_fin_vendor_master", FINANCE_CONTROLLER, PARTNER_MANAGER
        )
        cls.lines = cls.env["dist.approval.matrix"]._dist_create_payment_defaults(
            cls.company
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "bank")], limit=1
        )

    # -- helpers -------------------------------------------------------------

    def posted_bill(self, poster, price=10.0, quantity=5):
        bill = self.vendor_bill(poster, quantity=quantity, price=price)
        self.as_user(bill, poster).action_post()
        return bill

    def register(self, bills, user, **values):
        """`user` presses Register Payment on `bills`; the payments made."""
        wizard = (
            self.as_user(self.env["account.payment.register"], user)
            .with_context(
                active_model="account.move",
                active_ids=bills.ids,
                # as the bill's Pay button does
                dont_redirect_to_payments=True,
            )
            .create({"journal_id": self.bank_journal.id, **values})
        )
        before = bills.matched_payment_ids
        wizard.action_create_payments()
        bills.invalidate_recordset(["matched_payment_ids"])
        return bills.matched_payment_ids - before

    def vendor_payment(self, user, amount=100.0, **values):
        return self.as_user(self.env["account.payment"], user).create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": self.vendor.id,
                "amount": amount,
                "journal_id": self.bank_journal.id,
                **values,
            }
        )

    # -- the shipped matrix --------------------------------------------------

    def test_shipped_bands_for_companies_with_a_finance_controller(self):
        doc_type = self.env.ref(
            "dist_finance_controls.approval_document_type_vendor_payment"
        )
        self.assertEqual(doc_type.model, "account.payment")
        lines = self.env["dist.approval.matrix"].search(
            [
                ("company_id", "=", self.company.id),
                ("document_type_id", "=", doc_type.id),
            ]
        )
        self.assertEqual(
            sorted(lines.mapped(lambda line: (line.amount_min, line.tier))),
            [(0.0, 1), (50000.0, 2)],
        )
        self.assertEqual(
            lines.approver_group_id,
            self.env.ref("dist_finance_controls.group_finance_controller"),
        )
        # a second call adds nothing
        Matrix = self.env["dist.approval.matrix"]
        self.assertFalse(Matrix._dist_create_payment_defaults(self.company))
        # a company where no finance controller works gets no line nobody
        # could approve
        empty = self.env["res.company"].create({"name": "No finance staff Ltd"})
        self.assertFalse(Matrix._dist_create_payment_defaults(empty))

    def test_amount_is_unsigned_in_company_currency(self):
        payment = self.vendor_payment(self.ap_clerk, amount=120.0)
        self.assertEqual(payment.dist_amount_cc, 120.0)
        self.as_user(payment, self.finance_controller).request_validation()
        self.as_user(payment, self.finance_controller_2).validate_tier()
        self.as_user(payment, self.ap_clerk).action_post()
        self.assertLess(payment.amount_company_currency_signed, 0)
        self.assertEqual(payment.dist_amount_cc, 120.0)

    def test_bands_read_the_amount_in_company_currency(self):
        foreign = self.env.ref("base.EUR")
        if foreign == self.company.currency_id:
            foreign = self.env.ref("base.USD")
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2026-01-01",
                "currency_id": foreign.id,
                "company_id": self.company.id,
                # half a unit of it per unit of the company's currency
                "rate": 0.5,
            }
        )
        payment = self.vendor_payment(
            self.ap_clerk, amount=30000.0, currency_id=foreign.id
        )
        self.assertEqual(payment.dist_amount_cc, 60000.0)
        self.as_user(payment, self.ap_clerk).request_validation()
        # 30,000 in the payment's currency, 60,000 in the company's: two tiers
        self.assertEqual(len(payment.review_ids), 2)

    # -- the flow from the bill ------------------------------------------------

    def test_register_payment_waits_for_the_controller_then_the_clerk_posts(self):
        bill = self.posted_bill(self.ap_clerk)
        self.assertEqual(bill.dist_posted_by_id, self.ap_clerk)
        payment = self.register(bill, self.ap_clerk)
        self.assertEqual(len(payment), 1)
        # not posted in one click: draft, validation asked, bill unpaid
        self.assertEqual(payment.state, "draft")
        self.assertIn(payment.validation_status, ("waiting", "pending"))
        self.assertEqual(payment.review_ids.requested_by, self.ap_clerk)
        self.assertEqual(payment.invoice_ids, bill)
        self.assertEqual(bill.payment_state, "not_paid")
        # the bill says what comes next (its Pay button stays on the bill),
        # to whoever opens it
        self.assertTrue(bill.dist_payment_waiting)
        buyer = self.role_user("dist_fin_pay_buyer", "dist_purchase_policy.group_buyer")
        values, __ = self.web_open_form(bill, buyer)
        self.assertTrue(values["dist_payment_waiting"])
        self.assertIn("waits for approval", bill.message_ids[0].body)
        self.assertIn("Finance controller", bill.message_ids[0].body)
        # and the bill is not paid a second time meanwhile
        with self.assertRaises(UserError) as twice:
            self.register(bill, self.ap_clerk)
        self.assertIn(bill.display_name, str(twice.exception))
        with self.assertRaises(ValidationError) as waiting:
            self.as_user(payment, self.ap_clerk).action_post()
        self.assertIn("needs approval before it can be posted", str(waiting.exception))
        self.assertIn("50.00", str(waiting.exception))
        self.assertIn("Finance controller", str(waiting.exception))
        # the clerk posted the bill and asked for the approval
        with self.assertRaises(UserError):
            self.as_user(payment, self.ap_clerk).validate_tier()
        self.as_user(payment, self.finance_controller).validate_tier()
        self.assertEqual(payment.validation_status, "validated")
        self.as_user(payment, self.ap_clerk).action_post()
        self.assertIn(payment.state, ("in_process", "paid"))
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertFalse(bill.dist_payment_waiting)

    def test_controller_finds_the_payments_waiting_for_them(self):
        payment = self.register(self.posted_bill(self.ap_clerk), self.ap_clerk)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_account_payments_payable"
        )
        action["context"] = safe_eval(action["context"])
        # the list's filter "Needs my Review"
        action["domain"] = [
            ("reviewer_ids", "in", self.finance_controller.ids),
            ("state", "=", "draft"),
        ]
        listed, __, __ = self.web_open(action, self.finance_controller)
        self.assertIn(payment, listed)

    def test_a_rejected_payment_is_not_posted(self):
        bill = self.posted_bill(self.ap_clerk)
        payment = self.register(bill, self.ap_clerk)
        self.as_user(payment, self.finance_controller).reject_tier()
        self.assertEqual(payment.validation_status, "rejected")
        with self.assertRaises(ValidationError) as refused:
            self.as_user(payment, self.ap_clerk).action_post()
        self.assertIn("rejected", str(refused.exception))
        self.assertEqual(bill.payment_state, "not_paid")
        # a rejected payment does not keep the bill from being paid otherwise
        self.as_user(payment, self.ap_clerk).action_cancel()
        self.assertTrue(self.register(bill, self.ap_clerk))

    def test_grouped_payment_of_several_bills_is_approved_once(self):
        bills = self.posted_bill(self.ap_clerk) | self.posted_bill(
            self.finance_controller, price=20.0
        )
        payment = self.register(bills, self.ap_clerk, group_payment=True)
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.invoice_ids, bills)
        self.assertEqual(payment.amount, 150.0)
        # the controller posted one of the bills: not theirs to approve
        with self.assertRaises(UserError) as refused:
            self.as_user(payment, self.finance_controller).validate_tier()
        self.assertIn("posted", str(refused.exception))
        self.assertIn(bills[1].display_name, str(refused.exception))
        self.as_user(payment, self.finance_controller_2).validate_tier()
        self.as_user(payment, self.ap_clerk).action_post()
        self.assertEqual(
            set(bills.mapped("payment_state")) - {"paid", "in_payment"}, set()
        )

    def test_higher_band_needs_a_second_controller(self):
        bill = self.posted_bill(self.ap_clerk, price=12000.0)
        payment = self.register(bill, self.ap_clerk)
        self.assertEqual(payment.dist_amount_cc, 60000.0)
        self.assertEqual(len(payment.review_ids), 2)
        self.as_user(payment, self.finance_controller).validate_tier()
        with self.assertRaises(UserError):
            self.as_user(payment, self.finance_controller).validate_tier()
        self.as_user(payment, self.finance_controller_2).validate_tier()
        self.assertEqual(payment.validation_status, "validated")

    def test_reset_and_cancel_by_the_clerk_ask_a_new_approval(self):
        payment = self.register(self.posted_bill(self.ap_clerk), self.ap_clerk)
        self.as_user(payment, self.finance_controller).validate_tier()
        clerk_payment = self.as_user(payment, self.ap_clerk)
        clerk_payment.action_post()
        clerk_payment.action_draft()
        self.assertEqual(payment.state, "draft")
        # the approval covered the payment as it was posted
        self.assertFalse(payment.review_ids)
        with self.assertRaises(ValidationError):
            clerk_payment.action_post()
        clerk_payment.request_validation()
        self.as_user(payment, self.finance_controller_2).validate_tier()
        clerk_payment.action_post()
        self.assertIn(payment.state, ("in_process", "paid"))
        clerk_payment.action_draft()
        clerk_payment.action_cancel()
        self.assertEqual(payment.state, "canceled")
        self.assertFalse(payment.review_ids)

    def test_customer_receipts_are_not_governed(self):
        receipt = self.as_user(self.env["account.payment"], self.ap_clerk).create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 90000.0,
                "journal_id": self.bank_journal.id,
            }
        )
        self.assertFalse(receipt.need_validation)
        self.as_user(receipt, self.ap_clerk).action_post()
        self.assertIn(receipt.state, ("in_process", "paid"))

    # -- who may not approve -----------------------------------------------------

    def test_bill_poster_may_not_approve_its_payment(self):
        bill = self.posted_bill(self.finance_controller)
        self.assertEqual(bill.dist_posted_by_id, self.finance_controller)
        payment = self.register(bill, self.ap_clerk)
        with self.assertRaises(UserError) as refused:
            self.as_user(payment, self.finance_controller).validate_tier()
        message = str(refused.exception)
        self.assertIn("Segregation of duties", message)
        self.assertIn(bill.display_name, message)
        self.assertIn(payment.validation_status, ("waiting", "pending"))
        self.as_user(payment, self.finance_controller_2).validate_tier()
        self.assertEqual(payment.validation_status, "validated")

    def test_bank_account_creator_may_not_approve_payments_to_it(self):
        bank = self.as_user(self.env["res.partner.bank"], self.vendor_master).create(
            {"acc_number": "NL91ABNA0417164300", "partner_id": self.vendor.id}
        )
        self.assertEqual(bank.dist_details_changed_by_id, self.vendor_master)
        payment = self.vendor_payment(self.ap_clerk, partner_bank_id=bank.id)
        self.as_user(payment, self.ap_clerk).request_validation()
        with self.assertRaises(UserError) as refused:
            self.as_user(payment, self.vendor_master).validate_tier()
        self.assertIn("bank account", str(refused.exception))
        self.as_user(payment, self.finance_controller).validate_tier()
        self.assertEqual(payment.validation_status, "validated")

    def test_bank_account_editor_may_not_approve_payments_to_it(self):
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "DE89370400440532013000", "partner_id": self.vendor.id}
        )
        editor = self.as_user(bank, self.vendor_master)
        # changing what does not redirect the money does not count
        editor.write({"acc_holder_name": "Valve Works Ltd"})
        self.assertNotEqual(bank.dist_details_changed_by_id, self.vendor_master)
        editor.write({"acc_number": "DE89370400440532013001"})
        self.assertEqual(bank.dist_details_changed_by_id, self.vendor_master)
        # the account's form says who and when
        values, __ = self.web_open_form(bank, self.vendor_master)
        self.assertEqual(
            values["dist_details_changed_by_id"]["id"], self.vendor_master.id
        )
        self.assertTrue(values["dist_details_changed_at"])
        payment = self.vendor_payment(self.ap_clerk, partner_bank_id=bank.id)
        self.as_user(payment, self.ap_clerk).request_validation()
        with self.assertRaises(UserError):
            self.as_user(payment, self.vendor_master).validate_tier()
        self.as_user(payment, self.finance_controller).validate_tier()

    def test_a_bank_account_changed_after_the_approval_stops_the_payment(self):
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "BE71096123456769", "partner_id": self.vendor.id}
        )
        payment = self.vendor_payment(self.ap_clerk, partner_bank_id=bank.id)
        with freeze_time("2026-12-07 09:00:00"):
            self.as_user(payment, self.ap_clerk).request_validation()
            self.as_user(payment, self.finance_controller).validate_tier()
        with freeze_time("2026-12-07 10:00:00"):
            self.as_user(bank, self.vendor_master).write(
                {"acc_number": "BE71096123456770"}
            )
        with self.assertRaises(ValidationError) as refused:
            self.as_user(payment, self.ap_clerk).action_post()
        self.assertIn("after the payment", str(refused.exception))
        self.assertEqual(payment.state, "draft")
        # approved again for the account as it is now, by someone who did
        # not change it
        self.as_user(payment, self.ap_clerk).restart_validation()
        self.as_user(payment, self.ap_clerk).request_validation()
        with self.assertRaises(UserError):
            self.as_user(payment, self.vendor_master).validate_tier()
        self.as_user(payment, self.finance_controller).validate_tier()
        self.as_user(payment, self.ap_clerk).action_post()
        self.assertIn(payment.state, ("in_process", "paid"))

    def test_payment_creator_may_not_approve_it(self):
        payment = self.vendor_payment(self.finance_controller)
        self.as_user(payment, self.finance_controller).request_validation()
        with self.assertRaises(UserError) as refused:
            self.as_user(payment, self.finance_controller).validate_tier()
        self.assertIn("created", str(refused.exception))
        self.as_user(payment, self.finance_controller_2).validate_tier()
        self.assertEqual(payment.validation_status, "validated")

    def test_controller_of_another_company_cannot_approve(self):
        company_b = self.env["res.company"].create({"name": "Import company B"})
        controller_b = self.company_user(
            "dist_fin_controller_b", FINANCE_CONTROLLER, company=company_b
        )
        payment = self.register(self.posted_bill(self.ap_clerk), self.ap_clerk)
        self.assertNotIn(controller_b, payment.review_ids.reviewer_ids)
        with self.assertRaises(AccessError):
            self.as_user(payment, controller_b).validate_tier()
        self.assertIn(payment.validation_status, ("waiting", "pending"))

    # -- RPC paths and bad input -------------------------------------------------

    def test_direct_writes_are_refused(self):
        bill = self.posted_bill(self.ap_clerk)
        payment = self.register(bill, self.ap_clerk)
        clerk_payment = self.as_user(payment, self.ap_clerk)
        with self.assertRaises(ValidationError):
            clerk_payment.write({"state": "in_process"})
        with self.assertRaises(AccessError):
            clerk_payment.write({"dist_amount_cc": 1.0})
        with self.assertRaises(AccessError):
            self.as_user(payment.review_ids, self.ap_clerk).write(
                {"status": "approved"}
            )
        # refused as a change under validation before it reaches the reviews
        with self.assertRaises(ValidationError):
            clerk_payment.write(
                {"review_ids": [Command.unlink(payment.review_ids[:1].id)]}
            )
        # who posted the bill is the system's field: no user writes it
        with self.assertRaises(AccessError):
            self.as_user(bill, self.finance_controller).write(
                {"dist_posted_by_id": self.finance_controller_2.id}
            )
        bank = self.as_user(self.env["res.partner.bank"], self.vendor_master).create(
            {
                "acc_number": "FR7630006000011234567890189",
                "partner_id": self.vendor.id,
                "dist_details_changed_by_id": self.finance_controller.id,
            }
        )
        # whoever creates it is recorded, not whom they name
        self.assertEqual(bank.dist_details_changed_by_id, self.vendor_master)
        with self.assertRaises(AccessError):
            self.as_user(bank, self.vendor_master).write(
                {"dist_details_changed_by_id": self.finance_controller.id}
            )
        self.assertEqual(payment.state, "draft")
        self.assertIn(payment.validation_status, ("waiting", "pending"))
