from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.test_security_company_move import (
    CompanyGuardCoverage,
)

from .common import ReplenishmentCase


@tagged("post_install", "-at_install")
class TestSecurityCompanyMove(CompanyGuardCoverage, ReplenishmentCase):
    """A buyer of Lakeside cannot write a purchase order, one of its lines
    or a replenishment policy into another company; a buyer of both
    companies, with both selected, may move an order."""

    GUARD_ADDON = "dist_purchase_policy"
    GUARD_CORE = (
        "purchase.order",
        "purchase.order.line",
        "stock.warehouse.orderpoint",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Moved-to Supply"})
        cls.wh_b = cls.warehouse_of(cls.company_b)
        both = cls.company | cls.company_b
        cls.buyer_both = cls.role_user(
            "dist_move_buyer_both",
            "dist_purchase_policy.group_buyer",
            company_id=cls.company.id,
            company_ids=[Command.set(both.ids)],
        )
        cls.bolt = cls.product("Hex bolt M8")
        # into B: the company and B's receipt type, as the move needs both
        cls.into_b = {
            "company_id": cls.company_b.id,
            "picking_type_id": cls.wh_b.in_type_id.id,
        }

    def test_every_company_model_inherits_the_guard(self):
        self.assert_company_models_guarded()

    def _order(self, user, lines=True):
        return (
            self.env["purchase.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "company_id": self.company.id,
                    "picking_type_id": self.wh1.in_type_id.id,
                    "order_line": [
                        Command.create({"product_id": self.bolt.id, "product_qty": 5})
                    ]
                    if lines
                    else [],
                }
            )
        )

    def _assert_refused(self, records, user, vals, companies=None):
        before = {record.id: record.sudo().company_id for record in records}
        with self.assertRaises(AccessError) as caught:
            self.as_user(records, user, companies).write(vals)
        self.assertIn(self.company_b.name, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(
            {record.id: record.sudo().company_id for record in records},
            before,
            "nothing was written",
        )

    def test_buyer_cannot_write_an_order_into_another_company(self):
        for lines in (False, True):
            order = self._order(self.buyer, lines=lines)
            self._assert_refused(order, self.buyer, self.into_b)
            self.assertEqual(order.sudo().picking_type_id, self.wh1.in_type_id)

    def test_buyer_still_edits_the_order(self):
        order = self._order(self.buyer)
        self.as_user(order, self.buyer).write({"partner_ref": "V-123"})
        self.assertEqual(order.sudo().partner_ref, "V-123")
        order.with_user(self.buyer).button_confirm()
        self.assertIn(order.sudo().state, ("purchase", "to approve"))

    def test_buyer_of_both_companies_moves_an_order(self):
        order = self._order(self.buyer_both)
        self.as_user(order, self.buyer_both).write(self.into_b)
        self.env.invalidate_all()
        self.assertEqual(order.sudo().company_id, self.company_b)
        self.assertEqual(order.sudo().order_line.company_id, self.company_b)

    def test_buyer_of_both_must_have_the_new_company_selected(self):
        # a draft without lines yet (with lines, Odoo's own read of the
        # moved lines refuses already)
        order = self._order(self.buyer_both, lines=False)
        # B's receipt type is already out of reach with A alone selected; the
        # company alone is not
        self._assert_refused(
            order, self.buyer_both, {"company_id": self.company_b.id}, self.company
        )

    def test_a_line_cannot_be_moved_onto_an_order_of_another_company(self):
        order = self._order(self.buyer)
        order_b = (
            self.env["purchase.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "company_id": self.company_b.id,
                    "picking_type_id": self.wh_b.in_type_id.id,
                }
            )
        )
        line = order.order_line
        self._assert_refused(line, self.buyer, {"order_id": order_b.id})
        self.assertEqual(line.sudo().order_id, order)
        # the company written beside the order is recomputed from the order
        self._assert_refused(
            line, self.buyer, {"order_id": order_b.id, "company_id": self.company.id}
        )
        self.assertEqual(line.sudo().order_id, order)
        self._assert_refused(line, self.buyer, {"company_id": self.company_b.id})

    def test_manager_cannot_write_a_policy_into_another_company(self):
        policy = (
            self.env["dist.replenishment.policy"]
            .with_user(self.manager)
            .create({"name": "Seasonal", "code": "seasonal_move"})
        )
        self.assertEqual(policy.company_id, self.company)
        self._assert_refused(policy, self.manager, {"company_id": self.company_b.id})
