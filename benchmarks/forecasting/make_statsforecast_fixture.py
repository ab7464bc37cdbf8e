"""Regenerate ``tests/forecasting/fixtures/statsforecast_reference.json``.

Runs Nixtla statsforecast's models (public ``Model().forecast(y, h)`` API) on a few dozen small
series, including edge cases (all zeros, a single demand, leading zeros, trailing zeros, one
period, large values), and stores their forecasts so that the tests can compare our methods
with statsforecast without installing it. Run with the benchmark virtualenv::

    scripts/bench-forecasting --make-fixture
"""

from __future__ import annotations

import argparse
import json
import pathlib
import warnings

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "tests" / "forecasting" / "fixtures" / "statsforecast_reference.json"


def fixture_series() -> list[tuple[str, list[float]]]:
    rng = np.random.default_rng(20240601)
    out = [
        ("all_zero", [0.0] * 12),
        ("single_demand_first", [3.0] + [0.0] * 11),
        ("single_demand_middle", [0.0] * 5 + [4.0] + [0.0] * 6),
        ("single_demand_last", [0.0] * 11 + [2.0]),
        ("leading_zeros", [0.0] * 8 + [1, 0, 2, 0, 0, 3, 1, 0, 0, 2]),
        ("trailing_zeros", [2, 0, 1, 3, 0, 0, 1, 2] + [0.0] * 10),
        ("one_period_demand", [5.0]),
        ("two_periods", [0.0, 7.0]),
        ("constant", [2.0] * 24),
        ("smooth", [5, 6, 4, 5, 7, 5, 6, 4, 5, 6, 5, 7, 6, 5, 4, 6]),
        ("lumpy", [0, 0, 12, 0, 0, 0, 1, 0, 30, 0, 0, 0, 0, 2, 0, 0, 0, 15, 0, 0]),
        ("large_values", [0, 1200.5, 0, 0, 980.25, 1500, 0, 0, 0, 2100.75, 0, 10]),
        ("fractional", [0, 0.5, 0, 1.25, 0, 0, 0.75, 0.5, 0, 0, 2.0, 0]),
    ]
    for i in range(24):
        t_len = int(rng.integers(6, 60))
        p = float(rng.uniform(0.05, 0.9))
        lam = float(rng.uniform(0.5, 6.0))
        y = (rng.random(t_len) < p) * (1 + rng.poisson(lam, t_len))
        out.append((f"random_{i:02d}", [float(v) for v in y]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", default=str(DEFAULT_OUT))
    ap.add_argument("--horizon", type=int, default=3)
    args = ap.parse_args(argv)
    import statsforecast
    from statsforecast.models import (
        ADIDA,
        IMAPA,
        TSB,
        CrostonClassic,
        CrostonSBA,
        Naive,
        SimpleExponentialSmoothing,
        WindowAverage,
    )

    models = {
        "croston": lambda: CrostonClassic(),
        "sba": lambda: CrostonSBA(),
        "ses_0.1": lambda: SimpleExponentialSmoothing(alpha=0.1),
        "ses_0.3": lambda: SimpleExponentialSmoothing(alpha=0.3),
        "tsb_0.1_0.1": lambda: TSB(alpha_d=0.1, alpha_p=0.1),
        "tsb_0.2_0.05": lambda: TSB(alpha_d=0.2, alpha_p=0.05),
        "tsb_0.5_0.3": lambda: TSB(alpha_d=0.5, alpha_p=0.3),
        "naive": lambda: Naive(),
        "window_average_3": lambda: WindowAverage(window_size=3),
        "adida": lambda: ADIDA(),
        "imapa": lambda: IMAPA(),
    }
    h = args.horizon
    records = []
    for name, values in fixture_series():
        y = np.asarray(values, dtype=np.float64)
        fc = {}
        for key, make in models.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mean = make().forecast(y=y.copy(), h=h)["mean"]
            fc[key] = [None if not np.isfinite(v) else float(v) for v in mean]
        records.append({"name": name, "y": values, "forecasts": fc})
    doc = {
        "generator": "benchmarks/forecasting/make_statsforecast_fixture.py",
        "statsforecast_version": statsforecast.__version__,
        "numpy_version": np.__version__,
        "horizon": h,
        "series": records,
    }
    out = pathlib.Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {len(records)} series x {len(models)} models to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
