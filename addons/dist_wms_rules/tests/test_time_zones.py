from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WmsCase

# 20:00 on 1 June in Los Angeles (UTC-7 in summer) is 03:00 UTC on 2 June
EVENING_1_JUNE_LA = datetime(2026, 6, 2, 3, 0)


@tagged("post_install", "-at_install")
class TestWarehouseDays(WmsCase):
    """The company and its main warehouse are in Los Angeles; a second
    warehouse has a Berlin address. One operator works from Los Angeles,
    one from Berlin; the scheduler runs as OdooBot, without a zone. Their
    days are the warehouse's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dist_tz = "America/Los_Angeles"
        company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.operator.tz = "America/Los_Angeles"
        cls.berlin_operator = cls.role_user(
            "dist_wms_tz_berlin",
            "dist_wms_rules.group_warehouse_operator",
            tz="Europe/Berlin",
            **company,
        )
        cls.salesman = cls.role_user(
            "dist_wms_tz_salesman",
            "sales_team.group_sale_salesman",
            tz="Europe/Berlin",
            **company,
        )
        cls.berlin = cls.env["stock.warehouse"].create(
            {
                "name": "Harborline Berlin",
                "code": "HBB",
                "company_id": cls.company.id,
                "partner_id": cls.env["res.partner"]
                .create({"name": "Harborline Berlin depot", "tz": "Europe/Berlin"})
                .id,
            }
        )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.valve, cls.stock, 40)
        Quant._update_available_quantity(cls.tape, cls.stock, 25)
        # nothing in stock, 3 days from the vendor
        cls.hose = cls.product("Garden hose 25m")
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.hose.product_tmpl_id.id,
                "delay": 3,
                "company_id": cls.company.id,
            }
        )

    def quants(self):
        return self.env["stock.quant"].search(
            [("location_id", "=", self.stock.id), ("quantity", ">", 0)]
        )

    def count_list(self, user):
        action = self.warehouse.with_user(user).action_dist_count_list()
        return self.env["stock.quant"].with_user(user).search(action["domain"])

    # ------------------------------------------------------------------
    # counts
    # ------------------------------------------------------------------

    def test_evening_planning_and_count_list_agree(self):
        """At 20:00 in Los Angeles the scheduler (UTC: already 2 June)
        plans the never-counted quants for the warehouse's 1 June, and the
        operator's list of 1 June holds them (it was empty: planned for the
        UTC day, listed by the operator's)."""
        with freeze_time(EVENING_1_JUNE_LA):
            self.env["stock.warehouse"]._cron_dist_counts()
            self.assertEqual(
                set(self.quants().mapped("inventory_date")), {date(2026, 6, 1)}
            )
            self.assertEqual(self.count_list(self.operator), self.quants())
            # an operator in Berlin (2 June there) sees the same list
            self.assertEqual(self.count_list(self.berlin_operator), self.quants())

    def test_planning_turns_at_the_warehouse_midnight(self):
        warehouse = self.warehouse
        # 16:30 in Los Angeles (23:30 UTC): due 1 June
        with freeze_time(datetime(2026, 6, 1, 23, 30)):
            self.assertEqual(warehouse._dist_plan_counts(), 2)
        # 17:30 there (00:30 UTC, 2 June): still 1 June, nothing moves
        with freeze_time(datetime(2026, 6, 2, 0, 30)):
            self.assertEqual(warehouse._dist_plan_counts(), 0)
            self.assertEqual(self.count_list(self.operator), self.quants())
        # 00:30 on 2 June there: what was not counted is due on 2 June
        with freeze_time(datetime(2026, 6, 2, 7, 30)):
            self.assertEqual(warehouse._dist_plan_counts(), 2)
            self.assertEqual(
                set(self.quants().mapped("inventory_date")), {date(2026, 6, 2)}
            )
            self.assertEqual(self.count_list(self.berlin_operator), self.quants())

    def test_applied_count_dates_are_the_warehouse_days(self):
        """Counted at 20:00 in Los Angeles by the operator in Berlin (5:00
        on 2 June there): counted on 1 June, next count a cadence later."""
        with freeze_time(EVENING_1_JUNE_LA):
            quant = self.quants().filtered(lambda q: q.product_id == self.tape)
            quant = quant.with_user(self.berlin_operator).with_context(
                inventory_mode=True
            )
            quant.inventory_quantity = 25
            self.env["stock.inventory.adjustment.name"].with_user(
                self.berlin_operator
            ).create(
                {
                    "quant_ids": [Command.set(quant.ids)],
                    "inventory_adjustment_name": "Evening count",
                }
            ).action_apply()
            cadence = self.company._dist_count_cadence("C")
            self.assertEqual(quant.dist_last_count_date, date(2026, 6, 1))
            self.assertEqual((quant.inventory_date - date(2026, 6, 1)).days, cadence)

    # ------------------------------------------------------------------
    # promises and lateness
    # ------------------------------------------------------------------

    def quotation(self, warehouse, commitment):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "warehouse_id": warehouse.id,
                    "commitment_date": commitment,
                    "order_line": [
                        Command.create(
                            {"product_id": self.hose.id, "product_uom_qty": 5}
                        )
                    ],
                }
            )
        )

    def test_promise_dates_are_warehouse_days(self):
        """Nothing in stock, 3 days from the vendor. At 20:00 on 1 June in
        Los Angeles (5:00 on 2 June in Berlin), a line due at 18:00 there
        is due on 1 June in Los Angeles and can be met on 4 June; in Berlin
        it is due on 2 June and can be met on 5 June. A promise holds until
        its day ends at the warehouse."""
        commitment = datetime(2026, 6, 2, 1, 0)
        with freeze_time(EVENING_1_JUNE_LA):
            west = self.quotation(self.warehouse, commitment)
            with self.assertRaises(UserError) as refusal:
                west.with_user(self.salesman).action_confirm()
            self.assertIn("by 2026-06-01", str(refusal.exception))
            self.assertIn("earliest 2026-06-04", str(refusal.exception))
            # the quotation's button writes the dates the refusal gave:
            # the end of 4 June in Los Angeles
            west.with_user(self.salesman).action_dist_check_availability()
            self.assertEqual(
                west.order_line.dist_earliest_date, datetime(2026, 6, 5, 6, 59, 59)
            )
            east = self.quotation(self.berlin, commitment)
            east.with_user(self.salesman).action_dist_check_availability()
            # the end of 5 June in Berlin
            self.assertEqual(
                east.order_line.dist_earliest_date, datetime(2026, 6, 5, 21, 59, 59)
            )

    def delivery(self, deadline):
        picking = (
            self.env["stock.picking"]
            .with_user(self.operator)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": self.customer.id,
                    "scheduled_date": deadline,
                    "date_deadline": deadline,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.valve.name,
                                "product_id": self.valve.id,
                                "product_uom_qty": 5,
                                "location_id": self.stock.id,
                                "location_dest_id": self.customers.id,
                                "date_deadline": deadline,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        return picking

    def test_a_delivery_is_late_once_its_day_ends_at_the_warehouse(self):
        """Due at 10:00 on 1 June in Los Angeles: due all that day there,
        late from its midnight."""
        Picking = self.env["stock.picking"].with_user(self.manager)
        with freeze_time(datetime(2026, 6, 1, 15, 0)):  # 08:00 there
            picking = self.delivery(datetime(2026, 6, 1, 17, 0))
            self.assertEqual(picking.dist_promise_date, datetime(2026, 6, 2, 6, 59, 59))
            # due today: the promise part of the priority is full (30 of
            # 30), beside the standard tier's 13.33
            self.assertAlmostEqual(picking.dist_priority_score, 43.33, places=2)
        with freeze_time(EVENING_1_JUNE_LA):
            self.assertFalse(Picking._dist_check_late_deliveries())
        with freeze_time(datetime(2026, 6, 2, 7, 30)):  # 00:30 on 2 June there
            raised = Picking._dist_check_late_deliveries()
            self.assertEqual(raised.mapped("res_id"), picking.ids)
            self.assertIn("promised for 2026-06-01", raised.summary)

    def test_backlog_days_are_warehouse_days(self):
        # scheduled at 20:00 on 1 June in Los Angeles
        self.delivery(EVENING_1_JUNE_LA)
        self.env.flush_all()
        rows = (
            self.env["dist.delivery.backlog"]
            .with_user(self.operator)
            .search([("warehouse_id", "=", self.warehouse.id)])
        )
        self.assertEqual(rows.mapped("day"), [date(2026, 6, 1)])
