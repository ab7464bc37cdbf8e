"""Pooled distribution of actual / forecast demand over the lead time and the review period.

A part's own history bounds what a model fitted to it can draw: on the RAF service parts
16.8 % of the units of the held-out year lie above the part's largest month of the 72 fitting
months. The ratio of what came to what was forecast over the protection period, taken from
back-test origins inside the history and pooled across the parts of a group (lead-time band x
expected number of orders x demand class), has the tail those surprises leave: with
:func:`~.stock_policy.lead_time_demand`'s ``distribution="ratio"`` the lead-time demand of a
part is its forecast times a ratio drawn from its group (``"error"``: its forecast plus its own
spread times a pooled standardised error).

Not the default, and not to be used for per-part targets as it stands: on half A of the RAF
file it reaches the fill targets but holds 5-15 times the stock value of the normal anchor at
the same fill, because each part then covers the surprises of the whole group
(``readme/FORECASTING.md``, "Fourth pass on issue 14").

Back-test origins: every ``every`` periods from ``first`` on, as long as the part's lead time
and review period fit after the origin; the forecaster is fitted on the periods before each
origin, on all the series together. A pair ``(r_L, r_R)`` per part and origin with a positive
forecast over the review period: ``r_L`` = actual / forecast over the lead time (0 when
``L = 0``), ``r_R`` the same over the review period that follows. The pairs are kept together,
so that ``D_{L+R} = D_L + D_R`` keeps the dependence of the two windows.
"""

from __future__ import annotations

import numpy as np

from .classification import classify
from .methods import METHODS, as_matrix

__all__ = ["RatioPool", "back_test_ratios", "lead_time_band", "spread"]

#: lead-time bands of the pooling (those of the benchmark's breakdown)
LEAD_BANDS = ((0, 2), (3, 5), (6, 8), (9, 12), (13, 10**6))


def lead_time_band(lead_time) -> np.ndarray:
    """Index of each lead time's band in :data:`LEAD_BANDS`."""
    lt = np.asarray(lead_time)
    out = np.zeros(lt.shape, dtype=np.int64)
    for i, (lo, _hi) in enumerate(LEAD_BANDS):
        out[lt >= lo] = i
    return out


def _window_sums(f, start, length):
    t = np.arange(f.shape[1])[None, :]
    inside = (t >= start[:, None]) & (t < (start + length)[:, None])
    return np.where(inside, f, 0.0).sum(1)


def back_test_ratios(history, lead_time, forecaster=None, review: int = 1, every: int = 6,
                     first: int = 24, kind: str = "ratio"):  # fmt: skip
    """``(r_L, r_R, row, orders)``: the ratio pairs of every back-test origin, with their series'
    row and the number of orders the forecast expects over the whole window (forecast / mean
    size of the non-zero demands, :func:`mean_size`).

    ``forecaster(fit, h) -> N x h`` (default: TSB with alpha 0.1, cheap and unbiased on
    intermittent demand). ``kind="error"``: instead of ratios, the errors ``actual - forecast``
    over each window in units of the series' spread there, ``spread(fit) * sqrt(window)``
    (:func:`spread`).
    """
    y = as_matrix(history)
    n, t_len = y.shape
    lt = np.broadcast_to(np.asarray(lead_time, dtype=np.int64), (n,))
    forecaster = forecaster or METHODS["tsb"]
    r_l, r_r, rows, f_lr = [], [], [], []
    for cut in range(int(first), t_len - review + 1, int(every)):
        fits = cut + lt + review <= t_len
        if not fits.any():
            break
        h = int(lt[fits].max()) + review
        f = np.maximum(np.nan_to_num(np.asarray(forecaster(y[:, :cut], h), dtype=float)), 0.0)
        actual = y[:, cut : cut + h]
        if actual.shape[1] < h:
            actual = np.concatenate(
                [actual, np.full((n, h - actual.shape[1]), np.nan)], axis=1
            )  # fmt: skip
        zero = np.zeros(n, dtype=np.int64)
        f_l, f_r = _window_sums(f, zero, lt), _window_sums(f, lt, np.full(n, review))
        a_l = _window_sums(np.nan_to_num(actual), zero, lt)
        a_r = _window_sums(np.nan_to_num(actual), lt, np.full(n, review))
        seen = _window_sums(np.isfinite(actual).astype(float), zero, lt + review) == lt + review
        keep = fits & seen & (f_r > 0) & ((f_l > 0) | (lt == 0))
        if kind == "error":
            sd = spread(y[:, :cut])
            keep &= sd > 0
            sd = np.where(sd > 0, sd, 1.0)
            r_l.append(np.where(lt > 0, (a_l - f_l) / (sd * np.sqrt(np.maximum(lt, 1))), 0.0)[keep])
            r_r.append(((a_r - f_r) / (sd * np.sqrt(review)))[keep])
        else:
            r_l.append(np.where(f_l > 0, a_l / np.where(f_l > 0, f_l, 1.0), 0.0)[keep])
            r_r.append((a_r / np.where(f_r > 0, f_r, 1.0))[keep])
        rows.append(np.flatnonzero(keep))
        f_lr.append(((f_l + f_r) / mean_size(y[:, :cut]))[keep])
    if not rows:
        return np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0)
    return tuple(np.concatenate(a) for a in (r_l, r_r, rows, f_lr))


