from odoo.tests import tagged

from odoo.addons.dist_helpdesk_cases.tests.test_resolutions import ResolutionCase

from .test_promise_and_quarantine import open_order


@tagged("post_install", "-at_install")
class TestCasesFeedPriority(ResolutionCase):
    """An open case on a delivery counts in its fulfilment priority."""

    LOGIN_PREFIX = "dist_hp"

    def test_an_open_case_counts_in_the_delivery_priority(self):
        delivery = open_order(self).picking_ids
        delivery._dist_refresh_priorities([("id", "=", delivery.id)])
        self.assertFalse(delivery._dist_open_case_pickings())
        self.assertIn("case 0", delivery.dist_priority_detail)
        # the agent opens a case on it: the score counts it at once
        ticket = self.case("delayed_shipment", dist_picking_id=delivery.id)
        self.assertEqual(delivery._dist_open_case_pickings(), delivery)
        weight = self.company.dist_priority_weight_case
        self.assertIn(f"case {weight:.0f}", delivery.dist_priority_detail)
        # closing it takes it out again
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cause = self.env["dist.root.cause"].search([], limit=1)
        ticket.with_user(self.agent).write(
            {"stage_id": done.id, "dist_root_cause_id": cause.id}
        )
        self.assertFalse(delivery._dist_open_case_pickings())
        self.assertIn("case 0", delivery.dist_priority_detail)
