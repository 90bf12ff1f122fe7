from odoo import Command

from odoo.addons.dist_governance.tests.common import DistRolesCase

AGENT = "dist_helpdesk_cases.group_service_agent"
MANAGER = "dist_helpdesk_cases.group_service_manager"


class ServiceCompanyCase(DistRolesCase):
    """A company of its own, worked in by `COMPANY_NAME`'s service agent and
    service manager (logins prefixed with `LOGIN_PREFIX`)."""

    COMPANY_NAME = "Service Co"
    LOGIN_PREFIX = "dist_case"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": cls.COMPANY_NAME})
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        cls.agent = cls.company_user("agent", AGENT)
        cls.manager = cls.company_user("manager", MANAGER)

    @classmethod
    def company_user(cls, name, *groups):
        """A user of the company only, holding `groups`."""
        return cls.role_user(
            f"{cls.LOGIN_PREFIX}_{name}",
            *groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
