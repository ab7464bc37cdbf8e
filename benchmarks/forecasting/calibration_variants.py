"""Issue 14, third pass: calibrations pooled over three back-test years, in both directions.

Not part of the engine: the variants measured in ``readme/FORECASTING.md`` ("Third pass on
issue 14") and not adopted. Run with the benchmark's virtualenv, from the repository root::

    ~/.cache/aftersales/bench-venv/bin/python benchmarks/forecasting/calibration_variants.py \\
        rafA 1 default,both_grp3,scale_grp3 0.9,0.95,0.99

Sets: ``rafA`` / ``rafB`` (the halves of ``raf_half_A.csv``, :func:`bench.split_halves`),
``raf`` (whole file), ``carparts`` (the 1,046 filtered series). Lead times: ``1``, ``cap`` (own,
at most 12), ``unc`` (own). Variants: ``default`` (plan()'s calibration), ``both_all3`` /
``both_grp3`` (internal target raised or lowered, one mapping for all parts / per class x
lead-time band), ``scale_*`` (the lead-time demand's mean multiplied by a factor), ``disp_*``
(the pooled dispersion multiplied by a factor). The anchor is the oracle normal anchor on our
own ADIDA forecast (statsforecast's agrees to about 3e-5).
"""

from __future__ import annotations

import os
import pathlib
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "addons" / "aftersales_parts")]

from bench import LEAD_BANDS, _anchor_normal, _normal_levels, carparts_filter, split_halves  # noqa: E402

from forecasting import methods as fm  # noqa: E402
from forecasting.classification import classify  # noqa: E402
from forecasting.csv_io import parse_lead_times, parse_prices, read_series  # noqa: E402
from forecasting.planning import _choice_window, make_forecaster  # noqa: E402
from forecasting.selection import auto_forecast  # noqa: E402
from forecasting.stock_policy import (  # noqa: E402
    calibrate_target,
    lead_time_demand_blocks,
    pooled_dispersion,
    simulate,
)

#: ``../shared/data`` next to the repository, or ``$AFTERSALES_DATA``
DATA = pathlib.Path(os.environ.get("AFTERSALES_DATA", HERE.parents[2] / "shared" / "data"))
SCALES = np.array([0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0])
DISPERSIONS = np.array([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 9.0, 14.0, 20.0])


def bands(lead):
    out = np.empty(len(lead), dtype=object)
    for label, lo, hi in LEAD_BANDS:
        out[(lead >= lo) & (lead <= hi)] = label
    return out


def levels(y, fc, lead, target, samples=2000, scale=None, disp=None):
    """Order-up-to levels with the mean scaled by ``scale`` or the dispersion by ``disp``."""
    n = y.shape[0]
    f = fc if scale is None else fc * np.asarray(scale)[:, None]
    kw = {}
    if disp is not None:
        kw["dispersion"] = np.maximum(pooled_dispersion(y) * np.asarray(disp), 1.0)
    target = np.broadcast_to(np.asarray(target, dtype=np.float64), (n,))
    out = np.zeros(n)
    for sl, ltd in lead_time_demand_blocks(y, f, lead, n_samples=samples, level_cv="auto", **kw):
        out[sl] = ltd.levels_for(target[sl], "fill_rate", "item")
    return out


def backtest(y, forecaster, lead, target, grid, what, origins=3, samples=1000):
    """Filled units per grid value and part, and demand per part, over ``origins`` years."""
    n, t_len = y.shape
    filled = np.zeros((len(grid), n))
    demand = np.zeros(n)
    for k in range(origins):
        cut = t_len - 12 * (k + 1)
        if k and cut < 24:
            break
        fit, val = y[:, :cut], y[:, cut : cut + 12]
        f = forecaster(fit, max(12, int(lead.max()) + 1))
        for i, m in enumerate(grid):
            arg = {what: np.full(n, m)}
            sim = simulate(val, levels(fit, f, lead, target, samples, **arg), lead)
            filled[i] += sim["filled"]
            if i == 0:
                demand += sim["demand"]
    return filled, demand


