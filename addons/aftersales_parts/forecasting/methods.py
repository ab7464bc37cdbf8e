"""Forecasting methods, vectorised over many series at once.

Every public method takes ``y``, an ``N x T`` array (one row per series, one column per period,
oldest first; a 1-D array is one series) and a horizon ``h`` and returns an ``N x h`` float64
array of point forecasts (mean demand per period). The Python loops run over *time* (``T``
steps) or over a handful of aggregation levels, never over series.

Conventions (the same as Nixtla ``statsforecast`` 2.0 where it has the method):

* **Missing values**: ``NaN`` cells before the first observation mean "the series had not
  started" and are ignored, so a series padded on the left with ``NaN`` gives exactly the
  forecast of the trimmed series. A ``NaN`` after the start is a missing observation: smoothing
  states are carried over unchanged (no update), and for Croston-type intervals the missing
  period still counts as elapsed time.
* **SES** (``ses``): level initialised with the first observation, ``l_0 = y_0``, then
  ``l_t = alpha*y_t + (1-alpha)*l_{t-1}``; forecast ``l_T`` for every step ahead.
* **Croston / SBA** (``croston``, ``sba``): SES on the non-zero demand sizes and SES on the
  inter-demand intervals, each initialised with its first value. The *first interval* is counted
  from the start of the series: a first demand in period index ``k`` (0-based) has interval
  ``k+1``. Forecast ``z/p``; SBA multiplies by ``1 - alpha/2`` (0.95 for alpha 0.1, as
  statsforecast's fixed 0.95). A series with no demand forecasts 0 (statsforecast falls back to
  the naive forecast of its last value, which is 0 too).
* **TSB** (``tsb``): SES of the demand indicator over *all* periods, initialised with the first
  period's indicator (0 or 1), times SES of the non-zero sizes initialised with the first size.
  A series with no demand forecasts 0.
* **Moving average**: mean of the observed cells among the last ``window`` periods (of all
  periods when the series is shorter; statsforecast returns NaN then).
* **ADIDA / IMAPA**: aggregation level ``round(mean inter-demand interval)`` (ties to even, as
  Python's ``round``); non-overlapping buckets aligned on the *last* period (the oldest
  incomplete bucket is dropped); SES with alpha optimised on the bucket sums (one-step squared
  error, bounds 0.1-0.3 as statsforecast); the bucket forecast is divided by the level. IMAPA
  averages the ADIDA forecasts of levels 1 .. max level. Optimised alphas are found by a
  vectorised golden-section search (statsforecast uses scipy's bounded Brent), so optimised
  variants agree with statsforecast only to the optimiser's tolerance, not to 1e-9.
  A bucket holding a missing cell is missing.
* **Optimised parameters**: ``ses_opt`` optimises alpha in [0.01, 0.99] (golden section on the
  in-sample one-step squared error, as statsforecast's ``SimpleExponentialSmoothingOptimized``
  up to the optimiser). ``croston_opt``/``sba_opt`` pick (alpha sizes, alpha intervals) from
  {0.05, 0.1, 0.2, 0.3}² and ``tsb_opt`` (alpha_d, alpha_p) from :data:`TSB_GRID`, by the
  in-sample one-step squared error of the *per-period* forecast (statsforecast's
  ``CrostonOptimized`` instead fits sizes and intervals separately: a different convention).
  The grid is evaluated for all series x all candidates in one vectorised pass.
* **Obsolescence** (``decline``): log-linear Poisson trend, declines only, slope pooled across
  the series given (see its docstring).
* **Floating point**: updates are computed as ``s + alpha*(x - s)``, algebraically equal to
  statsforecast's ``alpha*x + (1-alpha)*s``; results agree to a few ulps (< 1e-12 here).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "METHODS",
    "adida",
    "as_matrix",
    "croston",
    "forecast",
    "imapa",
    "moving_average",
    "naive",
    "sba",
    "ses",
    "ses_level",
    "tsb",
    "decline",
    "zero",
]

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def as_matrix(y) -> np.ndarray:
    """Return ``y`` as a C-contiguous float64 ``N x T`` array (a 1-D input becomes ``1 x T``)."""
    arr = np.asarray(y, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(f"expected an N x T array, got shape {arr.shape}")
    return np.ascontiguousarray(arr)


def _flat(level: np.ndarray, h: int) -> np.ndarray:
    return np.repeat(np.asarray(level, dtype=np.float64)[:, None], int(h), axis=1)


def _alpha(a, n: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(a, dtype=np.float64), (n,))


# --------------------------------------------------------------------------- state loops
# The loops run over time, on blocks of ``_BLOCK`` series transposed to time-major order (each
# step reads one contiguous row and the block stays in the CPU cache). Every smoothing update is
# written ``s += w * (x - s)`` with a per-series weight ``w``: 0 where the state does not move
# (no demand, missing cell), 1 the first time (initialisation with the first value), alpha
# afterwards. ``s + alpha*(x - s)`` equals statsforecast's ``alpha*x + (1-alpha)*s``
# algebraically; the float rounding differs by a few ulps (< 1e-12 on demand data).

_BLOCK = 4096


def _blocked(fn, y: np.ndarray, params: list, n_out: int):
    """Run ``fn(block, *block_params) -> tuple of n_out (n_block,) arrays`` over row blocks."""
    n = y.shape[0]
    params = [_alpha(p, n) for p in params]
    outs = [np.empty(n) for _ in range(n_out)]
    for lo in range(0, n, _BLOCK):
        hi = min(n, lo + _BLOCK)
        res = fn(y[lo:hi], *[p[lo:hi] for p in params])
        for o, r in zip(outs, res, strict=True):
            o[lo:hi] = r
    return outs


def _time_major(y: np.ndarray):
    """Time-major values (NaN as 0), observed mask (None if complete) and start index."""
    vals = np.ascontiguousarray(y.T)
    obs = ~np.isnan(vals)
    if obs.all():
        return vals, None, np.zeros(y.shape[0])
    start = np.argmax(obs, axis=0).astype(np.float64)
    start = np.where(obs.any(axis=0), start, float(y.shape[1]))
    return np.where(obs, vals, 0.0), obs, start


def _ses_block(y, a, want_sse):
    vals, obs, _ = _time_major(y)
    n = y.shape[0]
    level = np.zeros(n)
    w = np.ones(n)  # weight of the next update: 1 until the first observation
    sse = np.zeros(n)
    cnt = np.zeros(n)
    started = np.zeros(n, dtype=bool)
    for t in range(vals.shape[0]):
        x = vals[t]
        if obs is None:
            if want_sse and t > 0:
                e = x - level
                sse += e * e
                cnt += 1.0
            level += w * (x - level)
            if t == 0:
                w = a.copy()
        else:
            o = obs[t]
            if want_sse:
                ok = o & started
                e = np.where(ok, x - level, 0.0)
                sse += e * e
                cnt += ok
            level += np.where(o, w, 0.0) * (x - level)
            np.putmask(w, o, a)
            started |= o
    seen = np.ones(n, dtype=bool) if obs is None else obs.any(axis=0)
    return np.where(seen, level, np.nan), sse, cnt


def ses_level(y, alpha=0.1, return_sse: bool = False):
    """Final SES level per series (NaN for a series with no observation).

    ``alpha`` is a scalar or one value per series. With ``return_sse`` also returns the sum of
    squared one-step errors and their count (errors from the second observation on).
    """
    y = as_matrix(y)
    level, sse, cnt = _blocked(lambda b, a: _ses_block(b, a, return_sse), y, [alpha], 3)
    if return_sse:
        return level, sse, cnt
    return level


def _croston_block(y, ad, ai, k, want_sse):
    vals, obs, start = _time_major(y)
    n = y.shape[0]
    z = np.zeros(n)
    p = np.ones(n)
    wd = np.ones(n)
    wi = np.ones(n)
    last = start - 1.0  # index of the previous demand (or the period before the start)
    has = np.zeros(n, dtype=bool)
    sse = np.zeros(n)
    cnt = np.zeros(n)
    for t in range(vals.shape[0]):
        x = vals[t]
        d = x > 0
        if want_sse:
            ok = has if obs is None else has & obs[t]
            e = np.where(ok, x - k * z / p, 0.0)
            sse += e * e
            cnt += ok
            has |= d
        z += (d * wd) * (x - z)
        p += (d * wi) * ((t - last) - p)
        np.putmask(last, d, t)
        np.putmask(wd, d, ad)
        np.putmask(wi, d, ai)
    return z, p, sse, cnt


def _croston_state(y, alpha_d, alpha_i, return_sse: bool = False, debias=None):
    """Croston states ``z`` (size level) and ``p`` (interval level) per series.

    ``z``/``p`` are NaN for a series without demand. With ``return_sse``, also the sum of
    squared one-step errors of the per-period forecast ``debias*z/p`` over observed periods
    after the first demand, and their count.
    """
    y = as_matrix(y)
    k = 1.0 if debias is None else debias
    z, p, sse, cnt = _blocked(
        lambda b, ad, ai, kk: _croston_block(b, ad, ai, kk, return_sse),
        y,
        [alpha_d, alpha_i, k],
        4,
    )
    any_d = (y > 0).any(axis=1)
    z = np.where(any_d, z, np.nan)
    p = np.where(any_d, p, np.nan)
    if return_sse:
        return z, p, sse, cnt
    return z, p


def _tsb_block(y, ad, ap, want_sse):
    vals, obs, _ = _time_major(y)
    n = y.shape[0]
    prob = np.zeros(n)
    z = np.zeros(n)
    wd = np.ones(n)
    wp = np.ones(n)
    has = np.zeros(n, dtype=bool)
    sse = np.zeros(n)
    cnt = np.zeros(n)
    for t in range(vals.shape[0]):
        x = vals[t]
        d = x > 0
        if want_sse:
            ok = has if obs is None else has & obs[t]
            e = np.where(ok, x - prob * z, 0.0)
            sse += e * e
            cnt += ok
            has |= d
        if obs is None:
            prob += wp * (d - prob)
            if t == 0:
                wp = ap.copy()
        else:
            o = obs[t]
            prob += (o * wp) * (d - prob)
            np.putmask(wp, o, ap)
        z += (d * wd) * (x - z)
        np.putmask(wd, d, ad)
    return prob, z, sse, cnt


def _tsb_state(y, alpha_d, alpha_p, return_sse: bool = False):
    """TSB states: demand-probability level ``prob`` and size level ``z`` per series.

    ``prob`` is NaN without observation, ``z`` NaN without demand. With ``return_sse`` also
    the in-sample one-step squared errors of ``prob*z`` (observed periods after the first
    demand) and their count.
    """
    y = as_matrix(y)
    prob, z, sse, cnt = _blocked(
        lambda b, ad, ap: _tsb_block(b, ad, ap, return_sse), y, [alpha_d, alpha_p], 4
    )
    prob = np.where((~np.isnan(y)).any(axis=1), prob, np.nan)
    z = np.where((y > 0).any(axis=1), z, np.nan)
    if return_sse:
        return prob, z, sse, cnt
    return prob, z


def _golden_min(fun, lo: float, hi: float, n: int, iters: int = 30) -> np.ndarray:
    """Vectorised golden-section search of ``fun(x) -> (n,)`` on ``[lo, hi]`` per series."""
    a = np.full(n, float(lo))
    b = np.full(n, float(hi))
    x1 = b - _GOLDEN * (b - a)
    x2 = a + _GOLDEN * (b - a)
    f1 = fun(x1)
    f2 = fun(x2)
    for _ in range(iters):
        left = f1 < f2  # ties move right: on a flat objective, as scipy's bounded Brent
        b = np.where(left, x2, b)
        a = np.where(left, a, x1)
        new_x = np.where(left, b - _GOLDEN * (b - a), a + _GOLDEN * (b - a))
        f_new = fun(new_x)
        x2n = np.where(left, x1, new_x)
        f2n = np.where(left, f1, f_new)
        x1n = np.where(left, new_x, x2)
        f1n = np.where(left, f_new, f2)
        x1, f1, x2, f2 = x1n, f1n, x2n, f2n
    return np.where(f1 < f2, x1, x2)


def optimise_ses_alpha(y, bounds=(0.01, 0.99)) -> np.ndarray:
    """Per-series SES alpha minimising the in-sample one-step squared error (golden section)."""
    y = as_matrix(y)

    def sse(a):
        return ses_level(y, a, return_sse=True)[1]

    return _golden_min(sse, bounds[0], bounds[1], y.shape[0])


def _grid_pick(y, state_fn, grid: np.ndarray) -> np.ndarray:
    """Evaluate ``state_fn(Y_rep, params) -> sse`` for all series x grid rows, argmin per series.

    ``grid`` is ``G x P`` (one row per candidate parameter vector). Returns ``N x P``.
    """
    n = y.shape[0]
    g = grid.shape[0]
    best = np.zeros(n, dtype=np.int64)
    step = max(1, _BLOCK // 4)  # series per pass (times g candidate rows), bounds memory
    for lo in range(0, n, step):
        block = y[lo : lo + step]
        m = block.shape[0]
        rep = np.tile(block, (g, 1))
        params = [np.repeat(grid[:, j], m) for j in range(grid.shape[1])]
        sse, cnt = state_fn(rep, *params)
        mse = np.where(cnt > 0, sse / np.maximum(cnt, 1), np.inf).reshape(g, m)
        best[lo : lo + m] = np.argmin(mse, axis=0)
    return grid[best]


# --------------------------------------------------------------------------- methods
def zero(y, h: int) -> np.ndarray:
    """Zero forecast (a reference: MASE favours it on intermittent data)."""
    return np.zeros((as_matrix(y).shape[0], int(h)))


def naive(y, h: int) -> np.ndarray:
    """Last observed value (0 for a series with no observation)."""
    y = as_matrix(y)
    obs = ~np.isnan(y)
    idx = y.shape[1] - 1 - np.argmax(obs[:, ::-1], axis=1)
    last = y[np.arange(y.shape[0]), idx]
    return _flat(np.where(obs.any(axis=1), last, 0.0), h)


def moving_average(y, h: int, window: int = 12) -> np.ndarray:
    """Mean of the observed cells among the last ``window`` periods (0 if none)."""
    y = as_matrix(y)
    tail = y[:, -int(window) :]
    cnt = (~np.isnan(tail)).sum(axis=1)
    tot = np.nansum(tail, axis=1)
    return _flat(np.where(cnt > 0, tot / np.maximum(cnt, 1), 0.0), h)


def ses(y, h: int, alpha=0.1) -> np.ndarray:
    """Simple exponential smoothing; ``alpha=None`` optimises it per series in [0.01, 0.99]."""
    y = as_matrix(y)
    if alpha is None:
        alpha = optimise_ses_alpha(y)
    level = ses_level(y, alpha)
    return _flat(np.nan_to_num(level, nan=0.0), h)


def _croston_opt_alphas(y, debias: bool):
    grid = np.array([[a, b] for a in (0.05, 0.1, 0.2, 0.3) for b in (0.05, 0.1, 0.2, 0.3)])

    def fn(rep, ad, ai):
        k = 1.0 - ai / 2.0 if debias else None
        _, _, sse, cnt = _croston_state(rep, ad, ai, return_sse=True, debias=k)
        return sse, cnt

    best = _grid_pick(y, fn, grid)
    return best[:, 0], best[:, 1]


def croston(y, h: int, alpha=0.1, alpha_i=None, debias: bool = False) -> np.ndarray:
    """Croston's method (classic); ``debias=True`` gives SBA.

    ``alpha`` smooths the sizes and, unless ``alpha_i`` is given, the intervals. ``alpha=None``
    picks both per series from a grid (0.05-0.3) by in-sample one-step squared error.
    """
    y = as_matrix(y)
    if alpha is None:
        alpha, alpha_i = _croston_opt_alphas(y, debias)
    if alpha_i is None:
        alpha_i = alpha
    z, p = _croston_state(y, alpha, alpha_i)
    f = z / p
    if debias:
        f = f * (1.0 - _alpha(alpha_i, y.shape[0]) / 2.0)
    return _flat(np.nan_to_num(f, nan=0.0), h)


def sba(y, h: int, alpha=0.1, alpha_i=None) -> np.ndarray:
    """Syntetos-Boylan approximation: Croston times ``1 - alpha_i/2``."""
    return croston(y, h, alpha=alpha, alpha_i=alpha_i, debias=True)


TSB_GRID = np.array([[a, b] for a in (0.05, 0.1, 0.2, 0.3) for b in (0.02, 0.05, 0.1, 0.2, 0.3)])


def tsb_optimal_alphas(y):
    """Per-series ``(alpha_d, alpha_p)`` from a grid by in-sample one-step squared error."""
    y = as_matrix(y)

    def fn(rep, ad, ap):
        _, _, sse, cnt = _tsb_state(rep, ad, ap, return_sse=True)
        return sse, cnt

    best = _grid_pick(y, fn, TSB_GRID)
    return best[:, 0], best[:, 1]


def tsb(y, h: int, alpha_d=0.1, alpha_p=0.1) -> np.ndarray:
    """Teunter-Syntetos-Babai; ``alpha_d=None`` optimises both alphas per series on a grid."""
    y = as_matrix(y)
    if alpha_d is None or alpha_p is None:
        alpha_d, alpha_p = tsb_optimal_alphas(y)
    prob, z = _tsb_state(y, alpha_d, alpha_p)
    return _flat(np.nan_to_num(prob * z, nan=0.0), h)


def _poisson_trend(yy: np.ndarray, wt: np.ndarray, tt: np.ndarray, iters: int = 25):
    """Vectorised Poisson regression ``log E[y] = a + b*t`` per row (Newton, damped steps).

    Returns ``a``, ``b`` and the Fisher information of ``b`` (intercept profiled out).
    """
    a = np.log(np.maximum((yy * wt).sum(-1) / np.maximum(wt.sum(-1), 1), 1e-3))
    b = np.zeros_like(a)
    for _ in range(iters):
        mu = np.exp(np.clip(a[..., None] + b[..., None] * tt, -50, 50)) * wt
        r = yy * wt - mu
        g0 = r.sum(-1)
        g1 = (r * tt).sum(-1)
        h00 = mu.sum(-1) + 1e-9
        h01 = (mu * tt).sum(-1)
        h11 = (mu * tt * tt).sum(-1) + 1e-9
        det = np.maximum(h00 * h11 - h01 * h01, 1e-12)
        a = a + np.clip((h11 * g0 - h01 * g1) / det, -2.0, 2.0)
        b = b + np.clip((h00 * g1 - h01 * g0) / det, -0.2, 0.2)
    info = np.maximum(h11 - h01 * h01 / h00, 0.0)
    return a, b, info


def decline(
    y,
    h: int,
    window: int = 24,
    prior_precision: float = 1e4,
    max_decline: float = 0.15,
) -> np.ndarray:
    """Obsolescence-aware forecast: log-linear (Poisson) trend, declines only, pooled slope.

    On the last ``window`` periods, the demand rate of each series is modelled as
    ``exp(a_i + b_i t)``. A single part's slope is very noisy, so it is shrunk towards the
    *pooled* slope of the mature series given (Poisson regression of their summed demand):
    ``b = (I_i b_i + k b_pool) / (I_i + k)`` with ``I_i`` the Fisher information of ``b_i`` and
    ``k = prior_precision`` (large: mostly pooled; with one series the pool is the series itself).
    Only declines are extrapolated (``b <= 0``, at least ``log(1-max_decline)`` per period): growth
    of a spare part is not projected. The intercept is then refitted with the slope fixed (so the
    fitted demand over the window equals the observed demand) and the forecast for step ``s`` is
    ``exp(a_i + b (t_last + s))``, a curve that fades out: parts being phased out are common and
    flat methods over-forecast them.

    Life cycle: a *young* series, whose first demand falls inside the window, is in its
    introduction, not its phase-out: it gets no decline, its periods before the first demand are
    ignored (it did not exist yet), and it does not enter the pooled slope. A series without
    demand in the window forecasts 0. Uses only the data given (no look at the forecast period).
    """
    y = as_matrix(y)
    n, t_len = y.shape
    w = min(int(window), t_len)
    tail = y[:, -w:]
    demand = np.nan_to_num(y) > 0
    first = np.where(demand.any(axis=1), np.argmax(demand, axis=1), t_len)
    young = first > t_len - w
    # periods of the window before a young series' first demand do not count
    col = np.arange(t_len - w, t_len)[None, :]
    wt = (~np.isnan(tail) & ~(young[:, None] & (col < first[:, None]))).astype(np.float64)
    yy = np.where(wt > 0, tail, 0.0)
    tt = np.arange(w, dtype=np.float64) - (w - 1) / 2.0
    _, b_i, info = _poisson_trend(yy, wt, tt)
    b = np.zeros(n)  # young parts: no trend
    mature = ~young
    if mature.any():
        agg = yy[mature].sum(0)[None, :]
        agg_w = (wt[mature].sum(0) > 0).astype(np.float64)[None, :]
        _, b_pool, _ = _poisson_trend(agg, agg_w, tt)
        k = float(prior_precision)
        bm = (info[mature] * b_i[mature] + k * b_pool[0]) / (info[mature] + k)
        b[mature] = np.clip(bm, np.log(1.0 - max_decline), 0.0)
    e = np.exp(b[:, None] * tt[None, :]) * wt
    tot = yy.sum(1)
    a = np.log(np.maximum(tot, 1e-300) / np.maximum(e.sum(1), 1e-300))
    steps = tt[-1] + np.arange(1, int(h) + 1, dtype=np.float64)
    f = np.exp(a[:, None] + b[:, None] * steps[None, :])
    return np.where(tot[:, None] > 0, f, 0.0)


def _bucket_sums(y: np.ndarray, level: int) -> np.ndarray:
    """Non-overlapping sums of ``level`` periods aligned on the last period.

    A bucket with a missing cell is missing (NaN), so a series padded on the left with NaN
    drops its incomplete oldest bucket exactly as the trimmed series does.
    """
    t_len = y.shape[1]
    nb = t_len // level
    cut = y[:, t_len - nb * level :]
    return cut.reshape(y.shape[0], nb, level).sum(axis=2)


def _mean_interval(y: np.ndarray) -> np.ndarray:
    """Mean inter-demand interval with statsforecast's convention (first counted from start)."""
    started = ~np.isnan(y)
    start = np.argmax(started, axis=1)
    d = y > 0
    nd = d.sum(axis=1)
    t_len = y.shape[1]
    last_idx = t_len - 1 - np.argmax(d[:, ::-1], axis=1)
    # sum of intervals = (last demand index + 1) - start
    return np.where(nd > 0, (last_idx + 1 - start) / np.maximum(nd, 1), np.nan)


