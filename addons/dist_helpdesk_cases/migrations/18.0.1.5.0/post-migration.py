from openupgradelib import openupgrade

from odoo.addons.dist_governance.module_bridges import install_bridges


@openupgrade.migrate()
def migrate(env, version):
    """What needed this addon and another one moved to bridge addons
    installed by themselves next to both: a database that has both gets
    them with this update."""
    install_bridges(env, "dist_helpdesk_cases")
