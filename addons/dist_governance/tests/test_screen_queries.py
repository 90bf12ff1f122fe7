from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import DistRolesCase


@tagged("post_install", "-at_install")
class TestControlTowerQueries(DistRolesCase):
    """The control tower's tiles read in a fixed number of queries, whatever
    the number of KPIs, days of figures and companies: no query per tile."""

    def test_control_tower_tiles(self):
        companies = self.env["res.company"].create(
            [{"name": "Tower North"}, {"name": "Tower South"}]
        )
        executive = self.role_user(
            "dist_tower_q_exec",
            "dist_governance.group_executive",
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )
        Kpi = self.env["dist.kpi"]
        today = date(2026, 5, 10)
        for days in range(3):
            Kpi._dist_refresh(today - timedelta(days=days), companies)
        tiles = self.as_user(Kpi, executive).search_count([])
        self.assertGreaterEqual(tiles, 5, "the shipped KPIs, one tile each")
        load = self.screen_queries(
            "dist_governance.dist_kpi_action_tiles", executive, "kanban"
        )
        # 13: the kanban's read, the KPIs' direction read once for every
        # tile (one query, not one per tile with a target), snapshots,
        # baselines, linked exception types and their open counts, targets,
        # and the company, currency and user the screen renders with
        self.assert_screen_queries(13, load, tiles)
