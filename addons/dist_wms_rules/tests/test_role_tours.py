from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common_tour import (
    ROLE_TOUR_TAG,
    DistRoleTourCase,
)

from .common import WmsCase


@tagged("post_install", "-at_install", ROLE_TOUR_TAG)
class TestWarehouseRoleTours(WmsCase, DistRoleTourCase):
    """The warehouse manager, from login, in the browser."""

    def test_warehouse_manager_sets_the_rules_and_approves_a_count(self):
        self.manager.write({"name": "Robin Warehouse", "tz": "Europe/Brussels"})
        self.operator.name = "Sam Operator"
        controller = self.role_user(
            "dist_wms_tour_controller",
            "dist_governance.group_governance_controller",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.env["dist.approval.matrix"].with_user(controller).create(
            {
                "company_id": self.company.id,
                "document_type_id": self.env.ref(
                    "dist_wms_rules.approval_document_type_inventory_adjustment"
                ).id,
                "approver_type": "group",
                "approver_group_id": self.env.ref(
                    "dist_wms_rules.group_warehouse_manager"
                ).id,
                "amount_min": 500,
                "open_ended": True,
            }
        )
        valve = self.product("Brass ball valve DN25", cost=10.0)
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(valve, self.stock, 200)
        # the operator counts 100 where 200 were expected: 1,000 to approve
        quant = (
            Quant.search(
                [("product_id", "=", valve.id), ("location_id", "=", self.stock.id)]
            )
            .with_user(self.operator)
            .with_context(inventory_mode=True)
        )
        quant.inventory_quantity = 100
        self.env["stock.inventory.adjustment.name"].with_user(self.operator).create(
            {
                "quant_ids": [Command.set(quant.ids)],
                "inventory_adjustment_name": "Cycle count",
            }
        ).action_apply()
        request = quant.dist_adjustment_id
        self.assertEqual(request.validation_status, "waiting")
        self.assertEqual(quant.quantity, 200)
        self.assert_lands_on(self.manager, "dist_governance.dist_kpi_action_tiles")
        self.start_role_tour("dist_wms_rules_warehouse_manager_tour", self.manager)
        self.assertEqual(self.company.dist_count_days_a, 14)
        self.assertEqual(request.state, "applied")
        self.assertEqual(request.applied_by_id, self.manager)
        self.assertEqual(quant.quantity, 100)
