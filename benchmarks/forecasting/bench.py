"""Benchmark of the forecasting engine against Nixtla statsforecast, in the same run.

Usage (normally through ``scripts/bench-forecasting``, which prepares the virtualenv)::

    python benchmarks/forecasting/bench.py [CSV] [--json OUT] [--no-filter] [--holdout 12]
        [--lead-time-column COL] [--speed-series 100000] [--speed-periods 72]

Sections:

1. **Accuracy** on the CSV (default ``../shared/data/carparts_wide.csv``), with the
   Snyder-Ord-Beaumont filter (complete series, >= 10 positive periods, a positive period in
   both the first and the last 15) unless ``--no-filter``; the last ``--holdout`` periods are
   held out, one forecast origin. MASE, RMSSE, scaled mean error and total bias of our methods
   and of statsforecast's, fit time, and the largest difference between matching methods.
2. **Speed** on synthetic intermittent series (seeded), one thread: our SBA, TSB, Croston and SES
   against statsforecast's ``StatsForecast(models=[...], freq=1, n_jobs=1).forecast``; the numba
   JIT of statsforecast is warmed up on a small frame first and excluded.
3. **Inventory simulation** on the held-out periods: monthly review, order-up-to level from the
   policy computed at the forecast origin (not recomputed), backorders, on-hand starting at the
   level, lead time 1 and per-item lead times (the ``--lead-time-column`` of the CSV, or, when
   the CSV has none, lead times drawn from 1..12 with a fixed seed: synthetic, stated as such).
   Targets 80/90/95/99 %: fill rate achieved and months of supply (mean on-hand / mean demand
   per period). Compared with the classic normal fill-rate safety stock on statsforecast's SBA
   forecast, and with anchors that reach *the same* fill rate as ours (see ``_anchor_*``),
   built on statsforecast's most accurate model of the run (:func:`anchor_model`).
   ``--halves`` repeats the section on two random halves of the series (:func:`split_halves`):
   design choices are made on half A and checked on half B.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "addons" / "aftersales_parts"))

from forecasting import methods as fm  # noqa: E402
from forecasting.accuracy import evaluate, summarise  # noqa: E402
from forecasting.classification import classify  # noqa: E402
from forecasting.csv_io import parse_lead_times, parse_prices, read_series  # noqa: E402
from forecasting.planning import SYSTEM_VALUE_FLOOR, _choice_window, plan  # noqa: E402
from forecasting.selection import auto_forecast  # noqa: E402
from forecasting.stock_policy import (  # noqa: E402
    lead_time_demand,
    lead_time_demand_blocks,
    simulate,
    simulated_fill_rate,
)

DEFAULT_DATA = (ROOT / ".." / "shared" / "data" / "carparts_wide.csv").resolve()
TARGETS = (0.80, 0.90, 0.95, 0.99)
#: Lead-time bands of the breakdown (months, inclusive).
LEAD_BANDS = (("0-2", 0, 2), ("3-5", 3, 5), ("6-8", 6, 8), ("9-12", 9, 12), (">12", 13, 10**6))
CACHE = (
    pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "aftersales"
)

# ours -> (statsforecast model factory name, matching method of ours for the 1e-9 check)
OUR_METHODS = [
    "zero",
    "naive",
    "ma12",
    "ses",
    "ses_opt",
    "croston",
    "croston_opt",
    "sba",
    "sba_opt",
    "tsb",
    "tsb_opt",
    "adida",
    "imapa",
    "decline",
]
EXACT_PAIRS = {
    "ses": "SES(0.1)",
    "croston": "CrostonClassic",
    "sba": "CrostonSBA",
    "tsb": "TSB(0.1,0.1)",
}
CLOSE_PAIRS = {"naive": "Naive", "ma12": "WindowAverage(12)", "adida": "ADIDA", "imapa": "IMAPA"}


def carparts_filter(y: np.ndarray) -> np.ndarray:
    """Complete series, >= 10 positive periods, a positive one in the first and last 15."""
    complete = ~np.isnan(y).any(axis=1)
    pos = np.nan_to_num(y) > 0
    return complete & (pos.sum(1) >= 10) & pos[:, :15].any(1) & pos[:, -15:].any(1)


# --------------------------------------------------------------------------- statsforecast
def _sf_models():
    from statsforecast.models import (
        ADIDA,
        IMAPA,
        TSB,
        CrostonClassic,
        CrostonOptimized,
        CrostonSBA,
        Naive,
        SimpleExponentialSmoothing,
        SimpleExponentialSmoothingOptimized,
        WindowAverage,
    )

    return {
        "Naive": lambda: Naive(),
        "WindowAverage(12)": lambda: WindowAverage(window_size=12, alias="WindowAverage(12)"),
        "SES(0.1)": lambda: SimpleExponentialSmoothing(alpha=0.1, alias="SES(0.1)"),
        "SESOpt": lambda: SimpleExponentialSmoothingOptimized(alias="SESOpt"),
        "CrostonClassic": lambda: CrostonClassic(),
        "CrostonOptimized": lambda: CrostonOptimized(),
        "CrostonSBA": lambda: CrostonSBA(),
        "TSB(0.1,0.1)": lambda: TSB(alpha_d=0.1, alpha_p=0.1, alias="TSB(0.1,0.1)"),
        "ADIDA": lambda: ADIDA(),
        "IMAPA": lambda: IMAPA(),
    }


def _frame(y: np.ndarray):
    import pandas as pd

    n, t_len = y.shape
    return pd.DataFrame(
        {
            "unique_id": np.repeat(np.arange(n), t_len),
            "ds": np.tile(np.arange(1, t_len + 1), n),
            "y": y.ravel().astype(np.float64),
        }
    )


def sf_forecast(y: np.ndarray, h: int, name: str):
    """statsforecast forecast (N x h) of one model, and its wall time (JIT warmed up)."""
    from statsforecast import StatsForecast

    make = _sf_models()[name]
    warm = _frame(y[: min(4, y.shape[0])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        StatsForecast(models=[make()], freq=1, n_jobs=1).forecast(df=warm, h=h)
        df = _frame(y)
        t0 = time.perf_counter()
        res = StatsForecast(models=[make()], freq=1, n_jobs=1).forecast(df=df, h=h)
        dt = time.perf_counter() - t0
    res = res.sort_values(["unique_id", "ds"])
    col = [c for c in res.columns if c not in ("unique_id", "ds")][0]
    return res[col].to_numpy(dtype=np.float64).reshape(y.shape[0], h), dt


def sf_forecast_cached(y: np.ndarray, h: int, name: str):
    """:func:`sf_forecast` kept in ``~/.cache/aftersales/bench-sf`` by the data's hash and the
    statsforecast version (forecasts are deterministic; the stored time is the first run's):
    the accuracy section does not rerun statsforecast on data it has already seen. The speed
    section is always run afresh."""
    import hashlib

    import statsforecast

    key = hashlib.sha256(
        np.ascontiguousarray(y).tobytes()
        + f"{y.shape}|{h}|{name}|{statsforecast.__version__}".encode()
    ).hexdigest()[:24]
    path = CACHE / "bench-sf" / f"{key}.npz"
    if path.exists():
        with np.load(path) as data:
            return data["f"], float(data["seconds"])
    f, dt = sf_forecast(y, h, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, f=f, seconds=dt)
    return f, dt


# --------------------------------------------------------------------------- sections
def accuracy_section(train, test, h, with_sf=True):
    rows = []
    ours = {}
    choice = {}
    for name in [*OUR_METHODS, "auto"]:
        t0 = time.perf_counter()
        if name == "auto":
            f, _, _, report = auto_forecast(train, h)
            choice = {c: v["method"] for c, v in report.get("per_class", {}).items()}
        else:
            f = fm.forecast(train, h, name)
        dt = time.perf_counter() - t0
        ours[name] = f
        s = summarise(evaluate(train, test, f))
        rows.append({"engine": "ours", "method": name, **s, "seconds": dt})
    sf = {}
    if with_sf:
        for name in _sf_models():
            f, dt = sf_forecast_cached(train, h, name)
            sf[name] = f
            s = summarise(evaluate(train, test, f))
            rows.append({"engine": "statsforecast", "method": name, **s, "seconds": dt})
    diffs = {}
    for mine, theirs in {**EXACT_PAIRS, **CLOSE_PAIRS}.items():
        if theirs in sf:
            diffs[f"{mine} vs {theirs}"] = float(np.nanmax(np.abs(ours[mine] - sf[theirs])))
    return rows, diffs, ours, sf, choice


def speed_section(n, t_len, with_sf=True, seed=7):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.6, (n, 1))
    y = ((rng.random((n, t_len)) < p) * (1 + rng.poisson(2.0, (n, t_len)))).astype(np.float64)
    h = 12
    out = []
    pairs = {
        "sba": "CrostonSBA",
        "tsb": "TSB(0.1,0.1)",
        "croston": "CrostonClassic",
        "ses": "SES(0.1)",
    }
    for mine, theirs in pairs.items():
        best = math.inf
        f = None
        for _ in range(5):
            t0 = time.perf_counter()
            f = fm.forecast(y, h, mine)
            best = min(best, time.perf_counter() - t0)
        row = {
            "method": mine,
            "series": n,
            "periods": t_len,
            "ours_seconds": best,
            "ours_series_per_second": n / best,
        }
        if with_sf:
            g, dt = sf_forecast(y, h, theirs)
            row.update(
                {
                    "statsforecast_model": theirs,
                    "statsforecast_seconds": dt,
                    "statsforecast_series_per_second": n / dt,
                    "speedup": dt / best,
                    "max_abs_diff": float(np.max(np.abs(f - g))),
                }
            )
        out.append(row)
    return out


def _normal_loss_k(ratio):
    """k with G(k) = ratio for the standard normal loss G(k) = phi(k) - k (1 - Phi(k))."""
    from scipy.special import ndtr

    lo = np.full(ratio.shape, -6.0)
    hi = np.full(ratio.shape, 8.0)
    for _ in range(80):
        mid = (lo + hi) / 2
        g = np.exp(-mid * mid / 2) / math.sqrt(2 * math.pi) - mid * (1 - ndtr(mid))
        big = g > ratio
        lo = np.where(big, mid, lo)
        hi = np.where(big, hi, mid)
    return hi


def classic_normal_levels(train, fc, lead, target):
    """Textbook fill-rate safety stock: S = mu + k sigma, G(k) = (1-target) mu_R / sigma."""
    sigma1 = np.nanstd(train, axis=1)
    prot = lead + 1
    mu = fc[:, 0] * prot
    sig = sigma1 * np.sqrt(prot)
    ratio = np.where(sig > 0, (1 - target) * fc[:, 0] / np.where(sig > 0, sig, 1), np.inf)
    k = _normal_loss_k(np.where(np.isfinite(ratio), ratio, 1e9))
    return np.maximum(np.ceil(np.where(sig > 0, mu + k * sig, mu) - 1e-9), 0.0)


def _anchor_normal(train, test, fc, lead, fill):
    """Normal safety stock on a statsforecast forecast, one common safety factor ``z`` searched
    (on the held-out data itself: an oracle, the strongest version of this anchor) until it
    reaches ``fill``; returns (fill, months of supply, z)."""
    sigma1 = np.nanstd(train, axis=1)
    prot = lead + 1
    lo, hi = -4.0, 12.0

    def levels(z):
        return np.maximum(np.ceil(fc[:, 0] * prot + z * sigma1 * np.sqrt(prot) - 1e-9), 0.0)

    for _ in range(50):
        mid = (lo + hi) / 2
        if simulated_fill_rate(test, levels(mid), lead)[0] >= fill:
            hi = mid
        else:
            lo = mid
    fr, mos = simulated_fill_rate(test, levels(hi), lead)
    return fr, mos, hi


def _anchor_policy(test, ltd, lead, fill):
    """Our lead-time-demand model and level search fed with a statsforecast forecast, internal
    target searched (on the held-out data: an oracle) until it reaches ``fill``."""
    lo, hi = 0.3, 0.99999
    for _ in range(40):
        mid = (lo + hi) / 2
        if simulated_fill_rate(test, ltd.level_for(mid), lead)[0] >= fill:
            hi = mid
        else:
            lo = mid
    fr, mos = simulated_fill_rate(test, ltd.level_for(hi), lead)
    return fr, mos, hi


def anchor_model(acc_rows) -> str | None:
    """The statsforecast model with the lowest mean RMSSE in this run: the anchors use
    statsforecast's most accurate forecast on the data at hand (WindowAverage(12) on carparts),
    chosen on the held-out periods like the anchors' safety factor (an oracle choice)."""
    sf = [r for r in acc_rows if r["engine"] == "statsforecast" and np.isfinite(r["rmsse"])]
    return min(sf, key=lambda r: r["rmsse"])["method"] if sf else None


def split_halves(n: int, seed: int = 777) -> np.ndarray:
    """Boolean mask of a random half of ``n`` series (``n // 2`` of them, fixed seed): design
    choices are made on one half and checked on the other, so that they are not tuned to the
    particular series of a data set."""
    return np.random.default_rng(seed).permutation(n) < n // 2


def _normal_levels(train, fc, lead, z):
    sigma1 = np.nanstd(train, axis=1)
    prot = lead + 1
    return np.maximum(np.ceil(fc[:, 0] * prot + z * sigma1 * np.sqrt(prot) - 1e-9), 0.0)


def _groups(lead, classes):
    """(kind, label, mask) of the breakdown: lead-time bands and demand classes."""
    out = []
    for label, lo, hi in LEAD_BANDS:
        rows = (lead >= lo) & (lead <= hi)
        if rows.any():
            out.append(("lead", label, rows))
    for cl in ("smooth", "erratic", "intermittent", "lumpy", "none"):
        rows = classes == cl
        if rows.any():
            out.append(("class", cl, rows))
    return out


def _measures(sim, price, rows=None):
    """fill, months of supply and stock value of the simulated items ``rows``."""
    rows = np.ones(len(sim["demand"]), dtype=bool) if rows is None else rows
    dem = float(sim["demand"][rows].sum())
    out = {
        "fill": float(sim["filled"][rows].sum()) / dem if dem > 0 else float("nan"),
        "mos": float(sim["on_hand"][rows].sum()) / (dem / sim["periods"]) if dem > 0 else math.nan,
        "demand_share": dem / max(float(sim["demand"].sum()), 1e-12),
    }
    if price is not None:
        out["value"] = float((sim["on_hand"][rows] * price[rows]).sum())
    return out


def _sim(test, level, lead):
    sim = simulate(test, level, lead)
    sim["periods"] = test.shape[1]
    return sim


def bootstrap_fill(sim, reps: int = 400, seed: int = 5) -> tuple[float, float]:
    """2.5 and 97.5 % quantiles of the aggregate fill rate over resamplings of the items: the
    sampling error of one data set's fill (a few big lumps move it by points)."""
    rng = np.random.default_rng(seed)
    n = len(sim["demand"])
    idx = rng.integers(0, n, (reps, n))
    fills = sim["filled"][idx].sum(1) / np.maximum(sim["demand"][idx].sum(1), 1e-12)
    return float(np.quantile(fills, 0.025)), float(np.quantile(fills, 0.975))


def inventory_section(
    train,
    test,
    lead,
    label,
    sf_fc,
    samples=2000,
    anchor="WindowAverage(12)",
    price=None,
    targets=TARGETS,
    system=True,
    calibrate=True,
):
    """Our policy (``plan()``, what the CLI and Odoo run) on the held-out periods against the
    oracle anchors at the same fill, in total and per lead-time band and demand class."""
    rows = []
    h = test.shape[1]
    lead = np.broadcast_to(np.asarray(lead), (train.shape[0],)).astype(np.int64)
    classes = classify(train)
    sf_sba = sf_fc.get("CrostonSBA")
    sf_ma = sf_fc.get(anchor)
    ltd_sf = (
        lead_time_demand(train, sf_ma, lead, n_samples=samples, level_cv="auto")
        if sf_ma is not None
        else None
    )
    groups = _groups(lead, classes)
    for target in targets:
        t0 = time.perf_counter()
        res = plan(
            train,
            horizon=h,
            lead_time=lead,
            target=target,
            n_samples=samples,
            calibrate=calibrate,
        )
        dt = time.perf_counter() - t0
        s_item = res["max"]
        sim = _sim(test, s_item, lead)
        tot = _measures(sim, price)
        lo_ci, hi_ci = bootstrap_fill(sim)
        lumpy = classes == "lumpy"
        row = {
            "lead_time": label,
            "anchor_forecast": anchor if sf_ma is not None else None,
            "target": target,
            "internal_target": res["internal_target"],
            "fill": tot["fill"],
            "fill_ci_low": lo_ci,
            "fill_ci_high": hi_ci,
            "mos": tot["mos"],
            "value": tot.get("value"),
            "fill_lumpy": _measures(sim, price, lumpy)["fill"] if lumpy.any() else None,
            "n_lumpy": int(lumpy.sum()),
            "policy_seconds": dt,
            "groups": {f"{k}:{g}": _measures(sim, price, m) for k, g, m in groups},
        }
        if system:
            res_sys = plan(
                train,
                horizon=h,
                lead_time=lead,
                target=target,
                scope="system",
                n_samples=samples,
                calibrate=calibrate,
            )
            sim_sys = _sim(test, res_sys["max"], lead)
            m_sys = _measures(sim_sys, price)
            row.update(
                {
                    "internal_target_system": res_sys["internal_target"],
                    "fill_system": m_sys["fill"],
                    "mos_system": m_sys["mos"],
                }
            )
        if sf_sba is not None:
            cl = classic_normal_levels(train, sf_sba, lead, target)
            row["classic_normal_sba_fill"], row["classic_normal_sba_mos"] = simulated_fill_rate(
                test, cl, lead
            )
            a_fr, a_mos, z = _anchor_normal(train, test, sf_ma, lead, tot["fill"])
            sim_a = _sim(test, _normal_levels(train, sf_ma, lead, z), lead)
            m_a = _measures(sim_a, price)
            row.update(
                {
                    "anchor_normal_fill": a_fr,
                    "anchor_normal_mos": a_mos,
                    "anchor_normal_value": m_a.get("value"),
                    "anchor_z": z,
                    "anchor_groups": {f"{k}:{g}": _measures(sim_a, price, m) for k, g, m in groups},
                }
            )
            b_fr, b_mos, b_tgt = _anchor_policy(test, ltd_sf, lead, tot["fill"])
            m_b = _measures(_sim(test, ltd_sf.level_for(b_tgt), lead), price)
            row.update(
                {
                    "anchor_policy_fill": b_fr,
                    "anchor_policy_mos": b_mos,
                    "anchor_policy_value": m_b.get("value"),
                }
            )
            if system:
                c_fr, c_mos, _ = _anchor_normal(train, test, sf_ma, lead, row["fill_system"])
                row.update({"anchor_normal_sys_fill": c_fr, "anchor_normal_sys_mos": c_mos})
        if price is not None:
            row.update(_value_scope_row(train, test, lead, target, h, samples, price, calibrate))
            if sf_ma is not None:
                v_fr, v_mos, v_z = _anchor_normal(train, test, sf_ma, lead, row["fill_value"])
                v_sim = _sim(test, _normal_levels(train, sf_ma, lead, v_z), lead)
                row["anchor_normal_val_mos"] = v_mos
                row["anchor_normal_val_value"] = _measures(v_sim, price)["value"]
        rows.append(row)
    return rows


def _value_scope_row(train, test, lead, target, h, samples, price, calibrate):
    """The system scope at the least stock value (what a run "for the whole warehouse" plans:
    unit costs from the price column, each part at least at its item level for the target
    minus ``SYSTEM_VALUE_FLOOR``), with the value-months beside the months of supply."""
    res = plan(
        train,
        horizon=h,
        lead_time=lead,
        target=target,
        scope="system",
        unit_cost=np.nan_to_num(price, nan=0.0),
        item_floor=SYSTEM_VALUE_FLOOR,
        n_samples=samples,
        calibrate=calibrate,
    )
    sim = _sim(test, res["max"], lead)
    m = _measures(sim, price)
    demand_value = float((sim["demand"] * np.nan_to_num(price)).sum()) / test.shape[1]
    return {
        "internal_target_value": res["internal_target"],
        "fill_value": m["fill"],
        "mos_value": m["mos"],
        "value_value": m["value"],
        "value_months_value": m["value"] / demand_value if demand_value > 0 else None,
    }


CURVE_TARGETS = (0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999)
CURVE_Z = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0)


