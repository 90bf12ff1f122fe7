from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.dist_governance.tests.auditlog_common import AuditlogCase

from .common import FINANCE_CONTROLLER, DistFinanceCase

BUYER = "dist_purchase_policy.group_buyer"
PURCHASING_MANAGER = "dist_purchase_policy.group_purchasing_manager"


class VendorPriceCase(DistFinanceCase):
    """A vendor line at 10.00 in the test company, a purchase history of 20
    units in the last year, buyers and finance controllers; the matrix's
    shipped line sends vendor price changes to the finance controller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.role_user("dist_vp_buyer", BUYER)
        cls.purchasing_manager = cls.role_user(
            "dist_vp_purchasing_manager", PURCHASING_MANAGER
        )
        # a finance controller who also maintains vendor prices (the pair
        # "places purchase orders / approves vendor payments" set aside)
        cls.without_duty_pairs()
        cls.controller_buyer = cls.role_user(
            "dist_vp_controller_buyer", FINANCE_CONTROLLER, PURCHASING_MANAGER
        )
        cls.company.dist_vendor_price_threshold = 5.0
        cls.env["res.company"]._dist_price_matrix_defaults(cls.company)
        cls.price = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "price": 10.0,
                "company_id": cls.company.id,
            }
        )
        history = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_qty": 20})
                ],
            }
        )
        history.button_confirm()

    def purchase_line_price(self, user):
        order = self.as_user(self.env["purchase.order"], user).create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 1})
                ],
            }
        )
        return order.order_line.price_unit

    def waiting_change(self):
        return self.env["dist.vendor.price.change"].search(
            [("supplierinfo_id", "=", self.price.id), ("state", "=", "draft")]
        )


@tagged("post_install", "-at_install")
class TestVendorPriceChange(VendorPriceCase, AuditlogCase):
    """Issue 21: a vendor price change beyond the company's threshold waits
    for the approval matrix (document type "Vendor price change"); purchase
    orders use the approved price only."""

    def test_small_change_applies_at_once_and_is_logged(self):
        self.as_user(self.price, self.buyer).write({"price": 10.4})
        self.assertEqual(self.price.price, 10.4)
        self.assertFalse(self.price.dist_price_change_ids)
        self.assertChangeLogged(self.price, self.buyer, "price", 10.0, 10.4)

    def test_large_change_waits_and_orders_keep_the_old_price(self):
        self.as_user(self.price, self.buyer).write({"price": 12.0, "delay": 4})
        # the other values apply, the price waits
        self.assertEqual(self.price.price, 10.0)
        self.assertEqual(self.price.delay, 4)
        self.assertEqual(self.price.dist_pending_price, 12.0)
        change = self.waiting_change()
        self.assertEqual((change.old_price, change.new_price), (10.0, 12.0))
        self.assertEqual(change.requested_by_id, self.buyer)
        self.assertAlmostEqual(change.change_percent, 20.0)
        # yearly value: 2.00 more on the 20 units bought this year
        self.assertEqual(change.annual_quantity, 20.0)
        self.assertAlmostEqual(change.amount, 40.0)
        self.assertTrue(change.review_ids)
        self.assertEqual(self.purchase_line_price(self.buyer), 10.0)
        # another price while it waits is refused, naming it
        with self.assertRaisesRegex(UserError, "waits for approval"):
            self.as_user(self.price, self.buyer).write({"price": 11.0})
        # the buyer cannot approve; the finance controller does
        with self.assertRaises(UserError):
            self.as_user(change, self.buyer).validate_tier()
        self.as_user(change, self.finance_controller).validate_tier()
        self.assertEqual(change.state, "done")
        self.assertEqual(self.price.price, 12.0)
        self.assertFalse(self.price.dist_pending_price)
        self.assertEqual(self.purchase_line_price(self.buyer), 12.0)

    def test_buyer_and_controller_open_the_waiting_changes(self):
        self.as_user(self.price, self.buyer).write({"price": 12.0})
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_finance_controls.action_dist_vendor_price_change"
        )
        action["context"] = {"search_default_waiting": 1}
        for user in (self.buyer, self.finance_controller):
            listed, _views, form = self.web_open(action, user)
            self.assertEqual(listed, self.waiting_change())
            self.assertEqual(form["new_price"], 12.0)

    def test_a_deleted_line_takes_its_waiting_change_along(self):
        self.as_user(self.price, self.buyer).write({"price": 12.0})
        change = self.waiting_change()
        reviews = change.review_ids
        self.assertTrue(reviews)
        self.as_user(self.price, self.purchasing_manager).unlink()
        self.assertFalse(change.exists())
        self.assertFalse(reviews.exists())

    def test_an_import_waits_too(self):
        result = self.as_user(self.env["product.supplierinfo"], self.buyer).load(
            [".id", "price"], [[str(self.price.id), "15.0"]]
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.price.price, 10.0)
        self.assertEqual(self.waiting_change().new_price, 15.0)

    def test_rejection_drops_the_change(self):
        self.as_user(self.price, self.purchasing_manager).write({"price": 8.0})
        change = self.waiting_change()
        self.as_user(change, self.finance_controller).reject_tier()
        self.assertEqual(change.state, "rejected")
        self.assertEqual(self.price.price, 10.0)
        self.assertFalse(self.price.dist_pending_price)
        # a new change may be asked
        self.as_user(self.price, self.purchasing_manager).write({"price": 8.5})
        self.assertEqual(self.waiting_change().new_price, 8.5)

    def test_who_asked_never_approves(self):
        self.as_user(self.price, self.controller_buyer).write({"price": 13.0})
        change = self.waiting_change()
        with self.assertRaisesRegex(UserError, "another reviewer"):
            self.as_user(change, self.controller_buyer).validate_tier()
        self.as_user(change, self.finance_controller).validate_tier()
        self.assertEqual(self.price.price, 13.0)

    def test_a_purchasing_manager_withdraws_it(self):
        self.as_user(self.price, self.buyer).write({"price": 12.0})
        change = self.as_user(self.waiting_change(), self.buyer)
        with self.assertRaises(UserError):
            change.write({"new_price": 20.0})
        with self.assertRaises(AccessError):
            change.action_cancel()
        self.as_user(change, self.purchasing_manager).action_cancel()
        self.assertEqual(change.state, "cancel")
        self.assertEqual(self.price.price, 10.0)

    def test_a_new_line_for_the_same_vendor_and_quantity_is_a_change(self):
        Supplierinfo = self.as_user(self.env["product.supplierinfo"], self.buyer)
        cheaper = Supplierinfo.create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 8.0,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(cheaper.price, 10.0)
        self.assertEqual(cheaper.dist_pending_price, 8.0)
        # a quantity break is not a change of the price
        volume = Supplierinfo.create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 8.0,
                "min_qty": 100,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(volume.price, 8.0)
        self.assertFalse(volume.dist_price_change_ids)

    def test_without_a_matrix_line_the_change_applies_as_before(self):
        company = self.env["res.company"].create({"name": "Price Test West"})
        buyer = self.company_user("dist_vp_west_buyer", BUYER, company=company)
        line = self.env["product.supplierinfo"].create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 10.0,
                "company_id": company.id,
            }
        )
        self.as_user(line, buyer).write({"price": 15.0})
        self.assertEqual(line.price, 15.0)
        self.assertFalse(line.dist_price_change_ids)

    def test_below_every_band_the_change_applies_and_is_recorded(self):
        line = self.env["dist.approval.matrix"].search(
            [
                ("company_id", "=", self.company.id),
                ("document_type_id.code", "=", "vendor_price_change"),
            ]
        )
        line.write({"amount_min": 1000.0})
        self.as_user(self.price, self.buyer).write({"price": 12.0})
        self.assertEqual(self.price.price, 12.0)
        change = self.price.dist_price_change_ids
        self.assertEqual(change.state, "done")
        self.assertFalse(change.review_ids)
        self.assertTrue(change.done_date)

    def test_a_governance_controller_adds_the_shipped_lines(self):
        company = self.env["res.company"].create({"name": "Price Test North"})
        controller = self.company_user(
            "dist_vp_north_gc",
            "dist_governance.group_governance_controller",
            company=company,
        )
        action = self.env.ref("dist_finance_controls.action_dist_price_matrix_defaults")
        Matrix = self.env["dist.approval.matrix"]
        # nobody holds the approving roles there yet: nothing is added
        result = self.as_user(action, controller).run()
        self.assertIn("Nothing to add", result["params"]["message"])
        self.company_user("dist_vp_north_fc", FINANCE_CONTROLLER, company=company)
        self.as_user(action, controller).run()
        line = Matrix.search([("company_id", "=", company.id)])
        self.assertEqual(line.document_type_id.code, "vendor_price_change")
        self.assertEqual(
            line.approver_group_id,
            self.env.ref("dist_finance_controls.group_finance_controller"),
        )
        # once only
        self.as_user(action, controller).run()
        self.assertEqual(Matrix.search([("company_id", "=", company.id)]), line)
        # not for a buyer
        with self.assertRaises(AccessError):
            self.as_user(action, self.buyer).run()

    def test_bad_threshold_names_the_company(self):
        with self.assertRaisesRegex(ValidationError, self.company.name):
            self.company.dist_vendor_price_threshold = -1

    def test_two_companies(self):
        """A company's vendor line is approved within its company."""
        company_b = self.env["res.company"].create({"name": "Price Test East"})
        users = self.company_role_users(
            "dist_vp2",
            self.company | company_b,
            {"buyer": BUYER, "controller": FINANCE_CONTROLLER},
        )
        self.env["res.company"]._dist_price_matrix_defaults(company_b)
        line = self.env["product.supplierinfo"].create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 10.0,
                "company_id": company_b.id,
            }
        )
        self.as_user(line, users["buyer", company_b]).write({"price": 11.0})
        self.assertEqual(line.price, 10.0)
        change = line.dist_price_change_ids
        self.assertEqual(change.company_id, company_b)
        # yearly value in company B: no purchases there, one unit
        self.assertAlmostEqual(change.amount, 1.0)
        with self.assertRaises(AccessError):
            self.as_user(change, users["controller", self.company]).validate_tier()
        self.as_user(change, users["controller", company_b]).validate_tier()
        self.assertEqual(line.price, 11.0)


@tagged("post_install", "-at_install")
class TestVendorPriceChangeRpc(VendorPriceCase, HttpCase):
    def test_rpc_write_as_buyer_waits_too(self):
        self.authenticate("dist_vp_buyer", "dist_vp_buyer")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw/product.supplierinfo/write",
            {
                "model": "product.supplierinfo",
                "method": "write",
                "args": [self.price.ids, {"price": 14.0}],
                "kwargs": {"context": {"dist_vendor_price_route": True}},
            },
        )
        self.price.invalidate_recordset()
        self.assertEqual(self.price.price, 10.0)
        self.assertEqual(self.waiting_change().new_price, 14.0)
        # nor does the buyer apply it by writing the request
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/dist.vendor.price.change/write",
                {
                    "model": "dist.vendor.price.change",
                    "method": "write",
                    "args": [self.waiting_change().ids, {"state": "done"}],
                    "kwargs": {},
                },
            )
        self.assertEqual(self.waiting_change().state, "draft")
