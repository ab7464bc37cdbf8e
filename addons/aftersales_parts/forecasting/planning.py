"""One call from demand history to forecasts, classes, chosen methods and min/max levels.

This is what the command line and the Odoo models use: ``plan(history, ...)`` forecasts every
series (a fixed method or the automatic choice), classifies it, and computes its order-up-to
level for a target fill rate or cycle service level (with the back-test calibration of
:func:`~.stock_policy.calibrate_target` when the history is long enough).
"""

from __future__ import annotations

import numpy as np

from .classification import adi_cv2, classify
from .methods import METHODS, as_matrix
from .selection import auto_forecast
from .stock_policy import _lead_times, calibrate_target, lead_time_demand_blocks

__all__ = ["make_forecaster", "plan"]


def make_forecaster(method: str = "auto"):
    """``fn(history, h) -> N x h`` for a method name or ``auto``."""
    if method == "auto":
        return lambda y, h: auto_forecast(y, h)[0]
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose auto or one of {', '.join(METHODS)}")
    fn = METHODS[method]
    return lambda y, h: fn(y, h)


def plan(
    history,
    horizon: int = 12,
    method: str = "auto",
    lead_time=1,
    target: float = 0.95,
    measure: str = "fill_rate",
    scope: str = "item",
    calibrate: bool = True,
    holdout: int = 12,
    n_samples: int = 2000,
    seed: int = 12345,
    level_cv="auto",
) -> dict:
    """Forecast and stock levels for every series of ``history`` (``N x T``).

    Returns a dict with ``forecast`` (N x horizon), ``method`` (N names), ``class``, ``adi``,
    ``cv2``, ``min``, ``max``, ``expected_service`` (model service at ``max``), ``lead_time``,
    ``internal_target`` (the calibrated target actually used) and ``report`` (selection).
    Calibration is for fill-rate targets only and is skipped when the history has fewer than
    ``holdout + 12`` periods. ``level_cv="auto"`` widens the lead-time demand of parts whose
    level rests on few demands (:func:`~.stock_policy.auto_level_cv`); a number fixes it.
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
        fc, chosen, classes, report = auto_forecast(y, need)
    else:
        fc = make_forecaster(method)(y, need)
        chosen = np.full(n, method, dtype=object).astype(str)
        classes = classify(y)
        report = {}
    internal = float(target)
    if calibrate and measure == "fill_rate":
        internal = calibrate_target(
            y,
            make_forecaster(method),
            lt,
            target,
            holdout,
            scope,
            n_samples=n_samples,
            seed=seed,
            level_cv=level_cv,
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
        level = ltd.levels_for(tgt, measure, scope)
        low[sl], high[sl] = ltd.min_max(level)
        service[sl] = ltd.service_at(level, measure)
    adi, cv2 = adi_cv2(y)
    return {
        "forecast": fc[:, :horizon],
        "method": chosen,
        "class": classes,
        "adi": adi,
        "cv2": cv2,
        "min": low,
        "max": high,
        "expected_service": service,
        "lead_time": lt,
        "internal_target": internal,
        "report": report,
    }
