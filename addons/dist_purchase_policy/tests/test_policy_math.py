"""Known answers for the policy arithmetic (dist_purchase_policy.stats).

Expected values are worked by hand in the comments, or come from the
published example quoted in issue 4, not from the code under test.
"""

import random

from odoo.tests import BaseCase, tagged

from ..stats import classify, forecast, safety_stock

# 0, then 3 in period 2, 5 in period 5, 2 in period 7, then 0
INTERMITTENT = [0, 3, 0, 0, 5, 0, 2, 0]


@tagged("post_install", "-at_install")
class TestSafetyStock(BaseCase):
    def test_published_example_with_lead_time_variability(self):
        # d = 2500/day, sigma_d = 500, L = 7 days, sigma_L = 7 days, 90 %:
        # z = 1.2816; sqrt(7 * 500^2 + 2500^2 * 7^2) = sqrt(308,000,000)
        # = 17,549.9; SS = 22,491
        ss = safety_stock.safety_stock(90, 2500, 500, 7, 7)
        self.assertAlmostEqual(ss, 22491, delta=1)

    def test_published_example_with_a_fixed_lead_time(self):
        # sqrt(7 * 500^2) = 1,322.9; x 1.2816 = 1,695
        ss = safety_stock.safety_stock(90, 2500, 500, 7, 0)
        self.assertAlmostEqual(ss, 1695, delta=1)

    def test_levels_and_rounding(self):
        self.assertAlmostEqual(safety_stock.z_value(95), 1.6449, places=4)
        self.assertEqual(safety_stock.reorder_point(10, 5, 7), 57)
        # 37 raised to the MOQ of 50, then to packs of 12: 60
        self.assertEqual(safety_stock.round_up(37, moq=50, multiple=12), 60)
        self.assertEqual(safety_stock.round_up(30, multiple=10), 30)
        self.assertEqual(safety_stock.round_up(25, multiple=10), 30)
        # sqrt(2 * 1000 * 50 / 4) = sqrt(25,000)
        self.assertAlmostEqual(safety_stock.eoq(1000, 50, 4), 158.1139, places=4)

    def test_bad_input_is_refused(self):
        for level in (49.9, 100, 101):
            with self.assertRaises(ValueError):
                safety_stock.z_value(level)
        with self.assertRaises(ValueError):
            safety_stock.round_up(10, moq=-1)
        with self.assertRaises(ValueError):
            safety_stock.safety_stock(95, -1, 1, 1)


@tagged("post_install", "-at_install")
class TestForecasts(BaseCase):
    def test_moving_average_and_smoothing(self):
        self.assertEqual(forecast.moving_average([1, 2, 3, 4, 5], 3), 4)
        self.assertEqual(forecast.moving_average([2, 4], 3), 3)
        # level 10 -> 15 -> 22.5
        self.assertEqual(forecast.exponential_smoothing([10, 20, 30], 0.5), 22.5)

    def test_croston_and_sba(self):
        # alpha 0.2. First demand 3 at period 2: size 3, interval 2.
        # Period 5 (3 periods later): size 3.4, interval 2.2.
        # Period 7 (2 periods later): size 3.12, interval 2.16.
        # Croston = 3.12 / 2.16 = 1.4444; SBA = 0.9 x that = 1.3
        self.assertAlmostEqual(forecast.croston(INTERMITTENT, 0.2), 1.444444, 6)
        self.assertAlmostEqual(forecast.sba(INTERMITTENT, 0.2), 1.3, 6)

    def test_tsb(self):
        # alpha 0.2, beta 0.1. Probability starts at 0 (no demand in
        # period 1) and moves 10 % toward 1 or 0 each later period:
        # 0.1, 0.09, 0.081, 0.1729, 0.15561, 0.240049, 0.2160441.
        # Size starts at 3, then 3.4 (period 5), 3.12 (period 7).
        # TSB = 0.2160441 x 3.12 = 0.674057592
        self.assertAlmostEqual(forecast.tsb(INTERMITTENT, 0.2, 0.1), 0.674057592, 9)

    def test_no_demand_forecasts_nothing(self):
        for method in (forecast.croston, forecast.sba):
            self.assertEqual(method([0, 0, 0], 0.1), 0)
        self.assertEqual(forecast.tsb([0, 0, 0], 0.1, 0.1), 0)
        with self.assertRaises(ValueError):
            forecast.croston([1, 2], 0)

    def test_sparse_methods_equal_the_dense_ones(self):
        # the run forecasts from the periods with demand only; on the
        # worked series and on 2,000 seeded random ones (empty, all zero,
        # dense, sparse, first period with and without demand) it must
        # give what the methods above give on the full series
        rng = random.Random(4)
        cases = [INTERMITTENT, [], [0, 0, 0], [7], [10, 20, 30]]
        for _i in range(2000):
            share = rng.random()
            cases.append(
                [
                    rng.choice((1, 2.5, 40, 300)) if rng.random() < share else 0
                    for _p in range(rng.randint(0, 60))
                ]
            )
        for series in cases:
            periods = len(series)
            points = [(pos, v) for pos, v in enumerate(series) if v > 0]
            for alpha, beta, window in ((0.2, 0.1, 3), (0.5, 0.05, 12), (1, 1, 1)):
                for dense, sparse in (
                    (
                        forecast.moving_average(series, window),
                        forecast.sparse_moving_average(periods, points, window),
                    ),
                    (
                        forecast.exponential_smoothing(series, alpha),
                        forecast.sparse_exponential_smoothing(periods, points, alpha),
                    ),
                    (
                        forecast.croston(series, alpha),
                        forecast.sparse_croston(periods, points, alpha),
                    ),
                    (
                        forecast.sba(series, alpha),
                        forecast.sparse_sba(periods, points, alpha),
                    ),
                    (
                        forecast.tsb(series, alpha, beta),
                        forecast.sparse_tsb(periods, points, alpha, beta),
                    ),
                ):
                    self.assertAlmostEqual(dense, sparse, delta=1e-9 * max(1, dense))


