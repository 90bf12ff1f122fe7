from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestWarehouseTemplates(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checklist = cls.env["dist.quality.checklist"].create(
            {
                "name": "Hoses",
                "company_id": cls.company.id,
                "partner_ids": [Command.set(cls.vendor.ids)],
                "item_ids": [Command.create({"name": "No cracks"})],
            }
        )
        cls.hoses = cls.env["product.category"].create({"name": "Hoses"})
        cls.template = (
            cls.env["dist.warehouse.template"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Regional DC",
                    "company_id": cls.company.id,
                    "reception_steps": "two_steps",
                    "delivery_steps": "pick_ship",
                    "rcv_tolerance_percent": 3,
                    "count_days_a": 20,
                    "count_cap": 150,
                    "quality_checklist_id": cls.checklist.id,
                    "quality_categ_ids": [Command.set(cls.hoses.ids)],
                    "putaway_ids": [
                        Command.create(
                            {
                                "categ_id": cls.fittings.id,
                                "location_name": "Shelves/Fittings",
                            }
                        )
                    ],
                }
            )
        )

    def test_apply_configures_through_odoo_objects_and_compliance_follows(self):
        self.template.with_user(self.manager).action_apply(self.warehouse)
        warehouse = self.warehouse
        self.assertEqual(warehouse.reception_steps, "two_steps")
        self.assertEqual(warehouse.delivery_steps, "pick_ship")
        # Odoo's own route and picking types follow the steps
        self.assertTrue(warehouse.pick_type_id.active)
        rule = self.env["stock.putaway.rule"].search(
            [
                ("location_in_id", "=", warehouse.lot_stock_id.id),
                ("category_id", "=", self.fittings.id),
            ]
        )
        self.assertEqual(rule.location_out_id.name, "Fittings")
        self.assertEqual(rule.location_out_id.location_id.name, "Shelves")
        self.assertEqual(warehouse.dist_quarantine_location_id.name, "Quarantine")
        self.assertEqual(warehouse._dist_count_cadence("A"), 20)
        self.assertEqual(warehouse._dist_count_cadence("B"), 90)
        self.assertIn(self.hoses, self.checklist.categ_ids)
        self.assertFalse(self.template.deviation_ids)
        # a site drifts: the compliance check says where
        warehouse.with_user(self.manager).write(
            {"delivery_steps": "ship_only", "dist_count_cap": 90}
        )
        rule.location_out_id = warehouse.lot_stock_id
        self.template.with_user(self.operator).action_check_compliance()
        aspects = {
            d.aspect: (d.expected, d.actual) for d in self.template.deviation_ids
        }
        self.assertEqual(
            set(aspects),
            {"Delivery steps", "Count lines per day", "Putaway of Fittings"},
        )
        self.assertEqual(aspects["Count lines per day"], ("150", "90"))
        # the warehouse manager checks again from the standard: the same
        # deviations, not twice
        self.template.with_user(self.manager).action_check_compliance()
        self.assertEqual(
            {d.aspect: (d.expected, d.actual) for d in self.template.deviation_ids},
            aspects,
        )
        self.assertEqual(len(self.template.deviation_ids), 3)
        # applying again brings it back
        self.template.with_user(self.manager).action_apply()
        self.assertFalse(self.template.deviation_ids)

    def test_applied_tolerance_governs_receipts_of_the_warehouse(self):
        self.template.with_user(self.manager).action_apply(self.warehouse)
        order = self.purchase({self.tape: 100})
        picking = order.picking_ids.with_user(self.operator)
        picking.move_ids.quantity = 104
        picking.move_ids.picked = True
        action = picking.with_context(skip_backorder=True).button_validate()
        wizard = self.env["stock.picking.deviation"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.allowed_qty, 3)
        self.assertEqual(wizard.line_ids.tolerance_source, self.warehouse.display_name)

    def test_bad_templates_are_refused(self):
        Template = self.env["dist.warehouse.template"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Template.create(
                {
                    "name": "Never counted",
                    "company_id": self.company.id,
                    "count_days_b": 0,
                }
            )
        with self.assertRaises(ValidationError):
            Template.create(
                {
                    "name": "Loose",
                    "company_id": self.company.id,
                    "rcv_tolerance_percent": -2,
                }
            )
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["stock.location"].create(
            {"name": "Their bulk", "usage": "internal", "company_id": other.id}
        )
        with self.assertRaises(UserError):
            self.template.write(
                {
                    "putaway_ids": [
                        Command.create(
                            {"categ_id": self.hoses.id, "location_id": foreign.id}
                        )
                    ]
                }
            )
        other_warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other.id)], limit=1
        ) or self.env["stock.warehouse"].create(
            {"name": "Other main", "code": "OTH", "company_id": other.id}
        )
        with self.assertRaises(UserError):
            self.template.action_apply(other_warehouse)
