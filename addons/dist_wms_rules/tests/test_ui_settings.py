from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import WmsCase

MENU = "dist_wms_rules.dist_warehouse_settings_menu"
ACTION = "dist_wms_rules.dist_warehouse_settings_action"


@tagged("post_install", "-at_install")
class TestWarehouseSettings(WmsCase):
    """The warehouse manager changes count cadence, count tolerance and
    picking priority weights from Inventory > Configuration, without
    Settings rights; an operator or a buyer cannot."""

    def _open_and_save(self, user, values, company=None):
        """`user` opens the menu's action and saves `values` the way the web
        client does (defaults of a new record, then web_save)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(ACTION)
        Settings = self.as_user(self.env[action["res_model"]], user)
        views = Settings.get_views([[False, "form"]])
        spec = self._web_spec(views, action["res_model"], views["views"]["form"])
        shown = Settings.onchange({}, [], spec)["value"]
        if company:
            values = dict(values, company_id=company.id)
        Settings.web_save(values, spec)
        return shown

    def test_the_warehouse_manager_changes_the_settings(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        menu = self.env.ref(MENU)
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        # the form as the web client runs it: defaults, change, Save
        Settings = self.as_user(self.env["dist.warehouse.settings"], self.manager)
        with Form(Settings) as form:
            self.assertEqual(form.dist_count_days_a, 30)
            form.dist_count_days_a = 14
            form.dist_count_tolerance = 1.5
            form.dist_priority_weight_case = 25.0
        form.record.action_save()
        self.assertEqual(
            (
                self.company.dist_count_days_a,
                self.company.dist_count_tolerance,
                self.company.dist_priority_weight_case,
            ),
            (14, 1.5, 25.0),
        )

    def test_an_operator_or_a_buyer_cannot(self):
        menu = self.env.ref(MENU)
        Menu = self.env["ir.ui.menu"]
        for user in (self.operator, self.buyer):
            self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids())
            with self.assertRaises(AccessError):
                self._open_and_save(user, {"dist_count_days_a": 14})
        self.assertEqual(self.company.dist_count_days_a, 30)

    def test_not_another_company(self):
        other = self.env["res.company"].create({"name": "Other Supply"})
        with self.assertRaises(AccessError):
            self._open_and_save(self.manager, {"dist_count_days_a": 14}, company=other)
        self.assertEqual(other.dist_count_days_a, 30)
