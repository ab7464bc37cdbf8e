"""Reading demand series from CSV files, with errors that name the row and the column.

Two layouts:

* **wide**: a header row, then one row per part. The first column is the part identifier, every
  other column a period (oldest first), except the columns named in ``extra_columns`` (for
  example a lead-time column), which are read separately. An empty cell means "no
  observation" (NaN).
* **long**: a header row with the columns ``part``, ``period`` and ``quantity`` (any order,
  case-insensitive), one row per part and period. Periods are sorted as text (use ISO
  ``YYYY-MM``); a (part, period) pair without a row is zero demand; repeated pairs are summed.
  Parts keep the order of their first appearance. Extra columns (a lead time) must hold one
  value per part.

Columns that are not periods are recognised by their name (:func:`recognise_columns`) or named
by the caller: a **lead-time** column (``lead_time``, ``lead_time_months``, ``leadtime``...), a
**price** column (``price``, ``price_gbp``, ``unit_price``, ``unit_cost``...) and **text**
columns (``description``, ``name``, ``category``, ``supplier``...). They are kept apart from the
periods, as raw strings (``SeriesTable.extra``), and carried through to the output; the roles
found are in ``SeriesTable.lead_time_column``, ``price_column`` and ``text_columns``.

Rows are numbered as lines of the file: the header is row 1, the first data row is row 2.
Errors raise :class:`InputError` with that row number and the column name. Quantities must be
finite and non-negative numbers.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "InputError",
    "SeriesTable",
    "detect_format",
    "parse_lead_times",
    "parse_prices",
    "read_series",
    "recognise_columns",
    "write_csv_atomic",
]


class InputError(ValueError):
    """A malformed input file; the message names the row and the column."""


@dataclass
class SeriesTable:
    """Series read from a file: ``ids`` (N), ``periods`` (T), ``values`` (N x T float64, NaN =
    no observation), ``extra`` (column name -> list of N raw strings) and ``rows`` (N, the file
    row where each part first appears)."""

    ids: list[str]
    periods: list[str]
    values: np.ndarray
    extra: dict[str, list[str]] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)
    lead_time_column: str | None = None
    price_column: str | None = None
    text_columns: list[str] = field(default_factory=list)


_LEAD_TIME = re.compile(r"^(lead[ _-]?time|leadtime)([ _-]?(months?|periods?|m))?$", re.I)
_PRICE = re.compile(r"^((unit|standard|std)[ _-]?)?(price|cost)([ _-]?[a-z]{3})?$", re.I)
_TEXT = re.compile(
    r"^(description|desc|name|part[ _-]?name|title|label|text|comment|notes?|category|"
    r"family|group|class|uom|unit|supplier|vendor|manufacturer|brand)$",
    re.I,
)


def recognise_columns(header) -> dict:
    """Roles of the non-period columns of a header, by name (case-insensitive):
    ``{"lead_time": name or None, "price": name or None, "text": [names]}``. The first column
    (the part) is never given a role."""
    roles = {"lead_time": None, "price": None, "text": []}
    for name in [c.strip() for c in header][1:]:
        if roles["lead_time"] is None and _LEAD_TIME.match(name):
            roles["lead_time"] = name
        elif roles["price"] is None and _PRICE.match(name):
            roles["price"] = name
        elif _TEXT.match(name):
            roles["text"].append(name)
    return roles


def _parse_quantity(text: str, row: int, column: str, allow_empty: bool) -> float:
    s = text.strip()
    if s == "":
        if allow_empty:
            return math.nan
        raise InputError(f"row {row}, column {column!r}: empty quantity")
    try:
        v = float(s)
    except ValueError:
        raise InputError(f"row {row}, column {column!r}: not a number: {s!r}") from None
    if not math.isfinite(v):
        raise InputError(f"row {row}, column {column!r}: not a finite number: {s!r}")
    if v < 0:
        raise InputError(f"row {row}, column {column!r}: negative demand {s}")
    return v


def _read_rows(path: str) -> list[list[str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not a UTF-8 text file: {exc}") from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}") from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise InputError("row 1: missing header row")
    return rows


def detect_format(path: str) -> str:
    """``long`` when the header has ``part``, ``period`` and ``quantity`` columns, else ``wide``."""
    header = {c.strip().lower() for c in _read_rows(path)[0]}
    return "long" if {"part", "period", "quantity"} <= header else "wide"


def _read_wide(rows, extra_columns) -> SeriesTable:
    header = [c.strip() for c in rows[0]]
    if len(header) < 2:
        raise InputError("row 1: a wide file needs a part column and at least one period column")
    for name in extra_columns:
        if name not in header[1:]:
            raise InputError(f"row 1: no column named {name!r}")
    seen = set()
    for j, name in enumerate(header):
        if name == "":
            raise InputError(f"row 1, column {j + 1}: empty column name")
        if name in seen:
            raise InputError(f"row 1, column {name!r}: duplicate column name")
        seen.add(name)
    period_idx = [j for j in range(1, len(header)) if header[j] not in extra_columns]
    extra_idx = {name: header.index(name) for name in extra_columns}
    if not period_idx:
        raise InputError("row 1: no period column")
    ids, values, line_of = [], [], []
    extra = {name: [] for name in extra_columns}
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # blank line
        if len(row) != len(header):
            if len(row) < len(header):
                missing = header[len(row)]
                raise InputError(
                    f"row {i}, column {missing!r}: ragged row, {len(row)} cells for "
                    f"{len(header)} columns"
                )
            raise InputError(
                f"row {i}, column {len(header) + 1} (after {header[-1]!r}): ragged row, "
                f"{len(row)} cells for {len(header)} columns"
            )
        pid = row[0].strip()
        if pid == "":
            raise InputError(f"row {i}, column {header[0]!r}: empty part identifier")
        ids.append(pid)
        line_of.append(i)
        values.append([_parse_quantity(row[j], i, header[j], True) for j in period_idx])
        for name, j in extra_idx.items():
            extra[name].append(row[j].strip())
    if not ids:
        raise InputError("no data rows")
    periods = [header[j] for j in period_idx]
    return SeriesTable(ids, periods, np.array(values, dtype=np.float64), extra, line_of)


def _read_long(rows, extra_columns) -> SeriesTable:
    header = [c.strip() for c in rows[0]]
    lower = [c.lower() for c in header]
    for need in ("part", "period", "quantity"):
        if need not in lower:
            raise InputError(f"row 1: a long file needs a {need!r} column")
    ip, it, iq = lower.index("part"), lower.index("period"), lower.index("quantity")
    for name in extra_columns:
        if name not in header:
            raise InputError(f"row 1: no column named {name!r}")
    ie = {name: header.index(name) for name in extra_columns}
    cells: dict[tuple[str, str], float] = {}
    order: dict[str, int] = {}
    first_row: dict[str, int] = {}
    extra_vals: dict[str, dict[str, tuple[str, int]]] = {name: {} for name in extra_columns}
    periods = set()
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            col = header[len(row)] if len(row) < len(header) else f"{len(header) + 1}"
            raise InputError(
                f"row {i}, column {col!r}: ragged row, {len(row)} cells for {len(header)} columns"
            )
        part, period = row[ip].strip(), row[it].strip()
        if part == "":
            raise InputError(f"row {i}, column {header[ip]!r}: empty part identifier")
        if period == "":
            raise InputError(f"row {i}, column {header[it]!r}: empty period")
        q = _parse_quantity(row[iq], i, header[iq], False)
        order.setdefault(part, len(order))
        first_row.setdefault(part, i)
        periods.add(period)
        cells[(part, period)] = cells.get((part, period), 0.0) + q
        for name, j in ie.items():
            v = row[j].strip()
            prev = extra_vals[name].get(part)
            if prev is not None and prev[0] != v:
                raise InputError(
                    f"row {i}, column {name!r}: part {part!r} has {prev[0]!r} on row {prev[1]} "
                    f"and {v!r} here; one value per part"
                )
            extra_vals[name].setdefault(part, (v, i))
    if not order:
        raise InputError("no data rows")
    ids = sorted(order, key=order.get)
    per = sorted(periods)
    col = {p: j for j, p in enumerate(per)}
    values = np.zeros((len(ids), len(per)))
    row_of = {p: k for k, p in enumerate(ids)}
    for (part, period), q in cells.items():
        values[row_of[part], col[period]] = q
    extra = {name: [extra_vals[name][p][0] for p in ids] for name in extra_columns}
    return SeriesTable(ids, per, values, extra, [first_row[p] for p in ids])


def read_series(
    path: str,
    fmt: str = "auto",
    extra_columns=(),
    lead_time_column: str | None = None,
    price_column: str | None = None,
    text_columns=None,
    recognise: bool = True,
) -> SeriesTable:
    """Read a wide or long CSV file (``fmt``: ``wide``, ``long`` or ``auto``).

    ``lead_time_column``, ``price_column`` and ``text_columns`` name those columns; the ones
    not named are recognised by name (:func:`recognise_columns`) unless ``recognise=False``.
    ``extra_columns`` are other non-period columns to keep apart (raw strings).
    """
    rows = _read_rows(path)
    if fmt == "auto":
        header = {c.strip().lower() for c in rows[0]}
        fmt = "long" if {"part", "period", "quantity"} <= header else "wide"
    if fmt not in ("wide", "long"):
        raise ValueError(f"unknown format {fmt!r}")
    header = [c.strip() for c in rows[0]]
    found = recognise_columns(header) if recognise else {"lead_time": None, "price": None}
    if fmt == "long":  # the three columns of the layout have no other role
        core = {"part", "period", "quantity"}
        found["text"] = [c for c in found.get("text", []) if c.lower() not in core]
    lead = lead_time_column or found["lead_time"]
    price = price_column or found["price"]
    text = list(text_columns) if text_columns is not None else found.get("text", [])
    named = [lead, price, *text, *extra_columns]
    extra = tuple(dict.fromkeys(c for c in named if c))
    table = _read_wide(rows, extra) if fmt == "wide" else _read_long(rows, extra)
    table.lead_time_column, table.price_column, table.text_columns = lead, price, text
    return table


def parse_prices(table: SeriesTable, column: str) -> np.ndarray:
    """Unit prices (finite, >= 0; an empty cell is NaN) from a column; errors name the row and
    column."""
    out = []
    for k, raw in enumerate(table.extra[column]):
        if raw == "":
            out.append(math.nan)
            continue
        try:
            v = float(raw)
        except ValueError:
            raise InputError(
                f"row {table.rows[k]}, column {column!r}: price not a number: {raw!r}"
            ) from None
        if not math.isfinite(v) or v < 0:
            raise InputError(
                f"row {table.rows[k]}, column {column!r}: price must be a number >= 0, got {raw!r}"
            )
        out.append(v)
    return np.array(out, dtype=np.float64)


def parse_lead_times(table: SeriesTable, column: str) -> np.ndarray:
    """Whole, non-negative lead times from an extra column; errors name the row and column."""
    out = []
    for k, raw in enumerate(table.extra[column]):
        where = f"row {table.rows[k]}"
        try:
            v = float(raw)
        except ValueError:
            raise InputError(
                f"{where}, column {column!r}: lead time not a number: {raw!r}"
            ) from None
        if not math.isfinite(v) or v < 0 or v != round(v):
            raise InputError(
                f"{where}, column {column!r}: lead time must be a whole number >= 0, got {raw!r}"
            )
        out.append(int(v))
    return np.array(out, dtype=np.int64)


def write_csv_atomic(path: str, header: list[str], rows) -> None:
    """Write a CSV file through a temporary file renamed into place (nothing left on error)."""
    import os
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".forecast-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
