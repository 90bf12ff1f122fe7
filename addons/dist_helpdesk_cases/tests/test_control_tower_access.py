from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dist_governance.tests.common import (
    CONTROL_TOWER_ROLES,
    DistRolesCase,
)

from .common import AGENT

# the cases are opened on 10 June; the tiles are opened the next morning,
# when 10 June is the tile's day
MADE = "2026-06-10 08:00:00"
OPENED = "2026-06-11 09:00:00"


@tagged("post_install", "-at_install")
class TestServiceControlTowerAccess(DistRolesCase):
    """Executives, process owners and governance controllers open the cases
    behind the service tiles, read-only, in their companies: not only those
    they follow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Service Tower North"})
        cls.south = Company.create({"name": "Service Tower South"})
        companies = cls.north | cls.south
        cls.users = cls.company_role_users(
            "dist_case_ct", companies, {**CONTROL_TOWER_ROLES, "agent": AGENT}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Dune Builders"})
        with freeze_time(MADE):
            cls.records = {company: cls._tile_records(company) for company in companies}

    @classmethod
    def _tile_records(cls, company):
        """In `company`: two cases opened by its service agent, one
        closed. {kpi code: the records its tile lists}."""
        Ticket = cls.as_user(cls.env["helpdesk.ticket"], cls.users["agent", company])
        category = cls.env.ref("dist_helpdesk_cases.case_category_product_inquiry")
        closed, still_open = Ticket.create(
            [
                {
                    "name": f"Which valve fits? ({index})",
                    "description": "<p>Which valve fits?</p>",
                    "partner_id": cls.customer.id,
                    "company_id": company.id,
                    "category_id": category.id,
                }
                for index in range(2)
            ]
        )
        closed.stage_id = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        # the database stamps creations with its own clock, not the test's
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id IN %s",
                datetime(2026, 6, 10, 8, 0),
                (closed | still_open)._ids,
            )
        )
        cls.env.invalidate_all()
        return {"sla_breach_rate": closed, "service_backlog": still_open}

    def _kpis(self):
        return self.env["dist.kpi"].search([("feeder", "=", "dist_helpdesk_cases")])

    @freeze_time(OPENED)
    def test_every_service_tile_opens_read_only_for_the_control_tower_roles(self):
        mine = self.records[self.north]
        kpis = self._kpis()
        self.assertEqual(set(kpis.mapped("code")), set(mine))
        for kpi in kpis:
            for role in CONTROL_TOWER_ROLES:
                with self.subTest(kpi=kpi.code, role=role):
                    user = self.users[role, self.north]
                    action = self.as_user(kpi, user).action_drill()
                    listed = self.assert_opens_read_only(action, user, mine[kpi.code])
                    self.assertFalse(listed & self.records[self.south][kpi.code])
                    self.assert_hidden_from(
                        mine[kpi.code], self.users[role, self.south]
                    )

    @freeze_time(OPENED)
    def test_a_group_role_opens_the_tiles_of_both_its_companies(self):
        for kpi in self._kpis():
            with self.subTest(kpi=kpi.code):
                user = self.users["controller", None]
                action = self.as_user(kpi, user).action_drill()
                self.assert_opens_read_only(
                    action,
                    user,
                    self.records[self.north][kpi.code]
                    | self.records[self.south][kpi.code],
                )
