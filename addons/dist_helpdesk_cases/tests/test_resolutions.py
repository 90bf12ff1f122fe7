from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MANAGER, ServiceCompanyCase


class ResolutionCase(ServiceCompanyCase):
    """A customer's order of 10, 8 delivered and invoiced (a short
    shipment), to resolve cases on."""

    COMPANY_NAME = "Quayside Wholesale"
    LOGIN_PREFIX = "dist_res"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", cls.company, install_demo=False
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Dockside Plumbing", "is_company": True}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Gate valve 2in",
                "is_storable": True,
                "type": "consu",
                "list_price": 20.0,
                "invoice_policy": "order",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 100
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 10,
                            "price_unit": 20.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        # 8 of 10 leave, the rest is not coming: a short shipment
        cls.delivery = cls.order.picking_ids
        cls.delivery.move_ids.quantity = 8
        cls.delivery.move_ids.picked = True
        cls.delivery.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=cls.delivery.ids
        ).button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        # a quarantine for damaged returns comes with a bridge addon
        cls.quarantine_ok = cls.env["dist.case.resolution"]._dist_can_quarantine(
            cls.warehouse
        )
        cls.controller = cls.company_user(
            "controller", "dist_governance.group_governance_controller"
        )

    def case(self, code, **values):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": f"{code} on {self.order.name}",
                    "description": "<p>See order.</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "category_id": self.env.ref(
                        f"dist_helpdesk_cases.case_category_{code}"
                    ).id,
                    "dist_sale_order_id": self.order.id,
                    "dist_picking_id": self.delivery.id,
                    "dist_product_id": self.product.id,
                    **values,
                }
            )
        )

    def wizard(self, ticket, code, **values):
        return (
            self.env["helpdesk.ticket.resolve"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": ticket.id,
                    "action_id": self.env.ref(
                        f"dist_helpdesk_cases.case_action_{code}"
                    ).id,
                    "reason": "Agreed with the customer",
                    **values,
                }
            )
        )

    def propose(self, ticket, code, quantity=None, **values):
        wizard = self.wizard(ticket, code, **values)
        if quantity is not None:
            wizard.line_ids.quantity = quantity
        action = wizard.action_apply()
        return self.env["dist.case.resolution"].browse(action["res_id"])

    def matrix_from(self, amount_min):
        """Case resolutions from `amount_min` need a service manager."""
        self.env["dist.approval.matrix"].with_user(self.controller).create(
            {
                "company_id": self.company.id,
                "document_type_id": self.env.ref(
                    "dist_helpdesk_cases.approval_document_type_case_resolution"
                ).id,
                "approver_type": "group",
                "approver_group_id": self.env.ref(MANAGER).id,
                "amount_min": amount_min,
                "open_ended": True,
            }
        )


