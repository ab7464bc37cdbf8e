"""Accuracy measures per series and summed up, and a rolling-origin evaluation helper.

Conventions:

* Scaling uses the **in-sample one-step naive error** of the training part: MASE divides by the
  mean absolute first difference, RMSSE and the scaled mean error by the mean squared / mean
  absolute first difference (missing cells ignored). A series whose training part is constant
  has no scale: its scaled measures are NaN and it is left out of the means (``n_unscaled``).
* Errors are ``forecast - actual``: a positive scaled mean error or total bias is an
  over-forecast.
* ``total_bias_pct`` = ``100 * (sum of forecasts - sum of actuals) / sum of actuals`` over every
  series and period (cells where the actual is missing are left out).
"""

from __future__ import annotations

import numpy as np

from .methods import as_matrix

__all__ = ["evaluate", "rolling_origin", "scales", "summarise"]


def scales(train) -> tuple[np.ndarray, np.ndarray]:
    """Mean absolute and mean squared one-step naive error of each training series."""
    y = as_matrix(train)
    d = np.diff(y, axis=1)
    ok = ~np.isnan(d)
    n = ok.sum(axis=1)
    mae = np.where(n > 0, np.where(ok, np.abs(d), 0.0).sum(1) / np.maximum(n, 1), np.nan)
    mse = np.where(n > 0, np.where(ok, d * d, 0.0).sum(1) / np.maximum(n, 1), np.nan)
    return mae, mse


def evaluate(train, actual, fcst) -> dict[str, np.ndarray]:
    """Per-series measures: ``mase``, ``rmsse``, ``sme`` (scaled mean error), ``me``, and the
    sums ``sum_forecast`` / ``sum_actual`` used for the total bias."""
    actual = as_matrix(actual)
    fcst = as_matrix(fcst)
    if actual.shape != fcst.shape:
        raise ValueError(f"actual {actual.shape} and forecast {fcst.shape} differ in shape")
    mae, mse = scales(train)
    ok = ~np.isnan(actual)
    n = ok.sum(axis=1)
    err = np.where(ok, fcst - actual, 0.0)
    nn = np.maximum(n, 1)
    me = err.sum(1) / nn
    abs_err = np.abs(err).sum(1) / nn
    sq_err = (err * err).sum(1) / nn
    with np.errstate(divide="ignore", invalid="ignore"):
        good_a = (mae > 0) & (n > 0)
        good_s = (mse > 0) & (n > 0)
        mase = np.where(good_a, abs_err / np.where(good_a, mae, 1.0), np.nan)
        rmsse = np.where(good_s, np.sqrt(sq_err / np.where(good_s, mse, 1.0)), np.nan)
        sme = np.where(good_a, me / np.where(good_a, mae, 1.0), np.nan)
    return {
        "mase": mase,
        "rmsse": rmsse,
        "sme": sme,
        "me": np.where(n > 0, me, np.nan),
        "sum_forecast": np.where(ok, fcst, 0.0).sum(1),
        "sum_actual": np.where(ok, actual, 0.0).sum(1),
    }


def summarise(per_series: dict[str, np.ndarray]) -> dict[str, float]:
    """Means over series of the scaled measures and the total bias in percent."""
    sa = float(per_series["sum_actual"].sum())
    sf = float(per_series["sum_forecast"].sum())
    out = {}
    for key in ("mase", "rmsse", "sme"):
        v = per_series[key]
        out[key] = float(np.nanmean(v)) if np.isfinite(v).any() else float("nan")
    out["total_bias_pct"] = 100.0 * (sf - sa) / sa if sa > 0 else float("nan")
    out["n_series"] = int(per_series["mase"].shape[0])
    out["n_unscaled"] = int(np.isnan(per_series["rmsse"]).sum())
    return out


def rolling_origin(y, forecaster, h: int, origins, step_summary: bool = False):
    """Rolling-origin evaluation.

    ``forecaster(train, h) -> N x h`` is called once per origin; ``origins`` are the numbers of
    periods used for fitting (each must leave at least one period to score; the horizon is cut
    at the end of the data). Returns the summary over all origins pooled (per-series measures
    averaged over origins, bias summed), and with ``step_summary`` also one summary per origin.
    """
    y = as_matrix(y)
    per = []
    steps = []
    for origin in origins:
        origin = int(origin)
        if origin < 2 or origin >= y.shape[1]:
            raise ValueError(f"origin {origin} must be in [2, {y.shape[1] - 1}]")
        hh = min(int(h), y.shape[1] - origin)
        train = y[:, :origin]
        res = evaluate(train, y[:, origin : origin + hh], forecaster(train, hh)[:, :hh])
        per.append(res)
        if step_summary:
            steps.append({"origin": origin, **summarise(res)})
    pooled = {}
    for key in ("mase", "rmsse", "sme", "me"):
        stack = np.vstack([p[key] for p in per])
        finite = np.isfinite(stack)
        cnt = finite.sum(axis=0)
        tot = np.where(finite, stack, 0.0).sum(axis=0)
        pooled[key] = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)
    for key in ("sum_forecast", "sum_actual"):
        pooled[key] = np.sum([p[key] for p in per], axis=0)
    summary = summarise(pooled)
    return (summary, steps) if step_summary else summary
