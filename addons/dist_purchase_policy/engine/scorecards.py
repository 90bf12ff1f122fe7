"""Vendor scorecards from measured receipts."""

from .records import Receipts, ScoreWeights, VendorCard

DEFAULT_SCORE_WEIGHTS = ScoreWeights()


def score(on_time, qty_ok, lead_ok, weights=DEFAULT_SCORE_WEIGHTS):
    """Score out of 100: on-time rate, quantity accuracy and lead-time
    reliability (each in [0, 1]) weighed by `weights`; a missing quantity
    accuracy (no closed order yet) counts as the on-time rate."""
    qty_ok = on_time if qty_ok is None else qty_ok
    return 100.0 * (
        weights.on_time * on_time
        + weights.quantity * qty_ok
        + weights.lead_time * lead_ok
    )


def grade(value):
    """A for 90 and above, B from 75, C from 60, D below."""
    if value >= 90:
        return "a"
    if value >= 75:
        return "b"
    if value >= 60:
        return "c"
    return "d"


def scorecard(receipts: Receipts, minimum, tolerance, weights=DEFAULT_SCORE_WEIGHTS):
    """The VendorCard of measured `receipts`: graded (grade, trend, drift)
    from `minimum` receipts; the recent score from max(3, minimum // 2)
    recent ones, a trend when it differs from the score by more than 5;
    drift when the mean lead time is off the promised one by more than
    `tolerance` (a fraction) of it, at least 2 days."""
    r = receipts
    value = score(r.on_time, r.qty_ok, r.lead_ok, weights)
    graded = r.count >= minimum
    recent = (
        score(r.recent_on_time, r.recent_qty_ok, r.recent_lead_ok, weights)
        if r.recent_count >= max(3, minimum // 2)
        else None
    )
    trend = "stable"
    if recent is not None and recent - value > 5:
        trend = "improving"
    elif recent is not None and value - recent > 5:
        trend = "worsening"
    drift = bool(
        graded
        and r.promised is not None
        and abs(r.lead_mean - r.promised) > max(r.promised * tolerance, 2.0)
    )
    return VendorCard(
        r.count,
        round(r.promised or 0.0, 4),
        round(r.lead_mean, 4),
        round(r.lead_std, 4),
        round(100.0 * r.on_time, 4),
        round(100.0 * (r.qty_ok if r.qty_ok is not None else r.on_time), 4),
        round(100.0 * r.lead_ok, 4),
        round(value, 4),
        round(recent, 4) if recent is not None else None,
        grade(value) if graded else None,
        trend if graded else None,
        drift,
    )