def value_at_fill(fills, values, fill: float) -> float:
    """Stock (value or months) a policy's curve needs for ``fill``, interpolated linearly
    between the points of the curve (given in increasing order of effort); NaN beyond its
    highest fill."""
    f = np.maximum.accumulate(np.asarray(fills, dtype=np.float64))
    v = np.asarray(values, dtype=np.float64)
    if not len(f) or fill > f[-1] + 1e-12:
        return math.nan
    if fill <= f[0]:
        return float(v[0])
    i = int(np.searchsorted(f, fill))
    if f[i] - f[i - 1] <= 1e-12:
        return float(v[i])
    w = (fill - f[i - 1]) / (f[i] - f[i - 1])
    return float(v[i - 1] + w * (v[i] - v[i - 1]))


def curve_section(train, test, lead, label, anchor_fc, price, samples=2000):
    """Trade-off curve: fill against months of supply and stock value for our model over a
    grid of internal targets (no calibration: the curve calibration moves along) and for the
    normal anchor over a grid of safety factors; each of our points also carries the anchor's
    stock at the same fill, interpolated on the anchor's curve."""
    n = train.shape[0]
    lead = np.broadcast_to(np.asarray(lead), (n,)).astype(np.int64)
    h = test.shape[1]
    need = max(h, int(lead.max(initial=0)) + 1)
    # the forecast plan() levels from (same choice window), without its calibration
    fc, *_ = auto_forecast(train, need, validation=_choice_window(train.shape[1], h))
    ltds = list(lead_time_demand_blocks(train, fc, lead, n_samples=samples, level_cv="auto"))
    ours = []
    for g in CURVE_TARGETS:
        level = np.zeros(n)
        for sl, ltd in ltds:
            level[sl] = ltd.levels_for(g, "fill_rate", "item")
        ours.append(_measures(_sim(test, level, lead), price))
    normal = [
        _measures(_sim(test, _normal_levels(train, anchor_fc, lead, z), lead), price)
        for z in CURVE_Z
    ]
    rows = []
    for g, m in zip(CURVE_TARGETS, ours, strict=True):
        row = {"lead_time": label, "internal_target": g, "fill": m["fill"], "mos": m["mos"]}
        row["anchor_mos"] = value_at_fill(
            [a["fill"] for a in normal], [a["mos"] for a in normal], m["fill"]
        )
        if price is not None:
            row["value"] = m["value"]
            row["anchor_value"] = value_at_fill(
                [a["fill"] for a in normal], [a["value"] for a in normal], m["fill"]
            )
        rows.append(row)
    for z, m in zip(CURVE_Z, normal, strict=True):
        rows.append(
            {
                "lead_time": label,
                "anchor_z": z,
                "anchor_fill": m["fill"],
                "anchor_mos_at_z": m["mos"],
                "anchor_value_at_z": m.get("value"),
            }
        )
    return rows


