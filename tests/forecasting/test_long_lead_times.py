"""Issue 14: lumpy parts with real lead times (0-24 months), calibration in both directions,
and a method choice that does not depend on the lead times of the other parts."""

import numpy as np
import pytest

from forecasting.planning import backtest, plan, protection_demand, remaining_demand
from forecasting.stock_policy import calibrate_target, order_up_to, simulated_fill_rate

N_SERIES = 60


def lumpy(rng, n, t_len, p, size_mean, shape=0.7):
    """Rare demands whose sizes are negative binomial (over-dispersed, whole units >= 1)."""
    hit = rng.random((n, t_len)) < p[:, None]
    r = shape
    sizes = 1 + rng.negative_binomial(r, r / (r + size_mean[:, None] - 1), (n, t_len))
    return (hit * sizes).astype(float)


@pytest.mark.parametrize("lead", [0, 3, 6, 12, 24])
def test_lumpy_demand_reaches_the_target_at_long_lead_times(lead):
    rng = np.random.default_rng(4000 + lead)
    p = rng.uniform(0.05, 0.35, N_SERIES)
    size = rng.uniform(2.0, 15.0, N_SERIES)
    hist = lumpy(rng, N_SERIES, 240, p, size)
    fut = lumpy(np.random.default_rng(5000 + lead), N_SERIES, 1200, p, size)
    mean = p * size
    for target in (0.90, 0.95, 0.99):
        pol = order_up_to(hist, mean, lead, target)
        fr, _ = simulated_fill_rate(fut, pol["max"], lead)
        # within sampling error of the target (1,200 months of 60 lumpy parts)
        assert fr >= target - 0.015, (lead, target, fr)
        assert fr <= max(target + 0.04, 0.995), (lead, target, fr)


def test_calibration_corrects_an_under_delivering_back_test_upwards():
    rng = np.random.default_rng(21)
    p = rng.uniform(0.1, 0.4, 80)
    size = rng.uniform(2.0, 8.0, 80)
    hist = lumpy(rng, 80, 72, p, size)

    def low(y, h):  # a forecaster 40 % low: the back-test under-delivers
        return 0.6 * np.repeat(np.nanmean(y, axis=1)[:, None], h, axis=1)

    down = calibrate_target(hist, low, 3, 0.9)
    both = calibrate_target(hist, low, 3, 0.9, raise_target=True)
    two = calibrate_target(hist, low, 3, 0.9, raise_target=True, origins=2)
    assert down <= 0.9
    assert both > 0.905 and two > 0.905, (both, two)

    def high(y, h):  # 60 % high: over-delivers, corrected downwards either way
        return 1.6 * np.repeat(np.nanmean(y, axis=1)[:, None], h, axis=1)

    assert calibrate_target(hist, high, 3, 0.9, raise_target=True) < 0.9


def test_plan_calibration_modes():
    rng = np.random.default_rng(22)
    hist = lumpy(rng, 50, 48, rng.uniform(0.1, 0.4, 50), rng.uniform(2.0, 8.0, 50))
    res = plan(hist, horizon=6, method="ma12", lead_time=2, target=0.9, calibrate="both")
    assert 0.5 <= res["internal_target"] <= 0.999
    assert plan(hist, 6, "ma12", 2, 0.9, calibrate=False)["internal_target"] == 0.9
    with pytest.raises(ValueError, match="calibrate"):
        plan(hist, 6, "ma12", 2, 0.9, calibrate="up")


def _mixed(n=120, t_len=60, seed=23):
    rng = np.random.default_rng(seed)
    rate = rng.uniform(0.05, 3.0, (n, 1)) * np.exp(-rng.uniform(0, 0.04, (n, 1)) * np.arange(t_len))
    lumps = rng.random((n, t_len)) < 0.05
    return rng.poisson(rate).astype(float) + lumps * rng.integers(5, 30, (n, t_len))


def test_method_choice_does_not_follow_the_other_parts_lead_times():
    y = _mixed()
    base = plan(y, horizon=12, lead_time=1, target=0.9, calibrate=False)
    lead = np.ones(len(y), dtype=int)
    lead[0] = 24  # one part with a long lead time: the forecast reaches further, not the choice
    longer = plan(y, horizon=12, lead_time=lead, target=0.9, calibrate=False)
    np.testing.assert_array_equal(base["method"], longer["method"])
    np.testing.assert_allclose(base["forecast"], longer["forecast"])
    # a part with a longer lead time joins the call (a copy of one already there)
    joined = plan(
        np.vstack([y, y[5:6]]), 12, lead_time=np.r_[np.ones(len(y), int), 33], calibrate=False
    )
    np.testing.assert_array_equal(base["method"], joined["method"][:-1])
    assert joined["method"][-1] == base["method"][5]


def test_accuracy_is_reported_for_the_method_that_sets_the_levels():
    y = _mixed()
    res = plan(y, horizon=12, lead_time=np.arange(len(y)) % 20, calibrate=False, accuracy=True)
    rmsse, mase, bias = backtest(y, res["method"], 12)
    np.testing.assert_array_equal(res["rmsse"], rmsse)
    np.testing.assert_array_equal(res["bias_pct"], bias)
    assert np.isfinite(res["rmsse"]).mean() > 0.9


def test_base_rate_is_blended_before_the_levels():
    y = np.zeros((40, 36))
    rng = np.random.default_rng(3)
    y[:38] = rng.poisson(rng.uniform(0.2, 2.0, (38, 1)), (38, 36))
    y[38, -3:] = [2, 0, 1]  # two months with demand: weight 1 - 2/6
    base = np.zeros(40)
    base[38:] = 0.5
    res = plan(y, horizon=6, lead_time=2, target=0.9, base_rate=base, calibrate=False)
    plain = plan(y, horizon=6, lead_time=2, target=0.9, calibrate=False)
    np.testing.assert_allclose(res["blend_weight"][38:], [1 - 2 / 6, 1.0])
    np.testing.assert_allclose(
        res["forecast"][38], (2 / 6) * plain["forecast"][38] + (4 / 6) * 0.5, atol=1e-12
    )
    np.testing.assert_allclose(res["forecast"][39], 0.5)
    assert res["max"][39] > 0 and plain["max"][39] == 0
    np.testing.assert_array_equal(res["forecast"][:38], plain["forecast"][:38])
    np.testing.assert_allclose(res["protection"], protection_demand(res["forecast"], 2))


def test_protection_and_remaining_demand():
    f = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(protection_demand(f, 0), [1.0])
    np.testing.assert_allclose(protection_demand(f, 4), [1 + 2 + 3 + 3 + 3])
    assert remaining_demand([1.0, 2.0], 4) == 1 + 2 + 2 + 2
    assert remaining_demand([1.0, 2.0], 0) == 0.0
