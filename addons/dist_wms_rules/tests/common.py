from odoo import Command
from odoo.tools import SQL

from odoo.addons.dist_governance.tests.common import DistRolesCase


class WmsCase(DistRolesCase):
    """A company with one warehouse, a vendor with a buyer, products; a
    warehouse operator and a warehouse manager do the work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the company turned the warehouse rules' controls on (a new company
        # has them off and works as in Odoo)
        cls.company = cls.env["res.company"].create(
            {
                "name": "Harborline Supply",
                "dist_rcv_check": True,
                "dist_atp_check": True,
            }
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.operator = cls.role_user(
            "dist_wms_operator", "dist_wms_rules.group_warehouse_operator", **company
        )
        cls.manager = cls.role_user(
            "dist_wms_manager", "dist_wms_rules.group_warehouse_manager", **company
        )
        cls.buyer = cls.role_user(
            "dist_wms_buyer", "purchase.group_purchase_user", **company
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        ) or cls.env["stock.warehouse"].create(
            {"name": "Harborline main", "code": "HBL", "company_id": cls.company.id}
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Ridgeway Fasteners", "buyer_id": cls.buyer.id}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Harbor Hardware"})
        cls.fittings = cls.env["product.category"].create({"name": "Fittings"})
        cls.valve = cls.product("Ball valve 3/4in", categ=cls.fittings)
        cls.tape = cls.product("PTFE tape 12mm")

    @classmethod
    def product(cls, name, categ=None, cost=10.0):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "type": "consu",
                "standard_price": cost,
                "categ_id": (categ or cls.env.ref("product.product_category_all")).id,
                "company_id": False,
            }
        )

    @classmethod
    def purchase(cls, lines, vendor=None):
        """A confirmed purchase order {product: quantity}, made by the buyer."""
        order = (
            cls.env["purchase.order"]
            .with_user(cls.buyer)
            .create(
                {
                    "partner_id": (vendor or cls.vendor).id,
                    "company_id": cls.company.id,
                    "picking_type_id": cls.warehouse.in_type_id.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_qty": qty})
                        for product, qty in lines.items()
                    ],
                }
            )
        )
        order.button_confirm()
        return order

    @classmethod
    def move_stock(cls, product, qty, source, destination, when, env=None):
        """A done move of `qty` of `product` from `source` to `destination`,
        its valuation layer stamped `when` (the database stamps creations
        with its own clock, not the test's). Returns the move."""
        env = env or cls.env
        move = env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": (source.company_id or destination.company_id).id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        env.flush_all()
        env.cr.execute(
            SQL(
                "UPDATE stock_valuation_layer SET create_date = %s "
                "WHERE stock_move_id = %s",
                when,
                move.id,
            )
        )
        env.invalidate_all()
        return move

    @classmethod
    def receive(cls, product, qty, when, stock=None, env=None):
        """`qty` of `product` received from the vendor into `stock` (the
        company's stock) at `when`."""
        env = env or cls.env
        return cls.move_stock(
            product,
            qty,
            env.ref("stock.stock_location_suppliers"),
            stock or cls.stock,
            when,
            env,
        )

    @classmethod
    def ship(cls, product, qty, when, stock=None, env=None):
        """`qty` of `product` shipped from `stock` to a customer at `when`."""
        env = env or cls.env
        return cls.move_stock(
            product,
            qty,
            stock or cls.stock,
            env.ref("stock.stock_location_customers"),
            when,
            env,
        )

    def qty_in(self, product, location):
        return sum(
            self.env["stock.quant"]
            .search(
                [("product_id", "=", product.id), ("location_id", "=", location.id)]
            )
            .mapped("quantity")
        )
