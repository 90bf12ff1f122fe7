from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.auditlog_common import AuditlogCase
from odoo.addons.dist_purchase_policy.tests.common import ReplenishmentCase


@tagged("post_install", "-at_install")
class TestSecurityAudit(ReplenishmentCase, AuditlogCase):
    """A vendor price the purchasing manager adds, changes or removes leaves
    an audit log line: who, which vendor price, the value before and after;
    the buyers who work with the prices do not read the log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt = cls.env["product.product"].create(
            {"name": "Hex bolt M8", "is_storable": True}
        )
        cls.price = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.bolt.product_tmpl_id.id,
                "price": 1.2,
                "min_qty": 100.0,
                "delay": 5,
                "company_id": cls.company.id,
            }
        )

    def test_vendor_price_changes_are_logged(self):
        self.as_user(self.price, self.manager).write(
            {
                "price": 1.05,
                "min_qty": 250.0,
                "delay": 9,
                "partner_id": self.alt_vendor.id,
            }
        )
        self.assertChangeLogged(self.price, self.manager, "price", 1.2, 1.05)
        self.assertChangeLogged(self.price, self.manager, "min_qty", 100.0, 250.0)
        self.assertChangeLogged(self.price, self.manager, "delay", 5, 9)
        # a many2one is logged with its name
        self.assertChangeLogged(
            self.price,
            self.manager,
            "partner_id",
            (self.vendor.id, self.vendor.display_name),
            (self.alt_vendor.id, self.alt_vendor.display_name),
        )
        logs = self.env["auditlog.log"].search(
            [
                ("model_model", "=", "product.supplierinfo"),
                ("res_id", "=", self.price.id),
                ("method", "=", "write"),
            ]
        )
        self.assertEqual(logs.user_id, self.manager)
        # the sequence and the vendor's product code are not what is audited
        self.as_user(self.price, self.manager).write({"sequence": 7})
        self.assertEqual(
            self.env["auditlog.log"].search(
                [
                    ("model_model", "=", "product.supplierinfo"),
                    ("res_id", "=", self.price.id),
                    ("method", "=", "write"),
                ]
            ),
            logs,
        )

    def test_vendor_price_added_and_removed_are_logged(self):
        added = self.as_user(self.env["product.supplierinfo"], self.manager).create(
            {
                "partner_id": self.alt_vendor.id,
                "product_tmpl_id": self.bolt.product_tmpl_id.id,
                "price": 0.95,
                "company_id": self.company.id,
            }
        )
        change = self.logged_change(added, self.manager, "price", method="create")
        self.assertEqual(change, (False, 0.95))
        added_id = added.id
        added.unlink()
        removed = self.env["auditlog.log.line"].search(
            [
                ("log_id.model_model", "=", "product.supplierinfo"),
                ("log_id.res_id", "=", added_id),
                ("log_id.method", "=", "unlink"),
                ("log_id.user_id", "=", self.manager.id),
                ("field_name", "=", "price"),
            ]
        )
        self.assertEqual(removed.old_value, "0.95")

    def test_buyers_and_managers_do_not_read_the_log(self):
        self.as_user(self.price, self.manager).price = 1.1
        log = self.env["auditlog.log"].search(
            [
                ("model_model", "=", "product.supplierinfo"),
                ("res_id", "=", self.price.id),
            ]
        )
        self.assertTrue(log)
        for user in (self.buyer, self.manager):
            with self.assertRaises(AccessError):
                self.env["auditlog.log"].with_user(user).search([])
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
        self.assertTrue(log.exists())
