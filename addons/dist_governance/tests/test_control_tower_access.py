from freezegun import freeze_time

from odoo.tests import tagged

from .common import CONTROL_TOWER_ROLES, DistRolesCase

MADE = "2026-06-10 08:00:00"
OPENED = "2026-06-11 09:00:00"


@tagged("post_install", "-at_install")
class TestControlTowerAccess(DistRolesCase):
    """The control tower's roles read the records behind its tiles through
    one hidden group, which writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.north = Company.create({"name": "Governance Tower North"})
        cls.south = Company.create({"name": "Governance Tower South"})
        cls.users = cls.company_role_users(
            "dist_gov_ct", cls.north | cls.south, CONTROL_TOWER_ROLES
        )
        cls.exception_type = cls.env["dist.exception.type"].create(
            {
                "code": "test_tower_gap",
                "name": "Tower gap",
                "owner_group_id": cls.env.ref("dist_governance.group_process_owner").id,
            }
        )
        with freeze_time(MADE):
            cls.raised = {
                company: cls.env["dist.exception"].raise_exception(
                    "test_tower_gap",
                    company.partner_id,
                    f"gap in {company.name}",
                    company_id=company.id,
                )
                for company in cls.north | cls.south
            }

    def test_who_sees_the_tower_reads_its_records_and_writes_none(self):
        reader = self.env.ref("dist_governance.group_dist_control_tower")
        for xmlid in CONTROL_TOWER_ROLES.values():
            self.assertIn(reader, self.env.ref(xmlid).implied_ids)
        # the roles the menu is shown to (the domain addons add their
        # managers), and only they, read the records behind the tiles
        menu = self.env.ref("dist_governance.dist_kpi_menu_root")
        holders = self.env["res.groups"].search([("implied_ids", "in", reader.ids)])
        self.assertEqual(holders, menu.groups_id)
        lines = self.env["ir.model.access"].search([("group_id", "=", reader.id)])
        self.assertTrue(lines)
        self.assertEqual(set(lines.mapped("perm_read")), {True})
        self.assertFalse(
            lines.filtered(lambda a: a.perm_write or a.perm_create or a.perm_unlink)
        )
        rules = self.env["ir.rule"].search([("groups", "in", reader.ids)])
        self.assertFalse(
            rules.filtered(lambda r: r.perm_write or r.perm_create or r.perm_unlink)
        )

    @freeze_time(OPENED)
    def test_the_exceptions_tile_opens_for_the_tower_s_roles_in_their_companies(self):
        kpi = self.env.ref("dist_governance.kpi_exceptions_raised")
        for role in CONTROL_TOWER_ROLES:
            with self.subTest(role=role):
                user = self.users[role, self.north]
                listed = self.assert_opens_read_only(
                    self.as_user(kpi, user).action_drill(),
                    user,
                    self.raised[self.north],
                    # owners comment on and resolve their exceptions
                    editable=True,
                )
                self.assertNotIn(self.raised[self.south], listed)
                self.assert_hidden_from(
                    self.raised[self.north], self.users[role, self.south]
                )
        user = self.users["executive", None]
        self.assert_opens_read_only(
            self.as_user(kpi, user).action_drill(),
            user,
            self.raised[self.north] | self.raised[self.south],
            editable=True,
        )
