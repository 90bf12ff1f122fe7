"""Known answers for the replenishment run's decisions (the engine: no
database, no ORM).

Expected values are worked by hand in the comments, not taken from the code
under test.
"""

from datetime import date

from odoo.tests import BaseCase, tagged

from ..engine import forecasting
from ..engine.levels import segment_levels
from ..engine.proposals import (
    plan_transfers,
    proposal,
    purchase_quantity,
    spare_stock,
)
from ..engine.records import (
    ChoiceWeights,
    Levels,
    Policy,
    Position,
    Receipts,
    ScoreWeights,
    Supplier,
    VendorCard,
    VendorChoice,
    VendorOption,
)
from ..engine.scorecards import grade, score, scorecard
from ..engine.vendors import choose_vendor, vendor_options
from ..models.dist_replenishment_policy import FORECAST_METHODS


def policy(**values):
    """A weekly reviewed policy, z = 2, moving average over 3 periods."""
    base = {
        "id": 1,
        "code": "T",
        "name": "Test",
        "mode": "review",
        "service_level": 97.72,
        "review_period_days": 7,
        "forecast_method": "moving_average",
        "ma_window": 3,
        "alpha": 0.5,
        "beta": 0.5,
        "round_to_moq": False,
        "auto_po": False,
        "z": 2.0,
        "forecast": forecasting.moving_average,
    }
    base.update(values)
    return Policy(**base)


def card(count, lead_mean, lead_std=0.0):
    return VendorCard(count, 0.0, lead_mean, lead_std, 0, 0, 0, 0, None, None, None, 0)


@tagged("post_install", "-at_install")
class TestForecastRegistry(BaseCase):
    def test_every_method_of_a_policy_is_registered(self):
        names = {name for name, _label in FORECAST_METHODS}
        self.assertLessEqual(names, set(forecasting.FORECAST_METHODS))

    def test_moving_average_from_the_history(self):
        # 4 periods, demand 2 three periods ago, none two ago, 4 one ago,
        # 6 in the last: positions 0, 2, 3 (the zero is dropped)
        points = forecasting.history_points(4, [3, 2, 1, 0], [2, 0, 4, 6])
        self.assertEqual(points, [(0, 2), (2, 4), (3, 6)])
        # the last 3 periods: (0 + 4 + 6) / 3 = 3.3333
        method = forecasting.forecast_method("moving_average")
        self.assertAlmostEqual(method(policy(), 4, points), 10 / 3, places=9)

    def test_another_addon_registers_a_method(self):
        @forecasting.register_forecast_method("test_last_period")
        def last_period(policy, periods, points):
            return float(points[-1][1]) if points else 0.0

        try:
            method = forecasting.forecast_method("test_last_period")
            self.assertIs(method, last_period)
            self.assertEqual(method(policy(), 4, [(0, 2), (3, 6)]), 6.0)
        finally:
            del forecasting.FORECAST_METHODS["test_last_period"]

    def test_an_unknown_method_is_refused(self):
        with self.assertRaises(ValueError):
            forecasting.forecast_method("crystal_ball")


@tagged("post_install", "-at_install")
class TestScorecards(BaseCase):
    def test_score_and_grade(self):
        # no closed order yet: quantity counts as on time (1.0);
        # 100 * (0.4 * 1 + 0.3 * 1 + 0.3 * 0.5) = 85
        self.assertAlmostEqual(score(1.0, None, 0.5), 85.0, places=9)
        # other weights: 100 * (0.5 * 1 + 0.5 * 1 + 0 * 0.5) = 100
        self.assertAlmostEqual(
            score(1.0, None, 0.5, ScoreWeights(0.5, 0.5, 0.0)), 100.0, places=9
        )
        self.assertEqual(
            [grade(v) for v in (90, 89.9, 75, 60, 59.9)], ["a", "b", "b", "c", "d"]
        )

    def test_a_card_with_trend_and_drift(self):
        receipts = Receipts(
            count=6,
            promised=10.0,
            lead_mean=14.0,
            lead_std=1.5,
            on_time=0.5,
            qty_ok=1.0,
            lead_ok=0.5,
            recent_count=3,
            recent_on_time=1.0,
            recent_qty_ok=1.0,
            recent_lead_ok=1.0,
        )
        result = scorecard(receipts, minimum=5, tolerance=0.2)
        # 100 * (0.4 * 0.5 + 0.3 * 1 + 0.3 * 0.5) = 65: grade C (6 >= 5
        # receipts); recent (3 >= max(3, 5 // 2)) 100, 35 above: improving;
        # 14 days against 10 promised: 4 > max(10 * 0.2, 2): drift
        self.assertEqual(result.receipt_count, 6)
        self.assertEqual(result.score, 65.0)
        self.assertEqual(result.recent_score, 100.0)
        self.assertEqual(result.on_time_rate, 50.0)
        self.assertEqual(result.qty_accuracy, 100.0)
        self.assertEqual(result.lead_reliability, 50.0)
        self.assertEqual(
            (result.grade, result.trend, result.drift), ("c", "improving", True)
        )
        # 4 receipts: measured, not graded, no drift
        few = scorecard(receipts._replace(count=4), minimum=5, tolerance=0.2)
        self.assertEqual((few.grade, few.trend, few.drift), (None, None, False))


