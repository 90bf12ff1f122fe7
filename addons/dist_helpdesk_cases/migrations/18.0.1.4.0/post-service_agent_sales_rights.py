"""Service agents no longer imply Sales: User, all documents (they could
change any order's prices): their role implies Sales: User, own documents,
and reads the other orders through read-only rules. The service manager
implies all documents instead (they confirm agents' quotations).

Loading the groups file only adds implications, so the old one is removed
here, and with it the group from the agents who held it only through the
role. Odoo keeps no trace of which memberships an administrator gave by
hand: an agent keeps "all documents" when another group they hold implies
it (Sales: Administrator, Service manager, ...); every login it is taken
from is logged, so that an administrator can give it back to whom it was
given on purpose."""

import logging

from openupgradelib import openupgrade

from odoo import Command

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    agent = env.ref("dist_helpdesk_cases.group_service_agent")
    all_leads = env.ref("sales_team.group_sale_salesman_all_leads")
    if all_leads in agent.implied_ids:
        agent.write({"implied_ids": [Command.unlink(all_leads.id)]})
    users = (
        env["res.users"]
        .with_context(active_test=False)
        .search([("groups_id", "in", agent.ids), ("groups_id", "in", all_leads.ids)])
    )
    role_only = users.filtered(
        lambda user: (
            not any(
                all_leads in group.trans_implied_ids
                for group in user.groups_id - all_leads
            )
        )
    )
    if role_only:
        role_only.write({"groups_id": [Command.unlink(all_leads.id)]})
        _logger.warning(
            "Service agents: Sales all documents removed from %s (it came "
            "with the role only); give it back by hand where it was meant",
            ", ".join(role_only.mapped("login")),
        )
