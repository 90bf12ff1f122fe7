from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dist_governance.tests.common import CONTROL_TOWER_ROLES

from .common import WmsCase

# the records are made on 10 June; the tiles are opened the next morning,
# when 10 June is the tile's day
MADE = "2026-06-10 08:00:00"
OPENED = "2026-06-11 09:00:00"


@tagged("post_install", "-at_install")
class TestControlTowerAccess(WmsCase):
    """Executives, process owners and governance controllers open the
    records behind every warehouse tile, read-only, in their companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "Northgate Supply"})
        cls.users = cls.company_role_users(
            "dist_wms_ct", cls.company | cls.other, CONTROL_TOWER_ROLES
        )
        with freeze_time(MADE):
            cls.records = {
                company: cls._tile_records(company)
                for company in (cls.company, cls.other)
            }

    @classmethod
    def _tile_records(cls, company):
        """In `company`: a sales order of 10 valves shipped 6 (a backorder
        of 4 waits), 1 sent back; stock received over the last two years;
        a count. {kpi code: the records its tile lists}."""
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        stock = warehouse.lot_stock_id
        aged = {
            "aged_stock_0_90": (cls.valve, datetime(2026, 6, 1)),
            "aged_stock_91_180": (cls.product("Garden hose 25m"), datetime(2026, 2, 1)),
            "aged_stock_181_365": (
                cls.product("Copper pipe 15mm"),
                datetime(2025, 11, 1),
            ),
            "aged_stock_over_365": (cls.product("Brass elbow"), datetime(2025, 1, 1)),
        }
        for product, received in aged.values():
            cls.receive(product, 20, received, stock, env)
        order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": company.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.valve.id,
                            "product_uom_qty": 10,
                            "price_unit": 20,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = 6
        delivery.move_ids.picked = True
        delivery.with_context(skip_backorder=True).button_validate()
        wizard = (
            env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({"picking_id": delivery.id})
        )
        wizard.product_return_moves.quantity = 1
        back = wizard._create_return()
        back.move_ids.quantity = 1
        back.move_ids.picked = True
        back.button_validate()
        count = (
            env["dist.count.result"]
            .sudo()
            .create(
                {
                    "date": datetime(2026, 6, 10, 7, 0),
                    "company_id": company.id,
                    "warehouse_id": warehouse.id,
                    "location_id": stock.id,
                    "product_id": cls.valve.id,
                    "expected_qty": 95,
                    "counted_qty": 94,
                    "variance_qty": -1,
                    "within_tolerance": True,
                }
            )
        )
        # the database stamps creations with its own clock, not the test's
        env.flush_all()
        env.cr.execute(
            SQL(
                "UPDATE stock_picking SET create_date = %s WHERE company_id = %s",
                datetime(2026, 6, 10, 8, 0),
                company.id,
            )
        )
        env.invalidate_all()

        def layers(product):
            # the receipts of `product` still (partly) on hand
            return env["stock.valuation.layer"].search(
                [
                    ("product_id", "=", product.id),
                    ("company_id", "=", company.id),
                    ("remaining_qty", ">", 0),
                ]
            )

        records = {
            "otif": delivery,
            "backorder_rate": delivery,
            "order_cycle_time": delivery,
            "fill_rate_lines": order.order_line,
            "fill_rate_value": order.order_line,
            "backorder_value": delivery.backorder_ids.move_ids,
            "return_rate": back.move_ids,
            "inventory_turns": delivery.move_ids,
            "inventory_accuracy": count,
            "aged_stock": layers(aged["aged_stock_181_365"][0])
            | layers(aged["aged_stock_over_365"][0]),
        }
        records.update({code: layers(product) for code, (product, _) in aged.items()})
        return records

    @freeze_time(OPENED)
    def test_every_warehouse_tile_opens_read_only_for_the_control_tower_roles(self):
        mine = self.records[self.company]
        kpis = self.env["dist.kpi"].search([("feeder", "=", "dist_wms_rules")])
        self.assertEqual(set(kpis.mapped("code")), set(mine))
        for kpi in kpis:
            for role in CONTROL_TOWER_ROLES:
                with self.subTest(kpi=kpi.code, role=role):
                    user = self.users[role, self.company]
                    action = self.as_user(kpi, user).action_drill()
                    listed = self.assert_opens_read_only(action, user, mine[kpi.code])
                    self.assertFalse(listed & self.records[self.other][kpi.code])
                    self.assert_hidden_from(
                        mine[kpi.code], self.users[role, self.other]
                    )

    @freeze_time(OPENED)
    def test_a_group_role_opens_the_tiles_of_both_its_companies(self):
        for kpi in self.env["dist.kpi"].search([("feeder", "=", "dist_wms_rules")]):
            with self.subTest(kpi=kpi.code):
                user = self.users["executive", None]
                action = self.as_user(kpi, user).action_drill()
                self.assert_opens_read_only(
                    action,
                    user,
                    self.records[self.company][kpi.code]
                    | self.records[self.other][kpi.code],
                )

    @freeze_time(OPENED)
    def test_a_reader_who_also_sells_reads_every_salesperson_s_lines(self):
        """Issue 16: a process owner who is also a salesperson (Sales: own
        documents) drilled the fill rate and saw their own lines only; they
        read every line of their company behind the tile, and its order,
        and still change none of them."""
        owner = self.users["owner", self.company]
        owner.groups_id = [
            Command.link(self.env.ref("sales_team.group_sale_salesman").id)
        ]
        lines = self.records[self.company]["fill_rate_lines"]
        self.assertNotEqual(lines.order_id.user_id, owner)
        kpi = self.env.ref("dist_wms_rules.kpi_fill_rate_lines")
        action = self.as_user(kpi, owner).action_drill()
        # they sell, so sales screens offer them editing: of their own lines
        self.assert_opens_read_only(action, owner, lines, editable=True)
        self.assertFalse(self.as_user(lines, owner).has_access("write"))
        order = self.as_user(lines.order_id, owner)
        self.assertEqual(order.read(["name"])[0]["name"], lines.order_id.name)
        self.assertFalse(order.has_access("write"))
        # their own sales work is unchanged: they still sell
        self.assertTrue(self.env["sale.order"].with_user(owner).has_access("create"))