@tagged("post_install", "-at_install")
class TestVendorChoice(BaseCase):
    def setUp(self):
        super().setUp()
        # primary A: 10.00, promised 10 days, ungraded;
        # B: 8.00, promised 5 days, graded A
        self.a = Supplier(1, 101, 0.0, 10.0, 10)
        self.b = Supplier(2, 102, 0.0, 8.0, 5)

    def options(self, grades=None, product_cards=None, vendor_cards=None):
        return vendor_options(
            [self.a, self.b],
            7,
            product_cards or {},
            vendor_cards or {},
            grades or {102: "a"},
            5,
        )

    def test_the_better_vendor_wins(self):
        choice = choose_vendor(self.options())
        # A: 0.4 * 8/10 + 0.3 * 5/10 + 0.3 * 0.6 = 0.32 + 0.15 + 0.18 = 0.65
        # B: 0.4 * 1 + 0.3 * 1 + 0.3 * 1 = 1.0
        self.assertEqual(choice.supplier, self.b)
        self.assertEqual(choice.kind, "better")
        self.assertEqual(choice.primary.supplier, self.a)
        self.assertAlmostEqual(choice.options[0].score, 0.65, places=9)
        self.assertAlmostEqual(choice.options[1].score, 1.0, places=9)

    def test_weights_are_a_parameter(self):
        # grade only, B graded C: A (ungraded) 0.6 beats B 0.5
        choice = choose_vendor(
            self.options(grades={102: "c"}), ChoiceWeights(0.0, 0.0, 1.0)
        )
        self.assertEqual((choice.supplier, choice.kind), (self.a, "primary"))

    def test_a_tie_keeps_the_primary_and_a_d_primary_gives_an_alternate(self):
        twin = Supplier(3, 103, 0.0, 10.0, 10)
        options = vendor_options([self.a, twin], 7, {}, {}, {}, 5)
        self.assertEqual(choose_vendor(options).kind, "primary")
        choice = choose_vendor(self.options(grades={101: "d", 102: "a"}))
        self.assertEqual((choice.supplier, choice.kind), (self.b, "alternate"))

    def test_measured_lead_times_first(self):
        # A measured 4 days on this product (5 receipts), B 12 days as a
        # vendor (6 receipts); a card of 4 receipts does not count
        options = self.options(
            product_cards={(101, 7): card(5, 4.0, 1.0), (102, 7): card(4, 1.0)},
            vendor_cards={102: card(6, 12.0, 2.0)},
        )
        self.assertEqual(
            [(o.lead, o.spread, o.source) for o in options],
            [(4.0, 1.0, "product"), (12.0, 2.0, "vendor")],
        )

    def test_a_single_vendor_is_not_scored_and_none_without(self):
        choice = choose_vendor(vendor_options([self.a], 7, {}, {}, {}, 5))
        self.assertEqual((choice.supplier, choice.kind), (self.a, "primary"))
        self.assertIsNone(choice.chosen.score)
        self.assertIsNone(choose_vendor([]))


