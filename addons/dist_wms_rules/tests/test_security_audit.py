from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dist_governance.tests.auditlog_common import AuditlogCase
from odoo.addons.dist_wms_rules.tests.common import WmsCase


@tagged("post_install", "-at_install")
class TestSecurityAudit(WmsCase, AuditlogCase):
    """A reorder rule the warehouse manager changes leaves an audit log line:
    who, which rule, its minimum, maximum, multiple, route and trigger before
    and after; the operators do not read the log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.valve.id,
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.stock.id,
                "product_min_qty": 10.0,
                "product_max_qty": 40.0,
                "qty_multiple": 1.0,
                "company_id": cls.company.id,
            }
        )

    def test_reorder_rule_changes_are_logged(self):
        buy = self.env.ref("purchase_stock.route_warehouse0_buy")
        before_trigger = self.orderpoint.trigger
        self.as_user(self.orderpoint, self.manager).write(
            {
                "product_min_qty": 25.0,
                "product_max_qty": 120.0,
                "qty_multiple": 12.0,
                "route_id": buy.id,
                "trigger": "manual" if before_trigger == "auto" else "auto",
            }
        )
        op, user = self.orderpoint, self.manager
        self.assertChangeLogged(op, user, "product_min_qty", 10.0, 25.0)
        self.assertChangeLogged(op, user, "product_max_qty", 40.0, 120.0)
        self.assertChangeLogged(op, user, "qty_multiple", 1.0, 12.0)
        self.assertChangeLogged(op, user, "route_id", False, (buy.id, buy.display_name))
        self.assertChangeLogged(
            op, user, "trigger", before_trigger, self.orderpoint.trigger
        )

    def test_reorder_rule_archived_is_logged(self):
        self.as_user(self.orderpoint, self.manager).action_archive()
        self.assertChangeLogged(self.orderpoint, self.manager, "active", True, False)

    def test_operators_do_not_read_the_log(self):
        self.as_user(self.orderpoint, self.manager).product_min_qty = 15.0
        log = self.env["auditlog.log"].search(
            [
                ("model_model", "=", "stock.warehouse.orderpoint"),
                ("res_id", "=", self.orderpoint.id),
            ]
        )
        self.assertTrue(log)
        for user in (self.operator, self.manager):
            with self.assertRaises(AccessError):
                self.env["auditlog.log"].with_user(user).search([])
            with self.assertRaises(AccessError):
                log.line_ids.with_user(user).read(["old_value"])
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
        self.assertTrue(log.exists())
