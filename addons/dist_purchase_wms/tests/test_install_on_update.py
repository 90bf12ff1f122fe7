from odoo.tests import TransactionCase, tagged

from odoo.addons.dist_governance.module_bridges import install_bridges


@tagged("post_install", "-at_install")
class TestInstallOnUpdate(TransactionCase):
    """An update of a domain addon installs the bridges whose addons are
    all there, and pulls in nothing else."""

    def state(self, *names):
        modules = self.env["ir.module.module"].search([("name", "in", names)])
        return dict(modules.mapped(lambda m: (m.name, m.state)))

    def set_state(self, state, *names):
        self.env["ir.module.module"].search([("name", "in", names)]).write(
            {"state": state}
        )

    def test_an_update_installs_the_bridges_that_have_both_addons(self):
        # a database from before the bridges: both uninstalled
        self.set_state("uninstalled", "dist_purchase_wms", "dist_helpdesk_wms")
        # and without the helpdesk addon
        self.set_state("uninstalled", "dist_helpdesk_cases")
        installed = install_bridges(self.env, "dist_wms_rules")
        self.assertEqual(installed.mapped("name"), ["dist_purchase_wms"])
        self.assertEqual(
            self.state("dist_purchase_wms", "dist_helpdesk_wms", "dist_helpdesk_cases"),
            {
                "dist_purchase_wms": "to install",
                "dist_helpdesk_wms": "uninstalled",
                "dist_helpdesk_cases": "uninstalled",
            },
        )
        # a bridge installed or already marked is left alone
        self.assertFalse(install_bridges(self.env, "dist_purchase_policy"))
