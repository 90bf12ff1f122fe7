from odoo.tests import HttpCase, tagged

from .test_purchase_approval import PurchaseApprovalCase


@tagged("post_install", "-at_install")
class TestMatrixTour(PurchaseApprovalCase, HttpCase):
    def test_controller_reads_the_matrix_grid(self):
        self.role_user(
            "dist_tour_matrix_controller",
            "dist_governance.group_governance_controller",
        )
        second = self.role_user(
            "dist_tour_second",
            "dist_purchase_policy.group_purchasing_manager",
            name="Tour second approver",
        )
        doc_type = self.env.ref(
            "dist_purchase_policy.approval_document_type_purchase_order"
        )
        managers = self.env.ref("dist_purchase_policy.group_purchasing_manager")
        self.env["dist.approval.matrix"].create(
            [
                {
                    "document_type_id": doc_type.id,
                    "amount_min": 0,
                    "amount_max": 5000,
                    "tier": 1,
                    "approver_type": "group",
                    "approver_group_id": managers.id,
                },
                {
                    "document_type_id": doc_type.id,
                    "amount_min": 0,
                    "amount_max": 5000,
                    "tier": 2,
                    "approver_type": "user",
                    "approver_user_id": second.id,
                },
            ]
        )
        self.start_tour(
            "/odoo",
            "dist_purchase_policy_matrix_tour",
            login="dist_tour_matrix_controller",
        )
        grid = self.env["dist.approval.matrix.grid"].create({})
        self.assertIn("2. Tour second approver", str(grid.grid))
