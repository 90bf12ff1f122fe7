from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import FINANCE_CONTROLLER, DistFinanceCase

WAREHOUSE_MANAGER = "dist_wms_rules.group_warehouse_manager"


class LandedCostCase(DistFinanceCase):
    """The import company's freight, duty and insurance allocated to
    receipts with Odoo's landed costs; a landed cost validated after its
    goods shipped, or a receipt still without one N days after it was done,
    is a valuation-timing exception for the finance controller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_manager = cls.role_user(
            "dist_fin_lc_warehouse_manager", WAREHOUSE_MANAGER
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        # imports are valued at FIFO with automated entries: the landed cost
        # reaches the stock valuation
        cls.fifo = cls.env["product.category"].create(
            {
                "name": "Imported valves",
                "property_cost_method": "fifo",
                "property_valuation": "real_time",
            }
        )
        cls.imported = cls.env["product.product"].create(
            {
                "name": "Gate valve DN50 (import)",
                "is_storable": True,
                "categ_id": cls.fifo.id,
                "standard_price": 10.0,
            }
        )
        cls.freight = cls.env.ref("dist_finance_controls.product_landed_cost_freight")
        cls.expense = cls.env["account.account"].search(
            [
                ("company_ids", "in", cls.company.ids),
                ("account_type", "=", "expense"),
            ],
            limit=1,
        )

    @classmethod
    def receive(
        cls, quantity, price=10.0, company=None, partner=None, product=None, done=None
    ):
        """A receipt of `quantity` units, done (as set-up, not under test),
        at the moment `done` if given."""
        company = company or cls.company
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        product = product or cls.imported
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": (partner or cls.vendor).id,
                "location_id": env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "company_id": company.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "price_unit": price,
                            "location_id": env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                            "company_id": company.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = quantity
        picking.move_ids.picked = True
        picking.button_validate()
        if done:
            picking.date_done = done
        return picking

    def ship(self, quantity, user=None):
        """A delivery of `quantity` units to the customer, validated by
        `user` (default: set-up)."""
        env = self.env(user=user) if user else self.env
        picking = env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.imported.name,
                            "product_id": self.imported.id,
                            "product_uom_qty": quantity,
                            "product_uom": self.imported.uom_id.id,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = quantity
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def landed_cost(self, user, receipt, amount=100.0):
        cost = self.as_user(self.env["stock.landed.cost"], user).create(
            {
                "picking_ids": [Command.set(receipt.ids)],
                "cost_lines": [
                    Command.create(
                        {
                            "product_id": self.freight.id,
                            "name": "Sea freight",
                            "price_unit": amount,
                            "split_method": "equal",
                            "account_id": self.expense.id,
                        }
                    )
                ],
            }
        )
        return cost

    def exceptions(self, record, code):
        return self.env["dist.exception"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("type_id.code", "=", code),
            ]
        )


@tagged("post_install", "-at_install")
class TestLandedCostTiming(LandedCostCase):
    """A landed cost validated after part of its goods shipped."""

    def test_landed_cost_before_shipping_is_all_stock_value(self):
        receipt = self.receive(10)
        cost = self.landed_cost(self.finance_controller, receipt)
        cost.button_validate()
        self.assertEqual(cost.state, "done")
        self.assertAlmostEqual(sum(cost.stock_valuation_layer_ids.mapped("value")), 100)
        self.assertFalse(self.exceptions(cost, "valuation_timing"))

    def test_landed_cost_after_shipping_raises_the_shipped_share(self):
        """10 received, 4 shipped, then 100 of freight validated: 40 went
        to cost of goods sold, 60 to the 6 still in stock."""
        receipt = self.receive(10)
        self.ship(4)
        cost = self.landed_cost(self.finance_controller, receipt)
        cost.button_validate()
        self.assertAlmostEqual(sum(cost.stock_valuation_layer_ids.mapped("value")), 60)
        exception = self.exceptions(cost, "valuation_timing")
        self.assertEqual(len(exception), 1)
        self.assertIn("after 4 units of", exception.summary)
        self.assertIn("40.00", exception.summary)
        self.assertIn(receipt.name, exception.summary)
        self.assertEqual(exception.owner_id, self.finance_controller)
        self.assertEqual(exception.company_id, self.company)
        self.assertEqual(exception.partner_id, self.vendor)
        self.assertEqual(exception.warehouse_id, self.warehouse)

    def test_goods_shipped_by_the_warehouse_before_the_freight_bill(self):
        """The warehouse manager ships the whole receipt; the freight
        validated afterwards is all cost of goods sold."""
        receipt = self.receive(5)
        self.ship(5, user=self.warehouse_manager)
        cost = self.landed_cost(self.finance_controller, receipt, amount=50.0)
        cost.button_validate()
        self.assertFalse(cost.stock_valuation_layer_ids)
        exception = self.exceptions(cost, "valuation_timing")
        self.assertIn("after 5 units of", exception.summary)
        self.assertIn("50.00", exception.summary)
        self.assertEqual(exception.owner_id, self.finance_controller)
        # validating it again is refused by Odoo: still one exception
        self.assertEqual(exception.recurrence_count, 1)

    def test_the_warehouse_manager_cannot_book_landed_costs(self):
        """Landed costs write journal entries: the finance controller's,
        not the warehouse's (Odoo's own accounting rights)."""
        receipt = self.receive(5)
        cost = self.landed_cost(self.warehouse_manager, receipt, amount=50.0)
        with self.assertRaises(AccessError):
            cost.button_validate()

    # ------------------------------------------------------------------
    # settings
    # ------------------------------------------------------------------

    def test_negative_days_are_refused_naming_the_company(self):
        Settings = self.as_user(
            self.env["dist.landed.cost.settings"], self.finance_controller
        )
        with self.assertRaisesRegex(ValidationError, self.company.name):
            Settings.create({"dist_landed_cost_days": -1})
        settings = Settings.create(
            {
                "dist_landed_cost_days": 7,
                "dist_landed_cost_vendor_ids": [Command.set(self.vendor.ids)],
            }
        )
        settings.action_save()
        self.assertEqual(self.company.dist_landed_cost_days, 7)
        self.assertEqual(self.company.dist_landed_cost_vendor_ids, self.vendor)

    def test_only_the_finance_controller_sets_the_timing(self):
        Settings = self.as_user(
            self.env["dist.landed.cost.settings"], self.warehouse_manager
        )
        with self.assertRaises(AccessError):
            Settings.create({"dist_landed_cost_days": 3})
        self.assertEqual(self.company.dist_landed_cost_days, 14)

    def test_a_delivery_type_cannot_expect_landed_costs(self):
        Settings = self.as_user(
            self.env["dist.landed.cost.settings"], self.finance_controller
        )
        with self.assertRaisesRegex(ValidationError, self.warehouse.out_type_id.name):
            Settings.create(
                {
                    "dist_landed_cost_picking_type_ids": [
                        Command.set(self.warehouse.out_type_id.ids)
                    ]
                }
            )


@tagged("post_install", "-at_install")
class TestLandedCostOverdue(LandedCostCase):
    """The daily check: receipts that expect a landed cost and have none
    validated N days (of their company's time zone) after they were done,
    in two companies of different zones, around their midnights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the import company is in New Zealand (UTC+12 in June); the other
        # one keeps UTC
        cls.company.partner_id.tz = "Pacific/Auckland"
        cls.other = cls.env["res.company"].create({"name": "Northgate Imports"})
        cls.other_controller = cls.company_user(
            "dist_fin_lc_controller_other", FINANCE_CONTROLLER, company=cls.other
        )
        cls.local_vendor = cls.env["res.partner"].create(
            {"name": "Local Fittings", "company_id": False}
        )
        other_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.other.id)], limit=1
        )
        # the import company expects them from the overseas vendor, the
        # other one on everything its main receipt type brings in
        cls.company.write(
            {
                "dist_landed_cost_days": 3,
                "dist_landed_cost_vendor_ids": [Command.set(cls.vendor.ids)],
            }
        )
        cls.other.write(
            {
                "dist_landed_cost_days": 3,
                "dist_landed_cost_picking_type_ids": [
                    Command.set(other_warehouse.in_type_id.ids)
                ],
            }
        )
        with freeze_time("2026-06-07 09:00:00"):
            cls.done = {
                # 8 June 23:30 in Auckland: due on 11 June there
                "late_nz": cls.receive(10, done=datetime(2026, 6, 8, 11, 30)),
                # 9 June 00:30 in Auckland (still 8 June in UTC): due on 12 June
                "just_in_time_nz": cls.receive(10, done=datetime(2026, 6, 8, 12, 30)),
                # a vendor whose receipts expect no landed cost
                "local": cls.receive(
                    10, done=datetime(2026, 6, 1), partner=cls.local_vendor
                ),
                # 7 June 20:00 UTC: due on 10 June in the UTC company
                "late_other": cls.receive(
                    10,
                    company=cls.other,
                    partner=cls.local_vendor,
                    product=cls.product,
                    done=datetime(2026, 6, 7, 20, 0),
                ),
                # 8 June 11:30 UTC, the moment of "late_nz": not due there yet
                "in_time_other": cls.receive(
                    10,
                    company=cls.other,
                    partner=cls.local_vendor,
                    product=cls.product,
                    done=datetime(2026, 6, 8, 11, 30),
                ),
            }

    def overdue(self):
        return self.env["dist.exception"].search(
            [
                ("type_id.code", "=", "landed_cost_overdue"),
                ("res_model", "=", "stock.picking"),
                ("state", "in", ("open", "progress")),
            ]
        )

    @freeze_time("2026-06-10 13:00:00")
    def test_receipts_past_their_company_s_days_raise_one_exception_each(self):
        # 11 June 01:00 in Auckland, 10 June 13:00 in the UTC company
        self.env["stock.picking"]._cron_dist_landed_cost_timing()
        exceptions = self.overdue()
        self.assertEqual(
            set(exceptions.mapped("res_id")),
            {self.done["late_nz"].id, self.done["late_other"].id},
        )
        nz = exceptions.filtered(lambda e: e.res_id == self.done["late_nz"].id)
        self.assertEqual(nz.owner_id, self.finance_controller)
        self.assertEqual(nz.company_id, self.company)
        self.assertIn("2026-06-08", nz.summary)
        self.assertIn("3 days", nz.summary)
        other = exceptions - nz
        self.assertEqual(other.owner_id, self.other_controller)
        self.assertEqual(other.company_id, self.other)
        # the next day's run counts a recurrence, no second exception
        self.env["stock.picking"]._cron_dist_landed_cost_timing()
        self.assertEqual(self.overdue(), exceptions)
        self.assertEqual(set(exceptions.mapped("recurrence_count")), {2})
        # the finance controller cannot read the other company's
        with self.assertRaises(AccessError):
            self.as_user(other, self.finance_controller).read(["summary"])

    @freeze_time("2026-06-10 13:00:00")
    def test_validating_the_landed_cost_resolves_the_receipt_s_exception(self):
        self.env["stock.picking"]._cron_dist_landed_cost_timing()
        receipt = self.done["late_nz"]
        exception = self.exceptions(receipt, "landed_cost_overdue")
        self.assertEqual(exception.state, "open")
        cost = self.landed_cost(self.finance_controller, receipt)
        cost.button_validate()
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(
            exception.root_cause_id,
            self.env.ref("dist_finance_controls.root_cause_landed_cost_late"),
        )
        # nothing shipped yet: no valuation-timing exception on the cost
        self.assertFalse(self.exceptions(cost, "valuation_timing"))
        # the next run does not raise it again
        self.env["stock.picking"]._cron_dist_landed_cost_timing()
        self.assertFalse(self.overdue().filtered(lambda e: e.res_id == receipt.id))

    @freeze_time("2026-06-11 13:00:00")
    def test_a_day_later_the_receipt_done_after_midnight_is_due_too(self):
        # 12 June 01:00 in Auckland: the receipt of 9 June there is due
        self.env["stock.picking"]._cron_dist_landed_cost_timing()
        self.assertIn(self.done["just_in_time_nz"].id, self.overdue().mapped("res_id"))
        self.assertIn(self.done["in_time_other"].id, self.overdue().mapped("res_id"))
