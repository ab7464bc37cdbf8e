"""Issue 14, fourth pass: where the stock goes (value-weighted system allocation).

Not part of the engine's default: the variants measured in ``readme/FORECASTING.md`` ("Fourth
pass on issue 14"). Run with the benchmark's virtualenv, from the repository root::

    ~/.cache/aftersales/bench-venv/bin/python benchmarks/forecasting/system_variants.py \\
        rafA 1 item_down,units_both,value_both 0.9,0.95,0.99 [48,60,72]

Sets: ``rafA`` / ``rafB`` (the halves of ``raf_half_A.csv``, :func:`bench.split_halves`),
``raf`` (whole file), ``carparts`` (the 1,046 filtered series, no price: value = units). Lead
times: ``1``, ``cap`` (own, at most 12), ``unc`` (own). Variants ``SCOPE_CAL``: ``SCOPE`` is
``item`` (each part its target, today's default), ``units`` (system scope, least units) or
``value`` (system scope, least stock value at the unit price), ``valuefloor`` (``value`` with
every part at least at its item-scope level for the target minus
``planning.SYSTEM_VALUE_FLOOR``, 0.15); ``CAL`` is ``none``,
``down`` (plan()'s default: one back-test year, only lowers the target) or ``both`` (two
back-test years pooled over all parts, raises or lowers it). Origins: the months at which the
plan is made (fitted on the months before, simulated on the 12 after; default 72 for RAF, 39
for carparts). Each row: the aggregate fill, months of supply and value, beside the normal
anchor (one common safety factor on our own ADIDA forecast, searched on the held-out year to
the same fill: an oracle) and its value; then fill per lead-time band and demand class.
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
from forecasting.planning import SYSTEM_VALUE_FLOOR, _choice_window, make_forecaster  # noqa: E402
from forecasting.selection import auto_forecast  # noqa: E402
from forecasting.stock_policy import (  # noqa: E402
    CALIBRATION_GRID,
    _interp_target,
    lead_time_demand_blocks,
    simulate,
)

#: ``../shared/data`` next to the repository, or ``$AFTERSALES_DATA``
DATA = pathlib.Path(os.environ.get("AFTERSALES_DATA", HERE.parents[2] / "shared" / "data"))


def bands(lead):
    out = np.empty(len(lead), dtype=object)
    for label, lo, hi in LEAD_BANDS:
        out[(lead >= lo) & (lead <= hi)] = label
    return out


def ltd_of(y, fc, lead):
    """One LeadTimeDemand for all the series (the system scope's single block)."""
    return next(lead_time_demand_blocks(y, fc, lead, "system", level_cv="auto"))[1]


def levels(ltd, scope, target, price):
    if scope == "item":
        return ltd.levels_for(target, "fill_rate", "item")
    if scope == "units":
        return ltd.levels_for(target, "fill_rate", "system")
    if scope == "value":
        return ltd.levels_for(target, "fill_rate", "system", price)
    if scope == "valuefloor":
        return ltd.levels_for(target, "fill_rate", "system", price, SYSTEM_VALUE_FLOOR)
    raise ValueError(scope)


class Backtest:
    """Filled units per calibration-grid target at earlier origins, cached per scope."""

    def __init__(self, y, lead, years):
        forecaster = make_forecaster("auto", 12)
        t_len = y.shape[1]
        self.years = []
        for k in range(years):
            cut = t_len - 12 * (k + 1)
            if k and cut < 24:
                break
            fit, val = y[:, :cut], y[:, cut : cut + 12]
            f = forecaster(fit, max(12, int(lead.max()) + 1))
            self.years.append((ltd_of(fit, f, lead), val))
        self.lead = lead
        self.cache = {}

    def curve(self, scope, price, years):
        key = (scope, years)
        if key not in self.cache:
            filled = np.zeros(len(CALIBRATION_GRID))
            demand = 0.0
            for ltd, val in self.years[:years]:
                for i, g in enumerate(CALIBRATION_GRID):
                    sim = simulate(val, levels(ltd, scope, g, price), self.lead)
                    filled[i] += sim["filled"].sum()
                demand += float(np.nansum(val))
            self.cache[key] = filled / max(demand, 1e-12)
        return self.cache[key]


def breakdown(sim, rows_by):
    out = []
    for label, rows in rows_by:
        dem = sim["demand"][rows].sum()
        if dem > 0:
            out.append(f"{label} {sim['filled'][rows].sum() / dem:.3f}")
    return " ".join(out)


def run_origin(y, cut, lead, price, targets, variants, tag, value_price):
    train, test = y[:, :cut], y[:, cut : cut + 12]
    need = max(12, int(lead.max()) + 1)
    fc, *_ = auto_forecast(train, need, validation=_choice_window(train.shape[1], 12))
    ltd = ltd_of(train, fc, lead)
    anchor_fc = fm.METHODS["adida"](train, need)
    classes = classify(train)
    quartile = np.searchsorted(np.quantile(price, [0.25, 0.5, 0.75]), price, side="right")
    rows_by = (
        [(b, bands(lead) == b) for b, *_ in LEAD_BANDS]
        + [(c, classes == c) for c in ("smooth", "erratic", "intermittent", "lumpy")]
        + [(f"price-Q{q + 1}", quartile == q) for q in range(4)]
    )
    bt = {"down": Backtest(train, lead, 1), "both": Backtest(train, lead, 2)}
    out = []
    for target in targets:
        for v in variants:
            scope, cal = v.rsplit("_", 1)
            t0 = time.process_time()
            internal = target
            if cal in bt:
                achieved = bt[cal].curve(scope, value_price, 1 if cal == "down" else 2)
                internal = _interp_target(target, achieved, cal == "both")
            level = levels(ltd, scope, internal, value_price)
            cpu = time.process_time() - t0
            sim = simulate(test, level, lead)
            fill = sim["filled"].sum() / sim["demand"].sum()
            mos = sim["on_hand"].sum() / (sim["demand"].sum() / test.shape[1])
            value = float((sim["on_hand"] * price).sum())
            vmos = value / (float((sim["demand"] * price).sum()) / test.shape[1])
            a_fill, a_mos, z = _anchor_normal(train, test, anchor_fc, lead, fill)
            a_sim = simulate(test, _normal_levels(train, anchor_fc, lead, z), lead)
            a_value = float((a_sim["on_hand"] * price).sum())
            a_vmos = a_value / (float((a_sim["demand"] * price).sum()) / test.shape[1])
            out.append((target, v, fill, mos, value, a_fill, a_mos, a_value, vmos, a_vmos))
            print(
                f"{tag}@{cut} T={target:.2f} {v:15s} fill {fill:.3f} mos {mos:6.1f} value "
                f"{value:12,.0f} | anchor fill {a_fill:.3f} mos {a_mos:6.1f} value "
                f"{a_value:12,.0f} ({100 * (value / a_value - 1):+.1f} %) | value-months "
                f"{vmos:.1f} anchor {a_vmos:.1f} | internal "
                f"{internal:.3f} cpu {cpu:.1f}s load {os.getloadavg()[0]:.1f}\n"
                f"    fill by band/class: {breakdown(sim, rows_by)}",
                flush=True,
            )
    return out


def main(argv):
    which, lead_kind, variants, targets = argv[:4]
    if which.startswith("raf"):
        table = read_series(str(DATA / "raf_half_A.csv"))
        rows = np.ones(len(table.ids), dtype=bool)
        half = split_halves(len(table.ids))
        rows = {"rafA": half, "rafB": ~half}.get(which, rows)
        y = table.values[rows][:, :84]
        own = parse_lead_times(table, table.lead_time_column)[rows].astype(np.int64)
        price = parse_prices(table, table.price_column)[rows]
        default_origin = "72"
    else:
        y = read_series(str(DATA / "carparts_wide.csv")).values
        y = y[carparts_filter(y)][:, :51]
        own = np.random.default_rng(3).integers(1, 13, len(y))
        price = np.ones(len(y))  # no price: value = units
        default_origin = "39"
    origins = [int(o) for o in (argv[4] if len(argv) > 4 else default_origin).split(",")]
    lead = {"1": np.ones(len(y), dtype=np.int64), "cap": np.minimum(own, 12), "unc": own}
    lead = lead[lead_kind]
    targets = [float(t) for t in targets.split(",")]
    variants = variants.split(",")
    rows = []
    for cut in origins:
        rows += run_origin(y, cut, lead, price, targets, variants, f"{which}/{lead_kind}", price)
    if len(origins) > 1:
        print(f"mean over origins {origins}:")
        for target in targets:
            for v in variants:
                sel = [r for r in rows if r[0] == target and r[1] == v]
                fill, mos, value, a_mos, a_value = (
                    np.mean([r[i] for r in sel]) for i in (2, 3, 4, 6, 7)
                )
                print(
                    f"  T={target:.2f} {v:15s} fill {fill:.3f} mos {mos:6.1f} (anchor {a_mos:6.1f})"
                    f" value {value:12,.0f} anchor value {a_value:12,.0f}"
                    f" ({100 * (value / a_value - 1):+.1f} %)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
