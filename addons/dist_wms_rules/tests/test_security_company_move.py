from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.test_security_company_move import (
    CompanyGuardCoverage,
)

from .common import WmsCase

SALESMAN = "sales_team.group_sale_salesman"


@tagged("post_install", "-at_install")
class TestSecurityCompanyMove(CompanyGuardCoverage, WmsCase):
    """A warehouse operator or a salesperson of Harborline cannot write a
    picking, a sale order, an order line or a receipt tolerance into another
    company; a user of both companies, with both selected, may move them."""

    GUARD_ADDON = "dist_wms_rules"
    GUARD_CORE = ("sale.order", "sale.order.line", "stock.picking")
    GUARD_EXEMPT = (
        # SQL-view report: no one writes it
        "dist.delivery.backlog",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Moved-to Depot"})
        cls.wh_b = cls.env["stock.warehouse"].create(
            {"name": "Moved-to main", "code": "MVD", "company_id": cls.company_b.id}
        )
        in_a = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        in_both = {
            "company_id": cls.company.id,
            "company_ids": [Command.set((cls.company | cls.company_b).ids)],
        }
        cls.operator_both = cls.role_user(
            "dist_move_operator_both",
            "dist_wms_rules.group_warehouse_operator",
            **in_both,
        )
        cls.salesman = cls.role_user("dist_move_salesman", SALESMAN, **in_a)
        cls.salesman_both = cls.role_user(
            "dist_move_salesman_both", SALESMAN, **in_both
        )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        # a delivery of B: B's operation type and B's stock
        cls.picking_into_b = {
            "picking_type_id": cls.wh_b.out_type_id.id,
            "location_id": cls.wh_b.lot_stock_id.id,
        }

    def test_every_company_model_inherits_the_guard(self):
        self.assert_company_models_guarded()

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _assert_refused(self, records, user, vals, companies=None, named=True):
        before = {record.id: record.sudo().company_id for record in records}
        with self.assertRaises(AccessError) as caught:
            self.as_user(records, user, companies).write(vals)
        if named:
            self.assertIn(self.company_b.name, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(
            {record.id: record.sudo().company_id for record in records},
            before,
            "nothing was written",
        )

    def _delivery(self, user):
        return (
            self.env["stock.picking"]
            .with_user(user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.stock.id,
                    "location_dest_id": self.customers.id,
                    "partner_id": self.customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.valve.name,
                                "product_id": self.valve.id,
                                "product_uom_qty": 2,
                                "location_id": self.stock.id,
                                "location_dest_id": self.customers.id,
                            }
                        )
                    ],
                }
            )
        )

    def _sale(self, user):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.tape.id, "product_uom_qty": 3}
                        )
                    ],
                }
            )
        )

    # ------------------------------------------------------------------
    # pickings
    # ------------------------------------------------------------------

    def test_operator_cannot_write_a_picking_into_another_company(self):
        picking = self._delivery(self.operator)
        # Odoo reads the new operation type to renumber the picking: a user
        # of A only is refused there already, before the guard
        self._assert_refused(picking, self.operator, self.picking_into_b, named=False)
        self.assertEqual(picking.sudo().picking_type_id, self.warehouse.out_type_id)
        self._assert_refused(picking, self.operator, {"company_id": self.company_b.id})

    def test_operator_still_works_the_picking(self):
        self.env["stock.quant"]._update_available_quantity(self.valve, self.stock, 5)
        picking = self._delivery(self.operator)
        picking = self.as_user(picking, self.operator)
        picking.write({"origin": "Phone order"})
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.sudo().state, "done")

    def test_operator_of_both_companies_moves_a_picking(self):
        picking = self._delivery(self.operator_both)
        self.as_user(picking, self.operator_both).write(self.picking_into_b)
        self.env.invalidate_all()
        self.assertEqual(picking.sudo().company_id, self.company_b)

    def test_operator_of_both_must_have_the_new_company_selected(self):
        picking = self._delivery(self.operator_both)
        # B's operation type is already out of reach with A alone selected;
        # the company alone is not
        self._assert_refused(
            picking, self.operator_both, {"company_id": self.company_b.id}, self.company
        )

    # ------------------------------------------------------------------
    # sale orders and their lines
    # ------------------------------------------------------------------

    def test_salesman_cannot_write_a_sale_order_into_another_company(self):
        order = self._sale(self.salesman)
        self._assert_refused(
            order,
            self.salesman,
            {"company_id": self.company_b.id, "warehouse_id": self.wh_b.id},
        )
        # another field still writes
        self.as_user(order, self.salesman).write({"client_order_ref": "PO-77"})
        self.assertEqual(order.sudo().client_order_ref, "PO-77")

    def test_salesman_of_both_companies_moves_a_sale_order(self):
        order = self._sale(self.salesman_both)
        self.as_user(order, self.salesman_both).write(
            {"company_id": self.company_b.id, "warehouse_id": self.wh_b.id}
        )
        self.env.invalidate_all()
        self.assertEqual(order.sudo().company_id, self.company_b)
        self.assertEqual(order.sudo().order_line.company_id, self.company_b)

    def test_a_line_cannot_be_moved_onto_a_sale_order_of_another_company(self):
        order = self._sale(self.salesman)
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create({"partner_id": self.customer.id, "company_id": self.company_b.id})
        )
        line = order.order_line
        self._assert_refused(line, self.salesman, {"order_id": order_b.id})
        self.assertEqual(line.sudo().order_id, order)

    # ------------------------------------------------------------------
    # the addon's own records
    # ------------------------------------------------------------------

    def test_manager_cannot_write_a_tolerance_into_another_company(self):
        tolerance = (
            self.env["dist.receipt.tolerance"]
            .with_user(self.manager)
            .create({"categ_id": self.fittings.id, "percent": 2.0})
        )
        self.assertEqual(tolerance.company_id, self.company)
        self._assert_refused(tolerance, self.manager, {"company_id": self.company_b.id})
