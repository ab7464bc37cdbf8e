"""plan(): from a history to forecasts, classes, methods and min/max in one call."""

import numpy as np
import pytest

from forecasting.planning import make_forecaster, plan


def _history(n=30, t_len=36, seed=21):
    rng = np.random.default_rng(seed)
    rate = rng.uniform(0.2, 3.0, (n, 1)) * np.exp(-0.03 * np.arange(t_len))[None, :]
    return rng.poisson(rate).astype(float)


def test_plan_outputs():
    y = _history()
    res = plan(y, horizon=4, lead_time=2, target=0.9)
    assert res["forecast"].shape == (30, 4)
    for key in ("method", "class", "adi", "cv2", "min", "max", "expected_service"):
        assert len(res[key]) == 30
    assert np.all(res["min"] <= res["max"]) and np.all(res["max"] >= 0)
    assert np.all(res["max"] == np.round(res["max"]))  # whole units for whole-unit history
    assert 0.5 <= res["internal_target"] <= 0.9
    assert set(res["lead_time"]) == {2}


def test_plan_fixed_method_short_history_and_system_scope():
    y = _history(t_len=20)
    res = plan(y, horizon=3, method="sba", target=0.95, lead_time=np.arange(30) % 4)
    assert set(res["method"]) == {"sba"}
    assert res["internal_target"] == 0.95  # too short to calibrate
    sys_res = plan(y, horizon=3, method="sba", target=0.95, scope="system", calibrate=False)
    assert sys_res["max"].sum() <= plan(y, 3, "sba", target=0.95, calibrate=False)["max"].sum()
    csl = plan(y, 3, "tsb", target=0.9, measure="cycle_service")
    assert np.all(csl["expected_service"] >= 0.9 - 1e-9)


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown method"):
        make_forecaster("arima")
    with pytest.raises(ValueError, match="horizon"):
        plan(_history(), horizon=0)
    with pytest.raises(ValueError, match="one lead time"):
        plan(_history(), lead_time=[1, 2])
    with pytest.raises(ValueError, match="whole"):
        plan(_history(), lead_time=1.5)
