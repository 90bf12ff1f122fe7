from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DistRolesCase


@tagged("post_install", "-at_install")
class TestKpiFramework(DistRolesCase):
    """Snapshots, tiles, drill-down, targets and baselines of the control
    tower, on the exceptions-raised KPI governance feeds: the same figure in
    the tile, the snapshot and the records behind it; each user sees their
    companies' figures only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "KPI North"})
        cls.south = Company.create({"name": "KPI South"})
        cls.north_wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.north.id)], limit=1
        )
        cls.kpi = cls.env.ref("dist_governance.kpi_exceptions_raised")
        cls.kpi.window_days = 7
        cls.type = cls.env["dist.exception.type"].create(
            {
                "code": "test_kpi_gap",
                "name": "KPI gap",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
            }
        )
        cls.kpi.exception_type_ids = [Command.set(cls.type.ids)]
        cls.north_exec = cls.role_user(
            "kpi_exec_north",
            "dist_governance.group_executive",
            company_id=cls.north.id,
            company_ids=[Command.set(cls.north.ids)],
        )
        cls.group_exec = cls.role_user(
            "kpi_exec_group",
            "dist_governance.group_executive",
            company_id=cls.north.id,
            company_ids=[Command.set((cls.north | cls.south).ids)],
        )
        Exception_ = cls.env["dist.exception"]
        partners = cls.env["res.partner"].create(
            [{"name": f"KPI source {i}"} for i in range(6)]
        )
        # north: 2 in its warehouse and 1 without, in the week to 10 May;
        # 1 on 2 May, outside it; south: 1 in the week
        cases = [
            (cls.north, cls.north_wh, datetime(2026, 5, 4, 9)),
            (cls.north, cls.north_wh, datetime(2026, 5, 10, 23, 59)),
            (cls.north, cls.env["stock.warehouse"], datetime(2026, 5, 7, 12)),
            (cls.north, cls.north_wh, datetime(2026, 5, 2, 12)),
            (cls.south, cls.env["stock.warehouse"], datetime(2026, 5, 8, 8)),
            (cls.north, cls.north_wh, datetime(2026, 5, 11, 0, 0)),
        ]
        for partner, (company, warehouse, when) in zip(partners, cases, strict=True):
            exception = Exception_.raise_exception(
                "test_kpi_gap",
                partner,
                f"gap {partner.name}",
                company_id=company.id,
                warehouse_id=warehouse.id or False,
            )
            exception.detected_date = when
        cls.day = date(2026, 5, 10)

    def tile(self, user, companies):
        kpi = self.kpi.with_user(user).with_context(allowed_company_ids=companies.ids)
        kpi.invalidate_recordset()
        return kpi

    def test_snapshot_tile_and_drill_agree(self):
        Kpi = self.env["dist.kpi"]
        written = Kpi._dist_refresh(self.day, self.north | self.south)
        rows = self.env["dist.kpi.snapshot"].search(
            [("kpi_id", "=", self.kpi.id), ("date", "=", self.day)]
        )
        # north: its warehouse (2) and no warehouse (1); south: 1
        self.assertEqual(
            sorted((r.company_id.name, r.warehouse_id.id, r.numerator) for r in rows),
            sorted(
                [
                    ("KPI North", self.north_wh.id, 2.0),
                    ("KPI North", False, 1.0),
                    ("KPI South", False, 1.0),
                ]
            ),
        )
        self.assertGreaterEqual(written, 3)
        # again: the day's rows are replaced, not added
        Kpi._dist_refresh(self.day, self.north | self.south)
        self.assertEqual(
            self.env["dist.kpi.snapshot"].search_count(
                [("kpi_id", "=", self.kpi.id), ("date", "=", self.day)]
            ),
            3,
        )
        north = self.tile(self.north_exec, self.north)
        self.assertEqual(north.tile_value, 3)
        self.assertEqual(north.tile_date, self.day)
        action = north.action_drill()
        records = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(len(records), 3)
        # the whole group, for a role holding both companies
        both = self.tile(self.group_exec, self.north | self.south)
        self.assertEqual(both.tile_value, 4)
        # the north executive reads no south snapshot
        self.assertFalse(
            self.env["dist.kpi.snapshot"]
            .with_user(self.north_exec)
            .search([("company_id", "=", self.south.id)])
        )
        # straight from the records, the same figure
        numerator, _den = self.kpi._dist_compute(
            *self.kpi._dist_window(self.day, self.north), self.north.ids
        )
        self.assertEqual(numerator, 3)

    def test_targets_status_and_baseline(self):
        # before any snapshot: no data; a figure without a target: no target
        self.assertEqual(self.tile(self.north_exec, self.north).tile_status, "none")
        # a count with nothing recorded on the last snapshot day is zero
        # that day (here the week to 20 May: no exception raised)
        self.env["dist.kpi"]._dist_refresh(date(2026, 5, 20), self.north)
        quiet = self.tile(self.north_exec, self.north)
        self.assertEqual(
            (quiet.tile_date, quiet.tile_value, quiet.tile_status),
            (date(2026, 5, 20), 0, "untargeted"),
        )
        self.env["dist.kpi.snapshot"].search([]).unlink()
        self.env["dist.kpi"]._dist_refresh(self.day, self.north)
        untargeted = self.tile(self.north_exec, self.north)
        self.assertEqual(untargeted.tile_status, "untargeted")
        self.assertEqual(untargeted.tile_value, 3)
        self.assertFalse(untargeted.tile_has_target)
        self.assertFalse(untargeted.tile_has_baseline)
        target = (
            self.env["dist.kpi.target"]
            .with_user(self.north_exec)
            .create(
                {
                    "kpi_id": self.kpi.id,
                    "company_id": self.north.id,
                    "target": 2,
                    "warning": 4,
                    "owner_id": self.north_exec.id,
                }
            )
        )
        north = self.tile(self.north_exec, self.north)
        self.assertEqual(north.tile_status, "warning")  # 3: above 2, below 4
        self.assertEqual(north.tile_owner_id, self.north_exec)
        self.assertEqual(north.tile_exception_count, 5)  # open, north
        target.warning = 3
        north.invalidate_recordset()
        self.assertEqual(north.tile_status, "warning")
        target.target = 3
        north.invalidate_recordset()
        self.assertEqual(north.tile_status, "good")
        # the week before as the baseline: 1 exception then (2 May)
        self.env["dist.kpi.baseline"].with_user(self.north_exec).create(
            {
                "name": "Before",
                "company_id": self.north.id,
                "date_from": date(2026, 4, 27),
                "date_to": date(2026, 5, 3),
            }
        )
        north.invalidate_recordset()
        self.assertEqual(north.tile_baseline, 1)
        self.assertEqual(north.tile_trend, 2)

    def test_group_tile_is_the_worst_company_against_its_own_target(self):
        """North raised 3 exceptions in the week, south 1; lower is better.
        North's target 2 (alarm 4): watch; south's 1 (alarm 2): on target.
        The group tile (both companies): watch, 0 of 2 off target; with
        north's alarm at 3, north is off target and so is the group."""
        self.env["dist.kpi"]._dist_refresh(self.day, self.north | self.south)
        Target = self.env["dist.kpi.target"]
        north_target = Target.create(
            {
                "kpi_id": self.kpi.id,
                "company_id": self.north.id,
                "target": 2,
                "warning": 4,
            }
        )
        Target.create(
            {
                "kpi_id": self.kpi.id,
                "company_id": self.south.id,
                "target": 1,
                "warning": 2,
            }
        )
        both = self.tile(self.group_exec, self.north | self.south)
        self.assertEqual(both.tile_value, 4)
        self.assertEqual(both.tile_status, "warning")
        self.assertFalse(both.tile_has_target)  # two different targets
        self.assertEqual(both.tile_status_note, "0 of 2 companies off target")
        north_target.warning = 2.5
        both.invalidate_recordset()
        self.assertEqual(both.tile_status, "bad")
        self.assertEqual(both.tile_status_note, "1 of 2 companies off target")
        # one company selected: its own target, no note
        south = self.tile(self.group_exec, self.south)
        self.assertEqual(south.tile_status, "good")
        self.assertFalse(south.tile_status_note)

    def test_tiles_of_several_kpis_with_targets_in_several_companies(self):
        """Issue 16: the tiles of a group user (two companies selected) are
        read together; a KPI weighed against targets in both companies
        must not break the tiles read after it (it raised AttributeError)."""
        self.env["dist.kpi"]._dist_refresh(self.day, self.north | self.south)
        other = self.env.ref("dist_governance.kpi_approval_turnaround")
        Target = self.env["dist.kpi.target"]
        for kpi in (self.kpi, other):
            for company, target in ((self.north, 2), (self.south, 1)):
                Target.create(
                    {
                        "kpi_id": kpi.id,
                        "company_id": company.id,
                        "target": target,
                        "warning": target * 2,
                    }
                )
        kpis = (
            (self.kpi | other)
            .with_user(self.group_exec)
            .with_context(allowed_company_ids=(self.north | self.south).ids)
        )
        kpis.invalidate_recordset()
        self.assertEqual(
            kpis.mapped("tile_status_note"), ["0 of 2 companies off target", False]
        )
        self.assertEqual(kpis[0].tile_value, 4)

    def test_tiles_with_targets_are_read_in_a_fixed_number_of_queries(self):
        """Issue 20: each tile weighed against its target read its KPI
        again, a query per tile; the tiles with targets and values are read
        in as many queries whether there is one or three."""
        Target = self.env["dist.kpi.target"]
        Snapshot = self.env["dist.kpi.snapshot"]
        kpis = self.env["dist.kpi"].search([("unit", "=", "count")], limit=3)
        self.assertEqual(len(kpis), 3)
        # the one with exceptions beside it first: read alone, it reads them
        kpis = kpis.sorted(lambda kpi: not kpi.exception_type_ids)
        for kpi in kpis:
            Snapshot.create(
                {
                    "kpi_id": kpi.id,
                    "company_id": self.north.id,
                    "date": self.day,
                    "dimension": "total",
                    "numerator": 3.0,
                    "denominator": 1.0,
                    "value": 3.0,
                }
            )
            Target.create(
                {
                    "kpi_id": kpi.id,
                    "company_id": self.north.id,
                    "target": 2,
                    "warning": 4,
                }
            )

        def read(tiles):
            tiles = tiles.with_user(self.north_exec).with_context(
                allowed_company_ids=self.north.ids
            )
            tiles.invalidate_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            # as the tiles' view reads them: the KPI's fields it shows
            # fetched with the search, the tile computed after
            statuses = tiles.web_search_read(
                [("id", "in", tiles.ids)],
                {"name": {}, "unit": {}, "tile_status": {}, "tile_value_display": {}},
            )["records"]
            return self.env.cr.sql_log_count - before, statuses

        read(kpis)  # caches warm
        one, statuses = read(kpis[:1])
        three, statuses = read(kpis)
        self.assertEqual(one, three)
        # each against its target
        self.assertFalse(
            {s["tile_status"] for s in statuses} & {"none", "untargeted"}, statuses
        )

    def test_the_exceptions_beside_a_kpi(self):
        north = self.tile(self.north_exec, self.north)
        action = north.action_exceptions()
        listed = self.env["dist.exception"].search(action["domain"])
        self.assertEqual(len(listed), north.tile_exception_count)
        self.assertEqual(listed.company_id, self.north)
        history = north.action_history()
        self.assertEqual(history["domain"], [("kpi_id", "=", self.kpi.id)])

    def test_bad_targets_are_refused(self):
        Target = self.env["dist.kpi.target"].with_user(self.north_exec)
        # lower is better: an alarm below the target makes no sense
        with self.assertRaises(ValidationError):
            Target.create(
                {
                    "kpi_id": self.kpi.id,
                    "company_id": self.north.id,
                    "target": 5,
                    "warning": 2,
                }
            )
        otif_like = self.env["dist.kpi"].create(
            {"code": "test_pct", "name": "Test share", "unit": "percent"}
        )
        with self.assertRaises(ValidationError):
            Target.create(
                {
                    "kpi_id": otif_like.id,
                    "company_id": self.north.id,
                    "target": 120,
                    "warning": 90,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["dist.kpi.baseline"].with_user(self.north_exec).create(
                {
                    "name": "Backwards",
                    "company_id": self.north.id,
                    "date_from": date(2026, 5, 3),
                    "date_to": date(2026, 4, 27),
                }
            )

    def test_weekly_digest_to_each_owner(self):
        self.env["dist.kpi"]._dist_refresh(self.day, self.north)
        self.north_exec.email = "exec.north@example.com"
        self.env["dist.kpi.target"].create(
            {
                "kpi_id": self.kpi.id,
                "company_id": self.north.id,
                "target": 2,
                "warning": 4,
                "owner_id": self.north_exec.id,
            }
        )
        overdue = self.env["dist.exception"].search(
            [("company_id", "=", self.north.id)], order="detected_date", limit=1
        )
        overdue.write(
            {"owner_id": self.north_exec.id, "deadline": datetime(2026, 5, 3, 12)}
        )
        sent = self.env["dist.kpi"]._cron_dist_digest()
        mail = sent.filtered(lambda m: self.north_exec.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("Exceptions raised", mail.body_html)
        # a count, whole: 3 against a target of 2
        self.assertIn('<td align="right">3</td>', mail.body_html)
        self.assertIn('<td align="right">2</td>', mail.body_html)
        self.assertNotIn("3.00", mail.body_html)
        self.assertIn("watch", mail.body_html)
        self.assertIn(overdue.summary, mail.body_html)
        # the group executive owns nothing: no mail
        self.assertFalse(
            sent.filtered(lambda m: self.group_exec.partner_id in m.recipient_ids)
        )
