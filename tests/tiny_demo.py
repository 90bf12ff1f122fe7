"""The demo model at the tiny scale, generated once for the checks that read it.

Generating the tiny scenario takes most of a minute on the CI machine; the
first-login, role-menu and day-walk checks (test_first_login.py,
test_role_menus.py, test_the_day.py) all read the same scenario generated
for TODAY, so they share one generation: tests/test_tiny_demo.py joins them
in one test class built on `TinyDemoCase`. Each test still runs in its own
savepoint, rolled back after it, as in any TransactionCase.
"""

import datetime

from odoo.tests import TransactionCase

from tests.web_client import user_env
from tools.scenario import generate, organisation

TODAY = datetime.date(2026, 11, 20)  # a Friday
KEYS = [company["key"] for company in organisation.COMPANIES]
# a user per role and company, and the executive of the group
LOGINS = [
    f"{role}_{key}" for key in KEYS for role, _label, _group in organisation.ROLES
] + ["executive_group"]


class TinyDemoCase(TransactionCase):
    """The tiny scenario for TODAY; `users` maps each demo login to its user,
    `company` each company key to its company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        generate(cls.env, "tiny", today=TODAY)
        cls.company = {
            spec["key"]: cls.env["res.company"].search([("name", "=", spec["name"])])
            for spec in organisation.COMPANIES
        }
        cls.users = {
            user.login: user
            for user in cls.env["res.users"].search([("login", "in", LOGINS)])
        }
        assert len(cls.users) == len(LOGINS), "the demo model's users are missing"

    def as_user(self, login):
        """An environment of `login` as the web client gives it."""
        return user_env(self.env, self.users[login])
