"""What a segment needs bought or moved (purchase recommendations)."""

import math
from datetime import timedelta

from ..stats import safety_stock as stock
from .records import Proposal
from .rounding import ceil

URGENCY_RANK = {"critical": 1, "high": 2, "normal": 3}


def spare_stock(on_hand, backlog, keep):
    """Whole units a warehouse holds above `keep` (its max) once its open
    deliveries left, 0 when less than one."""
    spare = on_hand - backlog - keep
    return math.floor(spare) if spare >= 1 else 0


def proposal(mode, position, levels, period_days, today):
    """The Proposal of a segment (its `levels`: forecast, safety_stock,
    reorder_point, max_qty, lead_time_days) at `position`, None while its
    position is above the reorder point or less than a unit under its max.
    A sensing policy (`mode`) counts weighted quotations as demand."""
    sensed = position.sensed if mode == "sensing" else 0.0
    available = position.on_hand + position.incoming - position.backlog - sensed
    reorder, maximum = levels.reorder_point, levels.max_qty
    if available > reorder or maximum - available < 1:
        return None
    demand, safety = levels.forecast, levels.safety_stock
    if demand > 0 and available > safety:
        cover_days = (available - safety) / demand * period_days
        urgency = "high" if cover_days < levels.lead_time_days else "normal"
    else:
        cover_days, urgency = 0.0, "critical"
    return Proposal(
        available,
        maximum - available,
        sensed,
        cover_days,
        urgency,
        today + timedelta(days=int(cover_days)),
    )


def plan_transfers(need, product_id, warehouse_id, warehouse_ids, excess):
    """[(source warehouse, its spare, quantity moved)] from the other
    warehouses' spare stock (`excess`: (product, warehouse) -> units, taken
    from as planned), in `warehouse_ids` order, and the need left."""
    moves = []
    for source_id in warehouse_ids:
        if need < 1 or source_id == warehouse_id:
            continue
        spare = excess.get((product_id, source_id), 0)
        moved = min(spare, math.floor(need))
        if moved < 1:
            continue
        excess[(product_id, source_id)] = spare - moved
        need -= moved
        moves.append((source_id, spare, moved))
    return moves, need


def purchase_quantity(need, moq, pack):
    """(quantity, raised): `need` raised to the MOQ and packs, up to whole
    units; raised when that is more than the need's whole units."""
    quantity = ceil(stock.round_up(need, moq, pack))
    return quantity, quantity > ceil(need)
