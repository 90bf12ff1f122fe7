from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.dist_governance.tests.migration import run_migration

SHIPPED = {
    "case_category_delayed_shipment": "late_delivery",
    "case_category_short_shipment": "short_shipment",
    "case_category_damaged_goods": "pod_exception",
}


@tagged("post_install", "-at_install")
class TestCategoryCodesMigration(TransactionCase):
    """18.0.1.6.0 fills the exception codes of the shipped categories that a
    database made before the field has empty, and keeps an administrator's."""

    def test_fills_empty_codes_keeps_user_values(self):
        categories = {
            name: self.env.ref(f"dist_helpdesk_cases.{name}") for name in SHIPPED
        }
        # a database made before the field: the shipped categories have none
        for category in categories.values():
            category.dist_exception_codes = False
        manager = new_test_user(
            self.env,
            login="dist_category_manager",
            groups="dist_helpdesk_cases.group_service_manager",
        )
        # the service manager set one of them already, and made a category
        # of their own without codes
        categories["case_category_damaged_goods"].with_user(manager).write(
            {"dist_exception_codes": "pod_exception,quality_failure"}
        )
        own = (
            self.env["helpdesk.ticket.category"]
            .with_user(manager)
            .create({"name": "Our own category"})
        )
        run_migration(
            self.env,
            "dist_helpdesk_cases",
            "18.0.1.6.0",
            "post-category_exception_codes",
            "18.0.1.5.0",
        )
        self.assertEqual(
            categories["case_category_delayed_shipment"].dist_exception_codes,
            "late_delivery",
        )
        self.assertEqual(
            categories["case_category_short_shipment"].dist_exception_codes,
            "short_shipment",
        )
        self.assertEqual(
            categories["case_category_damaged_goods"].dist_exception_codes,
            "pod_exception,quality_failure",
        )
        self.assertFalse(own.dist_exception_codes)