def _ses_opt_forecast(sums: np.ndarray, bounds=(0.1, 0.3)) -> np.ndarray:
    alpha = optimise_ses_alpha(sums, bounds)
    return ses_level(sums, alpha)


def adida(y, h: int) -> np.ndarray:
    """ADIDA: SES (optimised alpha) on sums over the mean inter-demand interval, disaggregated."""
    y = as_matrix(y)
    out = np.zeros(y.shape[0])
    lvl = np.round(_mean_interval(y))
    for level in np.unique(lvl[~np.isnan(lvl)]).astype(int):
        rows = lvl == level
        sums = _bucket_sums(y[rows], max(level, 1))
        if sums.shape[1] == 0:
            continue
        out[rows] = _ses_opt_forecast(sums) / max(level, 1)
    return _flat(np.nan_to_num(out, nan=0.0), h)


def imapa(y, h: int) -> np.ndarray:
    """IMAPA: mean of ADIDA-style forecasts over aggregation levels 1 .. round(mean interval)."""
    y = as_matrix(y)
    lvl = np.round(_mean_interval(y))
    lvl = np.where(np.isnan(lvl), 0, lvl).astype(int)
    total = np.zeros(y.shape[0])
    for level in range(1, int(lvl.max(initial=0)) + 1):
        rows = lvl >= level
        sums = _bucket_sums(y[rows], level)
        if sums.shape[1] == 0:
            continue
        total[rows] += np.nan_to_num(_ses_opt_forecast(sums)) / level
    out = np.where(lvl > 0, total / np.maximum(lvl, 1), 0.0)
    return _flat(out, h)


def _tsb_opt(y, h):
    return tsb(y, h, alpha_d=None, alpha_p=None)


def _ses_opt(y, h):
    return ses(y, h, alpha=None)


def _croston_opt(y, h):
    return croston(y, h, alpha=None)


def _sba_opt(y, h):
    return sba(y, h, alpha=None)


#: Method name -> ``fn(y, h) -> N x h``; parameters at their defaults.
METHODS = {
    "zero": zero,
    "naive": naive,
    "ma12": moving_average,
    "ses": ses,
    "ses_opt": _ses_opt,
    "croston": croston,
    "croston_opt": _croston_opt,
    "sba": sba,
    "sba_opt": _sba_opt,
    "tsb": tsb,
    "tsb_opt": _tsb_opt,
    "decline": decline,
    "adida": adida,
    "imapa": imapa,
}


def forecast(y, h: int, method: str = "sba", **params) -> np.ndarray:
    """Forecast ``y`` (``N x T``) ``h`` periods ahead with the named method."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    fn = METHODS[method]
    if params:
        return fn(as_matrix(y), int(h), **params)
    return fn(as_matrix(y), int(h))