@tagged("post_install", "-at_install")
class TestClassification(BaseCase):
    def test_abc_by_consumption_value(self):
        # shares before each item: a 0, b 50, c 80, d 90, e 96
        classes = classify.abc({"a": 50, "b": 30, "c": 10, "d": 6, "e": 4})
        self.assertEqual(classes, {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C"})
        # one item holding nearly everything is still A
        self.assertEqual(classify.abc({"x": 99, "y": 1})["x"], "A")
        for cuts in ((95, 80), (0, 50), (80, 101)):
            with self.assertRaises(ValueError):
                classify.abc({"a": 1}, *cuts)

    def test_xyz_by_coefficient_of_variation(self):
        self.assertEqual(classify.xyz([10, 10, 10, 10]), "X")  # cv 0
        self.assertEqual(classify.xyz([0, 20, 0, 20]), "Y")  # 10 / 10 = 1.0
        self.assertEqual(classify.xyz([0, 0, 0, 40]), "Z")  # 17.32 / 10
        self.assertEqual(classify.xyz([0, 0]), "Z")  # no demand

    def test_syntetos_boylan_patterns(self):
        self.assertEqual(classify.pattern([5] * 6), "smooth")  # ADI 1, CV2 0
        # sizes 1 and 9: mean 5, std 4, CV2 0.64
        self.assertEqual(classify.pattern([1, 9] * 3), "erratic")
        self.assertEqual(classify.pattern([5, 0] * 3), "intermittent")  # ADI 2
        self.assertEqual(classify.pattern([1, 0, 9, 0] * 2), "lumpy")
        self.assertEqual(classify.pattern([5, 5]), "new")
        adi, cv2 = classify.adi_cv2([1, 0, 9, 0])
        self.assertEqual(adi, 2.0)
        self.assertAlmostEqual(cv2, 0.64, places=12)

    def test_sparse_statistics_equal_the_full_series_ones(self):
        for series in (
            [100.0] * 12,
            [0, 0, 20] * 4,
            [0, 0, 5, 0, 0, 80, 0, 0, 10, 0, 0, 150],
            [10, 150, 20, 160, 5, 140, 15, 170, 10, 150, 20, 160],
        ):
            total, mean, std, adi, cv2 = classify.sparse_stats(
                len(series), [v for v in series if v]
            )
            full_mean, full_std = classify.mean_std(series)
            full_adi, full_cv2 = classify.adi_cv2(series)
            self.assertAlmostEqual(total, sum(series), places=9)
            self.assertAlmostEqual(mean, full_mean, places=9)
            self.assertAlmostEqual(std, full_std, places=9)
            self.assertAlmostEqual(adi, full_adi, places=9)
            self.assertAlmostEqual(cv2, full_cv2, places=9)
