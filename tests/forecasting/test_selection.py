"""Automatic choice of method: per class, from the history only."""

import numpy as np

from forecasting.classification import classify
from forecasting.selection import auto_forecast, choose_methods


def _fading(rng, n, t_len):
    t = np.arange(t_len)
    rate = 6.0 * np.exp(-0.06 * t)
    return rng.poisson(rate, (n, t_len)).astype(float)


def _stationary_lumpy(rng, n, t_len):
    hit = rng.random((n, t_len)) < 0.25
    return hit * rng.choice([1.0, 2.0, 15.0, 30.0], (n, t_len))


def test_obsolescence_is_detected_and_chosen():
    rng = np.random.default_rng(11)
    y = _fading(rng, 40, 48)
    chosen, report = choose_methods(y, 12)
    assert set(chosen) == {"decline"}
    for info in report["per_class"].values():
        scores = info["mean_rmsse"]
        assert scores["decline"] == min(scores.values())


def test_one_method_per_class_and_it_is_the_best_in_validation():
    rng = np.random.default_rng(12)
    y = np.vstack([_fading(rng, 20, 48), _stationary_lumpy(rng, 20, 48)])
    classes = classify(y)
    chosen, report = choose_methods(y, 12, classes=classes)
    for cl, info in report["per_class"].items():
        rows = classes == cl
        assert set(chosen[rows]) == {info["method"]}
        assert info["mean_rmsse"][info["method"]] == min(info["mean_rmsse"].values())


def test_choice_uses_only_the_history_given():
    rng = np.random.default_rng(13)
    y = _fading(rng, 30, 48)
    future_a = np.vstack([y, rng.poisson(50.0, (1, 48)).astype(float)])[:, :36]
    future_b = np.vstack([y, rng.poisson(50.0, (1, 48)).astype(float)])[:, :36]
    # identical histories -> identical choices and forecasts, whatever comes after them
    fa, ca, _, _ = auto_forecast(future_a[:30], 12)
    fb, cb, _, _ = auto_forecast(future_b[:30], 12)
    np.testing.assert_array_equal(fa, fb)
    assert ca.tolist() == cb.tolist()
    # the validation window is the end of the history: changing it changes the scores
    _, rep1 = choose_methods(y[:, :36], 12, by="all")
    y2 = y[:, :36].copy()
    y2[:, -12:] *= 3
    _, rep2 = choose_methods(y2, 12, by="all")
    assert rep1["mean_rmsse"] != rep2["mean_rmsse"]


def test_by_series_and_all_modes_and_short_history():
    rng = np.random.default_rng(14)
    y = _stationary_lumpy(rng, 10, 30)
    chosen, _ = choose_methods(y, 6, by="series")
    assert chosen.shape == (10,)
    chosen, rep = choose_methods(y, 6, by="all")
    assert len(set(chosen)) == 1
    short, rep = choose_methods(y[:, :4], 6)
    assert rep["validation"] == 0 and set(short) == {"ma12"}
    f, chosen, classes, _ = auto_forecast(y, 6)
    assert f.shape == (10, 6) and np.all(f >= 0)
