from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import column_exists, index_exists

from ..hooks import uninstall_hook


@tagged("post_install", "-at_install")
class TestUninstallHook(TransactionCase):
    """The generated column and its index that init() adds to
    helpdesk_mgmt's helpdesk_ticket leave with the addon."""

    def test_uninstall_hook_drops_what_init_made(self):
        cr = self.env.cr
        self.assertTrue(column_exists(cr, "helpdesk_ticket", "dist_text_vector"))
        self.assertTrue(index_exists(cr, "dist_helpdesk_ticket_text_vector_idx"))
        # inside the test's transaction: rolled back with it
        uninstall_hook(self.env)
        self.assertFalse(column_exists(cr, "helpdesk_ticket", "dist_text_vector"))
        self.assertFalse(index_exists(cr, "dist_helpdesk_ticket_text_vector_idx"))
        # and a second run (a retried uninstall) finds nothing to drop
        uninstall_hook(self.env)
