from lxml import etree

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

# the roles the control tower is for, by the key tests name them with
CONTROL_TOWER_ROLES = {
    "executive": "dist_governance.group_executive",
    "owner": "dist_governance.group_process_owner",
    "controller": "dist_governance.group_governance_controller",
}
X2MANY = ("one2many", "many2many")
# how a view's root says an action is not offered
OFF = ("False", "false", "0")


class DistRolesCase(TransactionCase):
    """Base of the suite's tests: work is done by users holding a role.

    Domain addons import it (odoo.addons.dist_governance.tests.common) so
    every test creates its actors the same way, as role holders, not admin.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    @classmethod
    def role_user(cls, login, *group_xmlids, **values):
        """An internal user holding `group_xmlids`; password = login."""
        return new_test_user(
            cls.env,
            login=login,
            groups=",".join(("base.group_user",) + group_xmlids),
            **values,
        )

    @classmethod
    def company_role_users(cls, prefix, companies, roles):
        """One holder of each role of `roles` ({key: group xmlid}) per
        company of `companies`, working in that company only, and one
        working in all of them: {(key, company): user}, the latter under
        (key, None)."""
        users = {}
        for key, group in roles.items():
            for company in companies:
                users[key, company] = cls.role_user(
                    f"{prefix}_{key}_{company.id}",
                    group,
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
            users[key, None] = cls.role_user(
                f"{prefix}_{key}_all",
                group,
                company_id=companies[:1].id,
                company_ids=[Command.set(companies.ids)],
            )
        return users

    @staticmethod
    def as_user(records, user, companies=None):
        """`records` as `user` working in `companies` (default: all theirs
        selected), as a request of theirs would be."""
        companies = companies or user.company_ids
        return records.with_user(user).with_context(allowed_company_ids=companies.ids)

    # ------------------------------------------------------------------
    # What the web client reads to open a window action
    # ------------------------------------------------------------------

    def web_open(self, action, user):
        """Open the window `action` as `user` the way the web client does:
        its views (and the search view), the groups of the list, the list
        page with the list view's fields, and the first record with the
        form view's fields. Returns (records listed, views, form values)."""
        Model = self.as_user(self.env[action["res_model"]], user).with_context(
            **action.get("context", {})
        )
        types = action["view_mode"].split(",")
        views = Model.get_views(
            [
                list(view)
                for view in action.get("views")
                or [(False, view_type) for view_type in types]
            ]
            + [[False, "search"]],
            {"toolbar": True, "load_filters": True},
        )
        domain = action.get("domain") or []
        group_by = action.get("context", {}).get("group_by")
        if group_by:
            first = group_by if isinstance(group_by, str) else group_by[0]
            Model.web_read_group(domain, [], [first])
        listed = Model.browse()
        if "list" in types:
            spec = self._web_spec(views, action["res_model"], views["views"]["list"])
            page = Model.web_search_read(domain, spec, limit=80)
            listed = Model.browse([values["id"] for values in page["records"]])
        form_values = None
        if "form" in types and listed:
            spec = self._web_spec(views, action["res_model"], views["views"]["form"])
            form_values = listed[:1].web_read(spec)[0]
        return listed, views, form_values

    def web_open_form(self, record, user):
        """`user` opens `record` in its form, as the web client does:
        returns the values it shows and whether it offers to edit."""
        record = self.as_user(record, user)
        views = record.get_views(
            [[False, "form"], [False, "search"]], {"toolbar": True}
        )
        form = views["views"]["form"]
        values = record.web_read(self._web_spec(views, record._name, form))[0]
        return values, etree.fromstring(form["arch"]).get("edit") not in OFF

    def screen_queries(self, action_xmlid, user, view_type="list", records=None):
        """A function loading the `view_type` view of window action
        `action_xmlid` as `user`, the way the web client does: the page of
        the list or kanban (web_search_read with the view's fields on the
        action's domain), or `records` in the form (web_read), each time
        from an empty record cache, as a new request would."""
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        evaluation = {"uid": user.id, "context": {}}
        context = safe_eval(action.get("context") or "{}", evaluation)
        domain = safe_eval(action.get("domain") or "[]", evaluation)
        Model = self.as_user(self.env[action["res_model"]], user).with_context(
            **context
        )
        view_id = action.get("view_id") and action["view_id"][0]
        if view_type not in action["view_mode"].split(","):
            raise AssertionError(f"{action_xmlid} has no {view_type} view")
        for view in action.get("views") or []:
            if view[1] == view_type:
                view_id = view[0]
        views = Model.get_views([[view_id or False, view_type]])
        spec = self._web_spec(views, Model._name, views["views"][view_type])

        def load():
            self.env.invalidate_all()
            if view_type == "form":
                return records.with_env(Model.env).web_read(spec)
            return Model.web_search_read(domain, spec, limit=80)["records"]

        return load

    def assert_screen_queries(self, count, load, rows):
        """`load` (a screen_queries function) shows `rows` rows (enough for
        a query per row to show) in `count` queries, once the registry's
        caches are warm (a first load, as the previous request would)."""
        self.assertEqual(len(load()), rows)
        with self.assertQueryCount(count):
            self.assertEqual(len(load()), rows)

    def _web_spec(self, views, model, view):
        arch = etree.fromstring(view["arch"])
        return self._web_node_spec(views["models"], model, arch)

    def _web_node_spec(self, models, model, node):
        """The web client's field specification of the fields of `node`
        that belong to `model` (not those of an x2many's sub-view)."""
        fields = models[model]["fields"]
        spec = {"display_name": {}}
        for field_node in self._web_field_nodes(node):
            name = field_node.get("name")
            field = fields.get(name)
            if not field:
                continue
            if field["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif field["type"] in X2MANY:
                sub_view = next(
                    (
                        child
                        for child in field_node.iterchildren("list", "kanban")
                        if child.tag == (field_node.get("mode") or "list").split(",")[0]
                    ),
                    None,
                )
                if sub_view is not None:
                    spec[name] = {
                        "fields": self._web_node_spec(
                            models, field["relation"], sub_view
                        ),
                        "limit": 40,
                    }
                elif "tags" in (field_node.get("widget") or ""):
                    spec[name] = {"fields": {"display_name": {}}}
                else:
                    spec[name] = {}
            else:
                spec[name] = {}
        return spec

    def _web_field_nodes(self, node):
        for child in node.iterchildren(etree.Element):
            if child.tag == "field":
                yield child
            else:
                yield from self._web_field_nodes(child)

    def assert_opens_read_only(
        self, action, user, expected, acl_writable=False, editable=False
    ):
        """`user` opens `action`: the list shows `expected` (at least), the
        form of one of them opens, and nothing is theirs to edit: the views
        offer no edit, create or delete, and their access rights let them
        write nothing. `acl_writable`: their access rights let them write,
        the caller shows that writes are refused another way (tier reviews);
        `editable`: these records are theirs to work (exceptions)."""
        listed, views, form_values = self.web_open(action, user)
        self.assertTrue(expected, "the test made records to list")
        self.assertEqual(
            expected - listed, expected.browse(), f"{user.login} lists them all"
        )
        if "form" in views["views"]:
            self.assertEqual(form_values["id"], listed[:1].id)
        if editable:
            return listed
        for view_type in ("list", "form"):
            if view_type in views["views"]:
                root = etree.fromstring(views["views"][view_type]["arch"])
                self.assertEqual(
                    {root.get(name) in OFF for name in ("edit", "create", "delete")},
                    {True},
                    f"{user.login}: the {view_type} of {action['res_model']} is "
                    "read-only",
                )
        if not acl_writable:
            self.assertFalse(self.as_user(listed, user).has_access("write"))
        return listed

    def assert_hidden_from(self, records, user):
        """`user` (of another company) neither finds nor opens `records`."""
        Model = self.as_user(records, user)
        self.assertFalse(Model.search([("id", "in", records.ids)]))
        self.assertFalse(Model.has_access("read"))

    # ------------------------------------------------------------------
    # Where a role lands and which menus it sees
    # ------------------------------------------------------------------

    def assert_home(self, user, action_xmlid):
        """`user` lands on `action_xmlid` (False: Odoo's default home) and,
        for a window, opens it as the web client would."""
        user.invalidate_recordset(["action_id"])
        if not action_xmlid:
            self.assertFalse(user.action_id, user.login)
            return None
        action = self.env.ref(action_xmlid)
        self.assertEqual(user.action_id.id, action.id, user.login)
        if action.type == "ir.actions.act_window":
            window = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
            # the web client evaluates them with the user's id
            evaluation = {"uid": user.id, "context": {}}
            window["context"] = safe_eval(window.get("context") or "{}", evaluation)
            window["domain"] = safe_eval(window.get("domain") or "[]", evaluation)
            return self.web_open(window, user)
        return None

    def visible_menus(self, user):
        """The menus Odoo shows `user` (ir.ui.menu records)."""
        Menu = self.env["ir.ui.menu"].with_user(user)
        return self.env["ir.ui.menu"].browse(Menu._visible_menu_ids())


class DistGovernanceCase(DistRolesCase):
    """Users holding the governance roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = cls.role_user(
            "dist_controller", "dist_governance.group_governance_controller"
        )
        cls.executive = cls.role_user(
            "dist_executive", "dist_governance.group_executive"
        )
        cls.owner = cls.role_user("dist_owner", "dist_governance.group_process_owner")
        cls.plain_user = cls.role_user("dist_plain")
