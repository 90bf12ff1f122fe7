from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import (
    CONTROL_TOWER_ROLES,
    DistRolesCase,
)

PURCHASE_ROLES = {
    "buyer": "dist_purchase_policy.group_buyer",
    "manager": "dist_purchase_policy.group_purchasing_manager",
}


@tagged("post_install", "-at_install")
class TestApprovalAccess(DistRolesCase):
    """The approval matrix of the demo in two companies: a purchasing
    manager approves orders from 10,000, an executive as second tier from
    50,000. Each company has a user of each role; a third holds both
    companies, both selected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Approvals North"})
        cls.south = Company.create({"name": "Approvals South"})
        cls.users = cls.company_role_users(
            "dist_appr",
            cls.north | cls.south,
            {**CONTROL_TOWER_ROLES, **PURCHASE_ROLES},
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Keystone Supply"})
        cls.product = cls.env["product.product"].create(
            {"name": "Hex bolt M8x40", "is_storable": True}
        )
        cls.doc_type = cls.env.ref(
            "dist_purchase_policy.approval_document_type_purchase_order"
        )
        cls.managers = cls.env.ref(PURCHASE_ROLES["manager"])
        cls.executives = cls.env.ref(CONTROL_TOWER_ROLES["executive"])
        for company in cls.north | cls.south:
            common = {"company_id": company.id, "document_type_id": cls.doc_type.id}
            cls.as_user(
                cls.env["dist.approval.matrix"], cls.users["controller", company]
            ).create(
                [
                    {
                        **common,
                        "amount_min": 10000,
                        "amount_max": 50000,
                        "tier": 1,
                        "approver_type": "group",
                        "approver_group_id": cls.managers.id,
                    },
                    {
                        **common,
                        "amount_min": 50000,
                        "open_ended": True,
                        "tier": 1,
                        "approver_type": "group",
                        "approver_group_id": cls.managers.id,
                    },
                    {
                        **common,
                        "amount_min": 50000,
                        "open_ended": True,
                        "tier": 2,
                        "approver_type": "group",
                        "approver_group_id": cls.executives.id,
                        "comment_required": True,
                    },
                ]
            )

    def user(self, role, company=None):
        return self.users[role, company]

    def _order(self, company, price, buyer=None):
        """An order of 10 bolts at `price` by the company's buyer."""
        buyer = buyer or self.user("buyer", company)
        return self.as_user(self.env["purchase.order"], buyer).create(
            {
                "partner_id": self.vendor.id,
                "company_id": company.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 10,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )

    def test_reviewers_are_of_the_document_s_company_only(self):
        order = self._order(self.north, 6000)  # 60,000: two tiers
        order.request_validation()
        first, second = order.review_ids.sorted("sequence")
        self.assertEqual(
            first.reviewer_ids, self.user("manager", self.north) | self.user("manager")
        )
        self.assertEqual(
            second.reviewer_ids,
            self.user("executive", self.north) | self.user("executive"),
        )

    @freeze_time("2026-06-10 08:00:00")
    def test_delegates_are_of_the_document_s_company_only(self):
        # a definition of no company (made by hand, outside the matrix)
        # applies in every company: its reviewers are still the document's
        self.env["tier.definition"].create(
            {
                "name": "Any order, any company",
                "model_id": self.env["ir.model"]._get("purchase.order").id,
                "company_id": False,
                "review_type": "group",
                "reviewer_group_id": self.managers.id,
                "definition_domain": "[('amount_total', '>=', 0)]",
                "approve_sequence": True,
                "sequence": 500,
            }
        )
        # the manager of both companies hands over, in the south, to the
        # south's buyer; in the north to the north's
        for company in self.north | self.south:
            self.as_user(
                self.env["dist.approval.delegation"], self.user("manager"), company
            ).create(
                {
                    "company_id": company.id,
                    "delegate_id": self.user("buyer", company).id,
                    "date_from": date(2026, 6, 9),
                    "date_to": date(2026, 6, 11),
                }
            )
        order = self._order(self.north, 50, buyer=self.user("buyer"))
        order.request_validation()
        self.assertEqual(
            order.review_ids.reviewer_ids,
            self.user("manager", self.north)
            | self.user("manager")
            | self.user("buyer", self.north),
        )
