"""A segment's levels: safety stock, reorder point and max."""

from ..stats import safety_stock as stock
from .records import Levels
from .rounding import ceil, r4


def segment_levels(
    policy,
    forecast,
    demand_std,
    cost,
    choice,
    pack,
    period_days,
    holding_rate,
    order_cost,
):
    """The Levels of a segment whose demand per period is `forecast` (spread
    `demand_std`), bought from `choice` (a VendorChoice, None without a
    vendor) in packs of `pack`:

    - safety stock for the policy's service level (its `z`), with the
      demand's and the lead time's spreads over the lead time in periods;
    - reorder point: the demand over the lead time plus the safety stock;
    - max: the reorder point plus a cycle, the demand over the policy's
      review period or the economic order quantity when the unit `cost`
      carries a holding cost (`holding_rate` a fraction a year), raised to
      the vendor's MOQ and the pack (when the policy rounds to them), up
      to a whole unit."""
    if choice:
        chosen = choice.chosen
        lead, spread, source = chosen.lead, chosen.spread, chosen.source
        moq = chosen.supplier.min_qty if policy.round_to_moq else 0.0
    else:
        lead, spread, source, moq = 0.0, 0.0, None, 0.0
    if not policy.round_to_moq:
        pack = 0.0
    safety = stock.safety_stock_z(
        policy.z, forecast, demand_std, lead / period_days, spread / period_days
    )
    reorder = stock.reorder_point(forecast, lead / period_days, safety)
    cycle = forecast * policy.review_period_days / period_days
    holding = cost * holding_rate
    if holding > 0 and forecast > 0:
        cycle = max(
            cycle, stock.eoq(forecast * 365.0 / period_days, order_cost, holding)
        )
    cycle = stock.round_up(cycle, moq, pack)
    return Levels(
        r4(forecast),
        r4(lead),
        r4(spread),
        source,
        r4(safety),
        r4(reorder),
        ceil(reorder + cycle),
        moq,
        pack,
    )
