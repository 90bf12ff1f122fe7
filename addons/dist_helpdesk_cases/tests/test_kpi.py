from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ServiceCompanyCase


@tagged("post_install", "-at_install")
class TestServiceKpis(ServiceCompanyCase):
    """SLA breach rate and service backlog against a hand count: three
    cases today, one closed in time, one closed past its deadline, one
    open."""

    COMPANY_NAME = "Lighthouse Parts"
    LOGIN_PREFIX = "dist_kpi"

    def test_breach_rate_and_backlog(self):
        category = self.env.ref("dist_helpdesk_cases.case_category_product_inquiry")
        customer = self.env["res.partner"].create({"name": "Dune Builders"})
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        in_time, late, still_open = Ticket.create(
            [
                {
                    "name": f"Question {i}",
                    "description": "<p>Which valve fits?</p>",
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "category_id": category.id,
                }
                for i in range(3)
            ]
        )
        late.sudo().dist_resolution_deadline = fields.Datetime.now() - timedelta(
            hours=1
        )
        closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        (in_time | late).write({"stage_id": closed.id})
        self.assertEqual(late.dist_sla_status, "breached")
        self.assertEqual(in_time.dist_sla_status, "met")
        today = fields.Date.today()
        breach = self.env.ref("dist_helpdesk_cases.kpi_sla_breach_rate")
        backlog = self.env.ref("dist_helpdesk_cases.kpi_service_backlog")
        self.assertEqual(
            breach._dist_compute(
                *breach._dist_window(today, self.company), self.company.ids
            ),
            (1.0, 2.0),
        )
        self.assertEqual(
            backlog._dist_compute(
                *backlog._dist_window(today, self.company), self.company.ids
            )[0],
            1.0,
        )
        self.env["dist.kpi"]._dist_refresh(today, self.company)
        tiles = (breach | backlog).with_user(self.manager)
        self.assertAlmostEqual(tiles[0].tile_value, 50.0)
        self.assertEqual(tiles[1].tile_value, 1.0)
        action = tiles[1].action_drill()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]), still_open
        )