# --------------------------------------------------------------------------- output
def samples_section(train, test, variants, targets, sweep, seeds=(12345, 777)):
    """What the Monte Carlo draws of ``plan()`` buy: for each number of draws, lead-time variant
    and target, the fill and months of supply of the levels on the held-out periods, and how
    many items' max differ from those with the most draws. The same with the most draws and
    another seed is the noise floor: a difference no larger than it buys no accuracy."""
    rows = []
    sweep = sorted(set(sweep), reverse=True)
    for lead, label in variants:
        for target in targets:
            reference = None
            for n_samples in sweep:
                for seed in seeds if n_samples == sweep[0] else seeds[:1]:
                    t0 = time.perf_counter()
                    res = plan(
                        train,
                        horizon=test.shape[1],
                        lead_time=lead,
                        target=target,
                        n_samples=n_samples,
                        seed=seed,
                    )
                    seconds = time.perf_counter() - t0
                    level = res["max"]
                    if reference is None:
                        reference = level
                    sim = _sim(test, level, lead)
                    m = _measures(sim, None)
                    lo_ci, hi_ci = bootstrap_fill(sim)
                    rows.append(
                        {
                            "lead_time": label,
                            "target": target,
                            "samples": n_samples,
                            "seed": seed,
                            "internal_target": res["internal_target"],
                            "fill": m["fill"],
                            "fill_ci_low": lo_ci,
                            "fill_ci_high": hi_ci,
                            "mos": m["mos"],
                            "max_changed_pct": 100.0 * float(np.mean(level != reference)),
                            "max_mean_abs_diff": float(np.mean(np.abs(level - reference))),
                            "seconds": seconds,
                        }
                    )
    return rows


