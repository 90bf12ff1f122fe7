from datetime import datetime, timedelta

from odoo import Command
from odoo.tools import SQL

from odoo.addons.dist_governance.tests.common import DistRolesCase

# demand counted up to here: every test runs "on" a fixed day
ANCHOR = datetime(2026, 6, 1)
MONTH = 365.0 / 12.0


class ReplenishmentCase(DistRolesCase):
    """A company with two warehouses, vendors and hand-built demand history;
    buyers and a purchasing manager do the work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Lakeside Wholesale"})
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[cls.company.id],
            )
        )
        cls.buyer = cls.role_user(
            "dist_rp_buyer",
            "dist_purchase_policy.group_buyer",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager = cls.role_user(
            "dist_rp_manager",
            "dist_purchase_policy.group_purchasing_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.operator = cls.role_user(
            "dist_rp_operator",
            "stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.wh1 = cls.warehouse_of(cls.company)
        cls.wh2 = cls.env["stock.warehouse"].create(
            {"name": "Lakeside North", "code": "LKN", "company_id": cls.company.id}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Harbor Hardware"})
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Ridgeway Fasteners", "buyer_id": cls.buyer.id}
        )
        cls.alt_vendor = cls.env["res.partner"].create(
            {"name": "Copperline Supply", "buyer_id": cls.buyer.id}
        )
        cls.Run = cls.env["dist.replenishment.run"]
        cls.cells = cls.env["dist.policy.matrix.cell"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.policies = {
            p.code: p
            for p in cls.env["dist.replenishment.policy"].search(
                [("company_id", "=", cls.company.id)]
            )
        }

    @classmethod
    def warehouse_of(cls, company):
        """The company's warehouse (Odoo creates one for the first company
        only)."""
        warehouses = cls.env["stock.warehouse"]
        return warehouses.search(
            [("company_id", "=", company.id)], limit=1
        ) or warehouses.create(
            {
                "name": f"{company.name} main",
                "code": company.name[:3].upper() + str(company.id),
                "company_id": company.id,
            }
        )

    @classmethod
    def product(cls, name, cost=10.0, vendors=None, min_qty=0.0, delay=7):
        """A storable product bought from `vendors` (the first is primary)."""
        vendors = vendors if vendors is not None else [cls.vendor]
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "standard_price": cost,
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": vendor.id,
                            "min_qty": min_qty,
                            "price": cost * 0.9,
                            "delay": delay,
                            "sequence": index + 1,
                            "company_id": cls.company.id,
                        }
                    )
                    for index, vendor in enumerate(vendors)
                ],
            }
        )

    @classmethod
    def demand(cls, product, quantities, warehouse=None, anchor=ANCHOR):
        """Done deliveries of `quantities` (one per month, oldest first,
        ending with the month before `anchor`) from `warehouse`."""
        warehouse = warehouse or cls.wh1
        periods = len(quantities)
        dated = [
            (anchor - timedelta(days=MONTH * (periods - index - 0.5)), qty)
            for index, qty in enumerate(quantities)
            if qty
        ]
        if not dated:
            return
        # what was delivered had been received: the history leaves no
        # negative stock behind
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, float(sum(quantities))
        )
        moves = cls.env["stock.move"].create(
            [
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "product_uom": product.uom_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": cls.customers.id,
                    "company_id": warehouse.company_id.id,
                }
                for _date, qty in dated
            ]
        )
        moves._action_confirm()
        for move in moves:
            move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE stock_move SET date = v.d FROM unnest(%s::int[], "
                "%s::timestamp[]) AS v(id, d) WHERE stock_move.id = v.id",
                moves.ids,
                [date for date, _qty in dated],
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def stock(cls, product, quantity, warehouse=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, (warehouse or cls.wh1).lot_stock_id, quantity
        )

    def run_replenishment(self, anchor=ANCHOR, user=None):
        return self.Run.with_user(user or self.manager)._run_company(
            self.company, anchor=anchor
        )

    def segment(self, product, warehouse=None):
        return self.env["dist.product.segment"].search(
            [
                ("product_id", "=", product.id),
                ("warehouse_id", "=", (warehouse or self.wh1).id),
            ]
        )

    def set_cell_policy(self, abc, xyz, pattern, code):
        cell = self.cells.filtered(
            lambda c: (
                (c.abc_class, c.xyz_class, c.demand_pattern) == (abc, xyz, pattern)
            )
        )
        cell.with_user(self.manager).policy_id = self.policies[code]
