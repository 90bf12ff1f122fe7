"""Class changes that do not flap.

A product whose newly computed class differs from its current one changes
at once only when it crossed the boundary decisively (by a margin);
otherwise it must compute the same new class on `runs` consecutive run
days. A second run on the same day does not count again.
"""

ORDER = {"A": 0, "B": 1, "C": 2, "X": 0, "Y": 1, "Z": 2}


def decisive(current, new, metric, cut_low, cut_high, margin):
    """Whether moving from `current` to `new` (A/B/C or X/Y/Z) crossed the
    boundary between them by at least `margin`.

    `metric` rises from the first class to the third (cumulative value share
    for ABC, coefficient of variation for XYZ); None means no demand at all,
    which is always decisive."""
    if metric is None:
        return True
    if ORDER[new] > ORDER[current]:  # toward the third class
        boundary = cut_low if ORDER[current] == 0 else cut_high
        return metric >= boundary + margin
    boundary = cut_high if ORDER[current] == 2 else cut_low
    return metric < boundary - margin


def settle(current, new, is_decisive, pending, pending_runs, counted_today, runs):
    """(class, pending, pending_runs, reason) after one run.

    :param current: class in force (None for a new segment)
    :param new: class computed by this run
    :param is_decisive: the crossing was beyond the margin
    :param pending: class waiting for confirmation, with `pending_runs` runs
    :param counted_today: the pending count already includes today's run
    :param runs: consecutive runs that confirm a change
    """
    if current is None:
        return new, None, 0, "new"
    if new == current:
        return current, None, 0, None
    if is_decisive:
        return new, None, 0, "margin"
    count = pending_runs if pending == new else 0
    if not (counted_today and pending == new):
        count += 1
    if count >= runs:
        return new, None, 0, "runs"
    return current, new, count, None
