from odoo.tests import HttpCase, tagged

from .common import DistGovernanceCase


@tagged("post_install", "-at_install")
class TestExceptionTour(DistGovernanceCase, HttpCase):
    def test_owner_resolves_an_exception_in_the_web_client(self):
        source = self.env["res.partner"].create({"name": "Dock 4"})
        exception = (
            self.env["dist.exception"]
            .with_user(self.owner)
            .raise_exception("manual", source, "Pallet found broken on the dock")
        )
        self.assertEqual(exception.owner_id, self.owner)
        self.start_tour("/odoo", "dist_governance_exception_tour", login="dist_owner")
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(
            exception.root_cause_id,
            self.env.ref("dist_governance.root_cause_receiving_backlog"),
        )
        trail = self.env["dist.audit.entry"].search(
            [("res_model", "=", "dist.exception"), ("res_id", "=", exception.id)],
            order="id",
        )
        self.assertEqual(trail.mapped("new_value"), ["In progress", "Resolved"])
        self.assertEqual(trail.user_id, self.owner)