def _table(rows, cols):
    head = " | ".join(c for c, _, _ in cols)
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = []
        for _, key, fmt in cols:
            v = r.get(key)
            cells.append("" if v is None else (v if isinstance(v, str) else fmt.format(v)))
        lines.append(" | ".join(cells))
    return "\n".join(lines)


INVENTORY_LEGEND = """
== Inventory: monthly review, order-up-to, backorders, level fixed at the origin ==
fill/mos: ours = plan() as the CLI and Odoo run it: automatic forecast + negative-binomial
  lead-time demand (dispersion pooled by empirical Bayes), per-item levels, back-test
  calibrated (the default policy); internal = the calibrated target it used;
  fill 95% CI = 2.5-97.5 % of the fill over 400 resamplings of the items (sampling error);
  value = mean on-hand stock x unit price (with a price column), also for the anchors;
  mos = months of supply (mean on-hand stock / mean demand per period), fill = demand
  served from stock / demand, all items together;
  lumpy fill = the same on the items classified lumpy on the fitting periods.
anchor-normal: statsforecast's most accurate model of this run (lowest mean RMSSE on the
  held-out periods; WindowAverage(12) on carparts) + normal safety stock (L+1) f + z sigma
  sqrt(L+1), one safety factor z searched ON THE HELD-OUT DATA (an oracle) until it reaches
  the same fill as ours. Why: the strongest statsforecast-based policy one can build (best
  forecast, best common factor in hindsight; a common z is also the least-stock allocation
  for an aggregate fill rate under normal demand), so "no more months than the anchor" is a
  strict test. Its months of supply jump by steps between nearby fills (whole units).
anchor-policy: the same statsforecast forecast in our lead-time-demand model, target searched
  on the held-out data until it reaches the same fill as ours.
sys: our model with one demand-weighted target for all items (scope system, back-test
  calibrated too); anchor-normal@sys is the oracle normal anchor at the fill it reached.
val (with a price column): the system scope at the least stock value (plan(scope="system",
  unit_cost=price, item_floor=0.15), the run's "whole warehouse" scope); val v-months = its
  value / value of the mean monthly demand; anchor-normal@val: the oracle anchor at its fill.
classic: statsforecast CrostonSBA + textbook normal fill-rate safety stock at the target.
"""


