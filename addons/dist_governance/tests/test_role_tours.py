from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common_tour import ROLE_TOUR_TAG, DistRoleTourCase

TOWER = "dist_governance.dist_kpi_action_tiles"


@tagged("post_install", "-at_install", ROLE_TOUR_TAG)
class TestGovernanceRoleTours(DistRoleTourCase):
    """The process owner, the governance controller and the executive, from
    login, in the browser: each lands on the control tower."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.tour_user(
            "tour_owner", "Pat Owner", "dist_governance.group_process_owner"
        )
        cls.controller = cls.tour_user(
            "tour_controller",
            "Casey Controller",
            "dist_governance.group_governance_controller",
        )
        cls.executive = cls.tour_user(
            "tour_executive", "Evelyn Executive", "dist_governance.group_executive"
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.warehouse.name = "Tour Central"
        Exception_ = cls.env["dist.exception"].with_user(cls.owner)
        Partner = cls.env["res.partner"]
        cls.broken = Exception_.raise_exception(
            "manual",
            Partner.create({"name": "Dock 4"}),
            "Pallet found broken on dock 4",
            warehouse_id=cls.warehouse.id,
        )
        Exception_.raise_exception(
            "manual",
            Partner.create({"name": "Cold room"}),
            "Cold room door left open",
            warehouse_id=cls.warehouse.id,
        )
        cls.printer = Exception_.raise_exception(
            "manual",
            Partner.create({"name": "Label printer 2"}),
            "Label printer out of service",
            warehouse_id=cls.warehouse.id,
        )
        # nobody owns it yet: the controller gives it to someone
        cls.printer.owner_id = False
        exceptions = cls.broken | cls.printer
        cls.env.flush_all()
        # raised two days ago: yesterday's snapshot counts them
        cls.env.cr.execute(
            SQL(
                "UPDATE dist_exception SET detected_date = %s WHERE company_id = %s",
                fields.Datetime.now() - timedelta(days=2),
                cls.env.company.id,
            )
        )
        exceptions.invalidate_recordset()
        today = cls.env.company._dist_today()
        Kpi = cls.env["dist.kpi"]
        for days in range(7, 0, -1):
            Kpi._dist_refresh(today - timedelta(days), cls.env.company)
        # a month of service-level figures, as the nightly snapshots of a
        # running company would leave them (the tiles and the dashboard's
        # trend show them)
        figures = {"otif": (88.0, 95.0), "fill_rate_lines": (94.0, 97.0)}
        kpis = Kpi.search([("code", "in", list(figures))])
        cls.env["dist.kpi.snapshot"].search([("kpi_id", "in", kpis.ids)]).unlink()
        cls.env["dist.kpi.snapshot"].create(
            [
                {
                    "kpi_id": kpi.id,
                    "company_id": cls.env.company.id,
                    "date": today - timedelta(days),
                    "numerator": value,
                    "denominator": 100.0,
                    "value": value,
                }
                for kpi in kpis
                for days in range(30, 0, -1)
                for value in [
                    figures[kpi.code][0]
                    + (figures[kpi.code][1] - figures[kpi.code][0]) * (30 - days) / 30
                ]
            ]
        )

    def assert_tile(self, user, code, value):
        kpi = self.env["dist.kpi"].search([("code", "=", code)]).with_user(user)
        self.assertEqual(kpi.tile_value_display, value, user.login)

    def test_process_owner_opens_the_records_behind_a_tile(self):
        self.assert_lands_on(self.owner, TOWER)
        self.assert_tile(self.owner, "exceptions_raised", "3")
        self.start_role_tour("dist_governance_process_owner_tour", self.owner)

    def test_governance_controller_assigns_an_exception(self):
        self.assert_lands_on(self.controller, TOWER)
        self.assertFalse(self.printer.owner_id)
        self.start_role_tour(
            "dist_governance_governance_controller_tour", self.controller
        )
        self.assertEqual(self.printer.owner_id, self.owner)
        self.assertEqual(self.printer.state, "progress")
        trail = self.env["dist.audit.entry"].search(
            [("res_model", "=", "dist.exception"), ("res_id", "=", self.printer.id)]
        )
        self.assertEqual(trail.user_id, self.controller)
        self.assertEqual(trail.new_value, "In progress")

    def test_executive_reads_the_tower_and_the_dashboards(self):
        self.assert_lands_on(self.executive, TOWER)
        self.start_role_tour("dist_governance_executive_tour", self.executive)
