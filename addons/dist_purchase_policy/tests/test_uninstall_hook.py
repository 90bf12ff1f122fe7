from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import index_exists

from ..hooks import uninstall_hook


@tagged("post_install", "-at_install")
class TestUninstallHook(TransactionCase):
    """The demand index that init() adds to stock's stock_move leaves
    with the addon."""

    def test_uninstall_hook_drops_what_init_made(self):
        cr = self.env.cr
        self.assertTrue(index_exists(cr, "dist_stock_move_demand_idx"))
        # inside the test's transaction: rolled back with it
        uninstall_hook(self.env)
        self.assertFalse(index_exists(cr, "dist_stock_move_demand_idx"))
        # and a second run (a retried uninstall) finds nothing to drop
        uninstall_hook(self.env)
