"""Scales of the demo scenario.

A scale fixes how many products, warehouses, customers and vendors the
scenario has and how many sales lines its two years of history hold; the
other movements (deliveries, receipts, returns, opening stock) follow from
the replenishment simulation. `make run` uses `small`; `bench/` uses `large`
(about 1,000,000 done moves) and `xlarge` (about 5,000,000); the tests use
`tiny`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    products: int
    warehouses: int
    customers: int
    vendors: int
    # sales order lines over the two years, the knob the other volumes follow
    sales_lines: int
    seed: int = 20261122


SCALES = {
    scale.name: scale
    for scale in (
        Scale(
            "tiny",
            products=40,
            warehouses=5,
            customers=12,
            vendors=6,
            sales_lines=2_500,
        ),
        Scale(
            "small",
            products=500,
            warehouses=5,
            customers=120,
            vendors=25,
            sales_lines=60_000,
        ),
        Scale(
            "large",
            products=20_000,
            warehouses=4,
            customers=3_000,
            vendors=400,
            sales_lines=670_000,
        ),
        Scale(
            "xlarge",
            products=50_000,
            warehouses=5,
            customers=6_000,
            vendors=800,
            sales_lines=3_340_000,
        ),
    )
}


def get_scale(name):
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(
            f"Unknown scale {name!r}: choose one of {', '.join(SCALES)}"
        ) from None
