"""One call from demand history to forecasts, classes, chosen methods and min/max levels.

This is what the command line and the Odoo models use: ``plan(history, ...)`` forecasts every
series (a fixed method or the automatic choice), classifies it, and computes its order-up-to
level for a target fill rate or cycle service level (with the back-test calibration of
:func:`~.stock_policy.calibrate_target` when the history is long enough).
"""

from __future__ import annotations

import numpy as np

from .accuracy import evaluate
from .classification import adi_cv2, classify
from .methods import METHODS, as_matrix
from .selection import auto_forecast
from .stock_policy import _lead_times, calibrate_target, lead_time_demand_blocks

__all__ = [
    "BLEND_FULL_HISTORY",
    "SYSTEM_VALUE_FLOOR",
    "backtest",
    "blend_weights",
    "make_forecaster",
    "plan",
    "protection_demand",
    "remaining_demand",
]

#: The value-weighted system scope keeps each part at least at its own item-scope level for
#: the target minus this (``plan(..., item_floor=...)``): without it the dearest quarter of the
#: RAF parts fell to 0.10-0.33 fill at a 90-95 % aggregate target (readme/FORECASTING.md).
SYSTEM_VALUE_FLOOR = 0.15

#: A series with this many periods of demand is forecast from its history alone; with fewer,
#: a given ``base_rate`` (installed-base demand) weighs in linearly (all of it without demand).
BLEND_FULL_HISTORY = 6