def mean_size(history) -> np.ndarray:
    """Mean of each series' non-zero demands (1 without any)."""
    y = np.nan_to_num(as_matrix(history))
    cnt = (y > 0).sum(1)
    return np.where(cnt > 0, y.sum(1) / np.maximum(cnt, 1), 1.0)


def spread(history) -> np.ndarray:
    """Standard deviation of each series' observed periods (population, 0 without data)."""
    y = as_matrix(history)
    obs = np.isfinite(y)
    cnt = np.maximum(obs.sum(1), 1)
    y0 = np.where(obs, y, 0.0)
    m = y0.sum(1) / cnt
    return np.sqrt(np.where(obs, (y0 - m[:, None]) ** 2, 0.0).sum(1) / cnt)


class RatioPool:
    """The ratio pairs of a set of series, pooled per lead-time band, forecast level and class.

    The relative error of a forecast depends on its size (a forecast of 0.1 unit is missed by a
    factor 10 by one unit), so within a lead-time band the pairs are split at the quintiles of
    the window's forecast, and then by demand class. A group whose pairs come from fewer than
    ``min_series`` series uses the pairs of the group above it (band and level, then the band,
    then all series). The group of a series is chosen when drawing, from its forecast then.
    """

    N_LEVELS = 5

    def __init__(self, history, lead_time, forecaster=None, review: int = 1, every: int = 6,
                 first: int = 24, min_series: int = 30, kind: str = "ratio"):  # fmt: skip
        y = as_matrix(history)
        self.kind = kind
        self.spread = spread(y)
        self.size = mean_size(y)
        n = y.shape[0]
        self.band = lead_time_band(np.broadcast_to(np.asarray(lead_time, dtype=np.int64), (n,)))
        self.classes = classify(y)
        r_l, r_r, rows, f_lr = back_test_ratios(
            y, lead_time, forecaster, review, every, first, kind
        )
        self.edges = {}
        self.pools = {(): (r_l, r_r)}
        log_f = np.log(np.maximum(f_lr, 1e-300))
        p_band = self.band[rows]
        p_class = self.classes[rows]
        for b in np.unique(p_band):
            in_band = p_band == b
            if len(np.unique(rows[in_band])) < min_series:
                continue
            self.pools[(b,)] = (r_l[in_band], r_r[in_band])
            q = np.linspace(0.0, 1.0, self.N_LEVELS + 1)[1:-1]
            self.edges[b] = np.quantile(log_f[in_band], q)
            level = np.searchsorted(self.edges[b], log_f)
            for lv in range(self.N_LEVELS):
                sel = in_band & (level == lv)
                if len(np.unique(rows[sel])) < min_series:
                    continue
                self.pools[(b, lv)] = (r_l[sel], r_r[sel])
                for cl in np.unique(p_class[sel]):
                    mine = sel & (p_class == cl)
                    if len(np.unique(rows[mine])) >= min_series:
                        self.pools[(b, lv, cl)] = (r_l[mine], r_r[mine])

    def take(self, rows) -> RatioPool:
        """The pool for some of the series (same pairs)."""
        out = object.__new__(RatioPool)
        out.__dict__.update(self.__dict__)
        out.band, out.classes = self.band[rows], self.classes[rows]
        out.spread, out.size = self.spread[rows], self.size[rows]
        return out

    def _key(self, i: int, window_forecast: float) -> tuple:
        b = self.band[i]
        if b not in self.edges:
            return ()
        lv = int(np.searchsorted(self.edges[b], np.log(max(window_forecast, 1e-300))))
        for key in ((b, lv, self.classes[i]), (b, lv), (b,)):
            if key in self.pools:
                return key
        return ()

    def draw(self, rng, k: int, window_forecast) -> tuple[np.ndarray, np.ndarray]:
        """``k`` ratio pairs per series (``N x k`` each) for its forecast over the window; a
        series without pairs in reach gets 1 (its forecast)."""
        n = len(self.band)
        orders = np.asarray(window_forecast, dtype=float) / self.size
        keys = [self._key(i, float(orders[i])) for i in range(n)]
        r_l, r_r = np.ones((n, k)), np.ones((n, k))
        for key in dict.fromkeys(keys):  # first-seen order: the same draws in every process
            mine = np.array([kk == key for kk in keys])
            pool_l, pool_r = self.pools[key]
            if not len(pool_l):
                continue
            idx = rng.integers(0, len(pool_l), (int(mine.sum()), k))
            r_l[mine], r_r[mine] = pool_l[idx], pool_r[idx]
        return r_l, r_r
