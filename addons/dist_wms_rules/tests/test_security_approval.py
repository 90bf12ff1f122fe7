from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestSecurityApproval(WmsCase):
    """Issue 17: an inventory adjustment request is applied only through its
    approval: a warehouse user does not make one already applied, nor write
    its status."""

    def _vals(self, **values):
        return {
            "company_id": self.company.id,
            "warehouse_id": self.warehouse.id,
            "location_id": self.stock.id,
            "product_id": self.valve.id,
            "expected_qty": 100,
            "counted_qty": 40,
            "variance_qty": -60,
            "amount": 600,
            "reason": "Cycle count",
            **values,
        }

    def _count(self):
        return (
            self.env["dist.inventory.adjustment"]
            .sudo()
            .search_count([("product_id", "=", self.valve.id)])
        )

    @mute_logger("odoo.models")
    def test_a_request_is_not_created_applied(self):
        for user in (self.operator, self.manager):
            Request = self.as_user(self.env["dist.inventory.adjustment"], user)
            for state in ("applied", "rejected", "cancel"):
                # refused for its status, or for the counted figures only
                # the count itself writes (system fields)
                with (
                    self.subTest(user=user.login, state=state),
                    self.assertRaises(UserError),
                ):
                    Request.create(self._vals(state=state))
            with (
                self.subTest(user=user.login),
                self.assertRaises(UserError),
            ):
                Request.with_context(default_state="applied").create(self._vals())
        self.assertEqual(self._count(), 0)

    def test_the_status_is_not_written_directly(self):
        request = self.env["dist.inventory.adjustment"].create(self._vals())
        for user in (self.operator, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.as_user(request, user).write({"state": "applied"})
        self.env.invalidate_all()
        self.assertEqual(request.sudo().state, "draft")
