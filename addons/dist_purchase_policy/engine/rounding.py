import math


def r4(value, _floor=math.floor):
    """`value` to four decimals, as the run stores and compares its figures:
    round(value, 4) without its exact decimal conversion (a tenth of the
    run's Python time); a tie may round the other way, the same every run."""
    return _floor(value * 10000.0 + 0.5) / 10000.0


def ceil(value):
    """`value` up to a whole unit (a hair above a whole number stays it)."""
    return float(math.ceil(value - 1e-9))
