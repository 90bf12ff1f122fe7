"""The run's records: plain typed values, one per vendor, segment and
decision, so that the engine's functions say what they take and give.

NamedTuples where the run makes one per segment or vendor row (cheap to
build, read by name or unpacked); the segment itself, filled in as the run
goes, is a slots dataclass."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


class ScoreWeights(NamedTuple):
    """Weights of a vendor scorecard's score (they sum to 1)."""

    on_time: float = 0.4
    quantity: float = 0.3
    lead_time: float = 0.3


class ChoiceWeights(NamedTuple):
    """Weights of a vendor option when several vendors sell a product."""

    price: float = 0.4
    lead_time: float = 0.3
    grade: float = 0.3


class Receipts(NamedTuple):
    """What a vendor's (or vendor and product's) receipts measured in the
    window: rates in [0, 1], `qty_ok` None while no order of it closed;
    the recent_* figures over the last 91 days."""

    count: int
    promised: float | None
    lead_mean: float
    lead_std: float
    on_time: float
    qty_ok: float | None
    lead_ok: float
    recent_count: int
    recent_on_time: float | None
    recent_qty_ok: float | None
    recent_lead_ok: float | None


class VendorCard(NamedTuple):
    """A vendor scorecard as the run writes it (dist.vendor.scorecard's
    columns, in the run's write order)."""

    receipt_count: int
    promised_lead_days: float
    lead_mean_days: float
    lead_std_days: float
    on_time_rate: float
    qty_accuracy: float
    lead_reliability: float
    score: float
    recent_score: float | None
    grade: str | None
    trend: str | None
    drift: bool


class Supplier(NamedTuple):
    """One price-list line (product.supplierinfo) of a product."""

    id: int
    partner_id: int
    min_qty: float
    price: float
    delay: float


class VendorOption(NamedTuple):
    """A supplier with the lead time the run counts on for it."""

    supplier: Supplier
    lead: float
    spread: float
    source: str
    grade: str | None
    score: float | None = None


class VendorChoice(NamedTuple):
    """The vendor chosen for a product: `kind` is primary, alternate (the
    primary is graded D) or better; `primary` is the first in the price
    list; `options` every option weighed."""

    chosen: VendorOption
    primary: VendorOption
    kind: str
    options: tuple

    @property
    def supplier(self):
        return self.chosen.supplier


class Policy(NamedTuple):
    """What the levels and proposals read of a replenishment policy;
    `z` the safety factor of its service level, `forecast` its forecast
    method (a function of the forecast registry)."""

    id: int
    code: str
    name: str
    mode: str
    service_level: float
    review_period_days: int
    forecast_method: str
    ma_window: int
    alpha: float
    beta: float
    round_to_moq: bool
    auto_po: bool
    z: float
    forecast: Callable


class Levels(NamedTuple):
    """A segment's levels, rounded as stored."""

    forecast: float
    lead_time_days: float
    lead_time_std_days: float
    lead_time_source: str | None
    safety_stock: float
    reorder_point: float
    max_qty: float
    moq: float
    pack_multiple: float


class Position(NamedTuple):
    on_hand: float = 0.0
    incoming: float = 0.0
    backlog: float = 0.0
    sensed: float = 0.0


class Proposal(NamedTuple):
    """What a segment whose position reached its reorder point needs:
    `need` up to its max; urgency from the days its stock above safety
    covers."""

    available: float
    need: float
    sensed: float
    cover_days: float
    urgency: str
    need_date: date


@dataclass(slots=True)
class Segment:
    """A product in a warehouse as the run computes it: its demand, its
    classes, then its policy, vendor and levels. The fields named in the
    run's SEGMENT_FIELDS are the ones written to dist.product.segment."""

    # demand (from the demand statement)
    ages: list
    demands: list
    history_periods: int
    total_qty: float
    avg_demand: float
    demand_std: float
    raw_cv: float | None
    cv: float | None
    adi: float | None
    cv2: float | None
    abc_strict: str
    value_share_before: float
    xyz_strict: str
    pattern_strict: str
    annual_value: float
    cost: float
    # classes (hysteresis)
    abc_class: str | None = None
    xyz_class: str | None = None
    demand_pattern: str | None = None
    abc_pending: str | None = None
    xyz_pending: str | None = None
    pattern_pending: str | None = None
    abc_pending_runs: int = 0
    xyz_pending_runs: int = 0
    pattern_pending_runs: int = 0
    pending_date: date | None = None
    # policy
    policy_id: int | None = None
    override_id: int | None = None
    mode: str | None = None
    # vendor and levels
    vendor_id: int | None = None
    supplierinfo_id: int | None = None
    forecast: float | None = None
    lead_time_days: float | None = None
    lead_time_std_days: float | None = None
    lead_time_source: str | None = None
    safety_stock: float | None = None
    reorder_point: float | None = None
    max_qty: float | None = None
    moq: float | None = None
    pack_multiple: float | None = None
    # written
    id: int | None = None
    orderpoint_id: int | None = None
    computed_at: object = None
