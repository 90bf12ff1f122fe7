from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class DistGovernanceCase(TransactionCase):
    """Users holding the governance roles, created as the roles' holders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.controller = new_test_user(
            cls.env,
            login="dist_controller",
            groups="base.group_user,dist_governance.group_governance_controller",
        )
        cls.executive = new_test_user(
            cls.env,
            login="dist_executive",
            groups="base.group_user,dist_governance.group_executive",
        )
        cls.owner = new_test_user(
            cls.env,
            login="dist_owner",
            groups="base.group_user,dist_governance.group_process_owner",
        )
        cls.plain_user = new_test_user(
            cls.env, login="dist_plain", groups="base.group_user"
        )
