from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WmsCase

END_OF_5_JUNE = datetime(2026, 6, 5, 23, 59, 59)
END_OF_11_JUNE = datetime(2026, 6, 11, 23, 59, 59)


@tagged("post_install", "-at_install")
class TestAvailableToPromise(WmsCase):
    """30 valves on hand, 10 claimed by an open delivery, 50 due from the
    vendor on 11 June; today is 1 June. The company has no time zone: its
    days are UTC days, and a promise for a day holds until it ends."""

    freeze_time = "2026-06-01 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.salesman = cls.role_user(
            "dist_wms_salesman", "sales_team.group_sale_salesman", **company
        )
        cls.closer = cls.role_user(
            "dist_wms_closer",
            "sales_team.group_sale_salesman",
            "dist_wms_rules.group_promise_override",
            **company,
        )
        cls.env["stock.quant"]._update_available_quantity(cls.valve, cls.stock, 30)
        claim = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.out_type_id.id,
                "partner_id": cls.customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "claim",
                            "product_id": cls.valve.id,
                            "product_uom_qty": 10,
                            "location_id": cls.stock.id,
                            "location_dest_id": cls.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        claim.action_confirm()
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.valve.product_tmpl_id.id,
                "delay": 20,
                "company_id": cls.company.id,
            }
        )
        order = cls.purchase({cls.valve: 50})
        order.order_line.date_planned = datetime(2026, 6, 11, 9, 0)
        order.picking_ids.move_ids.date = datetime(2026, 6, 11, 9, 0)

    def quotation(self, user, lines, commitment=datetime(2026, 6, 5, 12, 0)):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "warehouse_id": self.warehouse.id,
                    "commitment_date": commitment,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                        for product, qty in lines
                    ],
                }
            )
        )

    def test_refused_with_the_earliest_date_of_each_line(self):
        order = self.quotation(
            self.salesman, [(self.valve, 15), (self.valve, 30), (self.tape, 5)]
        )
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.salesman).action_confirm()
        message = str(refusal.exception)
        # 15 from the 20 free; the next 30 only once the 11 June receipt is in
        self.assertIn("earliest 2026-06-11", message)
        self.assertIn("5.0 available", message)
        self.assertIn("PTFE tape", message)
        self.assertIn("no date", message)
        self.assertNotIn("15.0 Units", message)
        self.assertEqual(order.state, "draft")
        # the quotation's button shows the same without refusing
        order.with_user(self.salesman).action_dist_check_availability()
        first, second, tape = order.order_line
        self.assertEqual(first.dist_atp_source, "stock")
        self.assertEqual(first.dist_atp_qty, 20)
        self.assertEqual(first.dist_promise_date, END_OF_5_JUNE)
        self.assertEqual(second.dist_atp_source, "short")
        self.assertEqual(second.dist_earliest_date, END_OF_11_JUNE)
        self.assertEqual(tape.dist_atp_source, "short")
        self.assertFalse(tape.dist_earliest_date)

    def test_without_the_check_an_order_beyond_stock_confirms_as_in_odoo(self):
        """A company that has not turned the check on (a new company)
        confirms beyond available-to-promise, as Odoo does."""
        fresh = self.env["res.company"].create({"name": "Fresh Wholesale"})
        self.assertFalse(fresh.dist_atp_check)
        self.company.dist_atp_check = False
        order = self.quotation(self.salesman, [(self.valve, 45), (self.tape, 5)])
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_met_orders_confirm_with_promise_dates(self):
        order = self.quotation(self.salesman, [(self.valve, 20)])
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.dist_promise_date, END_OF_5_JUNE)
        # the receipt due by the commitment date counts; the vendor's 20
        # days do not reach 15 June but the receipt does
        later = self.quotation(
            self.salesman, [(self.valve, 40)], commitment=datetime(2026, 6, 15)
        )
        later.with_user(self.salesman).action_confirm()
        self.assertEqual(later.order_line.dist_atp_source, "receipt")
        # 30 + 50 - 10 - 20 - 40 = 10 left; 30 more only by ordering (20 days)
        by_vendor = self.quotation(
            self.salesman, [(self.valve, 30)], commitment=datetime(2026, 6, 25)
        )
        by_vendor.with_user(self.salesman).action_confirm()
        self.assertEqual(by_vendor.order_line.dist_atp_source, "lead_time")

    def test_override_is_allowed_to_the_right_holder_and_logged(self):
        order = self.quotation(self.closer, [(self.valve, 45)])
        action = order.with_user(self.closer).action_confirm()
        self.assertEqual(action["res_model"], "sale.order.promise.override")
        self.assertEqual(order.state, "draft")
        wizard = (
            self.env["sale.order.promise.override"]
            .browse(action["res_id"])
            .with_user(self.closer)
        )
        self.assertIn("earliest 2026-06-11", wizard.summary)
        with self.assertRaises(UserError):
            wizard.write({"reason": "  "})
            wizard.action_confirm()
        wizard.reason = "Customer accepts delivery on 11 June"
        wizard.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.dist_promise_date, END_OF_11_JUNE)
        entry = self.env["dist.audit.entry"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(entry.event, "promise_override")
        self.assertEqual(entry.user_id, self.closer)
        self.assertEqual(entry.new_value, "Customer accepts delivery on 11 June")
        self.assertIn("earliest 2026-06-11", entry.old_value)
        # without the right, the same context does not skip the check
        other = self.quotation(self.salesman, [(self.valve, 45)])
        with self.assertRaises(UserError):
            other.with_user(self.salesman).with_context(
                dist_promise_override_reason="I say so"
            ).action_confirm()

    def test_query_count_does_not_grow_with_the_lines(self):
        products = [self.product(f"Fitting {n}") for n in range(40)]
        for product in products:
            self.env["stock.quant"]._update_available_quantity(product, self.stock, 5)
        counts = []
        for size in (5, 40):
            order = self.quotation(
                self.salesman, [(product, 1) for product in products[:size]]
            ).with_user(self.salesman)
            # the second check of each order is counted: the first also
            # loads what every check shares (access rules, company)
            for _check in range(2):
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                order._dist_check_promises()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(set(order.order_line.mapped("dist_atp_source")), {"stock"})
        self.assertEqual(counts[0], counts[1])