def _samples_main(args, table, keep, y, train, test, targets, result) -> int:
    variants = [(np.ones(y.shape[0], dtype=np.int64), "1")]
    if table.lead_time_column:
        lead = parse_lead_times(table, table.lead_time_column)[keep]
        variants.append((np.minimum(lead, args.lead_time_cap or lead.max()), "column, capped"))
    sweep = [int(n) for n in args.samples_sweep.split(",")]
    result["samples"] = samples_section(train, test, variants, targets, sweep)
    print(
        f"data: {result['data']}  series {result['series_used']}/{result['series_total']} "
        f"({result['filter']}), fit {result['fit_periods']}, holdout {args.holdout}"
    )
    print("\n== Monte Carlo draws of plan(): levels on the held-out periods ==")
    print(
        _table(
            result["samples"],
            [
                ("lead time", "lead_time", "{}"),
                ("target", "target", "{:.2f}"),
                ("draws", "samples", "{}"),
                ("seed", "seed", "{}"),
                ("internal", "internal_target", "{:.3f}"),
                ("fill", "fill", "{:.4f}"),
                ("95% CI", "fill_ci_low", "{:.3f}"),
                ("", "fill_ci_high", "{:.3f}"),
                ("MoS", "mos", "{:.2f}"),
                ("max changed %", "max_changed_pct", "{:.1f}"),
                ("mean |diff|", "max_mean_abs_diff", "{:.3f}"),
                ("seconds", "seconds", "{:.2f}"),
            ],
        )
    )
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2, default=float))
    return 0


