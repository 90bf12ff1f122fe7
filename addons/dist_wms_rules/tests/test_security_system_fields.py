from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.system_fields import REFUSAL, SystemFieldsChecks

from .common import WmsCase

# a value for each field of a delivery's place in the picking queue
PICKING_SYSTEM_VALUES = {
    "dist_priority_score": 99.0,
    "dist_priority_detail": "forged",
    "dist_pinned": True,
    "dist_pin_reason": "forged",
}


@tagged("post_install", "-at_install")
class TestPickingSystemFields(WmsCase, SystemFieldsChecks):
    """The fulfilment priority and the pin of a delivery are the suite's:
    an operator cannot create, write or import them; a warehouse manager
    pins with the button only."""

    freeze_time = "2026-06-10 08:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.queue_jumper = cls.env["res.partner"].create(
            {"name": "Queue Jumper Ltd", "is_company": True}
        )
        cls.Picking = cls.env["stock.picking"].with_user(cls.operator)
        cls.base_vals = {
            "picking_type_id": cls.warehouse.out_type_id.id,
            "partner_id": cls.queue_jumper.id,
            "scheduled_date": datetime(2026, 6, 16, 8, 0),
        }
        cls.domain = [("partner_id", "=", cls.queue_jumper.id)]

    def delivery(self):
        picking = self.Picking.create(
            {
                **self.base_vals,
                "move_ids": [
                    Command.create(
                        {
                            "name": "queue test",
                            "product_id": self.valve.id,
                            "product_uom_qty": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def test_create_with_priority_or_pin_is_refused(self):
        for role in (self.operator, self.manager):
            Picking = self.env["stock.picking"].with_user(role)
            for field, value in {
                **PICKING_SYSTEM_VALUES,
                "dist_pinned_by_id": role.id,
            }.items():
                self.assert_create_refused(
                    Picking, self.base_vals, field, value, self.domain
                )

    def test_a_context_default_sets_no_priority(self):
        picking = self.Picking.with_context(
            default_dist_pinned=True, default_dist_priority_score=99
        ).create(self.base_vals)
        self.assertFalse(picking.dist_pinned)
        self.assertNotEqual(picking.dist_priority_score, 99)

    def test_write_of_priority_or_pin_is_refused(self):
        picking = self.delivery()
        for role in (self.operator, self.manager):
            for field, value in {
                **PICKING_SYSTEM_VALUES,
                "dist_pinned_by_id": role.id,
            }.items():
                self.assert_write_refused(picking.with_user(role), field, value)

    def test_import_of_priority_or_pin_is_refused(self):
        for field, value in PICKING_SYSTEM_VALUES.items():
            self.assert_load_refused(
                self.Picking,
                ["picking_type_id/.id", "partner_id/.id", field],
                [
                    str(self.warehouse.out_type_id.id),
                    str(self.queue_jumper.id),
                    str(value),
                ],
                self.domain,
            )

    def test_an_import_cannot_pin_an_existing_delivery(self):
        picking = self.delivery()
        result = self.Picking.load(
            [".id", "dist_pinned", "dist_pin_reason"],
            [[str(picking.id), "1", "forged"]],
        )
        self.assertTrue(
            any(REFUSAL in message["message"] for message in result["messages"]),
            result["messages"],
        )
        picking.invalidate_recordset()
        self.assertFalse(picking.dist_pinned)
        self.assertFalse(picking.dist_pin_reason)

    def test_a_copy_takes_no_pin_or_score(self):
        picking = self.delivery()
        picking.with_user(self.manager).action_dist_pin("Line down at the plant")
        copy = picking.with_user(self.operator).copy(
            {"dist_pinned": True, "dist_priority_score": 99}
        )
        self.assertFalse(copy.dist_pinned)
        self.assertFalse(copy.dist_pin_reason)
        self.assertNotEqual(copy.dist_priority_score, 99)

    def test_the_suite_scores_and_the_manager_pins_with_the_button(self):
        picking = self.delivery()
        # the refresh scored the confirmed delivery
        score = picking.dist_priority_score
        self.assertGreater(score, 0)
        self.assertTrue(picking.dist_priority_detail)
        picking.with_user(self.manager).action_dist_pin("Line down at the plant")
        self.assertTrue(picking.dist_pinned)
        self.assertEqual(picking.dist_pin_reason, "Line down at the plant")
        self.assertEqual(picking.dist_pinned_by_id, self.manager)
        # the operator's refresh still rescores what it may read
        picking.sudo().dist_priority_score = 0
        picking.with_user(self.operator).action_dist_refresh_priority()
        self.assertAlmostEqual(picking.dist_priority_score, score, places=2)
        picking.with_user(self.manager).action_dist_unpin()
        self.assertFalse(picking.dist_pinned)
        self.assertFalse(picking.dist_pinned_by_id)
        # an operator has no pin button
        with self.assertRaises(AccessError):
            picking.with_user(self.operator).action_dist_pin("forged")
        self.assertFalse(picking.dist_pinned)

    def test_a_context_key_opens_nothing(self):
        picking = self.delivery()
        forged = picking.with_user(self.operator).with_context(
            dist_system=True, dist_priority_refresh=True, force_write=True
        )
        with self.assertRaisesRegex(UserError, REFUSAL):
            forged.write({"dist_pinned": True})
        picking.invalidate_recordset()
        self.assertFalse(picking.dist_pinned)
