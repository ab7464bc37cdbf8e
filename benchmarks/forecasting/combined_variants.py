"""Issue 14, fifth pass: the ratio tail inside the system allocation, with blended unit costs.

Not part of the engine: the variants measured in ``readme/FORECASTING.md`` ("Fifth pass on
issue 14"). It combines the two levers of the fourth pass (the pooled actual / forecast tail of
``tail_variants.py`` and the cost-weighted system scope of ``system_variants.py``, whose data
loading and helpers it imports). Run with the benchmark's virtualenv, from the repository root::

    ~/.cache/aftersales/bench-venv/bin/python benchmarks/forecasting/combined_variants.py \\
        rafA 1 item_nb_down,value_r10_down,mv_r10_both 0.9,0.95,0.99 [48,60,72]

Variants ``COST_DIST_CAL``:

* ``COST``: ``item`` (each part its own target, today's default), ``units`` (system scope,
  least units), ``value`` (least value at the unit price), ``wNN`` (least total of
  ``cost_i = w * price_i / mean(price) + (1 - w)`` with ``w = NN / 100``), ``mv`` (least
  *months of supply plus value-months*: ``cost_i = price_i / p_bar + 1`` with ``p_bar`` the
  demand-weighted mean price of the history, a rule fixed before looking at any result: both
  measures of the issue count the same, each in months of the whole system's demand). Every
  system variant keeps each part at least at its item-scope level for the target minus
  ``planning.SYSTEM_VALUE_FLOOR`` (0.15), as the value scope of the fourth pass; a ``COST``
  ending in ``-`` (``value-``, ``mv-``) has no floor, one ending in ``~`` takes the floor from
  the negative binomial (``nb``) whatever ``DIST`` (the tail is not bought for every part).
* ``DIST``: ``nb`` (plan()'s negative binomial), ``nb0`` (the same without the level
  uncertainty, ``level_cv=0``), ``rNN`` (``distribution="ratio"`` with
  ``ratio_weight = NN / 100``: that share of the lead-time demand drawn from pooled actual /
  forecast ratios).
* ``CAL``: ``none``, ``down`` (one back-test year, target only lowered, plan()'s default) or
  ``both`` (two back-test years pooled over all parts, target raised or lowered).

Sets ``rafA`` / ``rafB`` / ``raf`` / ``carparts`` and lead times ``1`` / ``cap`` / ``unc`` as in
``system_variants.py``. Each row: aggregate fill, months of supply and value over the held-out
year, beside the normal anchor (one common safety factor on our own ADIDA forecast, searched on
the held-out year to the same fill: an oracle) with its months and value; then the same per
lead-time band, demand class and quartile of price (the anchor at that same factor;
``MIX_BREAKDOWN=0`` leaves it out). With several origins, the means over them.
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
from system_variants import DATA, bands  # noqa: E402

from forecasting import methods as fm  # noqa: E402
from forecasting.classification import classify  # noqa: E402
from forecasting.csv_io import parse_lead_times, parse_prices, read_series  # noqa: E402
from forecasting.planning import SYSTEM_VALUE_FLOOR, _choice_window, make_forecaster  # noqa: E402
from forecasting.selection import auto_forecast  # noqa: E402
from forecasting.stock_policy import (  # noqa: E402
    CALIBRATION_GRID,
    _interp_target,
    lead_time_demand_blocks,
    simulate,
)


def dist_kw(dist):
    """Keyword arguments of lead_time_demand_blocks() for ``nb`` / ``nb0`` / ``rNN``."""
    if dist == "nb":
        return {"level_cv": "auto"}
    if dist == "nb0":
        return {"level_cv": 0.0}
    if dist.startswith("r"):
        return {"distribution": "ratio", "ratio_weight": int(dist[1:]) / 100.0, "level_cv": "auto"}
    raise ValueError(dist)


def unit_costs(cost, price, history):
    """Cost per unit of each part for a ``COST`` name (``None`` for the item scope)."""
    if cost == "item":
        return None
    if cost == "units":
        return np.ones(len(price))
    if cost == "value":
        return price
    if cost == "mv":
        demand = np.nan_to_num(np.nanmean(history, axis=1))
        p_bar = float((demand * price).sum() / max(demand.sum(), 1e-12))
        return price / p_bar + 1.0
    if cost.startswith("w"):
        w = int(cost[1:]) / 100.0
        return w * price / price.mean() + (1.0 - w)
    raise ValueError(cost)


def levels(ltd, target, cost, floor=SYSTEM_VALUE_FLOOR, floor_ltd=None):
    """Item-scope levels (``cost`` None) or the system scope's; ``floor_ltd``: the
    distribution whose item-scope levels for ``target - floor`` are the floor."""
    if cost is None:
        return ltd.levels_for(target, "fill_rate", "item")
    if floor_ltd is None or floor is None:
        return ltd.levels_for(target, "fill_rate", "system", cost, floor)
    least = floor_ltd.level_for(max(float(target) - float(floor), 0.5))
    return ltd.system_levels(target, cost, least)


class Distributions:
    """One system-wide LeadTimeDemand per distribution, for the plan and each back-test year
    (built once and shared by the variants of an origin)."""

    def __init__(self, train, fc, lead):
        self.train, self.fc, self.lead = train, fc, lead
        self.forecaster = make_forecaster("auto", 12)
        self.years = []
        t_len = train.shape[1]
        for k in range(2):
            cut = t_len - 12 * (k + 1)
            if k and cut < 24:
                break
            fit, val = train[:, :cut], train[:, cut : cut + 12]
            self.years.append((fit, val, self.forecaster(fit, max(12, int(lead.max()) + 1))))
        self.cache = {}
        self.curves = {}

    def ltd(self, dist, year=None):
        key = (dist, year)
        if key not in self.cache:
            y, f = (
                (self.train, self.fc)
                if year is None
                else (self.years[year][0], self.years[year][2])
            )
            blocks = lead_time_demand_blocks(y, f, self.lead, "system", **dist_kw(dist))
            self.cache[key] = next(blocks)[1]
        return self.cache[key]

    def curve(self, cost_name, cost, floor, dist, years, nb_floor=False):
        """Back-tested aggregate fill per calibration-grid target, pooled over ``years``."""
        key = (cost_name, floor, dist, years, nb_floor)
        if key not in self.curves:
            filled = np.zeros(len(CALIBRATION_GRID))
            demand = 0.0
            for k in range(min(years, len(self.years))):
                ltd, val = self.ltd(dist, k), self.years[k][1]
                floor_ltd = self.ltd("nb", k) if nb_floor else None
                for i, g in enumerate(CALIBRATION_GRID):
                    level = levels(ltd, g, cost, floor, floor_ltd)
                    filled[i] += simulate(val, level, self.lead)["filled"].sum()
                demand += float(np.nansum(val))
            self.curves[key] = filled / max(demand, 1e-12)
        return self.curves[key]


def measures(sim, price, rows, months):
    dem = sim["demand"][rows].sum()
    fill = sim["filled"][rows].sum() / dem if dem > 0 else float("nan")
    mos = sim["on_hand"][rows].sum() / (dem / months) if dem > 0 else float("nan")
    return fill, mos, float((sim["on_hand"][rows] * price[rows]).sum())


def run_origin(y, cut, lead, price, targets, variants, tag):
    train, test = y[:, :cut], y[:, cut : cut + 12]
    need = max(12, int(lead.max()) + 1)
    fc, *_ = auto_forecast(train, need, validation=_choice_window(train.shape[1], 12))
    dists = Distributions(train, fc, lead)
    anchor_fc = fm.METHODS["adida"](train, need)
    classes = classify(train)
    quartile = np.searchsorted(np.quantile(price, [0.25, 0.5, 0.75]), price, side="right")
    groups = (
        [(b, bands(lead) == b) for b, *_ in LEAD_BANDS]
        + [(c, classes == c) for c in ("smooth", "erratic", "intermittent", "lumpy")]
        + ([(f"price-Q{q + 1}", quartile == q) for q in range(4)] if np.ptp(price) > 0 else [])
    )
    groups = [(label, rows) for label, rows in groups if rows.any()]
    every = np.ones(len(y), dtype=bool)
    out = []
    for target in targets:
        for v in variants:
            cost_name, dist, cal = v.split("_")
            floor = None if cost_name.endswith("-") else SYSTEM_VALUE_FLOOR
            nb_floor = cost_name.endswith("~")
            cost = unit_costs(cost_name.rstrip("-~"), price, train)
            t0 = time.process_time()
            internal = target
            if cal in ("down", "both"):
                years = 1 if cal == "down" else 2
                achieved = dists.curve(cost_name, cost, floor, dist, years, nb_floor)
                internal = _interp_target(target, achieved, cal == "both")
            floor_ltd = dists.ltd("nb") if nb_floor else None
            level = levels(dists.ltd(dist), internal, cost, floor, floor_ltd)
            cpu = time.process_time() - t0
            sim = simulate(test, level, lead)
            fill, mos, value = measures(sim, price, every, test.shape[1])
            a_fill, a_mos, z = _anchor_normal(train, test, anchor_fc, lead, fill)
            a_sim = simulate(test, _normal_levels(train, anchor_fc, lead, z), lead)
            _, _, a_value = measures(a_sim, price, every, test.shape[1])
            out.append((target, v, fill, mos, value, a_fill, a_mos, a_value))
            print(
                f"{tag}@{cut} T={target:.2f} {v:16s} fill {fill:.3f} mos {mos:6.1f} value "
                f"{value:12,.0f} | anchor fill {a_fill:.3f} mos {a_mos:6.1f} value {a_value:12,.0f}"
                f" | vs anchor mos {100 * (mos / a_mos - 1):+.1f} % value "
                f"{100 * (value / a_value - 1):+.1f} % | internal {internal:.3f} cpu {cpu:.1f}s "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if os.environ.get("MIX_BREAKDOWN", "1") != "1":
                continue
            for label, rows in groups:
                f1, m1, v1 = measures(sim, price, rows, test.shape[1])
                f2, m2, v2 = measures(a_sim, price, rows, test.shape[1])
                print(
                    f"    {label:12s} n {int(rows.sum()):4d} fill {f1:.3f} mos {m1:6.1f} value "
                    f"{v1:11,.0f} | anchor fill {f2:.3f} mos {m2:6.1f} value {v2:11,.0f}",
                    flush=True,
                )
    return out


def load(which):
    """(history, own lead times, prices, default origins) of a set."""
    if which.startswith("raf"):
        table = read_series(str(DATA / "raf_half_A.csv"))
        rows = np.ones(len(table.ids), dtype=bool)
        half = split_halves(len(table.ids))
        rows = {"rafA": half, "rafB": ~half}.get(which, rows)
        own = parse_lead_times(table, table.lead_time_column)[rows].astype(np.int64)
        price = parse_prices(table, table.price_column)[rows]
        return table.values[rows][:, :84], own, price, "72"
    y = read_series(str(DATA / "carparts_wide.csv")).values
    y = y[carparts_filter(y)][:, :51]
    own = np.random.default_rng(3).integers(1, 13, len(y))
    return y, own, np.ones(len(y)), "39"  # no price: value = units


def main(argv):
    which, lead_kind, variants, targets = argv[:4]
    y, own, price, default_origin = load(which)
    origins = [int(o) for o in (argv[4] if len(argv) > 4 else default_origin).split(",")]
    lead = {"1": np.ones(len(y), dtype=np.int64), "cap": np.minimum(own, 12), "unc": own}
    lead = lead[lead_kind]
    targets = [float(t) for t in targets.split(",")]
    variants = variants.split(",")
    rows = []
    for cut in origins:
        rows += run_origin(y, cut, lead, price, targets, variants, f"{which}/{lead_kind}")
    if len(origins) > 1:
        print(f"mean over origins {origins}:")
        for target in targets:
            for v in variants:
                sel = [r for r in rows if r[0] == target and r[1] == v]
                fill, mos, value, a_mos, a_value = (
                    np.mean([r[i] for r in sel]) for i in (2, 3, 4, 6, 7)
                )
                print(
                    f"  T={target:.2f} {v:16s} fill {fill:.3f} mos {mos:6.1f} (anchor {a_mos:6.1f},"
                    f" {100 * (mos / a_mos - 1):+.1f} %) value {value:12,.0f} (anchor "
                    f"{a_value:12,.0f}, {100 * (value / a_value - 1):+.1f} %)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
