"""Master data of the scenario, created through the ORM in batches.

Companies, warehouses, sales channels, role users, the catalogue, vendors,
customers and vendor price lists are few enough (tens of thousands at most)
to go through Odoo's own `create`, so every default, sequence, location and
route is Odoo's. The movements, in the millions, are written by history/.
entities.py: companies, warehouses, teams, users; catalogue.py: products,
vendors, customers and who stocks what.
"""

import logging
import random
import time
from dataclasses import dataclass, field

from .catalogue import customers, pairs_and_pricelists, products, vendors
from .entities import companies, settings, teams, users, warehouses
from .helpers import NO_MAIL

_logger = logging.getLogger(__name__)


@dataclass
class Master:
    """What the history writer needs to know of the master data."""

    companies: list = field(default_factory=list)
    warehouses: list = field(default_factory=list)
    products: list = field(default_factory=list)
    vendors: list = field(default_factory=list)
    customers: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    customer_location_id: int = 0
    supplier_location_id: int = 0
    timings: list = field(default_factory=list)


def build(env, scale):
    """Create the master data of `scale`; return a Master."""
    rng = random.Random(scale.seed)
    env = env(context=dict(env.context, **NO_MAIL))
    master = Master()
    master.customer_location_id = env.ref("stock.stock_location_customers").id
    master.supplier_location_id = env.ref("stock.stock_location_suppliers").id
    steps = [
        ("companies", lambda: companies(env, master)),
        ("warehouses", lambda: warehouses(env, master, scale)),
        ("sales teams", lambda: teams(env, master)),
        ("role users", lambda: users(env, master)),
        ("settings", lambda: settings(env)),
        ("products", lambda: products(env, master, scale, rng)),
        ("vendors", lambda: vendors(env, master, scale, rng)),
        ("customers", lambda: customers(env, master, scale, rng)),
        ("vendor price lists", lambda: pairs_and_pricelists(env, master, rng)),
    ]
    for label, step in steps:
        t0 = time.monotonic()
        step()
        env.flush_all()
        master.timings.append((label, time.monotonic() - t0))
        _logger.info("scenario master %-20s %7.2fs", label, master.timings[-1][1])
    return master
