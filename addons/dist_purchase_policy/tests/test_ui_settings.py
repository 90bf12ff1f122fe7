from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import ReplenishmentCase

MENU = "dist_purchase_policy.dist_replenishment_settings_menu"
ACTION = "dist_purchase_policy.dist_replenishment_settings_action"


@tagged("post_install", "-at_install")
class TestReplenishmentSettings(ReplenishmentCase):
    """The purchasing manager changes the company's replenishment settings
    from Purchase > Configuration, without Settings rights; a buyer cannot."""

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

    def test_the_purchasing_manager_changes_the_settings(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        menu = self.env.ref(MENU)
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        # the form as the web client runs it: defaults, change, Save
        Settings = self.as_user(self.env["dist.replenishment.settings"], self.manager)
        with Form(Settings) as form:
            self.assertEqual(form.dist_abc_cut_a, 80.0)
            self.assertEqual(form.company_id, self.company)
            form.dist_abc_cut_a = 70.0
            form.dist_hysteresis_runs = 2
        form.record.action_save()
        self.assertEqual(self.company.dist_abc_cut_a, 70.0)
        self.assertEqual(self.company.dist_hysteresis_runs, 2)
        fields = self.env["dist.replenishment.settings"].fields_get(["dist_abc_cut_a"])
        self.assertIn("consumption value", fields["dist_abc_cut_a"]["help"])

    def test_a_buyer_cannot(self):
        menu = self.env.ref(MENU)
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, Menu.with_user(self.buyer)._visible_menu_ids())
        with self.assertRaises(AccessError):
            self._open_and_save(self.buyer, {"dist_abc_cut_a": 70.0})
        self.assertEqual(self.company.dist_abc_cut_a, 80.0)

    def test_not_another_company(self):
        other = self.env["res.company"].create({"name": "Other Wholesale"})
        with self.assertRaises(AccessError):
            self._open_and_save(self.manager, {"dist_abc_cut_a": 70.0}, company=other)
        self.assertEqual(other.dist_abc_cut_a, 80.0)

    def test_the_company_rules_still_apply(self):
        with self.assertRaises(ValidationError):
            self._open_and_save(self.manager, {"dist_abc_cut_a": 99.0})
        self.assertEqual(self.company.dist_abc_cut_a, 80.0)
