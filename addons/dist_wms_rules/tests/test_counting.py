from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestCycleCounting(WmsCase):
    freeze_time = "2026-06-10 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valve.dist_count_class = "A"
        cls.tape.dist_count_class = "B"
        cls.hose = cls.product("Garden hose 25m", cost=5.0)  # no class: C
        Quant = cls.env["stock.quant"]
        for product, qty in ((cls.valve, 200), (cls.tape, 50), (cls.hose, 30)):
            Quant._update_available_quantity(product, cls.stock, qty)
        cls.controller = cls.role_user(
            "dist_wms_controller",
            "dist_governance.group_governance_controller",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def quant(self, product):
        return self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", self.stock.id)]
        )

    def count(self, product, counted, user=None):
        """The operator counts `product` and applies, as in the Physical
        Inventory screen (the reference wizard included)."""
        user = user or self.operator
        quant = self.quant(product).with_user(user).with_context(inventory_mode=True)
        quant.inventory_quantity = counted
        wizard = (
            self.env["stock.inventory.adjustment.name"]
            .with_user(user)
            .create(
                {
                    "quant_ids": [Command.set(quant.ids)],
                    "inventory_adjustment_name": "Cycle count",
                }
            )
        )
        wizard.action_apply()
        return quant

    def approval_matrix(self, amount_min):
        doc_type = self.env.ref(
            "dist_wms_rules.approval_document_type_inventory_adjustment"
        )
        self.env["dist.approval.matrix"].with_user(self.controller).create(
            {
                "company_id": self.company.id,
                "document_type_id": doc_type.id,
                "approver_type": "group",
                "approver_group_id": self.env.ref(
                    "dist_wms_rules.group_warehouse_manager"
                ).id,
                "amount_min": amount_min,
                "open_ended": True,
            }
        )

    def test_next_count_dates_by_class_and_capped_per_day(self):
        self.quant(self.valve).sudo().dist_last_count_date = date(2026, 5, 21)
        self.quant(self.hose).sudo().dist_last_count_date = date(2026, 3, 2)
        self.warehouse.with_user(self.manager).dist_count_cap = 2
        # five never-counted C quants crowd today with the B tape
        shelf = self.env["stock.location"].create(
            {
                "name": "Shelf 2",
                "location_id": self.stock.id,
                "company_id": self.company.id,
            }
        )
        spares = [self.product(f"Spare {n}", cost=n + 1) for n in range(5)]
        for spare in spares:
            self.env["stock.quant"]._update_available_quantity(spare, shelf, 1)
        changed = self.warehouse._dist_plan_counts()
        self.assertEqual(changed, 8)
        today = date(2026, 6, 10)
        # A: 30 days after 21 May; C: a year after 2 March
        self.assertEqual(self.quant(self.valve).inventory_date, date(2026, 6, 20))
        self.assertEqual(self.quant(self.hose).inventory_date, date(2027, 3, 2))
        # never counted: due today, B before C, two a day, dearest C first
        self.assertEqual(self.quant(self.tape).inventory_date, today)
        planned = {
            spare.name: self.env["stock.quant"]
            .search([("product_id", "=", spare.id)])
            .inventory_date
            for spare in spares
        }
        self.assertEqual(planned["Spare 4"], today)
        self.assertEqual(planned["Spare 3"], today + timedelta(days=1))
        self.assertEqual(planned["Spare 2"], today + timedelta(days=1))
        self.assertEqual(planned["Spare 1"], today + timedelta(days=2))
        self.assertEqual(planned["Spare 0"], today + timedelta(days=2))
        # planning again the same day changes nothing
        self.assertEqual(self.warehouse._dist_plan_counts(), 0)
        # today's list for the operator holds what is due
        action = self.warehouse.with_user(self.operator).action_dist_count_list()
        listed = (
            self.env["stock.quant"].with_user(self.operator).search(action["domain"])
        )
        self.assertEqual(len(listed), 2)

    def test_planning_keeps_a_location_cyclic_count_that_comes_first(self):
        self.quant(self.hose).sudo().dist_last_count_date = date(2026, 6, 1)
        self.stock.write(
            {"cyclic_inventory_frequency": 14, "last_inventory_date": date(2026, 6, 1)}
        )
        self.warehouse._dist_plan_counts()
        # C: a year after 1 June, but the location is counted every 14 days
        self.assertEqual(self.quant(self.hose).inventory_date, date(2026, 6, 15))

    def test_bad_count_settings_are_refused(self):
        with self.assertRaises(ValidationError):
            self.company.dist_count_days_a = 0
        with self.assertRaises(ValidationError):
            self.company.dist_count_tolerance = -1
        with self.assertRaises(ValidationError):
            self.warehouse.with_user(self.manager).dist_count_cap = 0

    def test_small_adjustment_applies_at_once_and_is_recorded(self):
        self.approval_matrix(500)
        quant = self.count(self.valve, 195)  # -5 x 10 = 50 of value
        self.assertEqual(quant.quantity, 195)
        result = self.env["dist.count.result"].search(
            [("product_id", "=", self.valve.id)]
        )
        self.assertEqual(len(result), 1)
        self.assertEqual(
            (result.expected_qty, result.counted_qty, result.variance_value),
            (200, 195, -50),
        )
        self.assertEqual(result.counted_by_id, self.operator)
        self.assertFalse(result.approved_by_id)
        self.assertEqual(result.abc_class, "A")
        self.assertEqual(result.reason, "Cycle count")
        # 5 of 200 is beyond the 2 % accuracy tolerance
        self.assertFalse(result.within_tolerance)
        self.assertFalse(self.env["dist.inventory.adjustment"].search([]))
        # next count of an A item: 30 days on
        self.assertEqual(quant.inventory_date, date(2026, 7, 10))

    def test_who_counted_cannot_be_kept_by_a_context_flag(self):
        """The suite's flags for its own applying of counts, sent over RPC
        by an operator, neither keep someone else as the counter nor stand
        for an approved request."""
        quant = self.quant(self.valve)
        quant.with_user(self.manager).with_context(
            inventory_mode=True
        ).inventory_quantity = 150
        self.assertEqual(quant.dist_counted_by_id, self.manager)
        forged = quant.with_user(self.operator).with_context(
            inventory_mode=True, dist_applying=True, dist_adjustment_apply=1
        )
        forged.inventory_quantity = 120
        self.assertEqual(quant.dist_counted_by_id, self.operator)
        self.approval_matrix(500)
        forged.with_context(
            set_inventory_quantity_auto_apply=True
        ).action_apply_inventory()
        # 80 x 10 = 800 is beyond the 500 the warehouse applies alone
        self.assertEqual(quant.quantity, 200, "nothing applied without approval")
        self.assertEqual(quant.dist_adjustment_id.validation_status, "waiting")

    def test_a_location_counted_more_often_keeps_its_own_cadence(self):
        """Odoo's cyclic count of a location (every 7 days here) comes before
        the class cadence (C: a year) and stays the next count date."""
        self.stock.cyclic_inventory_frequency = 7
        quant = self.count(self.hose, 29)
        self.assertEqual(quant.inventory_date, date(2026, 6, 17))
        self.stock.cyclic_inventory_frequency = 60
        quant = self.count(self.valve, 199)  # A: 30 days, before the 60
        self.assertEqual(quant.inventory_date, date(2026, 7, 10))

    def test_large_adjustment_waits_for_approval_then_applies(self):
        self.approval_matrix(500)
        quant = self.count(self.valve, 100)  # -100 x 10 = 1,000
        self.assertEqual(quant.quantity, 200)
        request = quant.dist_adjustment_id
        self.assertTrue(request)
        self.assertEqual(request.amount, 1000)
        self.assertEqual(request.validation_status, "waiting")
        self.assertFalse(self.env["dist.count.result"].search([]))
        # counting it again while it waits is refused
        with self.assertRaises(UserError):
            self.count(self.valve, 90)
        with self.assertRaises(UserError):
            request.with_user(self.operator).write({"counted_qty": 195})
        request.with_user(self.manager).validate_tier()
        self.assertEqual(request.state, "applied")
        self.assertEqual(quant.quantity, 100)
        self.assertFalse(quant.dist_adjustment_id)
        result = self.env["dist.count.result"].search(
            [("adjustment_id", "=", request.id)]
        )
        self.assertEqual(result.counted_by_id, self.operator)
        self.assertEqual(result.approved_by_id, self.manager)
        self.assertEqual(result.variance_value, -1000)

    def test_rejected_adjustment_leaves_the_stock_as_it_was(self):
        self.approval_matrix(500)
        quant = self.count(self.valve, 100)  # -100 x 10 = 1,000
        request = quant.dist_adjustment_id
        request.with_user(self.manager).reject_tier()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(quant.quantity, 200)
        self.assertFalse(quant.dist_adjustment_id)
        self.assertFalse(
            self.env["dist.count.result"].search([("product_id", "=", self.valve.id)])
        )
        # the operator cannot bring it back by writing its status
        with self.assertRaises(UserError):
            request.with_user(self.operator).write({"state": "draft"})
        # and the valve can be counted again
        self.count(self.valve, 198)
        self.assertEqual(quant.quantity, 198)

    def test_a_manager_approves_several_requests_in_one_go(self):
        """Issue 16: decisions taken one after the other in one transaction
        (a batch, a script, a scheduled action) apply each request: whether
        a request still needs validation was cached from before its
        reviews existed, and the second approval asked for a validation
        again ("Reviews pending")."""
        self.approval_matrix(500)
        self.hose.standard_price = 20.0
        quants = {
            product: self.count(product, counted)
            for product, counted in ((self.valve, 100), (self.hose, 0))
        }
        requests = [quant.dist_adjustment_id for quant in quants.values()]
        for request in requests:
            request.with_user(self.manager).validate_tier()
        self.assertEqual([r.state for r in requests], ["applied", "applied"])
        self.assertEqual(quants[self.valve].quantity, 100)
        self.assertEqual(quants[self.hose].quantity, 0)

    def test_approval_turnaround_against_a_hand_count(self):
        """Three counts wait for a manager: the valve's (1,000), requested
        24 hours before its approval, the hose's (600), 6 hours before its
        approval, and the tape's (500), still waiting: governance's
        approval turnaround is 30 hours over 2 decisions, 15 hours."""
        self.approval_matrix(500)
        self.hose.standard_price = 20.0
        requests = {
            product: self.count(product, counted).dist_adjustment_id
            for product, counted in (
                (self.valve, 100),
                (self.hose, 0),
                (self.tape, 0),
            )
        }
        # the manager decides later, each decision in a request of its own
        self.env.invalidate_all()
        requests[self.valve].with_user(self.manager).validate_tier()
        self.env.invalidate_all()
        requests[self.hose].with_user(self.manager).validate_tier()
        self.assertEqual(requests[self.hose].state, "applied")
        # decided at the test's clock (10 June 08:00); the database stamps
        # the requests with its own: they were made 24 and 6 hours before
        self.env.flush_all()
        for product, requested in (
            (self.valve, datetime(2026, 6, 9, 8, 0)),
            (self.hose, datetime(2026, 6, 10, 2, 0)),
            (self.tape, datetime(2026, 6, 9, 8, 0)),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE tier_review SET create_date = %s "
                    "WHERE model = %s AND res_id = %s",
                    requested,
                    "dist.inventory.adjustment",
                    requests[product].id,
                )
            )
        self.env.invalidate_all()
        kpi = self.env.ref("dist_governance.kpi_approval_turnaround")
        day = date(2026, 6, 10)
        numerator, denominator = kpi._dist_compute(
            *kpi._dist_window(day, self.company), self.company.ids
        )
        self.assertEqual(denominator, 2.0)
        self.assertAlmostEqual(numerator, 30.0)
        self.env["dist.kpi"]._dist_refresh(day, self.company)
        tile = kpi.with_user(self.controller)
        self.assertAlmostEqual(tile.tile_value, 15.0)
        action = tile.action_drill()
        reviews = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(
            sorted(reviews.mapped("res_id")),
            sorted((requests[self.valve] | requests[self.hose]).ids),
        )

    def test_accuracy_history_per_warehouse_and_class(self):
        self.count(self.valve, 199)  # within 2 %
        self.count(self.tape, 40)  # out
        self.count(self.hose, 30)  # exact
        Accuracy = self.env["dist.inventory.accuracy"]
        self.assertEqual(Accuracy._dist_snapshot(date(2026, 6, 10)), 3)
        lines = Accuracy.with_user(self.operator).search(
            [("warehouse_id", "=", self.warehouse.id)]
        )
        by_class = {line.abc_class: line for line in lines}
        self.assertEqual(by_class["A"].accuracy, 100)
        self.assertEqual(by_class["B"].accuracy, 0)
        self.assertEqual(by_class["B"].variance_value, 100)
        self.assertEqual(by_class["C"].counted, 1)
        # kept as history: the same day again changes nothing
        self.assertEqual(Accuracy._dist_snapshot(date(2026, 6, 10)), 0)
        # the control tower's inventory accuracy: 2 of the 3 counts
        kpi = self.env.ref("dist_wms_rules.kpi_inventory_accuracy")
        self.assertEqual(
            kpi._dist_compute(
                *kpi._dist_window(date(2026, 6, 10), self.company), self.company.ids
            ),
            (2.0, 3.0),
        )

    def test_unusual_adjustments_raise_an_exception(self):
        Result = self.env["dist.count.result"].sudo()
        for days in (40, 60, 80, 100, 120):
            Result.create(
                {
                    "date": datetime(2026, 6, 10) - timedelta(days=days),
                    "company_id": self.company.id,
                    "warehouse_id": self.warehouse.id,
                    "location_id": self.stock.id,
                    "product_id": self.hose.id,
                    "variance_qty": -1,
                    "variance_value": -5,
                    "counted_by_id": self.manager.id,
                }
            )
        self.count(self.hose, 29)  # in line with the past: nothing
        self.assertFalse(
            self.env["dist.exception"].search(
                [("type_id.code", "=", "unusual_adjustment")]
            )
        )
        self.count(self.hose, 5)  # -24 x 5 = 120: far beyond the history
        exception = self.env["dist.exception"].search(
            [("type_id.code", "=", "unusual_adjustment")]
        )
        self.assertEqual(len(exception), 1)
        self.assertIn("on average for this product", exception.summary)
        self.assertEqual(exception.product_id, self.hose)
        # a third adjustment within 30 days is unusual by frequency alone
        self.count(self.hose, 6)
        exceptions = self.env["dist.exception"].search(
            [("type_id.code", "=", "unusual_adjustment")]
        )
        self.assertEqual(len(exceptions), 2)
        self.assertIn("3 times in 30 days", exceptions[0].summary)
