"""Safety stock and order levels.

Units: demand per period (d, sigma_d) and lead time in the same periods
(L, sigma_L). With both demand and lead time variable and independent:

    SS = z * sqrt(L * sigma_d**2 + d**2 * sigma_L**2)

where z is the standard normal quantile of the cycle service level.
"""

import math
from statistics import NormalDist


def z_value(service_level):
    """Standard normal quantile of a cycle service level given in percent
    (50 to 99.99)."""
    if not 50 <= service_level <= 99.99:
        raise ValueError(
            f"A service level is between 50 and 99.99 %, not {service_level}."
        )
    return NormalDist().inv_cdf(service_level / 100.0)


def safety_stock(service_level, demand, demand_std, lead_time, lead_time_std=0.0):
    """Safety stock for a cycle service level (percent)."""
    return safety_stock_z(
        z_value(service_level), demand, demand_std, lead_time, lead_time_std
    )


def safety_stock_z(z, demand, demand_std, lead_time, lead_time_std=0.0):
    """Safety stock for a safety factor z (runs compute z once per policy)."""
    if min(demand, demand_std, lead_time, lead_time_std) < 0:
        raise ValueError("Demand, lead time and their spreads cannot be negative.")
    return z * math.sqrt(lead_time * demand_std**2 + demand**2 * lead_time_std**2)


def reorder_point(demand, lead_time, safety):
    """Demand over the lead time plus the safety stock."""
    return demand * lead_time + safety


def round_up(quantity, moq=0.0, multiple=0.0):
    """`quantity` raised to the minimum order quantity, then up to a
    multiple of the pack size."""
    if moq < 0 or multiple < 0:
        raise ValueError("A minimum order quantity or pack size cannot be negative.")
    quantity = max(quantity, moq)
    if multiple:
        quantity = math.ceil(quantity / multiple - 1e-9) * multiple
    return quantity


def eoq(annual_demand, order_cost, holding_cost_per_unit_year):
    """Economic order quantity (Wilson)."""
    if holding_cost_per_unit_year <= 0:
        raise ValueError("The holding cost must be positive.")
    return math.sqrt(2 * annual_demand * order_cost / holding_cost_per_unit_year)