def pick(filled, demand, groups, target, grid, min_demand=200.0):
    """Grid value whose pooled back-test fill equals ``target``, per group (or for all)."""

    def interp(achieved):
        achieved = np.maximum.accumulate(achieved)
        return float(np.interp(target, achieved, grid, left=grid[0], right=grid[-1]))

    out = np.full(len(demand), interp(filled.sum(1) / demand.sum()))
    for g in np.unique(groups):
        rows = groups == g
        if demand[rows].sum() >= min_demand:
            out[rows] = interp(filled[:, rows].sum(1) / demand[rows].sum())
    return out


def run(train, test, lead, price, targets, variants, tag):
    n = train.shape[0]
    need = max(12, int(lead.max()) + 1)
    fc, *_ = auto_forecast(train, need, validation=_choice_window(train.shape[1], 12))
    forecaster = make_forecaster("auto", 12)
    groups = np.array([f"{c}|{b}" for c, b in zip(classify(train), bands(lead), strict=True)])
    anchor_fc = fm.METHODS["adida"](train, need)
    for target in targets:
        for v in variants:
            t0 = time.process_time()
            internal, scale, disp = target, None, None
            per_group = v.endswith("grp3")
            grp = groups if per_group else np.zeros(n)
            if v == "default":
                internal = calibrate_target(train, forecaster, lead, target, level_cv="auto")
            elif v.startswith("both"):
                internal = calibrate_target(
                    train, forecaster, lead, target, raise_target=True, origins=3,
                    groups=groups if per_group else None, level_cv="auto",
                )  # fmt: skip
            elif v.startswith("scale"):
                filled, dem = backtest(train, forecaster, lead, target, SCALES, "scale")
                scale = pick(filled, dem, grp, target, SCALES)
            elif v.startswith("disp"):
                filled, dem = backtest(train, forecaster, lead, target, DISPERSIONS, "disp")
                disp = pick(filled, dem, grp, target, DISPERSIONS)
            cpu = time.process_time() - t0
            sim = simulate(test, levels(train, fc, lead, internal, 2000, scale, disp), lead)
            fill = sim["filled"].sum() / sim["demand"].sum()
            mos = sim["on_hand"].sum() / (sim["demand"].sum() / test.shape[1])
            value = float((sim["on_hand"] * price).sum()) if price is not None else float("nan")
            a_fill, a_mos, z = _anchor_normal(train, test, anchor_fc, lead, fill)
            a_sim = simulate(test, _normal_levels(train, anchor_fc, lead, z), lead)
            a_value = float((a_sim["on_hand"] * price).sum()) if price is not None else np.nan
            factor = scale if scale is not None else disp
            extra = "" if factor is None else f" factor median {np.median(factor):.2f}"
            print(
                f"{tag} T={target:.2f} {v:11s} fill {fill:.3f} mos {mos:6.1f} value {value:12,.0f}"
                f" | anchor fill {a_fill:.3f} mos {a_mos:6.1f} value {a_value:12,.0f} | internal "
                f"{np.mean(internal):.3f}{extra} cpu {cpu:.1f}s load {os.getloadavg()[0]:.1f}",
                flush=True,
            )


def main(argv):
    which, lead_kind, variants, targets = argv
    if which.startswith("raf"):
        table = read_series(str(DATA / "raf_half_A.csv"))
        rows = np.ones(len(table.ids), dtype=bool)
        half = split_halves(len(table.ids))
        rows = {"rafA": half, "rafB": ~half}.get(which, rows)
        y = table.values[rows]
        own = parse_lead_times(table, table.lead_time_column)[rows].astype(np.int64)
        price = parse_prices(table, table.price_column)[rows]
        train, test = y[:, :72], y[:, 72:84]
    else:
        y = read_series(str(DATA / "carparts_wide.csv")).values
        y = y[carparts_filter(y)]
        own = np.random.default_rng(3).integers(1, 13, len(y))
        price = None
        train, test = y[:, :39], y[:, 39:51]
    lead = {"1": np.ones(len(y), dtype=np.int64), "cap": np.minimum(own, 12), "unc": own}
    run(
        train,
        test,
        lead[lead_kind],
        price,
        [float(t) for t in targets.split(",")],
        variants.split(","),
        f"{which}/{lead_kind}",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
