from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


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
