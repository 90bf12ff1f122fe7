from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import index_exists

from ..hooks import uninstall_hook


@tagged("post_install", "-at_install")
class TestUninstallHook(TransactionCase):
    """The indexes that init() adds to stock's stock_move and
    stock_account's stock_valuation_layer leave with the addon."""

    def test_uninstall_hook_drops_what_init_made(self):
        cr = self.env.cr
        self.assertTrue(index_exists(cr, "dist_stock_move_shipped_idx"))
        self.assertTrue(index_exists(cr, "dist_svl_remaining_idx"))
        # inside the test's transaction: rolled back with it
        uninstall_hook(self.env)
        self.assertFalse(index_exists(cr, "dist_stock_move_shipped_idx"))
        self.assertFalse(index_exists(cr, "dist_svl_remaining_idx"))
        # and a second run (a retried uninstall) finds nothing to drop
        uninstall_hook(self.env)
