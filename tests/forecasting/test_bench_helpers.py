"""Helpers of the benchmark that decide what it compares (no statsforecast needed)."""

import importlib.util
import pathlib

import numpy as np

BENCH = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "forecasting" / "bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("forecasting_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_split_halves_is_a_fixed_partition():
    bench = _bench()
    a = bench.split_halves(1046)
    assert a.dtype == bool and a.shape == (1046,)
    assert a.sum() == 523 and (~a).sum() == 523
    np.testing.assert_array_equal(a, bench.split_halves(1046))  # fixed seed
    assert not np.array_equal(a, bench.split_halves(1046, seed=1))
    # a random half, not the first rows
    assert 0.3 < a[:523].mean() < 0.7


def test_anchor_uses_the_most_accurate_statsforecast_model():
    bench = _bench()
    rows = [
        {"engine": "ours", "method": "decline", "rmsse": 0.40},
        {"engine": "statsforecast", "method": "CrostonSBA", "rmsse": 0.61},
        {"engine": "statsforecast", "method": "WindowAverage(12)", "rmsse": 0.56},
        {"engine": "statsforecast", "method": "Broken", "rmsse": float("nan")},
    ]
    assert bench.anchor_model(rows) == "WindowAverage(12)"
    rows[1]["rmsse"] = 0.50
    assert bench.anchor_model(rows) == "CrostonSBA"
    assert bench.anchor_model([r for r in rows if r["engine"] == "ours"]) is None
