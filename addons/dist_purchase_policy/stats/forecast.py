"""One-period-ahead forecasts of per-period demand.

Each function takes the demand history (oldest first, zero periods
included) and returns the forecast of the next period's demand. The
initialisations are stated per method; they matter for short series.
"""


def moving_average(series, window):
    """Mean of the last `window` periods (all periods when fewer)."""
    if window < 1:
        raise ValueError("A moving average needs a window of at least 1 period.")
    if not series:
        return 0.0
    last = series[-window:]
    return sum(last) / len(last)


def exponential_smoothing(series, alpha):
    """Simple exponential smoothing; the level starts at the first value."""
    _check_alpha(alpha)
    if not series:
        return 0.0
    level = float(series[0])
    for value in series[1:]:
        level += alpha * (value - level)
    return level


def _croston_state(series, alpha):
    """(size, interval) after the series, Croston's updates.

    Initialisation: size = first non-zero demand, interval = its position
    (1-based: periods up to and including it). Both are smoothed with
    `alpha` at each later non-zero demand; the interval counts the periods
    since the previous demand, that demand's period included."""
    _check_alpha(alpha)
    size = interval = None
    since = 0
    for value in series:
        since += 1
        if value <= 0:
            continue
        if size is None:
            size, interval = float(value), float(since)
        else:
            size += alpha * (value - size)
            interval += alpha * (since - interval)
        since = 0
    return size, interval


def croston(series, alpha):
    """Croston's method: smoothed size over smoothed interval."""
    size, interval = _croston_state(series, alpha)
    return size / interval if size is not None else 0.0


def sba(series, alpha):
    """Syntetos-Boylan approximation: Croston debiased by (1 - alpha/2)."""
    return (1 - alpha / 2) * croston(series, alpha)


def tsb(series, alpha, beta):
    """Teunter-Syntetos-Babai: demand probability times demand size.

    Initialisation: probability = 1 if the first period has demand else 0,
    size = first non-zero demand. Every later period smooths the
    probability toward 1 or 0 with `beta`; periods with demand smooth the
    size with `alpha`."""
    _check_alpha(alpha)
    _check_alpha(beta)
    if not series:
        return 0.0
    nonzero = [v for v in series if v > 0]
    if not nonzero:
        return 0.0
    probability = 1.0 if series[0] > 0 else 0.0
    size = float(nonzero[0])
    seen_first = series[0] > 0
    for value in series[1:]:
        occurred = value > 0
        probability += beta * ((1.0 if occurred else 0.0) - probability)
        if occurred:
            if seen_first:
                size += alpha * (value - size)
            seen_first = True
    return probability * size


# ----------------------------------------------------------------------
# the same methods on a sparse history: `periods` periods of which only
# `points`, (position, demand) pairs in chronological order (position 0 is
# the oldest period), had demand. A run of k empty periods multiplies a
# smoothed level by (1 - constant) ** k, so each method costs one step per
# period with demand instead of one per period; the run uses these, the
# dense ones above state the methods.
# ----------------------------------------------------------------------


def sparse_moving_average(periods, points, window):
    if window < 1:
        raise ValueError("A moving average needs a window of at least 1 period.")
    if not periods:
        return 0.0
    first = periods - min(window, periods)
    return sum(v for pos, v in points if pos >= first) / (periods - first)


def sparse_exponential_smoothing(periods, points, alpha):
    _check_alpha(alpha)
    if not periods:
        return 0.0
    keep = 1.0 - alpha
    level = 0.0
    last = 0
    for pos, value in points:
        if pos == 0:
            level = float(value)
            continue
        level *= keep ** (pos - last - 1)
        level += alpha * (value - level)
        last = pos
    return level * keep ** (periods - 1 - last)


def sparse_croston(periods, points, alpha):
    _check_alpha(alpha)
    size = interval = None
    last = -1
    for pos, value in points:
        if size is None:
            size, interval = float(value), float(pos + 1)
        else:
            size += alpha * (value - size)
            interval += alpha * (pos - last - interval)
        last = pos
    return size / interval if size is not None else 0.0


def sparse_sba(periods, points, alpha):
    return (1 - alpha / 2) * sparse_croston(periods, points, alpha)


def sparse_tsb(periods, points, alpha, beta):
    _check_alpha(alpha)
    _check_alpha(beta)
    if not periods or not points:
        return 0.0
    keep = 1.0 - beta
    probability = 0.0
    size = None
    last = 0
    for pos, value in points:
        if pos == 0:
            probability = 1.0
            size = float(value)
            continue
        probability *= keep ** (pos - last - 1)
        probability += beta * (1.0 - probability)
        if size is None:
            size = float(value)
        else:
            size += alpha * (value - size)
        last = pos
    return probability * keep ** (periods - 1 - last) * size


def _check_alpha(alpha):
    if not 0 < alpha <= 1:
        raise ValueError(f"A smoothing constant is in (0, 1], not {alpha}.")
