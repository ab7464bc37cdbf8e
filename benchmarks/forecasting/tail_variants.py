"""Issue 14, fourth pass: the shape of the lead-time demand beyond a part's own history.

Not part of the engine's defaults: the variants measured in ``readme/FORECASTING.md`` ("Fourth
pass on issue 14"). Run with the benchmark's virtualenv, from the repository root::

    ~/.cache/aftersales/bench-venv/bin/python benchmarks/forecasting/tail_variants.py \\
        rafA 1 default,own,pooled_nb,ratio,mix10 0.9,0.95,0.99 [origin]

Sets: ``rafA`` / ``rafB`` (the halves of ``raf_half_A.csv``, :func:`bench.split_halves`),
``raf`` (whole file), ``carparts`` (the 1,046 filtered series). Lead times: ``1``, ``cap`` (own,
at most 12), ``unc`` (own). ``origin``: the forecast origin (RAF: 72 by default, 60 and 48 hold
out the year before; carparts 39). Variants, each with plan()'s calibration (target lowered
only):

* ``default``: negative binomial, dispersion pooled by empirical Bayes (plan()'s default);
* ``own``: each part's own variance-to-mean ratio;
* ``pooled_nb``: pooled, with the negative binomial's sampling variance of the log ratio (it
  falls with the history's length and demand, not with its lumps);
* ``ratio``: the forecast times actual / forecast ratios over the lead time and review month,
  from back-test origins every 6 months (TSB forecasts) pooled per class x lead-time band;
  ``ratio_auto``: the same ratios from the automatic choice's forecasts;
* ``mix`` / ``mix_nb``: half the draws from ``ratio``, half from ``default`` / ``pooled_nb``;
  ``mix10`` / ``mix20``: 10 / 20 % from ``ratio``;
* ``error`` / ``error_auto`` / ``mix_err``: pooled standardised errors instead of ratios;
* ``level_pool``: the negative binomial with its level multiplier drawn from pooled 12-month
  actual / forecast ratios (class x quintile of expected orders) instead of the Gamma of
  ``level_cv="auto"`` (done here by replacing ``stock_policy._level_multipliers``).

Printed: fill, months of supply and stock value over the held-out year, beside the oracle
normal anchor (our ADIDA forecast, one safety factor searched on the held-out year until it
reaches our fill), then per lead-time band and class (the anchor at that same factor;
``TAIL_BREAKDOWN=0`` leaves the breakdown out).
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
from forecasting import stock_policy as sp  # noqa: E402
from forecasting.classification import classify  # noqa: E402
from forecasting.csv_io import parse_lead_times, parse_prices, read_series  # noqa: E402
from forecasting.planning import _choice_window, make_forecaster  # noqa: E402
from forecasting.selection import auto_forecast  # noqa: E402
from forecasting.stock_policy import calibrate_target, lead_time_demand_blocks, simulate  # noqa: E402

#: ``../shared/data`` next to the repository, or ``$AFTERSALES_DATA``
DATA = pathlib.Path(os.environ.get("AFTERSALES_DATA", HERE.parents[2] / "shared" / "data"))


def variant_kw(v):
    """Keyword arguments of lead_time_demand_blocks() for a variant."""
    auto = make_forecaster("auto", 12)
    return {
        "default": {},
        "own": {"dispersion": "own"},
        "pooled_nb": {"dispersion": "pooled_nb"},
        "ratio": {"distribution": "ratio"},
        "ratio_auto": {"distribution": "ratio", "ratio_forecaster": auto},
        "mix": {"distribution": "ratio", "ratio_weight": 0.5},
        "level_pool": {"level": "pooled"},
        "mix10": {"distribution": "ratio", "ratio_weight": 0.1},
        "mix20": {"distribution": "ratio", "ratio_weight": 0.2},
        "error": {"distribution": "error"},
        "error_auto": {"distribution": "error", "ratio_forecaster": auto},
        "mix_err": {"distribution": "error", "ratio_weight": 0.5},
        "mix_nb": {"distribution": "ratio", "ratio_weight": 0.5, "dispersion": "pooled_nb"},
    }[v]


def year_ratio_pool(y, every=6, first=24, horizon=12, min_series=30):
    """Empirical level multipliers: actual / forecast over the next ``horizon`` periods from
    back-test origins (TSB forecasts), pooled per class x quintile of expected orders; returns
    the pools and each series' pool index (for its forecast and class now)."""
    from forecasting.error_ratios import mean_size

    ratios, rows, orders = [], [], []
    for cut in range(first, y.shape[1] - horizon + 1, every):
        f = fm.METHODS["tsb"](y[:, :cut], horizon).sum(1)
        a = np.nan_to_num(y[:, cut : cut + horizon]).sum(1)
        keep = f > 0
        ratios.append((a / np.where(keep, f, 1.0))[keep])
        rows.append(np.flatnonzero(keep))
        orders.append((f / mean_size(y[:, :cut]))[keep])
    ratios, rows, orders = (np.concatenate(v) for v in (ratios, rows, orders))
    classes = classify(y)
    edges = np.quantile(orders, [0.2, 0.4, 0.6, 0.8])
    level = np.searchsorted(edges, orders)
    now = np.searchsorted(edges, fm.METHODS["tsb"](y, horizon).sum(1) / mean_size(y))
    pools, index = [ratios], np.zeros(len(y), dtype=np.int64)
    for lv in range(5):
        for cl in np.unique(classes):
            sel = (level == lv) & (classes[rows] == cl)
            if len(np.unique(rows[sel])) >= min_series:
                pools.append(ratios[sel])
                index[(now == lv) & (classes == cl)] = len(pools) - 1
    return pools, index


