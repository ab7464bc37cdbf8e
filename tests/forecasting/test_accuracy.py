"""Accuracy measures and the rolling-origin helper against hand-computed values."""

import numpy as np
import pytest

from forecasting.accuracy import evaluate, rolling_origin, summarise
from forecasting.methods import moving_average


def test_hand_computed_measures():
    train = np.array([[1.0, 3.0, 1.0, 3.0]])  # naive errors 2, -2, 2: MAE 2, MSE 4
    actual = np.array([[2.0, 0.0]])
    fcst = np.array([[1.0, 1.0]])  # errors -1, +1
    r = evaluate(train, actual, fcst)
    assert r["mase"][0] == pytest.approx(1.0 / 2.0)
    assert r["rmsse"][0] == pytest.approx(np.sqrt(1.0 / 4.0))
    assert r["sme"][0] == pytest.approx(0.0)
    s = summarise(r)
    assert s["total_bias_pct"] == pytest.approx(0.0)


def test_bias_sign_and_unscaled_series():
    train = np.array([[1.0, 3.0, 1.0], [2.0, 2.0, 2.0]])  # second: constant, no scale
    actual = np.array([[1.0, 1.0], [2.0, 2.0]])
    fcst = np.array([[2.0, 2.0], [3.0, 3.0]])
    r = evaluate(train, actual, fcst)
    assert r["sme"][0] == pytest.approx(0.5)  # over-forecast is positive
    assert np.isnan(r["rmsse"][1])
    s = summarise(r)
    assert s["n_unscaled"] == 1
    assert s["total_bias_pct"] == pytest.approx(100.0 * (10 - 6) / 6)


def test_missing_actuals_are_left_out():
    r = evaluate(np.array([[0.0, 2.0]]), np.array([[1.0, np.nan]]), np.array([[2.0, 50.0]]))
    assert r["mase"][0] == pytest.approx(0.5)
    assert r["sum_actual"][0] == 1.0 and r["sum_forecast"][0] == 2.0


def test_rolling_origin():
    y = np.array([[1.0, 2, 3, 4, 5, 6]])
    s, steps = rolling_origin(y, lambda tr, h: moving_average(tr, h, 1), 1, [3, 4, 5], True)
    # naive forecasts 3, 4, 5 for actuals 4, 5, 6; scale MAE 1 -> MASE 1 at every origin
    assert [st["mase"] for st in steps] == pytest.approx([1.0, 1.0, 1.0])
    assert s["mase"] == pytest.approx(1.0)
    assert s["total_bias_pct"] == pytest.approx(100 * (12 - 15) / 15)
    with pytest.raises(ValueError):
        rolling_origin(y, lambda tr, h: moving_average(tr, h), 1, [6])


def test_shape_mismatch():
    with pytest.raises(ValueError, match="shape"):
        evaluate(np.zeros((1, 3)), np.zeros((1, 2)), np.zeros((1, 3)))
