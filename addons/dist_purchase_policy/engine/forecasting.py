"""The forecast methods a policy can name, in a registry: name ->
function(policy, periods, points) giving the demand of the next period.

`points` are the periods with demand as (position, quantity), oldest
first, position 0 the first period of the history (which starts at the
first demand) and `periods` its length. Another addon adds a method with

    from odoo.addons.dist_purchase_policy.engine.forecasting import (
        register_forecast_method,
    )

    @register_forecast_method("my_method")
    def my_method(policy, periods, points): ...

(and the method to dist.replenishment.policy's forecast_method selection)."""

from ..stats import forecast as sparse

FORECAST_METHODS = {}


def register_forecast_method(name):
    """Decorator: register `function` as the forecast method `name`."""

    def register(function):
        FORECAST_METHODS[name] = function
        return function

    return register


def forecast_method(name):
    """The function of the forecast method `name`."""
    try:
        return FORECAST_METHODS[name]
    except KeyError:
        raise ValueError(f"No forecast method {name!r} is registered.") from None


def history_points(periods, ages, demands):
    """(position, quantity) of the periods with demand, from their ages
    (periods before the last one)."""
    last = periods - 1
    return [
        (last - age, qty) for age, qty in zip(ages, demands, strict=True) if qty > 0
    ]


@register_forecast_method("moving_average")
def moving_average(policy, periods, points):
    return sparse.sparse_moving_average(periods, points, policy.ma_window or 1)


@register_forecast_method("exponential_smoothing")
def exponential_smoothing(policy, periods, points):
    return sparse.sparse_exponential_smoothing(periods, points, policy.alpha)


@register_forecast_method("croston")
def croston(policy, periods, points):
    return sparse.sparse_croston(periods, points, policy.alpha)


@register_forecast_method("sba")
def sba(policy, periods, points):
    return sparse.sparse_sba(periods, points, policy.alpha)


@register_forecast_method("tsb")
def tsb(policy, periods, points):
    return sparse.sparse_tsb(periods, points, policy.alpha, policy.beta)
