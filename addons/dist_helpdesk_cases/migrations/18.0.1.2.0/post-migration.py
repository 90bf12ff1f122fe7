from openupgradelib import openupgrade

from odoo.addons.dist_helpdesk_cases.hooks import seed_keywords


@openupgrade.migrate()
def migrate(env, version):
    seed_keywords(env)