@tagged("post_install", "-at_install")
class TestLevels(BaseCase):
    def choice(self, min_qty=0.0):
        # 14 days (2 weeks) of lead time, no spread
        option = VendorOption(
            Supplier(1, 101, min_qty, 10.0, 14), 14.0, 0.0, "promised", None
        )
        return VendorChoice(option, option, "primary", (option,))

    def test_levels_of_a_weekly_segment(self):
        levels = segment_levels(
            policy(), 10.0, 3.0, 0.0, self.choice(), 0.0, 7, 0.25, 50.0
        )
        # L = 14 / 7 = 2 weeks: SS = 2 * sqrt(2 * 3^2) = 8.48528;
        # reorder point 10 * 2 + 8.48528 = 28.48528; cycle 10 * 7 / 7 = 10
        # (no cost: no EOQ); max ceil(38.485) = 39
        self.assertEqual(
            levels, Levels(10.0, 14.0, 0.0, "promised", 8.4853, 28.4853, 39.0, 0.0, 0.0)
        )

    def test_moq_packs_and_eoq(self):
        rounded = segment_levels(
            policy(round_to_moq=True),
            10.0,
            3.0,
            0.0,
            self.choice(50.0),
            12.0,
            7,
            0.25,
            50.0,
        )
        # cycle 10 raised to the MOQ 50, then to packs of 12: 60;
        # max ceil(28.485 + 60) = 89
        self.assertEqual(
            (rounded.max_qty, rounded.moq, rounded.pack_multiple), (89.0, 50.0, 12.0)
        )
        # a policy that does not round ignores both
        plain = segment_levels(
            policy(), 10.0, 3.0, 0.0, self.choice(50.0), 12.0, 7, 0.25, 50.0
        )
        self.assertEqual(
            (plain.max_qty, plain.moq, plain.pack_multiple), (39.0, 0.0, 0.0)
        )
        # unit cost 20 at 25 % a year: holding 5; annual demand 10 * 365 / 7
        # = 521.43; EOQ sqrt(2 * 521.43 * 50 / 5) = 102.12 > 10;
        # max ceil(28.485 + 102.12) = 131
        eoq = segment_levels(
            policy(), 10.0, 3.0, 20.0, self.choice(), 0.0, 7, 0.25, 50.0
        )
        self.assertEqual(eoq.max_qty, 131.0)

    def test_without_a_vendor(self):
        levels = segment_levels(policy(), 10.0, 3.0, 0.0, None, 0.0, 7, 0.25, 50.0)
        # no lead time: no safety stock, reorder point 0, max the cycle 10
        self.assertEqual(levels, Levels(10.0, 0.0, 0.0, None, 0.0, 0.0, 10.0, 0.0, 0.0))


@tagged("post_install", "-at_install")
class TestProposals(BaseCase):
    levels = Levels(10.0, 14.0, 0.0, "promised", 8.4853, 28.4853, 39.0, 0.0, 0.0)
    today = date(2026, 3, 2)

    def test_a_segment_at_its_reorder_point(self):
        needed = proposal(
            "review", Position(20.0, 5.0, 3.0, 4.0), self.levels, 7, self.today
        )
        # available 20 + 5 - 3 = 22 <= 28.49 (quotations count only when
        # sensing): need 39 - 22 = 17; cover (22 - 8.4853) / 10 * 7 = 9.46
        # days, under the 14 of lead time: high, needed on the 9th day
        self.assertEqual(
            (needed.available, needed.need, needed.sensed), (22.0, 17.0, 0.0)
        )
        self.assertAlmostEqual(needed.cover_days, 9.46029, places=5)
        self.assertEqual(
            (needed.urgency, needed.need_date), ("high", date(2026, 3, 11))
        )

    def test_above_the_reorder_point_nothing(self):
        self.assertIsNone(
            proposal("review", Position(30.0), self.levels, 7, self.today)
        )

    def test_sensing_and_critical(self):
        needed = proposal(
            "sensing", Position(14.0, 0.0, 0.0, 6.0), self.levels, 7, self.today
        )
        # 14 - 6 weighted quotations = 8 <= 8.4853 of safety stock: critical
        self.assertEqual((needed.available, needed.sensed), (8.0, 6.0))
        self.assertEqual((needed.urgency, needed.need_date), ("critical", self.today))

    def test_transfers_then_purchase(self):
        excess = {(7, 1): 5, (7, 3): 20}
        moves, need = plan_transfers(17.0, 7, 2, [1, 2, 3], excess)
        # 5 from warehouse 1, then the 12 left from warehouse 3's 20
        self.assertEqual(moves, [(1, 5, 5), (3, 20, 12)])
        self.assertEqual(need, 0.0)
        self.assertEqual(excess, {(7, 1): 0, (7, 3): 8})
        # 17 raised to the MOQ of 50, then packs of 12: 60
        self.assertEqual(purchase_quantity(17.0, 50.0, 12.0), (60.0, True))
        self.assertEqual(purchase_quantity(17.2, 0.0, 0.0), (18.0, False))
        # 30 on hand - 5 to deliver - 20 kept = 5 spare; 0.5 is none
        self.assertEqual(spare_stock(30.0, 5.0, 20.0), 5)
        self.assertEqual(spare_stock(20.5, 0.0, 20.0), 0)
