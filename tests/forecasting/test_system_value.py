"""Issue 14, fourth pass: the system scope at the least stock value (unit costs per part)."""

import numpy as np
import pytest

from forecasting.planning import SYSTEM_VALUE_FLOOR, plan
from forecasting.stock_policy import calibrate_target, lead_time_demand, simulated_fill_rate


def _twins(n=40, t_len=60, seed=4):
    """Pairs of parts with the same demand law, one cheap (1) and one dear (100) per pair."""
    rng = np.random.default_rng(seed)
    rate = np.repeat(rng.uniform(0.3, 2.0, n // 2), 2)
    hist = rng.poisson(rate[:, None], (n, t_len)).astype(float)
    # the same history for both twins: only the price differs
    hist[1::2] = hist[0::2]
    cost = np.tile([1.0, 100.0], n // 2)
    return hist, rate, cost


def _aggregate_fill(ltd, level):
    return np.sum(ltd.service_at(level) * ltd.mean_review) / ltd.mean_review.sum()


def test_value_scope_reaches_aggregate_target_for_less_value():
    hist, rate, cost = _twins()
    ltd = lead_time_demand(hist, rate, 2)
    units = ltd.system_levels(0.95)
    value = ltd.system_levels(0.95, cost)
    assert _aggregate_fill(ltd, value) >= 0.95 - 1e-9
    assert (value * cost).sum() < 0.95 * (units * cost).sum()
    # the same demand: the cheap twin gets more, the dear one less, and whole units
    assert np.all(value[0::2] >= value[1::2]) and np.any(value[0::2] > value[1::2])
    assert np.all(value == np.round(value))
    # no cost (or the same cost for all) is the units allocation of today
    assert np.array_equal(ltd.system_levels(0.95, np.full(len(cost), 7.0)), units)
    assert np.array_equal(ltd.levels_for(0.95, "fill_rate", "system", None), units)


def test_value_scope_reaches_its_target_on_simulated_demand():
    hist, rate, cost = _twins(n=60, t_len=120, seed=8)
    rng = np.random.default_rng(81)
    future = rng.poisson(rate[:, None], (60, 600)).astype(float)
    for target in (0.9, 0.95):
        ltd = lead_time_demand(hist, rate, 3)
        level = ltd.system_levels(target, cost)
        fill, _ = simulated_fill_rate(future, level, 3)
        assert abs(fill - target) < 0.02


def test_item_floor_keeps_every_part_near_its_own_level():
    hist, rate, cost = _twins()
    ltd = lead_time_demand(hist, rate, 1)
    bare = ltd.levels_for(0.95, "fill_rate", "system", cost)
    floored = ltd.levels_for(0.95, "fill_rate", "system", cost, item_floor=0.15)
    floor = ltd.level_for(0.80)
    assert np.all(floored >= floor) and np.any(bare < floor)
    assert _aggregate_fill(ltd, floored) >= 0.95 - 1e-9


def test_unit_costs_are_checked():
    hist, rate, _ = _twins()
    ltd = lead_time_demand(hist, rate, 1)
    with pytest.raises(ValueError, match="unit costs"):
        ltd.system_levels(0.9, np.full(len(rate), np.nan))
    # a free part takes the cheapest positive cost instead of unbounded stock
    cost = np.tile([0.0, 5.0], len(rate) // 2)
    free = ltd.system_levels(0.9, cost)
    assert np.array_equal(free, ltd.system_levels(0.9, np.full(len(rate), 5.0)))
    with pytest.raises(ValueError, match="system scope"):
        plan(hist, 3, "sba", unit_cost=np.ones(len(rate)))


def test_plan_value_scope_is_levels_of_its_calibrated_target():
    hist, _, cost = _twins(t_len=48)
    res = plan(hist, 3, "sba", lead_time=2, target=0.9, scope="system", unit_cost=cost,
               item_floor=SYSTEM_VALUE_FLOOR, calibrate="both")  # fmt: skip
    fc = res["forecast"]
    ltd = lead_time_demand(hist, fc, 2, level_cv="auto")
    again = ltd.levels_for(res["internal_target"], "fill_rate", "system", cost, SYSTEM_VALUE_FLOOR)
    assert np.array_equal(res["max"], again)
    assert np.all(res["max"][0::2] >= res["max"][1::2])


def test_value_calibration_is_pooled_and_corrects_upwards():
    """A forecaster that halves the demand under-delivers on the back-test: raised target."""
    hist, _, cost = _twins(t_len=60)

    def low(fit, h):
        return np.repeat(0.5 * np.nanmean(fit[:, -12:], axis=1, keepdims=True), h, axis=1)

    internal = calibrate_target(hist, low, 1, 0.9, scope="system", raise_target=True,
                                origins=2, unit_cost=cost)  # fmt: skip
    assert internal > 0.9
