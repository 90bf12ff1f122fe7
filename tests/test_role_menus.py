"""Every menu of every role of the demo model opens, as that role.

The demo model is the scenario's organisation: three companies, one user per
role and company, and an executive holding all three. The scenario is
generated at the tiny scale (so every screen has records of each kind:
orders, transfers, counts, cases, exceptions, recommendations, KPI
snapshots), then each of those users walks every menu Odoo shows them and
opens its action the way the web client does (tests/web_client.py): the
views, the records of the first view with the fields that view reads, the
form of the first record. Any error on that path is a red dialog a user of
that role would meet.
"""

from odoo.exceptions import AccessError

from tests.web_client import load_action, open_window_action

# client actions are screens of their own (Discuss, dashboards, settings
# pages); their records are read by their own tests
_NOT_WINDOWS = ("ir.actions.client", "ir.actions.act_url", "ir.actions.report")


class RoleMenuChecks:
    """Run on the tiny demo by tests/test_tiny_demo.py."""

    def role_users(self):
        """Every user of the demo model, as one recordset."""
        return self.env["res.users"].union(*self.users.values())

    def walk(self, user):
        """Open every menu `user` sees; [(menu, error)] of those that fail."""
        env = self.env(
            user=user,
            context={
                "allowed_company_ids": user.company_ids.ids,
                "lang": "en_US",
                "tz": user.tz,
            },
        )
        failures = []
        opened = 0
        for key, menu in env["ir.ui.menu"].load_menus(False).items():
            if key == "root" or not menu.get("action"):
                continue
            action = load_action(env, menu["action"])
            if action["type"] in _NOT_WINDOWS:
                continue
            try:
                with self.env.cr.savepoint():
                    if action["type"] == "ir.actions.server":
                        # what the menu's server action returns is what opens
                        action = (
                            env["ir.actions.server"].browse(action["id"]).run() or {}
                        )
                    if action.get("type") == "ir.actions.act_window":
                        open_window_action(env, action)
                        opened += 1
            except Exception as error:  # every failure is reported, not the first
                failures.append(
                    f"{user.login}: {menu['name']} ({menu.get('xmlid')}): "
                    f"{type(error).__name__}: {str(error).splitlines()[0]}"
                )
            finally:
                self.env.invalidate_all()
        return opened, failures

    def test_every_role_opens_every_menu_it_sees(self):
        failures = []
        opened = {}
        for user in self.role_users():
            opened[user.login], failed = self.walk(user)
            failures += failed
        self.assertFalse(failures, "\n" + "\n".join(failures))
        # every user reached screens of their own, not only the shared ones
        for login, count in opened.items():
            self.assertGreater(count, 5, f"{login} opened only {count} screens")

    def test_the_walk_meets_what_the_user_would_meet(self):
        """The walk reads as the user: an agent opening the purchase orders
        (no Purchase rights) is refused, as in the browser."""
        agent = self.role_users().filtered(lambda u: u.login == "service_agent_import")
        env = self.env(
            user=agent, context={"allowed_company_ids": agent.company_ids.ids}
        )
        action = load_action(env, self.env.ref("purchase.purchase_form_action"))
        with self.assertRaises(AccessError):
            open_window_action(env, action)
        buyer = self.role_users().filtered(lambda u: u.login == "buyer_import")
        env = self.env(
            user=buyer, context={"allowed_company_ids": buyer.company_ids.ids}
        )
        orders = open_window_action(env, action)
        self.assertTrue(orders)
        self.assertEqual(orders.company_id, buyer.company_id)

    def test_warehouse_roles_see_the_scanner_app(self):
        """The Barcodes app (OCA stock_barcodes) is in the warehouse roles'
        menus, with its scanning actions; its settings (Inventory >
        Configuration) are the warehouse manager's only."""
        root = self.env.ref("stock_barcodes.stock_barcodes_root")
        settings = self.env.ref(
            "stock_barcodes.menu_action_stock_barcodes_option_group"
        )
        for login in ("warehouse_operator_import", "warehouse_manager_import"):
            user = self.role_users().filtered(lambda u, login=login: u.login == login)
            env = self.env(
                user=user, context={"allowed_company_ids": user.company_ids.ids}
            )
            menus = env["ir.ui.menu"].load_menus(False)
            self.assertIn(root.id, menus, f"{login} has no Barcodes app")
            actions = env["stock.barcodes.action"].search([])
            self.assertIn("Operations", actions.mapped("name"))
            self.assertEqual(
                settings.id in menus,
                login == "warehouse_manager_import",
                f"{login} and the scanner's settings",
            )