POOLS: list = []


def _pooled_multipliers(rng, level_cv, n, k):
    """Stand-in for stock_policy._level_multipliers: a ``level_cv`` of 10 + i draws the
    multiplier from pool i of :func:`year_ratio_pool` (the rest as the engine does)."""
    cv = np.broadcast_to(np.asarray(level_cv, dtype=np.float64), (n,))
    out = ORIGINAL_MULTIPLIERS(rng, np.where(cv >= 10, 0.0, cv), n, k)
    for i in np.unique(cv[cv >= 10]):
        mine = cv == i
        pool = POOLS[int(i) - 10]
        out[mine] = pool[rng.integers(0, len(pool), (int(mine.sum()), k))]
    return out


ORIGINAL_MULTIPLIERS = sp._level_multipliers
sp._level_multipliers = _pooled_multipliers


def levels(y, fc, lead, target, kw, samples=2000):
    n = y.shape[0]
    target = np.broadcast_to(np.asarray(target, dtype=np.float64), (n,))
    out = np.zeros(n)
    cv = "auto"
    if kw.get("level") == "pooled":
        kw = {k: v for k, v in kw.items() if k != "level"}
        pools, index = year_ratio_pool(y)
        POOLS[:] = pools
        cv = 10.0 + index
    for sl, ltd in lead_time_demand_blocks(y, fc, lead, n_samples=samples, level_cv=cv, **kw):
        out[sl] = ltd.levels_for(target[sl], "fill_rate", "item")
    return out


def measures(sim, price, rows):
    dem = sim["demand"][rows].sum()
    fill = sim["filled"][rows].sum() / dem if dem > 0 else float("nan")
    mos = sim["on_hand"][rows].sum() / (dem / 12.0) if dem > 0 else float("nan")
    value = float((sim["on_hand"][rows] * price[rows]).sum()) if price is not None else np.nan
    return fill, mos, value


def run(train, test, lead, price, targets, variants, tag, breakdown=True):
    need = max(12, int(lead.max()) + 1)
    fc, *_ = auto_forecast(train, need, validation=_choice_window(train.shape[1], 12))
    forecaster = make_forecaster("auto", 12)
    classes = classify(train)
    groups = [(label, (lead >= lo) & (lead <= hi)) for label, lo, hi in LEAD_BANDS]
    groups += [(c, classes == c) for c in ("smooth", "erratic", "intermittent", "lumpy")]
    groups = [(label, rows) for label, rows in groups if rows.any()]
    anchor_fc = fm.METHODS["adida"](train, need)
    every = np.ones(len(train), dtype=bool)
    for target in targets:
        for v in variants:
            kw = variant_kw(v)
            t0 = time.process_time()
            cal_kw = {k: x for k, x in kw.items() if k != "level"}
            internal = calibrate_target(train, forecaster, lead, target, level_cv="auto", **cal_kw)
            level = levels(train, fc, lead, internal, kw)
            cpu = time.process_time() - t0
            sim = simulate(test, level, lead)
            fill, mos, value = measures(sim, price, every)
            a_fill, a_mos, z = _anchor_normal(train, test, anchor_fc, lead, fill)
            a_sim = simulate(test, _normal_levels(train, anchor_fc, lead, z), lead)
            _, _, a_value = measures(a_sim, price, every)
            print(
                f"{tag} T={target:.2f} {v:10s} fill {fill:.3f} mos {mos:6.1f} value {value:12,.0f}"
                f" | anchor fill {a_fill:.3f} mos {a_mos:6.1f} value {a_value:12,.0f}"
                f" | internal {internal:.3f} cpu {cpu:.1f}s load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if not breakdown:
                continue
            for label, rows in groups:
                f1, m1, v1 = measures(sim, price, rows)
                f2, m2, v2 = measures(a_sim, price, rows)
                print(
                    f"    {label:12s} n {int(rows.sum()):4d} fill {f1:.3f} mos {m1:6.1f} "
                    f"value {v1:11,.0f} | anchor fill {f2:.3f} mos {m2:6.1f} value {v2:11,.0f}",
                    flush=True,
                )


def main(argv):
    which, lead_kind, variants, targets = argv[:4]
    if which.startswith("raf"):
        origin = int(argv[4]) if len(argv) > 4 else 72
        table = read_series(str(DATA / "raf_half_A.csv"))
        rows = np.ones(len(table.ids), dtype=bool)
        half = split_halves(len(table.ids))
        rows = {"rafA": half, "rafB": ~half}.get(which, rows)
        y = table.values[rows]
        own = parse_lead_times(table, table.lead_time_column)[rows].astype(np.int64)
        price = parse_prices(table, table.price_column)[rows]
        train, test = y[:, :origin], y[:, origin : origin + 12]
    else:
        origin = 39
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
        f"{which}@{origin}/{lead_kind}",
        breakdown=os.environ.get("TAIL_BREAKDOWN", "1") == "1",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