@tagged("post_install", "-at_install")
class TestResolutions(ResolutionCase):
    """Returns, replacement deliveries and credit notes from a case, as the
    service agent who proposes them and the service manager who approves
    above the matrix."""

    def test_replacement_above_the_matrix_waits_for_the_manager(self):
        self.matrix_from(30)
        ticket = self.case("short_shipment")
        wizard = self.wizard(ticket, "replacement")
        # the agent starts from what is missing on the order line
        self.assertEqual(wizard.line_ids.missing_qty, 2)
        self.assertEqual(wizard.line_ids.quantity, 2)
        self.assertFalse(wizard.return_goods)
        resolution = self.env["dist.case.resolution"].browse(
            wizard.action_apply()["res_id"]
        )
        self.assertEqual(resolution.amount, 40)
        self.assertEqual(resolution.state, "draft")
        self.assertEqual(ticket.dist_action_done_ids.code, "replacement")
        self.assertTrue(resolution.review_ids)
        self.assertFalse(resolution.replacement_picking_ids)
        # nobody edits what waits for approval, the agent cannot approve it
        with self.assertRaises(UserError):
            resolution.with_user(self.agent).write({"reason": "more"})
        self.assertFalse(resolution.with_user(self.agent).can_review)
        resolution.with_user(self.manager).validate_tier()
        self.assertEqual(resolution.state, "done")
        replacement = resolution.replacement_picking_ids
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.picking_type_code, "outgoing")
        self.assertEqual(replacement.partner_id, self.customer)
        self.assertEqual(replacement.move_ids.product_uom_qty, 2)
        self.assertEqual(replacement.sale_id, self.order)
        # sent again, not delivered twice on the order line
        self.assertEqual(self.order.order_line.qty_delivered, 8)
        told = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertIn(replacement.name, str(told[:1].body))

    def test_a_replacement_added_to_an_open_one_shows_its_delivery(self):
        """A second replacement of the case while the first is still to
        ship joins the same delivery (Odoo merges the procurement into its
        open move): the resolution still names that delivery, and
        Documents opens it."""
        self.matrix_from(1000)
        ticket = self.case("short_shipment")
        first = self.propose(ticket, "replacement")
        second = self.propose(ticket, "replacement", quantity=1)
        self.assertEqual((first.state, second.state), ("done", "done"))
        delivery = first.replacement_picking_ids
        self.assertEqual(len(delivery), 1)
        self.assertEqual(second.replacement_picking_ids, delivery)
        self.assertEqual(delivery.move_ids.product_uom_qty, 3)
        action = second.with_user(self.agent).action_open_documents()
        self.assertEqual(
            self.env[action["res_model"]].search(action.get("domain") or []).ids
            if action.get("domain")
            else [action["res_id"]],
            delivery.ids,
        )

    def test_what_is_coming_or_sent_again_is_not_proposed_twice(self):
        """Issue 16: a replacement proposed ordered less delivered, so the
        goods a backorder will still bring, or an earlier replacement sent
        again, would reach the customer twice."""
        self.matrix_from(1000)
        ticket = self.case("short_shipment")
        first = self.propose(ticket, "replacement")
        self.assertEqual(first.replacement_picking_ids.move_ids.product_uom_qty, 2)
        # the 2 are on their way: nothing more is missing
        again = self.wizard(ticket, "replacement")
        self.assertEqual(again.line_ids.missing_qty, 0)
        self.assertEqual(again.line_ids.quantity, 0)
        # the agent may still send more on purpose (goods damaged on the way)
        second = self.propose(ticket, "replacement", quantity=1)
        self.assertEqual(second.state, "done")
        # a second order shipped short with a backorder: the backorder brings
        # the rest, the replacement proposes none of it
        order = self.order.copy()
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = 6
        delivery.move_ids.picked = True
        delivery.with_context(skip_backorder=True).button_validate()
        backorder = order.picking_ids - delivery
        self.assertEqual(backorder.move_ids.product_uom_qty, 4)
        ticket = self.case(
            "short_shipment",
            dist_sale_order_id=order.id,
            dist_picking_id=delivery.id,
        )
        wizard = self.wizard(ticket, "replacement")
        self.assertEqual(wizard.line_ids.delivered_qty, 6)
        self.assertEqual(wizard.line_ids.missing_qty, 0)
        # once the backorder is cancelled, its 4 are missing
        backorder.action_cancel()
        wizard = self.wizard(ticket, "replacement")
        self.assertEqual(wizard.line_ids.missing_qty, 4)

    def test_rejected_resolution_makes_nothing(self):
        self.matrix_from(30)
        ticket = self.case("short_shipment")
        resolution = self.propose(ticket, "replacement")
        resolution.with_user(self.manager).reject_tier()
        self.assertEqual(resolution.state, "rejected")
        self.assertFalse(resolution.replacement_picking_ids)
        self.assertEqual(len(self.order.picking_ids), 1)

    def test_a_waiting_resolution_can_be_cancelled_a_done_one_cannot(self):
        self.matrix_from(30)
        ticket = self.case("short_shipment")
        waiting = self.propose(ticket, "replacement")
        waiting.with_user(self.agent).action_cancel()
        self.assertEqual(waiting.state, "cancel")
        self.assertFalse(waiting.replacement_picking_ids)
        done = self.propose(ticket, "credit_note", quantity=1)
        self.assertEqual(done.state, "done")
        with self.assertRaises(UserError):
            done.with_user(self.agent).action_cancel()
        self.assertEqual(done.state, "done")

    def test_credit_note_within_the_matrix_is_drafted_at_once(self):
        self.matrix_from(1000)
        ticket = self.case("short_shipment")
        resolution = self.propose(ticket, "credit_note", quantity=2)
        self.assertEqual(resolution.state, "done")
        credit = resolution.credit_note_id
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "draft")
        self.assertEqual(credit.reversed_entry_id, self.invoice)
        self.assertEqual(credit.partner_id, self.customer)
        self.assertAlmostEqual(credit.amount_untaxed, 40.0)
        self.assertIn(ticket.number, credit.ref)

    def test_invoice_dispute_credits_the_invoice_lines(self):
        ticket = self.case(
            "invoice_dispute",
            dist_sale_order_id=False,
            dist_picking_id=False,
            dist_product_id=False,
            dist_invoice_id=self.invoice.id,
        )
        wizard = self.wizard(ticket, "credit_note")
        self.assertEqual(wizard.line_ids.delivered_qty, 10)
        self.assertEqual(wizard.line_ids.price_unit, 20)
        wizard.line_ids.quantity = 1
        action = wizard.action_apply()
        resolution = self.env["dist.case.resolution"].browse(action["res_id"])
        self.assertAlmostEqual(resolution.credit_note_id.amount_untaxed, 20.0)
        # crediting more than invoiced is refused
        wizard = self.wizard(ticket, "credit_note")
        wizard.line_ids.quantity = 11
        with self.assertRaises(UserError):
            wizard.action_apply()

    def test_damaged_goods_replaced_and_returned_to_quarantine(self):
        ticket = self.case("damaged_goods")
        wizard = self.wizard(ticket, "replacement")
        self.assertTrue(wizard.return_goods)
        self.assertTrue(wizard.to_quarantine)
        wizard.line_ids.quantity = 3
        if not self.quarantine_ok:
            with self.assertRaises(UserError):
                wizard.action_apply()
            return
        resolution = self.env["dist.case.resolution"].browse(
            wizard.action_apply()["res_id"]
        )
        self.assertEqual(resolution.state, "done")
        back = resolution.return_picking_id
        self.assertEqual(back.return_id, self.delivery)
        self.assertEqual(back.move_ids.product_uom_qty, 3)
        self.assertEqual(back.location_dest_id, resolution._dist_quarantine(back))
        self.assertNotEqual(back.location_dest_id, self.warehouse.lot_stock_id)
        self.assertEqual(back.move_ids.location_dest_id, back.location_dest_id)
        self.assertEqual(resolution.replacement_picking_ids.move_ids.product_uom_qty, 3)
        self.assertEqual(self.order.order_line.qty_delivered, 8)

    def test_return_request_takes_goods_back_to_stock(self):
        ticket = self.case("return_request", dist_picking_id=False)
        resolution = self.propose(ticket, "return", quantity=4)
        back = resolution.return_picking_id
        self.assertEqual(back.move_ids.product_uom_qty, 4)
        self.assertEqual(back.move_ids.origin_returned_move_id, self.delivery.move_ids)
        self.assertEqual(back.location_dest_id, self.warehouse.lot_stock_id)
        self.assertFalse(back.move_ids.to_refund)

    def test_bad_resolutions_are_refused(self):
        ticket = self.case("return_request", dist_picking_id=False)
        # nothing chosen
        with self.assertRaises(UserError):
            self.propose(ticket, "return", quantity=0)
        # more than the customer received
        with self.assertRaises(UserError):
            self.propose(ticket, "return", quantity=9)
        # negative
        with self.assertRaises(UserError):
            self.propose(ticket, "return", quantity=-1)
        # a replacement is no resolution of a return request
        with self.assertRaises(UserError):
            self.propose(ticket, "replacement", quantity=1)
        self.assertFalse(self.env["dist.case.resolution"].search_count([]))

    def test_credit_before_invoicing_is_refused(self):
        order = self.order.copy()
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = 10
        delivery.move_ids.picked = True
        delivery.button_validate()
        ticket = self.case(
            "short_shipment", dist_sale_order_id=order.id, dist_picking_id=delivery.id
        )
        with self.assertRaises(UserError):
            self.propose(ticket, "credit_note", quantity=1)
