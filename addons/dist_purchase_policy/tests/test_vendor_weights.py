from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..engine.records import ScoreWeights
from . import test_suppliers
from .common import ReplenishmentCase


@tagged("post_install", "-at_install")
class TestVendorScoreWeights(ReplenishmentCase):
    """The weights of on-time delivery, quantity accuracy and lead-time
    reliability in vendor scores are company settings adding up to 1."""

    def test_defaults_are_what_the_run_reads(self):
        self.assertEqual(
            self.Run._get_vendor_score_weights(self.company),
            ScoreWeights(0.4, 0.3, 0.3),
        )

    def test_the_purchasing_manager_changes_them_together(self):
        Settings = self.as_user(self.env["dist.replenishment.settings"], self.manager)
        with Form(Settings) as form:
            self.assertEqual(form.dist_vendor_weight_on_time, 0.4)
            form.dist_vendor_weight_on_time = 0.5
            form.dist_vendor_weight_lead_time = 0.2
        form.record.action_save()
        self.assertEqual(
            self.Run._get_vendor_score_weights(self.company),
            ScoreWeights(0.5, 0.3, 0.2),
        )

    def test_the_settings_page_writes_them_together(self):
        settings = self.env["res.config.settings"].create(
            {"dist_vendor_weight_quantity": 0.1, "dist_vendor_weight_lead_time": 0.5}
        )
        settings.execute()
        self.assertEqual(
            (
                self.env.company.dist_vendor_weight_on_time,
                self.env.company.dist_vendor_weight_quantity,
                self.env.company.dist_vendor_weight_lead_time,
            ),
            (0.4, 0.1, 0.5),
        )

    def test_weights_add_up_to_one_and_none_is_negative(self):
        with self.assertRaisesRegex(ValidationError, "add up to 1"):
            self.company.dist_vendor_weight_on_time = 0.5
        with self.assertRaisesRegex(ValidationError, "0 or more"):
            self.company.write(
                {"dist_vendor_weight_on_time": -0.1, "dist_vendor_weight_quantity": 0.8}
            )


@tagged("post_install", "-at_install")
class TestVendorScoreWeightsInTheRun(ReplenishmentCase):
    """The run scores vendors with their company's weights."""

    _order = test_suppliers.TestSupplierGovernance._order
    _late_history = test_suppliers.TestSupplierGovernance._late_history

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valve = cls.product(
            "Ball valve DN25", cost=10.0, vendors=[cls.vendor, cls.alt_vendor], delay=5
        )
        cls.demand(cls.valve, test_suppliers.SMOOTH)

    def test_the_scorecard_follows_the_weights(self):
        # 6 receipts, all late (12 days for 5 planned and promised), all of
        # the ordered quantity: on time 0, quantity 1, lead time 0
        self._late_history()
        self.stock(self.valve, -600.0)
        self.company.write(
            {
                "dist_vendor_weight_on_time": 0.2,
                "dist_vendor_weight_quantity": 0.6,
                "dist_vendor_weight_lead_time": 0.2,
            }
        )
        self.run_replenishment()
        card = self.env["dist.vendor.scorecard"].search(
            [("partner_id", "=", self.vendor.id), ("product_id", "=", False)]
        )
        # 100 x (20 % x 0 + 60 % x 1 + 20 % x 0) = 60: grade C (30 and D
        # with the default weights, see test_suppliers)
        self.assertAlmostEqual(card.score, 60.0)
        self.assertEqual(card.grade, "c")
        self.assertEqual(self.vendor.with_company(self.company).dist_vendor_grade, "c")
