from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import CONTROL_TOWER_ROLES

from .common import DistFinanceCase

# the figures are read for the window ending on 10 June (30 days from 12 May)
DAY = date(2026, 6, 10)


class FinanceKpiCase(DistFinanceCase):
    """Deliveries in and before the window; helpers for bills, invoices,
    payments and the exceptions the finance KPIs count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "UTC"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.fittings = cls.env["product.category"].create({"name": "Fittings"})
        cls.elbow = cls.env["product.product"].create(
            {
                "name": "Brass elbow 22mm",
                "is_storable": True,
                "categ_id": cls.fittings.id,
                "standard_price": 20.0,
                "list_price": 30.0,
            }
        )
        (cls.product | cls.elbow).write(
            {"taxes_id": [Command.clear()], "supplier_taxes_id": [Command.clear()]}
        )
        cls.customer.dist_service_tier = "key"
        cls.strategic = cls.env["res.partner"].create(
            {"name": "Metro Builders", "dist_service_tier": "strategic"}
        )
        # deliveries: one before the window, two in it
        with freeze_time("2026-04-01 10:00:00"):
            cls.old_sale = cls.deliver(cls.customer, cls.product, 1, 100.0)
        with freeze_time("2026-06-09 10:00:00"):
            # 5 valves at 16, cost 10 each: margin 30 on 80
            cls.sale_key = cls.deliver(cls.customer, cls.product, 5, 16.0)
            # 2 elbows at 30 less 10 %, cost 20 each: margin 14 on 54
            cls.sale_strategic = cls.deliver(
                cls.strategic, cls.elbow, 2, 30.0, discount=10.0
            )

    @classmethod
    def deliver(cls, customer, product, quantity, price, discount=0.0):
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "discount": discount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = quantity
        delivery.move_ids.picked = True
        delivery.button_validate()
        return order

    def compute(self, code, day=DAY):
        kpi = self.env.ref(f"dist_finance_controls.kpi_{code}")
        return kpi._dist_compute(*kpi._dist_window(day, self.company), self.company.ids)

    def value(self, code, day=DAY):
        kpi = self.env.ref(f"dist_finance_controls.kpi_{code}")
        return kpi._dist_value(*self.compute(code, day))

    def drilled(self, code, user, day=DAY):
        """The records the drill-down lists to `user`."""
        kpi = self.as_user(self.env.ref(f"dist_finance_controls.kpi_{code}"), user)
        action = getattr(kpi, f"_kpi_drill_{code}")(
            *kpi._dist_window(day, self.company), self.company
        )
        return (
            self.as_user(self.env[action["res_model"]], user)
            .with_context(active_test=False)
            .search(action["domain"])
        )

    def pay(self, moves, amount, day):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"amount": amount, "payment_date": day})._create_payments()

    def exception_type(self, code):
        """The type the credit review or the three-way match ships; made
        here when that part of the addon is not there."""
        Type = self.env["dist.exception.type"]
        return Type.search([("code", "=", code)], limit=1) or Type.create(
            {
                "code": code,
                "name": code,
                "source_module": "dist_finance_controls",
                "owner_group_id": self.env.ref(
                    "dist_finance_controls.group_finance_controller"
                ).id,
            }
        )

    def invoice(self, amount, day):
        """A posted customer invoice of `amount` (untaxed) to the customer."""
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": day,
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
        move.action_post()
        return move

    def _purchase_and_bill(self):
        """10 valves billed at 11 and 4 elbows billed at 18; the orders' prices
        are 10 and 20: a price variance of 10 + 8. The order prices are set
        after the bill is posted (as set-up: no tolerance check of the
        three-way match in the way); the KPI reads them as they stand."""
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 10,
                            "price_unit": 11,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.elbow.id,
                            "product_qty": 4,
                            "price_unit": 18,
                        }
                    ),
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        order.action_create_invoice()
        bill = order.invoice_ids
        bill.write({"invoice_date": "2026-06-09", "date": "2026-06-09"})
        self.as_user(bill, self.ap_clerk).action_post()
        valves, elbows = order.order_line
        valves.price_unit = 10
        elbows.price_unit = 20
        return bill


@tagged("post_install", "-at_install")
class TestFinanceKpi(FinanceKpiCase):
    """Every finance KPI against a hand count of invoices, bills, payments,
    deliveries and exceptions made here, and its drill-down listing the
    same records, for the finance and credit controllers."""

    def test_gross_margin_of_delivered_sales(self):
        numerator, denominator = self.compute("gross_margin")
        self.assertAlmostEqual(numerator, 30.0 + 14.0)
        self.assertAlmostEqual(denominator, 80.0 + 54.0)
        self.assertAlmostEqual(self.value("gross_margin"), 44.0 / 134.0 * 100)
        moves = self.drilled("gross_margin", self.finance_controller)
        self.assertEqual(
            moves, (self.sale_key | self.sale_strategic).picking_ids.move_ids
        )
        # per customer segment and product family, from the snapshot
        kpi = self.env.ref("dist_finance_controls.kpi_gross_margin")
        with freeze_time("2026-06-11 09:00:00"):
            kpi._dist_refresh(DAY, self.company)
        snapshots = self.env["dist.kpi.snapshot"].search(
            [("kpi_id", "=", kpi.id), ("date", "=", DAY)]
        )
        segments = {
            s.customer_segment: round(s.value, 2)
            for s in snapshots.filtered(lambda s: s.dimension == "customer_segment")
        }
        self.assertEqual(segments, {"key": 37.5, "strategic": round(1400 / 54, 2)})
        families = {
            s.categ_id: round(s.value, 2)
            for s in snapshots.filtered(lambda s: s.dimension == "product_family")
        }
        self.assertEqual(
            families,
            {self.product.categ_id: 37.5, self.fittings: round(1400 / 54, 2)},
        )
        total = snapshots.filtered(
            lambda s: s.dimension == "total" and s.warehouse_id == self.warehouse
        )
        self.assertAlmostEqual(total.value, 44.0 / 134.0 * 100, places=2)

    def test_price_variance_value_of_posted_bills(self):
        bill = self._purchase_and_bill()
        self.assertEqual(bill.amount_total, 182.0)
        self.assertAlmostEqual(self.value("price_variance_value"), 18.0)
        # a bill dated before the window does not count
        old = self.vendor_bill(self.ap_clerk, invoice_date="2026-04-01")
        old.action_post()
        self.assertAlmostEqual(self.value("price_variance_value"), 18.0)
        lines = self.drilled("price_variance_value", self.finance_controller)
        self.assertEqual(lines, bill.invoice_line_ids)

    def test_days_payable_outstanding(self):
        """A bill of 50 from April still open, the bill of 182 of the window
        paid 82: (50 + 182 - 82) / 182 x 30 days."""
        old = self.vendor_bill(self.ap_clerk, invoice_date="2026-04-01")
        self.as_user(old, self.ap_clerk).action_post()
        bill = self._purchase_and_bill()
        self.pay(bill, 82.0, "2026-06-09")
        numerator, denominator = self.compute("days_payable_outstanding")
        self.assertAlmostEqual(denominator, 182.0)
        self.assertAlmostEqual(numerator, 150.0 * 30)
        self.assertAlmostEqual(self.value("days_payable_outstanding"), 150 / 182 * 30)
        lines = self.drilled("days_payable_outstanding", self.finance_controller)
        self.assertEqual(
            lines.move_id,
            old | bill | bill.line_ids.matched_debit_ids.debit_move_id.move_id,
        )

    def test_days_sales_outstanding(self):
        """An invoice of 100 from April still open, invoices of 80 and 54 in
        the window, the 54 paid: (100 + 80) / 134 x 30 days."""

        self.invoice(100.0, "2026-04-01")
        self.invoice(80.0, "2026-06-09")
        paid = self.invoice(54.0, "2026-06-09")
        self.pay(paid, 54.0, "2026-06-10")
        numerator, denominator = self.compute("days_sales_outstanding")
        self.assertAlmostEqual(denominator, 134.0)
        self.assertAlmostEqual(numerator, 180.0 * 30)
        self.assertAlmostEqual(self.value("days_sales_outstanding"), 180 / 134 * 30)
        # a payment dated after the window's end is not in its figure
        self.assertAlmostEqual(
            self.value("days_sales_outstanding", day=date(2026, 6, 9)), 234 / 134 * 30
        )
        lines = self.drilled("days_sales_outstanding", self.credit_controller)
        # with a company in another zone in the same statement (each company
        # its own local days): the same figure for this one
        other = self.env["res.company"].create({"name": "Tasman Trading"})
        other.partner_id.tz = "Pacific/Auckland"
        kpi = self.env.ref("dist_finance_controls.kpi_days_sales_outstanding")
        both = self.company | other
        self.assertEqual(
            kpi._dist_compute(*kpi._dist_bounds(DAY, both), both.ids),
            (numerator, denominator),
        )
        # the 3 invoices' receivable lines and the payment's
        self.assertEqual(len(lines), 4)

    def test_credit_blocked_orders_and_their_release_time(self):
        self.exception_type("credit_blocked")
        Exception = self.env["dist.exception"]
        cause = self.env.ref("dist_governance.root_cause_customer")

        def block(moment, released=None):
            order = self.env["sale.order"].create({"partner_id": self.customer.id})
            with freeze_time(moment):
                exception = Exception.raise_exception(
                    "credit_blocked",
                    order,
                    f"{order.name} over the credit limit",
                    partner_id=self.customer.id,
                    warehouse_id=self.warehouse.id,
                )
            if released:
                with freeze_time(released):
                    exception.root_cause_id = cause
                    exception.action_resolve()
            return exception

        block("2026-04-01 08:00:00", "2026-04-01 10:00:00")  # before the window
        six = block("2026-06-01 08:00:00", "2026-06-01 14:00:00")
        day = block("2026-06-05 09:00:00", "2026-06-06 09:00:00")
        waiting = block("2026-06-09 10:00:00")
        self.assertEqual(self.value("credit_blocked_orders"), 3)
        self.assertAlmostEqual(self.value("credit_release_time"), (6 + 24) / 2)
        self.assertEqual(
            self.drilled("credit_blocked_orders", self.credit_controller),
            six | day | waiting,
        )
        self.assertEqual(
            self.drilled("credit_release_time", self.credit_controller), six | day
        )
        kpi = self.env.ref("dist_finance_controls.kpi_credit_blocked_orders")
        with freeze_time("2026-06-11 09:00:00"):
            kpi._dist_refresh(DAY, self.company)
        segment = self.env["dist.kpi.snapshot"].search(
            [
                ("kpi_id", "=", kpi.id),
                ("date", "=", DAY),
                ("dimension", "=", "customer_segment"),
            ]
        )
        self.assertEqual(segment.mapped("customer_segment"), ["key"])
        self.assertEqual(segment.value, 3)

    def test_bills_on_hold_at_the_end_of_the_day(self):
        self.exception_type("price_variance")
        self.exception_type("quantity_variance")
        Exception = self.env["dist.exception"]
        cause = self.env.ref("dist_governance.root_cause_master_data")
        both, released, fresh, other = (
            self.vendor_bill(self.ap_clerk) for _i in range(4)
        )
        with freeze_time("2026-06-08 10:00:00"):
            held = Exception.raise_exception("price_variance", released, "price")
        with freeze_time("2026-06-09 10:00:00"):
            held.root_cause_id = cause
            held.action_resolve()
            # two variances on one bill: one bill on hold
            Exception.raise_exception("price_variance", both, "price")
            Exception.raise_exception("quantity_variance", both, "quantity")
            cancelled = Exception.raise_exception("price_variance", other, "price")
            cancelled.action_cancel()
        with freeze_time("2026-06-10 22:00:00"):
            Exception.raise_exception("quantity_variance", fresh, "quantity")
        self.assertEqual(self.value("bills_on_hold"), 2)
        self.assertEqual(
            self.drilled("bills_on_hold", self.finance_controller), both | fresh
        )
        # at the end of 8 June only the bill released on 9 June was on hold
        self.assertEqual(self.value("bills_on_hold", day=date(2026, 6, 8)), 1)
        self.assertEqual(
            self.drilled("bills_on_hold", self.ap_clerk, day=date(2026, 6, 8)),
            released,
        )


@tagged("post_install", "-at_install")
class TestFinanceKpiAccess(FinanceKpiCase):
    """Executives, process owners and governance controllers open the
    records behind every finance tile, read-only, in their companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "Northgate Finance"})
        cls.users = cls.company_role_users(
            "dist_fin_ct", cls.company | cls.other, CONTROL_TOWER_ROLES
        )

    @freeze_time("2026-06-11 09:00:00")
    def test_every_finance_tile_opens_read_only_for_the_control_tower_roles(self):
        for code in ("credit_blocked", "price_variance"):
            self.exception_type(code)
        bill = self._purchase_and_bill()
        self.pay(bill, 82.0, "2026-06-09")
        invoice = self.invoice(80.0, "2026-06-09")
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        Exception = self.env["dist.exception"]
        with freeze_time("2026-06-09 08:00:00"):
            released = Exception.raise_exception(
                "credit_blocked", order, "over the limit", partner_id=self.customer.id
            )
            hold = Exception.raise_exception("price_variance", bill, "price")
        with freeze_time("2026-06-09 12:00:00"):
            released.root_cause_id = self.env.ref("dist_governance.root_cause_customer")
            released.action_resolve()
        payable = bill.line_ids.filtered(
            lambda line: line.account_id.account_type == "liability_payable"
        )
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        records = {
            "gross_margin": (self.sale_key | self.sale_strategic).picking_ids.move_ids,
            "price_variance_value": bill.invoice_line_ids,
            "days_payable_outstanding": payable,
            "days_sales_outstanding": receivable,
            "credit_blocked_orders": released,
            "credit_release_time": released,
            "bills_on_hold": hold._source_record(),
        }
        kpis = self.env["dist.kpi"].search([("feeder", "=", "dist_finance_controls")])
        self.assertEqual(set(kpis.mapped("code")), set(records))
        for kpi in kpis:
            for role in CONTROL_TOWER_ROLES:
                with self.subTest(kpi=kpi.code, role=role):
                    user = self.users[role, self.company]
                    action = self.as_user(kpi, user).action_drill()
                    self.assert_opens_read_only(
                        action,
                        user,
                        records[kpi.code],
                        # exceptions stay workable by every role
                        editable=action["res_model"] == "dist.exception",
                    )
                    self.assert_hidden_from(
                        records[kpi.code], self.users[role, self.other]
                    )