def _choice_window(t_len: int, horizon: int) -> int:
    """Periods held out by the automatic choice: ``min(horizon, T // 3)``, never the lead
    times, so a series' method does not depend on the other series' lead times."""
    return int(max(1, min(int(horizon), int(t_len) // 3)))


def make_forecaster(method: str = "auto", horizon: int | None = None):
    """``fn(history, h) -> N x h`` for a method name or ``auto``.

    With ``auto`` and a ``horizon``, the choice is scored on ``min(horizon, T // 3)`` periods
    whatever ``h`` is asked (``h`` may be longer, to cover lead times); without ``horizon`` on
    ``min(h, T // 3)`` (the former behaviour).
    """
    if method == "auto":
        if horizon is None:
            return lambda y, h: auto_forecast(y, h)[0]
        return lambda y, h: auto_forecast(
            y, h, validation=_choice_window(as_matrix(y).shape[1], horizon)
        )[0]
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose auto or one of {', '.join(METHODS)}")
    fn = METHODS[method]
    return lambda y, h: fn(y, h)


def blend_weights(history, base_rate, full: int = BLEND_FULL_HISTORY) -> np.ndarray:
    """Weight of ``base_rate`` per series: ``1 - months with demand / full`` (0 to 1), 0 where
    the base rate is 0."""
    y = as_matrix(history)
    base = np.broadcast_to(np.asarray(base_rate, dtype=np.float64), (y.shape[0],))
    nonzero = (np.nan_to_num(y) > 0).sum(axis=1)
    return np.where(base > 0, np.clip(1.0 - nonzero / float(full), 0.0, 1.0), 0.0)


def protection_demand(forecast, lead_time, review: int = 1) -> np.ndarray:
    """Expected demand over the lead time and ``review`` periods per series, the forecast held
    at its last period beyond its horizon."""
    f = np.asarray(forecast, dtype=np.float64)
    lt = _lead_times(lead_time, f.shape[0])
    need = int(lt.max(initial=0)) + int(review)
    if f.shape[1] < need:
        f = np.concatenate([f, np.repeat(f[:, -1:], need - f.shape[1], axis=1)], axis=1)
    t = np.arange(f.shape[1])[None, :]
    return np.where(t < lt[:, None] + int(review), f, 0.0).sum(axis=1)


def remaining_demand(forecast, months: int) -> float:
    """Expected demand over the next ``months`` periods of one series' ``forecast`` (held at
    its last period beyond its horizon): what a last-time buy must cover."""
    f = np.asarray(forecast, dtype=np.float64).reshape(-1)
    months = max(int(months), 0)
    if months > len(f):
        f = np.concatenate([f, np.repeat(f[-1:], months - len(f))])
    return float(f[:months].sum())


def backtest(history, methods, horizon: int):
    """Accuracy of each series' method on the last ``min(horizon, T // 3)`` periods (the
    window of the automatic choice), fitted on the periods before; every method is fitted on
    all the series together (as the choice does). Returns ``(rmsse, mase, bias_pct)`` per
    series (bias: forecast minus actual in percent of the actual, NaN without actual demand)."""
    y = as_matrix(history)
    n, t_len = y.shape
    methods = np.broadcast_to(np.asarray(methods).astype(str), (n,))
    holdout = _choice_window(t_len, horizon)
    fit, actual = y[:, : t_len - holdout], y[:, t_len - holdout :]
    predicted = np.zeros_like(actual)
    for name in np.unique(methods):
        rows = methods == name
        predicted[rows] = make_forecaster(str(name))(fit, holdout)[rows]
    measures = evaluate(fit, actual, predicted)
    with np.errstate(divide="ignore", invalid="ignore"):
        bias = np.where(
            measures["sum_actual"] > 0,
            100.0 * (measures["sum_forecast"] - measures["sum_actual"]) / measures["sum_actual"],
            np.nan,
        )
    return measures["rmsse"], measures["mase"], bias


def plan(
    history,
    horizon: int = 12,
    method: str = "auto",
    lead_time=1,
    target: float = 0.95,
    measure: str = "fill_rate",
    scope: str = "item",
    calibrate=True,
    holdout: int = 12,
    n_samples: int = 2000,
    seed: int = 12345,
    level_cv="auto",
    base_rate=None,
    accuracy: bool = False,
    unit_cost=None,
    item_floor=None,
) -> dict:
    """Forecast and stock levels for every series of ``history`` (``N x T``).

    Returns a dict with ``forecast`` (N x horizon), ``method`` (N names), ``class``, ``adi``,
    ``cv2``, ``min``, ``max``, ``expected_service`` (model service at ``max``), ``lead_time``,
    ``protection`` (expected demand over the lead time and one review period),
    ``internal_target`` (the calibrated target actually used), ``blend_weight`` and ``report``
    (selection). ``calibrate``: ``True`` or ``"down"`` (the back-test may only lower the
    target), ``"both"`` (it may raise it too; two back-test years when the history allows),
    ``False``. Calibration is for fill-rate targets only and is skipped when the history has
    fewer than ``holdout + 12`` periods. ``level_cv="auto"`` widens the lead-time demand of
    parts whose level rests on few demands (:func:`~.stock_policy.auto_level_cv`); a number
    fixes it.

    The automatic choice scores its candidates on ``min(horizon, T // 3)`` periods whatever
    the lead times, so a series keeps its method when a series with a longer lead time joins
    the call; the forecast is computed as far as the longest lead time needs.

    ``base_rate`` (one per series, for example the installed-base demand per period) is
    blended into the forecast of series with fewer than :data:`BLEND_FULL_HISTORY` periods
    of demand (:func:`blend_weights`), before the levels are set. With ``accuracy=True`` the
    result also holds ``rmsse``, ``mase`` and ``bias_pct`` of each series' chosen method
    (:func:`backtest`).

    ``unit_cost`` (one per series, for example the unit price; ``scope="system"`` only) makes
    the system scope reach its aggregate fill at the least stock *value* instead of the least
    units (:meth:`~.stock_policy.LeadTimeDemand.system_levels`), in its calibration too;
    ``item_floor`` (system scope) keeps every part at least at its own item-scope level for
    the target minus ``item_floor`` (:data:`SYSTEM_VALUE_FLOOR` for the value-weighted scope of
    the Odoo run).
    """
    y = as_matrix(history)
    n = y.shape[0]
    horizon = int(horizon)
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    lt_in = np.asarray(lead_time)
    if lt_in.ndim > 0 and lt_in.shape != (n,):
        raise ValueError(f"give one lead time or one per series ({n}), not {lt_in.shape[0]}")
    lt = _lead_times(lt_in, n)  # whole, non-negative numbers of periods
    need = max(horizon, int(lt.max(initial=0)) + 1)
    if method == "auto":
        fc, chosen, classes, report = auto_forecast(
            y, need, validation=_choice_window(y.shape[1], horizon)
        )
    else:
        fc = make_forecaster(method)(y, need)
        chosen = np.full(n, method, dtype=object).astype(str)
        classes = classify(y)
        report = {}
    weight = np.zeros(n)
    if base_rate is not None:
        base = np.broadcast_to(np.asarray(base_rate, dtype=np.float64), (n,))
        weight = blend_weights(y, base)
        fc = (1.0 - weight[:, None]) * fc + weight[:, None] * base[:, None]
    cost = None
    if unit_cost is not None:
        if scope != "system":
            raise ValueError("unit costs weigh the system scope only")
        cost = np.broadcast_to(np.asarray(unit_cost, dtype=np.float64), (n,))
    if item_floor is not None and scope != "system":
        raise ValueError("a floor per part is for the system scope only")
    if calibrate not in (True, False, "down", "both"):
        raise ValueError("calibrate must be True, False, 'down' or 'both'")
    internal = float(target)
    if calibrate and measure == "fill_rate":
        both = calibrate == "both"
        internal = calibrate_target(
            y,
            make_forecaster(method, horizon),
            lt,
            target,
            holdout,
            scope,
            raise_target=both,
            origins=2 if both else 1,
            n_samples=n_samples,
            seed=seed,
            level_cv=level_cv,
            unit_cost=cost,
            item_floor=item_floor,
        )
    low = np.zeros(n)
    high = np.zeros(n)
    service = np.zeros(n)
    internal_rows = np.broadcast_to(np.asarray(internal, dtype=np.float64), (n,))
    blocks = lead_time_demand_blocks(
        y, fc, lt, scope, n_samples=n_samples, seed=seed, level_cv=level_cv
    )
    for sl, ltd in blocks:
        tgt = internal_rows[sl] if scope == "item" else float(internal_rows[0])
        level = ltd.levels_for(tgt, measure, scope, None if cost is None else cost[sl], item_floor)
        low[sl], high[sl] = ltd.min_max(level)
        service[sl] = ltd.service_at(level, measure)
    adi, cv2 = adi_cv2(y)
    out = {
        "forecast": fc[:, :horizon],
        "method": chosen,
        "class": classes,
        "adi": adi,
        "cv2": cv2,
        "min": low,
        "max": high,
        "expected_service": service,
        "lead_time": lt,
        "protection": protection_demand(fc, lt),
        "internal_target": internal,
        "blend_weight": weight,
        "report": report,
    }
    if accuracy:
        out["rmsse"], out["mase"], out["bias_pct"] = backtest(y, chosen, horizon)
    return out
