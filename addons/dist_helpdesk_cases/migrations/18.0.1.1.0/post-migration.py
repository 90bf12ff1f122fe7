from openupgradelib import openupgrade

from odoo.addons.dist_helpdesk_cases.hooks import mark_waiting_stage


@openupgrade.migrate()
def migrate(env, version):
    mark_waiting_stage(env)
