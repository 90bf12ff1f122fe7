from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.common import (
    CONTROL_TOWER_ROLES,
    DistRolesCase,
)

# the records are made on 10 June; the tiles are opened the next morning,
# when 10 June is the tile's day
MADE = "2026-06-10 08:00:00"
OPENED = "2026-06-11 09:00:00"
# exceptions are worked by every role: their owners comment and resolve them
EDITABLE = {"purchase_exceptions"}
PURCHASE_ROLES = {
    "buyer": "dist_purchase_policy.group_buyer",
    "manager": "dist_purchase_policy.group_purchasing_manager",
}


@tagged("post_install", "-at_install")
class TestPurchaseControlTowerAccess(DistRolesCase):
    """Executives, process owners and governance controllers open the
    records behind the purchasing tiles (and the approvals'), read-only, in
    their companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Tower North"})
        cls.south = Company.create({"name": "Tower South"})
        companies = cls.north | cls.south
        cls.users = cls.company_role_users(
            "dist_po_ct", companies, {**CONTROL_TOWER_ROLES, **PURCHASE_ROLES}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Ridgeway Fasteners"})
        cls.product = cls.env["product.product"].create(
            {"name": "Hex bolt M8x40", "is_storable": True, "standard_price": 2.0}
        )
        with freeze_time(MADE):
            cls.records = {company: cls._tile_records(company) for company in companies}

    @classmethod
    def _tile_records(cls, company):
        """In `company`: an order approved by its purchasing manager,
        confirmed and received, with a receipt exception. {kpi code: the
        records its tile lists}."""
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        env["dist.approval.matrix"].create(
            {
                "company_id": company.id,
                "document_type_id": env.ref(
                    "dist_purchase_policy.approval_document_type_purchase_order"
                ).id,
                "amount_min": 0,
                "open_ended": True,
                "tier": 1,
                "approver_type": "group",
                "approver_group_id": env.ref(PURCHASE_ROLES["manager"]).id,
            }
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        buyer = cls.users["buyer", company]
        order = cls.as_user(env["purchase.order"], buyer).create(
            {
                "partner_id": cls.vendor.id,
                "company_id": company.id,
                "picking_type_id": warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 10,
                            "price_unit": 2.0,
                        }
                    )
                ],
            }
        )
        order.request_validation()
        cls.as_user(order, cls.users["manager", company]).validate_tier()
        env.invalidate_all()  # the buyer confirms in a new request
        order.button_confirm()
        receipt = order.sudo().picking_ids
        receipt.move_ids.quantity = 10
        receipt.move_ids.picked = True
        receipt.button_validate()
        exception = env["dist.exception"].raise_exception(
            "receipt_qty_deviation",
            receipt,
            f"{receipt.name}: counted short",
            company_id=company.id,
        )
        order = order.with_env(env)
        return {
            "supplier_on_time": order,
            "lead_time_reliability": order.order_line,
            "purchase_exceptions": exception,
            "approval_turnaround": order.review_ids,
        }

    def _kpis(self):
        return self.env["dist.kpi"].search(
            [
                "|",
                ("feeder", "=", "dist_purchase_policy"),
                ("code", "=", "approval_turnaround"),
            ]
        )

    @freeze_time(OPENED)
    def test_every_purchasing_tile_opens_read_only_for_the_control_tower_roles(self):
        mine = self.records[self.north]
        kpis = self._kpis()
        self.assertEqual(set(kpis.mapped("code")), set(mine))
        for kpi in kpis:
            reviews = kpi.code == "approval_turnaround"
            for role in CONTROL_TOWER_ROLES:
                with self.subTest(kpi=kpi.code, role=role):
                    user = self.users[role, self.north]
                    action = self.as_user(kpi, user).action_drill()
                    listed = self.assert_opens_read_only(
                        action,
                        user,
                        mine[kpi.code],
                        acl_writable=reviews,
                        editable=kpi.code in EDITABLE,
                    )
                    self.assertFalse(listed & self.records[self.south][kpi.code])
                    self.assert_hidden_from(
                        mine[kpi.code], self.users[role, self.south]
                    )
                    if reviews:
                        # tier validation lets users write reviews; the
                        # suite refuses every write but its own
                        with self.assertRaises(AccessError):
                            self.as_user(listed, user).write({"comment": "seen"})

    @freeze_time(OPENED)
    def test_a_group_role_opens_the_tiles_of_both_its_companies(self):
        for kpi in self._kpis():
            with self.subTest(kpi=kpi.code):
                user = self.users["owner", None]
                action = self.as_user(kpi, user).action_drill()
                self.assert_opens_read_only(
                    action,
                    user,
                    self.records[self.north][kpi.code]
                    | self.records[self.south][kpi.code],
                    acl_writable=kpi.code == "approval_turnaround",
                    editable=kpi.code in EDITABLE,
                )
