"""Command line: forecasts, classes, chosen methods and suggested min/max from a CSV file.

Usage::

    python -m forecasting --input FILE [--format auto|wide|long] [--horizon 12]
        [--method auto|NAME] [--lead-time N | --lead-time-column COL]
        [--price-column COL] [--text-column COL ...]
        [--service-level 0.95] [--measure fill_rate|cycle_service] [--scope item|system|value]
        [--no-calibrate | --calibrate down|both] [--output FILE]

Lead-time, price and text columns are recognised by their name (``lead_time_months``,
``price_gbp``, ``description``...; see ``csv_io.recognise_columns``) or named by option; a
recognised lead-time column is used unless ``--lead-time`` is given. ``--scope value`` is the
system scope at the least stock value (unit prices from the price column, each part at least at
its item-scope level for the target minus ``planning.SYSTEM_VALUE_FLOOR``).

Output columns: ``part``, the text columns of the input, ``class, adi, cv2, method,
lead_time, min, max, expected_service, internal_target``, with a price column ``price,
max_value`` (the order-up-to level in money), then ``f1 .. fH`` (forecast per period).
``expected_service`` is the model's service at ``max`` for the internal target, which the
back-test calibration may have moved (see ``stock_policy.calibrate_target``). Without
``--output`` the CSV goes to standard output. On a malformed input file the program prints
``error: FILE: row R, column 'C': ...`` on standard error, exits with status 2 and writes
nothing (the output file is written to a temporary file and renamed only when everything
succeeded). Rows are lines of the file: the header is row 1.
"""

from __future__ import annotations

import argparse
import csv
import sys

import numpy as np

from .csv_io import InputError, parse_lead_times, parse_prices, read_series, write_csv_atomic
from .methods import METHODS
from .planning import SYSTEM_VALUE_FLOOR, plan

EXIT_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="forecasting",
        description="Spare-parts demand forecasts and min/max levels from a CSV of series.",
    )
    p.add_argument("--input", required=True, help="CSV file (wide or long layout)")
    p.add_argument("--format", choices=("auto", "wide", "long"), default="auto")
    p.add_argument("--horizon", type=int, default=12, help="periods to forecast (default 12)")
    p.add_argument(
        "--method",
        default="auto",
        choices=("auto", *METHODS),
        help="forecasting method (default: automatic choice per demand class)",
    )
    lt = p.add_mutually_exclusive_group()
    lt.add_argument(
        "--lead-time",
        type=int,
        help="lead time in periods for every part (default: a lead-time column, else 1)",
    )
    lt.add_argument("--lead-time-column", help="column holding each part's lead time")
    p.add_argument("--price-column", help="column holding each part's unit price")
    p.add_argument(
        "--text-column",
        action="append",
        help="text column carried to the output (repeatable; default: recognised by name)",
    )
    p.add_argument("--service-level", type=float, default=0.95, help="target, 0-1 (default 0.95)")
    p.add_argument("--measure", choices=("fill_rate", "cycle_service"), default="fill_rate")
    p.add_argument("--scope", choices=("item", "system", "value"), default="item")
    cal = p.add_mutually_exclusive_group()
    cal.add_argument("--no-calibrate", action="store_true", help="skip the back-test calibration")
    cal.add_argument(
        "--calibrate",
        choices=("down", "both"),
        default="down",
        help="back-test calibration may only lower the target (down, default) or also raise it",
    )
    p.add_argument("--samples", type=int, default=2000, help="Monte Carlo draws per part")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--output", help="output CSV (default: standard output)")
    return p


def _fmt(v: float) -> str:
    if np.isnan(v):
        return ""
    if np.isinf(v):
        return "inf"
    return f"{v:.6g}"


def run(args: argparse.Namespace) -> int:
    if args.horizon < 1:
        raise InputError("--horizon must be at least 1")
    if not 0.0 < args.service_level < 1.0:
        raise InputError("--service-level must be between 0 and 1 (for example 0.95)")
    if args.lead_time is not None and args.lead_time < 0:
        raise InputError("--lead-time must be 0 or more")
    table = read_series(
        args.input,
        args.format,
        lead_time_column=args.lead_time_column,
        price_column=args.price_column,
        text_columns=args.text_column,
    )
    if args.lead_time is None and table.lead_time_column:
        lead = parse_lead_times(table, table.lead_time_column)
    else:
        lead = np.full(len(table.ids), int(args.lead_time or 1), dtype=np.int64)
    price = parse_prices(table, table.price_column) if table.price_column else None
    if args.scope == "value" and price is None:
        raise InputError("--scope value needs a price column (--price-column)")
    value = args.scope == "value"
    res = plan(
        table.values,
        horizon=args.horizon,
        method=args.method,
        lead_time=lead,
        target=args.service_level,
        measure=args.measure,
        scope="system" if value else args.scope,
        calibrate=False if args.no_calibrate else args.calibrate,
        n_samples=args.samples,
        seed=args.seed,
        unit_cost=price if value else None,
        item_floor=SYSTEM_VALUE_FLOOR if value else None,
    )
    header = [
        "part",
        *table.text_columns,
        "class",
        "adi",
        "cv2",
        "method",
        "lead_time",
        "min",
        "max",
        "expected_service",
        "internal_target",
        *(("price", "max_value") if price is not None else ()),
    ] + [f"f{k + 1}" for k in range(args.horizon)]
    rows = []
    internal = np.broadcast_to(np.asarray(res["internal_target"], dtype=float), (len(table.ids),))
    for i, pid in enumerate(table.ids):
        rows.append(
            [
                pid,
                *(table.extra[c][i] for c in table.text_columns),
                res["class"][i],
                _fmt(res["adi"][i]),
                _fmt(res["cv2"][i]),
                res["method"][i],
                int(res["lead_time"][i]),
                _fmt(res["min"][i]),
                _fmt(res["max"][i]),
                _fmt(round(float(res["expected_service"][i]), 4)),
                _fmt(round(float(internal[i]), 4)),
                *(
                    (_fmt(price[i]), _fmt(round(float(res["max"][i] * price[i]), 2)))
                    if price is not None
                    else ()
                ),
            ]
            + [_fmt(v) for v in res["forecast"][i]]
        )
    if args.output:
        write_csv_atomic(args.output, header, rows)
    else:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return 0


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.scope != "item" and args.measure != "fill_rate":
        parser.error(f"--scope {args.scope} works with --measure fill_rate only")
    if args.samples < 100:
        parser.error("--samples must be at least 100")
    try:
        return run(args)
    except InputError as exc:
        sys.stderr.write(f"error: {args.input}: {exc}\n")
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
