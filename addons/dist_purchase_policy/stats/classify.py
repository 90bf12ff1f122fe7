"""ABC, XYZ and demand-pattern classes.

- ABC: items ranked by consumption value; an item is A while the share of
  value of the items ranked before it is below the A cut-off, B below the B
  cut-off, else C (so the largest item is always A).
- XYZ: coefficient of variation (population standard deviation over mean)
  of per-period demand, zero periods included: X up to the X cut-off, Y up
  to the Y cut-off, Z above or when there is no demand.
- Pattern (Syntetos-Boylan): ADI = periods / periods with demand, CV2 =
  squared coefficient of variation of the non-zero demand sizes; smooth
  (ADI < 1.32, CV2 < 0.49), erratic (ADI < 1.32), intermittent
  (CV2 < 0.49), lumpy otherwise; "new" below a minimum of periods.
"""

import math

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49


def check_cutoffs(first, second, label):
    if not 0 < first < second <= 100:
        raise ValueError(
            f"{label} cut-offs must rise between 0 and 100 %: {first} then {second}."
        )


def abc(values, cut_a=80.0, cut_b=95.0):
    """{key: 'A'|'B'|'C'} for a {key: consumption value} mapping."""
    return {key: cls for key, (cls, _share) in abc_shares(values, cut_a, cut_b).items()}


def abc_shares(values, cut_a=80.0, cut_b=95.0):
    """{key: (class, share of value ranked before it in %)}; the share is
    what the cut-offs compare (and what hysteresis margins measure)."""
    check_cutoffs(cut_a, cut_b, "ABC")
    total = sum(v for v in values.values() if v > 0)
    classes = {}
    before = 0.0
    # largest first; equal values in key order, so that runs agree
    for key, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
        share_before = 100.0 * before / total if total else 100.0
        classes[key] = (abc_class(value, share_before, cut_a, cut_b), share_before)
        before += max(value, 0)
    return classes


def abc_class(value, share_before, cut_a, cut_b):
    """The class of an item of consumption value `value` when the items
    ranked before it hold `share_before` % of the value."""
    if value > 0 and share_before < cut_a:
        return "A"
    if value > 0 and share_before < cut_b:
        return "B"
    return "C"


def mean_std(series):
    n = len(series)
    if not n:
        return 0.0, 0.0
    mean = sum(series) / n
    return mean, math.sqrt(sum((v - mean) ** 2 for v in series) / n)


def cv(series):
    mean, std = mean_std(series)
    return std / mean if mean > 0 else None


def xyz(series, cut_x=0.5, cut_y=1.0):
    """'X'|'Y'|'Z' from per-period demand (zero periods included)."""
    if not 0 < cut_x < cut_y:
        raise ValueError(f"XYZ cut-offs must rise: {cut_x} then {cut_y}.")
    return xyz_from_cv(cv(series), cut_x, cut_y)


def xyz_from_cv(value, cut_x=0.5, cut_y=1.0):
    """'X'|'Y'|'Z' from a coefficient of variation (None: no demand)."""
    if value is None:
        return "Z"
    return "X" if value <= cut_x else "Y" if value <= cut_y else "Z"


def sparse_stats(periods, sizes):
    """(total, mean, std, ADI, CV2) of a series of `periods` periods whose
    non-zero demands are `sizes`, in one pass: what mean_std and adi_cv2
    give on the full series (population moments), without building it."""
    total = 0.0
    squares = 0.0
    for size in sizes:
        total += size
        squares += size * size
    return stats_from_sums(periods, len(sizes), total, squares)


def stats_from_sums(periods, count, total, squares):
    """What sparse_stats gives, from the sums of the series: `count`
    periods with demand, summing to `total`, their squares to `squares`
    (as the run's demand statement sums them)."""
    if not periods or not count:
        return 0.0, 0.0, 0.0, None, None
    mean = total / periods
    std = math.sqrt(max(squares / periods - mean * mean, 0.0))
    size_mean = total / count
    size_var = max(squares / count - size_mean * size_mean, 0.0)
    return total, mean, std, periods / count, size_var / (size_mean * size_mean)


def adi_cv2(series):
    """(ADI, CV2) of a per-period demand series; (None, None) without
    demand."""
    sizes = [v for v in series if v > 0]
    if not sizes:
        return None, None
    adi = len(series) / len(sizes)
    mean, std = mean_std(sizes)
    return adi, (std / mean) ** 2


def pattern(series, min_periods=6):
    """smooth|erratic|intermittent|lumpy|new."""
    adi, cv2 = adi_cv2(series)
    return pattern_from(adi, cv2, len(series), min_periods)


def pattern_from(adi, cv2, periods, min_periods=6):
    """The pattern from ADI and CV2 already computed over `periods`."""
    if periods < min_periods or adi is None:
        return "new"
    if adi < ADI_CUTOFF:
        return "smooth" if cv2 < CV2_CUTOFF else "erratic"
    return "intermittent" if cv2 < CV2_CUTOFF else "lumpy"
