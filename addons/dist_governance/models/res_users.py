from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dist_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Reports to",
        domain=[("share", "=", False)],
        help="The approval matrix routes 'requester's manager' tiers to this user.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        self.env["dist.sod.rule"]._check_users(users.filtered(lambda u: not u.share))
        users._dist_set_role_homes()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(
            key in ("groups_id", "company_ids", "active")
            or key.startswith(("in_group_", "sel_groups_"))
            for key in vals
        ):
            self.env["dist.sod.rule"]._check_users(self.filtered(lambda u: not u.share))
            self._dist_set_role_homes()
        return res

    # -- home per role -----------------------------------------------------

    @api.model
    def _dist_role_homes(self):
        """The workspace each role of the suite lands on: (role group
        xmlid, home action xmlid, rank). Each addon adds its roles; a user
        holding several lands on the one of highest rank."""
        return [
            (
                "dist_governance.group_executive",
                "dist_governance.dist_kpi_action_tiles",
                90,
            ),
            (
                "dist_governance.group_governance_controller",
                "dist_governance.dist_kpi_action_tiles",
                80,
            ),
            (
                "dist_governance.group_process_owner",
                "dist_governance.dist_kpi_action_tiles",
                70,
            ),
        ]

    def _dist_home_actions(self):
        """[(group, action)] of the installed roles, highest rank first."""
        homes = []
        for group_xmlid, action_xmlid, rank in self._dist_role_homes():
            group = self.env.ref(group_xmlid, raise_if_not_found=False)
            action = self.env.ref(action_xmlid, raise_if_not_found=False)
            if group and action:
                homes.append((rank, group, action))
        homes.sort(key=lambda home: -home[0])
        return [(group, action) for _rank, group, action in homes]

    def _dist_set_role_homes(self):
        """Point these users' home action at the workspace of their highest
        role. A home an administrator chose that is not one of the suite's
        workspaces is kept; a user who lost every role goes back to Odoo's
        default home."""
        homes = self._dist_home_actions()
        suite_homes = {action.id for _group, action in homes}
        administrators = self.env.ref("base.group_system")
        # sudo: a system value derived from the groups the caller was
        # allowed to change (res.users / res.groups write rights)
        for user in self.sudo().filtered(lambda u: not u.share):
            if user.action_id and user.action_id.id not in suite_homes:
                continue
            if administrators in user.groups_id:
                # a Settings administrator holds the controller role through
                # that group: they land where Odoo (or they) decide, as the
                # standard apps and their tests expect
                if user.action_id:
                    user.action_id = False
                continue
            home = next(
                (action.id for group, action in homes if group in user.groups_id),
                False,
            )
            if user.action_id.id != home:
                user.action_id = home
