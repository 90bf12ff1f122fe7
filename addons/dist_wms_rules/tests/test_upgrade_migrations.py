from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.dist_governance.tests.migration import load_migration, run_migration

VERSION = "18.0.1.8.0"
SCRIPT = "post-late_delivery_description"


@tagged("post_install", "-at_install")
class TestLateDeliveryDescriptionMigration(TransactionCase):
    """18.0.1.8.0 rewrites the late-delivery type's description where it is
    still one this addon shipped, and keeps an administrator's own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.script = load_migration("dist_wms_rules", VERSION, SCRIPT)
        cls.exception_type = cls.env.ref(cls.script.XMLID)
        cls.current = cls.exception_type.description

    def test_old_shipped_text_is_rewritten(self):
        self.assertNotIn(self.current, self.script.OLD_DESCRIPTIONS)
        self.exception_type.description = self.script.OLD_DESCRIPTIONS[0]
        run_migration(self.env, "dist_wms_rules", VERSION, SCRIPT, "18.0.1.7.0")
        self.assertEqual(self.exception_type.description, self.current)
        self.assertIn("promised to the customer", self.exception_type.description)

    def test_own_text_is_kept(self):
        admin = new_test_user(
            self.env,
            login="dist_type_admin",
            groups="base.group_user,base.group_system",
        )
        own = "Ours: call the customer before noon, then the carrier."
        self.exception_type.with_user(admin).description = own
        run_migration(self.env, "dist_wms_rules", VERSION, SCRIPT, "18.0.1.7.0")
        self.assertEqual(self.exception_type.description, own)
