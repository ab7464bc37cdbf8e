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


def test_bench_reads_a_real_parts_file_and_breaks_down_by_band_and_class(tmp_path, capsys):
    import csv
    import json

    rng = np.random.default_rng(8)
    n, t_len = 40, 36
    y = (rng.random((n, t_len)) < 0.25) * rng.integers(1, 9, (n, t_len))
    header = ["item", "lead_time_months", "price_gbp", "description"]
    header += [f"p{m:02d}" for m in range(t_len)]
    src = tmp_path / "parts.csv"
    with open(src, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(n):
            w.writerow([i, (i * 7) % 20, 2.5 + i, f"PART, NO {i}", *y[i]])
    out = tmp_path / "out.json"
    rc = _bench().main(
        [str(src), "--no-filter", "--no-statsforecast", "--speed-series", "200",
         "--targets", "0.9", "--no-system", "--samples", "300", "--json", str(out)]
    )  # fmt: skip
    assert rc == 0
    res = json.loads(out.read_text())
    assert res["price_column"] == "price_gbp" and res["lead_time_column"] == "lead_time_months"
    labels = [r["lead_time"] for r in res["inventory"]]
    assert labels == ["1", "column <= 12", "column"]
    uncapped = res["inventory"][-1]
    assert {"lead:0-2", "lead:>12"} <= set(uncapped["groups"])
    assert any(k.startswith("class:") for k in uncapped["groups"])
    assert uncapped["value"] > 0 and 0 <= uncapped["fill_ci_low"] <= uncapped["fill_ci_high"] <= 1
    # the value-weighted system scope, with the price column
    for row in res["inventory"]:
        assert 0 < row["fill_value"] <= 1 and row["value_value"] > 0
    text = capsys.readouterr().out
    assert "Breakdown per lead-time band" in text and "lead:>12" in text
    assert "val value" in text


def test_bench_plans_with_the_calibration_asked(tmp_path):
    import json

    rng = np.random.default_rng(3)
    y = (rng.random((40, 48)) < 0.3) * rng.integers(1, 6, (40, 48))
    src = tmp_path / "parts.csv"
    src.write_text(
        "part," + ",".join(f"p{m:02d}" for m in range(48)) + "\n"
        + "".join(f"{i}," + ",".join(str(v) for v in y[i]) + "\n" for i in range(40))
    )  # fmt: skip
    internal = {}
    for mode in ("off", "both"):
        out = tmp_path / f"{mode}.json"
        rc = _bench().main(
            [str(src), "--no-filter", "--no-statsforecast", "--speed-series", "100",
             "--targets", "0.99", "--no-system", "--samples", "300", "--lead-time-cap", "0",
             "--calibrate", mode, "--json", str(out)]
        )  # fmt: skip
        assert rc == 0
        res = json.loads(out.read_text())
        assert res["calibrate"] == mode
        internal[mode] = [r["internal_target"] for r in res["inventory"]]
    assert all(t == 0.99 for t in internal["off"])
    assert internal["both"] != internal["off"]


def test_value_at_fill_interpolates_on_the_curve():
    bench = _bench()
    fills = [0.5, 0.8, 0.79, 0.9]  # a dip (sampling noise) does not make the curve go back
    values = [10.0, 20.0, 21.0, 40.0]
    assert bench.value_at_fill(fills, values, 0.4) == 10.0
    assert abs(bench.value_at_fill(fills, values, 0.65) - 15.0) < 1e-9
    assert abs(bench.value_at_fill(fills, values, 0.85) - 30.5) < 1e-9  # (0.8, 21)-(0.9, 40)
    assert bench.value_at_fill(fills, values, 0.9) == 40.0
    assert np.isnan(bench.value_at_fill(fills, values, 0.95))  # beyond the curve's reach


def test_curve_section_puts_the_anchor_beside_each_point():
    bench = _bench()
    rng = np.random.default_rng(3)
    y = rng.poisson(rng.uniform(0.2, 3.0, (40, 1)), (40, 48)).astype(float)
    price = rng.uniform(1.0, 50.0, 40)
    train, test = y[:, :36], y[:, 36:]
    anchor_fc = np.repeat(train[:, -12:].mean(1, keepdims=True), 12, axis=1)
    rows = bench.curve_section(train, test, 2, "2", anchor_fc, price, samples=200)
    ours = [r for r in rows if "internal_target" in r]
    normal = [r for r in rows if "anchor_z" in r]
    assert len(ours) == len(bench.CURVE_TARGETS) and len(normal) == len(bench.CURVE_Z)
    # more stock for a higher internal target, and the fill follows
    assert ours[-1]["value"] > ours[0]["value"] and ours[-1]["fill"] > ours[0]["fill"]
    for r in ours:
        if np.isfinite(r["anchor_value"]):
            assert r["anchor_value"] > 0
