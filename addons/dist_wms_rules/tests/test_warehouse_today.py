from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dist_governance.tests.common import DistRolesCase

# 10:00 UTC on 10 March 2026 is 23:00 on 10 March in Auckland (NZDT, UTC+13)
NOW = datetime(2026, 3, 10, 10, 0)
# 23:30 on 10 March in Auckland: today there
AKL_TODAY_2330 = datetime(2026, 3, 10, 10, 30)
# 00:30 on 11 March in Auckland: tomorrow there, the same UTC day as NOW
AKL_TOMORROW_0030 = datetime(2026, 3, 10, 11, 30)
# 15:00 on 9 March in Auckland: yesterday there
AKL_YESTERDAY = datetime(2026, 3, 9, 2, 0)
OPERATOR = "dist_wms_rules.group_warehouse_operator"


@tagged("post_install", "-at_install")
class TestWarehouseToday(DistRolesCase):
    """Two companies, each with its main warehouse; the first has a second
    warehouse. Operators of each company and one of both work from
    Auckland: their today is Auckland's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Harborline North"})
        cls.south = Company.create({"name": "Harborline South"})
        cls.env = cls.env(
            context=dict(
                cls.env.context, allowed_company_ids=(cls.north | cls.south).ids
            )
        )
        Warehouse = cls.env["stock.warehouse"]
        cls.wh_north = Warehouse.search([("company_id", "=", cls.north.id)])
        cls.wh_south = Warehouse.search([("company_id", "=", cls.south.id)])
        cls.wh_north2 = Warehouse.create(
            {"name": "North annex", "code": "NAX", "company_id": cls.north.id}
        )
        users = cls.company_role_users(
            "today", cls.north | cls.south, {"operator": OPERATOR}
        )
        cls.op_north = users["operator", cls.north]
        cls.op_south = users["operator", cls.south]
        cls.op_both = users["operator", None]
        (cls.op_north | cls.op_south | cls.op_both).write({"tz": "Pacific/Auckland"})
        # (the purchase side's Buyer role: the purchase bridge's tests)
        cls.buyer = cls.role_user(
            "today_buyer",
            "purchase.group_purchase_user",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Ball valve 3/4in", "is_storable": True, "company_id": False}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Ridgeway Fasteners"})
        cls.customer = cls.env["res.partner"].create({"name": "Harbor Hardware"})

    @classmethod
    def transfer(cls, warehouse, kind, scheduled):
        """A confirmed receipt or delivery of `warehouse`, scheduled at
        `scheduled` (naive UTC)."""
        incoming = kind == "in"
        picking_type = warehouse.in_type_id if incoming else warehouse.out_type_id
        source = (
            cls.env.ref("stock.stock_location_suppliers")
            if incoming
            else warehouse.lot_stock_id
        )
        dest = (
            warehouse.lot_stock_id
            if incoming
            else cls.env.ref("stock.stock_location_customers")
        )
        picking = (
            cls.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": (cls.vendor if incoming else cls.customer).id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "scheduled_date": scheduled,
                    "move_ids": [
                        Command.create(
                            {
                                "name": cls.product.name,
                                "product_id": cls.product.id,
                                "product_uom_qty": 5,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.scheduled_date = scheduled
        return picking

    def today(self, user, companies=None):
        """{warehouse: (receipts, late, picks, late, counts, overdue)} of
        the Warehouse today workspace as `user` opens it."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_wms_rules.stock_warehouse_action_dist_today"
        )
        warehouses = self.as_user(self.env["stock.warehouse"], user, companies).search(
            safe_eval(action["domain"])
        )
        return {
            warehouse: (
                warehouse.dist_today_receipts,
                warehouse.dist_today_receipts_late,
                warehouse.dist_today_picks,
                warehouse.dist_today_picks_late,
                warehouse.dist_today_counts,
                warehouse.dist_today_counts_late,
            )
            for warehouse in warehouses
        }

    def test_todays_receipts_are_the_operators_days(self):
        """23:30 tonight in Auckland is today, 00:30 is tomorrow, though
        both are the same UTC day; yesterday's is late and still listed."""
        with freeze_time(NOW):
            tonight = self.transfer(self.wh_north, "in", AKL_TODAY_2330)
            self.transfer(self.wh_north, "in", AKL_TOMORROW_0030)
            late = self.transfer(self.wh_north, "in", AKL_YESTERDAY)
            # another company's receipt, today too
            self.transfer(self.wh_south, "in", AKL_TODAY_2330)
            today = self.today(self.op_north)
            self.assertEqual(set(today), {self.wh_north, self.wh_north2})
            self.assertEqual(today[self.wh_north][:2], (2, 1))
            self.assertEqual(today[self.wh_north2][:2], (0, 0))
            # the click opens those receipts, and only the late one as late
            warehouse = self.as_user(self.wh_north, self.op_north)
            listed, _views, _form = self.web_open(
                warehouse.action_dist_today_receipts(), self.op_north
            )
            self.assertEqual(listed, tonight | late)
            listed, _views, _form = self.web_open(
                warehouse.with_context(dist_late=1).action_dist_today_receipts(),
                self.op_north,
            )
            self.assertEqual(listed, late)

    def test_a_user_in_utc_sees_the_other_day(self):
        """The same receipts for an operator in UTC: 23:30 and 00:30
        Auckland are both 10 March there, so both are today."""
        self.op_north.tz = "UTC"
        with freeze_time(NOW):
            self.transfer(self.wh_north, "in", AKL_TODAY_2330)
            self.transfer(self.wh_north, "in", AKL_TOMORROW_0030)
            self.assertEqual(self.today(self.op_north)[self.wh_north][:2], (2, 0))

    def test_todays_deliveries_in_fulfilment_priority(self):
        """Deliveries scheduled today or past their promise; the list opens
        in the picking queue's order and never holds another warehouse's."""
        with freeze_time(NOW):
            today = self.transfer(self.wh_north, "out", AKL_TODAY_2330)
            self.transfer(self.wh_north, "out", AKL_TOMORROW_0030)
            self.transfer(self.wh_north2, "out", AKL_TODAY_2330)
            # three days ago: its promise (the end of that day) has passed
            late = self.transfer(self.wh_north, "out", datetime(2026, 3, 7, 2, 0))
            self.assertTrue(late.dist_promise_date < NOW)
            counters = self.today(self.op_north)
            self.assertEqual(counters[self.wh_north][2:4], (2, 1))
            self.assertEqual(counters[self.wh_north2][2:4], (1, 0))
            warehouse = self.as_user(self.wh_north, self.op_north)
            action = warehouse.action_dist_today_picks()
            listed, views, _form = self.web_open(action, self.op_north)
            self.assertEqual(listed, today | late)
            self.assertIn("dist_priority_score", views["views"]["list"]["arch"])

    def test_counts_due_today_and_overdue(self):
        """The warehouse's count list: due today or before, overdue before."""
        Quant = self.env["stock.quant"]
        with freeze_time(NOW):
            stock = self.wh_north.lot_stock_id
            shelf = self.env["stock.location"].create(
                {"name": "Shelf 2", "location_id": stock.id, "usage": "internal"}
            )
            bin3 = self.env["stock.location"].create(
                {"name": "Shelf 3", "location_id": stock.id, "usage": "internal"}
            )
            Quant._update_available_quantity(self.product, stock, 10)
            Quant._update_available_quantity(self.product, shelf, 4)
            Quant._update_available_quantity(self.product, bin3, 2)
            quants = Quant.search([("product_id", "=", self.product.id)])
            day = self.wh_north._dist_today()
            self.assertEqual(day, date(2026, 3, 10))  # the warehouse is in UTC
            quants.filtered(lambda q: q.location_id == stock).inventory_date = day
            quants.filtered(lambda q: q.location_id == shelf).inventory_date = date(
                2026, 3, 1
            )
            quants.filtered(lambda q: q.location_id == bin3).inventory_date = date(
                2026, 4, 1
            )
            self.assertEqual(self.today(self.op_north)[self.wh_north][4:], (2, 1))
            warehouse = self.as_user(self.wh_north, self.op_north)
            action = warehouse.action_dist_today_counts()
            # the warehouse's list, not only the quants given to the operator
            self.assertNotIn("search_default_my_count", action["context"])
            counted = self.as_user(Quant, self.op_north).search(action["domain"])
            self.assertEqual(counted.location_id, stock | shelf)
            overdue = self.as_user(Quant, self.op_north).search(
                warehouse.with_context(dist_late=1).action_dist_today_counts()["domain"]
            )
            self.assertEqual(overdue.location_id, shelf)

    def test_their_warehouse_per_company(self):
        """A Default Warehouse in a company narrows that company to it; a
        company without one shows all its warehouses; a company not selected
        shows none; another company's transfers are never counted."""
        with freeze_time(NOW):
            self.transfer(self.wh_north, "in", AKL_TODAY_2330)
            self.transfer(self.wh_south, "in", AKL_TODAY_2330)
            self.transfer(self.wh_south, "in", AKL_YESTERDAY)
            self.assertEqual(set(self.today(self.op_south)), {self.wh_south})
            self.assertEqual(self.today(self.op_south)[self.wh_south][:2], (2, 1))
            both = self.today(self.op_both)
            self.assertEqual(set(both), {self.wh_north, self.wh_north2, self.wh_south})
            self.assertEqual(both[self.wh_north][:2], (1, 0))
            self.assertEqual(both[self.wh_south][:2], (2, 1))
            # working in the north only
            self.assertEqual(
                set(self.today(self.op_both, self.north)),
                {self.wh_north, self.wh_north2},
            )
            # their warehouse in the north is the annex
            self.op_both.with_company(self.north).property_warehouse_id = self.wh_north2
            self.assertEqual(
                set(self.today(self.op_both)), {self.wh_north2, self.wh_south}
            )
            # another company's warehouse: not readable, and its receipts
            # are never counted for an operator of the north
            south_as_north = self.as_user(self.wh_south, self.op_north)
            with self.assertRaises(AccessError):
                south_as_north.read(["name"])
            self.assertEqual(south_as_north.dist_today_receipts, 0)

    def test_the_picking_queue_keeps_to_their_warehouses(self):
        """The queue opens on the operator's warehouses, one list per
        warehouse (grouped by operation type); removing the filter shows
        all, still grouped."""
        with freeze_time(NOW):
            north = self.transfer(self.wh_north, "out", AKL_TODAY_2330)
            annex = self.transfer(self.wh_north2, "out", AKL_TODAY_2330)
            south = self.transfer(self.wh_south, "out", AKL_TODAY_2330)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_wms_rules.stock_picking_action_dist_queue"
        )
        self.assertIn("'search_default_dist_my_warehouse': 1", action["context"])
        self.assertIn("'search_default_picking_type': 1", action["context"])
        Picking = self.as_user(self.env["stock.picking"], self.op_both)
        domain = safe_eval(action["domain"])
        mine = [("dist_my_warehouse", "=", True)] + domain
        self.op_both.with_company(self.north).property_warehouse_id = self.wh_north
        self.assertEqual(Picking.search(mine), north | south)
        self.assertEqual(Picking.search(domain), north | annex | south)
        # grouped: each group is one warehouse's delivery type
        groups = Picking.read_group(
            domain, ["dist_priority_score:max"], ["picking_type_id"]
        )
        self.assertEqual(len(groups), 3)
        # a group's line shows its most urgent delivery, not a sum of scores
        self.assertEqual(Picking._fields["dist_priority_score"].aggregator, "max")
        self.assertEqual(
            self.as_user(north | annex | south, self.op_both).mapped(
                "dist_my_warehouse"
            ),
            [True, False, True],
        )

    def test_an_operator_lands_on_warehouse_today(self):
        self.assert_home(
            self.op_north, "dist_wms_rules.stock_warehouse_action_dist_today"
        )
        manager = self.role_user(
            "today_manager",
            "dist_wms_rules.group_warehouse_manager",
            company_id=self.north.id,
            company_ids=[Command.set(self.north.ids)],
        )
        self.assert_home(manager, "dist_governance.dist_kpi_action_tiles")
        menu = self.env.ref("dist_wms_rules.stock_warehouse_menu_dist_today")
        self.assertIn(menu, self.visible_menus(self.op_north))
        self.assertIn(menu, self.visible_menus(manager))

    def test_a_role_without_access_is_refused(self):
        """A buyer neither sees Warehouse today nor opens its lists."""
        menu = self.env.ref("dist_wms_rules.stock_warehouse_menu_dist_today")
        self.assertNotIn(menu, self.visible_menus(self.buyer))
        warehouse = self.as_user(self.wh_north, self.buyer)
        for method in (
            "action_dist_today_receipts",
            "action_dist_today_picks",
            "action_dist_today_counts",
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(warehouse, method)()
        action = self.env.ref("dist_wms_rules.stock_warehouse_action_dist_today")
        self.assertFalse(
            self.buyer.groups_id & action.groups_id,
            "the action is for operators and stock managers only",
        )