def _curve_main(args, table, keep, y, train, test, acc, sf_fc, result) -> int:
    anchor = anchor_model(acc)
    if anchor is None:
        print("the trade-off curve needs statsforecast's forecasts (no --no-statsforecast)")
        return 2
    price = parse_prices(table, table.price_column)[keep] if table.price_column else None
    variants = [(np.ones(y.shape[0], dtype=np.int64), "1")]
    if table.lead_time_column:
        lead = parse_lead_times(table, table.lead_time_column)[keep]
        if args.lead_time_cap and lead.max(initial=0) > args.lead_time_cap:
            variants.append(
                (np.minimum(lead, args.lead_time_cap), f"column <= {args.lead_time_cap}")
            )
        variants.append((lead, "column"))
    subsets = [("", np.ones(y.shape[0], dtype=bool))]
    if args.halves:
        half = split_halves(y.shape[0])
        subsets += [(" [A]", half), (" [B]", ~half)]
    rows = []
    for tag, sub in subsets:
        for lt, lab in variants:
            rows += curve_section(
                train[sub],
                test[sub],
                lt[sub],
                lab + tag,
                sf_fc[anchor][sub],
                None if price is None else price[sub],
                args.samples,
            )
    result["anchor_forecast"] = anchor
    result["curve"] = rows
    print(
        f"data: {result['data']}  series {result['series_used']}/{result['series_total']}; "
        f"anchor forecast {anchor}; load average {os.getloadavg()[0]:.1f}"
    )
    print("\n== Trade-off curve: ours (no calibration) over internal targets, the normal anchor's")
    print("   stock at the same fill interpolated on its own curve (NaN: beyond its reach) ==")
    print(
        _table(
            [r for r in rows if "internal_target" in r],
            [
                ("L", "lead_time", "{}"),
                ("internal", "internal_target", "{:.3f}"),
                ("fill", "fill", "{:.4f}"),
                ("mos", "mos", "{:.1f}"),
                ("anchor mos", "anchor_mos", "{:.1f}"),
                ("value", "value", "{:,.0f}"),
                ("anchor value", "anchor_value", "{:,.0f}"),
            ],
        )
    )
    print("\n== The normal anchor's own curve ==")
    print(
        _table(
            [r for r in rows if "anchor_z" in r],
            [
                ("L", "lead_time", "{}"),
                ("z", "anchor_z", "{:.1f}"),
                ("fill", "anchor_fill", "{:.4f}"),
                ("mos", "anchor_mos_at_z", "{:.1f}"),
                ("value", "anchor_value_at_z", "{:,.0f}"),
            ],
        )
    )
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=1, default=float))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Forecasting engine vs statsforecast")
    ap.add_argument("csv", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--json", help="write the results as JSON to this file")
    ap.add_argument("--no-filter", action="store_true", help="use every complete series")
    ap.add_argument("--holdout", type=int, default=12)
    ap.add_argument(
        "--lead-time-column",
        help="per-item lead times from this CSV column (default: recognised by name)",
    )
    ap.add_argument(
        "--price-column", help="unit prices from this CSV column (default: recognised by name)"
    )
    ap.add_argument(
        "--lead-time-cap",
        type=int,
        default=12,
        help="also run with the per-item lead times capped at this value (default 12; 0: no)",
    )
    ap.add_argument(
        "--targets",
        default=",".join(str(t) for t in TARGETS),
        help="fill-rate targets of the inventory section (comma-separated)",
    )
    ap.add_argument("--no-system", action="store_true", help="skip the system-scope policy")
    ap.add_argument("--speed-series", type=int, default=100_000)
    ap.add_argument("--speed-periods", type=int, default=72)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument(
        "--samples-sweep",
        help="only compare plan() with these numbers of Monte Carlo draws (comma-separated, "
        "for example 2000,1000,500), the most draws also with a second seed as noise floor",
    )
    ap.add_argument("--no-statsforecast", action="store_true", help="skip statsforecast")
    ap.add_argument(
        "--halves",
        action="store_true",
        help="also run the inventory section on two random halves of the series (seed 777)",
    )
    ap.add_argument(
        "--calibrate",
        choices=("down", "both", "off"),
        default="down",
        help="back-test calibration of the policy, as plan() and scripts/forecast (default down)",
    )
    ap.add_argument(
        "--curve",
        action="store_true",
        help="only print the trade-off curve: fill against months and value, ours over internal "
        "targets and the normal anchor over safety factors (with --halves on both halves too)",
    )
    args = ap.parse_args(argv)
    calibrate = {"down": True, "both": "both", "off": False}[args.calibrate]

    with_sf = not args.no_statsforecast
    if with_sf:
        import statsforecast

        sf_version = statsforecast.__version__
    else:
        sf_version = None
    table = read_series(
        args.csv, "auto", lead_time_column=args.lead_time_column, price_column=args.price_column
    )
    targets = tuple(float(t) for t in args.targets.split(","))
    y = table.values
    keep = carparts_filter(y) if not args.no_filter else ~np.isnan(y).any(axis=1)
    y = y[keep]
    h = args.holdout
    train, test = y[:, :-h], y[:, -h:]
    result = {
        "data": str(args.csv),
        "series_total": len(table.ids),
        "series_used": int(y.shape[0]),
        "periods": int(y.shape[1]),
        "fit_periods": int(train.shape[1]),
        "holdout": h,
        "filter": "none (complete series)" if args.no_filter else "Snyder-Ord-Beaumont 2012",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "statsforecast": sf_version,
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "calibrate": args.calibrate,
    }
    if args.samples_sweep:
        return _samples_main(args, table, keep, y, train, test, targets, result)
    acc, diffs, ours, sf_fc, choice = accuracy_section(train, test, h, with_sf)
    if args.curve:
        return _curve_main(args, table, keep, y, train, test, acc, sf_fc, result)
    result["accuracy"] = acc
    result["auto_choice_per_class"] = choice
    result["max_abs_diff_vs_statsforecast"] = diffs
    result["speed"] = speed_section(args.speed_series, args.speed_periods, with_sf)

    anchor = anchor_model(acc) or "WindowAverage(12)"
    result["anchor_forecast"] = anchor if with_sf else None
    one = np.ones(y.shape[0], dtype=np.int64)
    price = parse_prices(table, table.price_column)[keep] if table.price_column else None
    result["price_column"] = table.price_column
    variants = [(one, "1")]
    if table.lead_time_column:
        lead = parse_lead_times(table, table.lead_time_column)[keep]
        if args.lead_time_cap and lead.max(initial=0) > args.lead_time_cap:
            cap = args.lead_time_cap
            variants.append((np.minimum(lead, cap), f"column <= {cap}"))
        variants.append((lead, "column"))
        result["lead_time_column"] = table.lead_time_column
    else:
        lead = np.random.default_rng(2024).integers(1, 13, y.shape[0])
        variants.append((lead, "1-12 synthetic"))
    subsets = [("", np.ones(y.shape[0], dtype=bool))]
    if args.halves:
        half = split_halves(y.shape[0])
        subsets += [(" [A]", half), (" [B]", ~half)]
    inv = []
    for tag, rows in subsets:
        sub_fc = {k: v[rows] for k, v in sf_fc.items()}
        for lt, lab in variants:
            inv += inventory_section(
                train[rows],
                test[rows],
                lt[rows],
                lab + tag,
                sub_fc,
                args.samples,
                anchor,
                None if price is None else price[rows],
                targets,
                not args.no_system,
                calibrate,
            )
    result["inventory"] = inv

    print(
        f"data: {result['data']}  series {result['series_used']}/{result['series_total']} "
        f"({result['filter']}), fit {result['fit_periods']}, holdout {h}; "
        f"numpy {result['numpy']}, statsforecast {sf_version}, threads {result['threads']}"
    )
    print("\n== Accuracy (mean over series; bias = total forecast vs actual) ==")
    acc_cols = [
        ("engine", "engine", "{}"),
        ("method", "method", "{}"),
        ("MASE", "mase", "{:.4f}"),
        ("RMSSE", "rmsse", "{:.4f}"),
        ("scaled ME", "sme", "{:+.4f}"),
        ("bias %", "total_bias_pct", "{:+.1f}"),
        ("seconds", "seconds", "{:.3f}"),
    ]
    print(_table(acc, acc_cols))
    print("\nautomatic choice per class: " + ", ".join(f"{k} {v}" for k, v in choice.items()))
    print("max |ours - statsforecast|: " + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items()))
    print(
        f"\n== Speed: {args.speed_series} synthetic series x {args.speed_periods} periods, "
        "one thread (statsforecast JIT warm-up excluded) =="
    )
    speed_cols = [
        ("method", "method", "{}"),
        ("ours s", "ours_seconds", "{:.3f}"),
        ("ours series/s", "ours_series_per_second", "{:,.0f}"),
        ("sf s", "statsforecast_seconds", "{:.2f}"),
        ("sf series/s", "statsforecast_series_per_second", "{:,.0f}"),
        ("speed-up", "speedup", "{:.1f}x"),
        ("max diff", "max_abs_diff", "{:.1e}"),
    ]
    print(_table(result["speed"], speed_cols))
    print(INVENTORY_LEGEND)
    inv_cols = [
        ("L", "lead_time", "{}"),
        ("target", "target", "{:.2f}"),
        ("internal", "internal_target", "{:.3f}"),
        ("fill", "fill", "{:.4f}"),
        ("fill 95% CI low", "fill_ci_low", "{:.3f}"),
        ("high", "fill_ci_high", "{:.3f}"),
        ("mos", "mos", "{:.2f}"),
        ("value", "value", "{:,.0f}"),
        ("anchor-normal value", "anchor_normal_value", "{:,.0f}"),
        ("anchor-policy value", "anchor_policy_value", "{:,.0f}"),
        ("lumpy fill", "fill_lumpy", "{:.4f}"),
        ("anchor-normal mos", "anchor_normal_mos", "{:.2f}"),
        ("anchor-policy mos", "anchor_policy_mos", "{:.2f}"),
        ("sys fill", "fill_system", "{:.4f}"),
        ("sys mos", "mos_system", "{:.2f}"),
        ("anchor-normal@sys mos", "anchor_normal_sys_mos", "{:.2f}"),
        ("val fill", "fill_value", "{:.4f}"),
        ("val mos", "mos_value", "{:.2f}"),
        ("val value", "value_value", "{:,.0f}"),
        ("val v-months", "value_months_value", "{:.2f}"),
        ("anchor-normal@val mos", "anchor_normal_val_mos", "{:.2f}"),
        ("anchor-normal@val value", "anchor_normal_val_value", "{:,.0f}"),
        ("classic fill", "classic_normal_sba_fill", "{:.4f}"),
        ("classic mos", "classic_normal_sba_mos", "{:.2f}"),
    ]
    print(_table(inv, inv_cols))
    print(
        "\n== Breakdown per lead-time band and demand class (classes on the fitting periods): "
        "ours | oracle normal anchor at the same total fill =="
    )
    brk = []
    for r in inv:
        for key, m in r["groups"].items():
            a = r.get("anchor_groups", {}).get(key, {})
            brk.append(
                {
                    "row": f"L {r['lead_time']} @ {r['target']:.2f}",
                    "group": key,
                    "share": m["demand_share"],
                    "fill": m["fill"],
                    "mos": m["mos"],
                    "value": m.get("value"),
                    "a_fill": a.get("fill"),
                    "a_mos": a.get("mos"),
                    "a_value": a.get("value"),
                }
            )
    print(
        _table(
            brk,
            [
                ("row", "row", "{}"),
                ("group", "group", "{}"),
                ("demand share", "share", "{:.3f}"),
                ("fill", "fill", "{:.4f}"),
                ("mos", "mos", "{:.2f}"),
                ("value", "value", "{:,.0f}"),
                ("anchor fill", "a_fill", "{:.4f}"),
                ("anchor mos", "a_mos", "{:.2f}"),
                ("anchor value", "a_value", "{:,.0f}"),
            ],
        )
    )
    text = json.dumps(result, indent=1, default=float)
    if args.json:
        pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.json).write_text(text + "\n")
        print(f"\nJSON written to {args.json}")
    print("\n== JSON ==")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
