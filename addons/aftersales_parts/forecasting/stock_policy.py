"""Stock policy for intermittent demand: lead-time demand distribution and order-up-to levels.

Policy: periodic review every ``review`` periods (default 1 month), order-up-to level ``S``,
unfilled demand backordered, lead time ``L`` periods (0, 1, ... 12 or more; one value or one per
series). An order placed at a review arrives ``L`` periods later, so the stock position after
ordering must cover the demand of the next ``L + R`` periods (the protection period).

**Lead-time demand distribution** (per series, driven by the forecast; ``distribution``):

* ``"nb"`` (default), negative binomial by moments: the demand over a window has the mean of
  the forecast summed over the window and the variance ``phi`` times that mean, ``phi`` the
  variance-to-mean ratio of the series' history (at least 1: Poisson). Whole-unit series are
  Poisson-Gamma (negative binomial), others Gamma with the same two moments. A fading
  forecast fades the mean and the variance together. ``phi`` (``dispersion``): by default
  ``"pooled"`` (:func:`pooled_dispersion`), each series' sample ratio shrunk by empirical
  Bayes towards a line in its mean level fitted to all the series given, the more so the
  less reliable it is (a few big lumps in a short history); ``"own"`` is the series' sample
  ratio alone (:func:`own_dispersion`, the former default); ``"pooled_nb"`` pools with the
  negative binomial's sampling variance of the log ratio (an option: it shrinks the lumpy RAF
  parts harder, not less);
* ``"ratio"`` (an option, not the default): the forecast over each window times an actual /
  forecast ratio pair from back-test origins, pooled across series per lead-time band, expected
  number of orders and class (:class:`~.error_ratios.RatioPool`; ``"error"``: pooled
  standardised errors), optionally mixed with the negative binomial (``ratio_weight``). It
  draws beyond a part's own history, which on RAF parts reaches the fill targets only for
  several times the anchor's stock (``readme/FORECASTING.md``, fourth pass on issue 14);
* ``"compound"``, compound Bernoulli: the demand of one period is ``B * X``, ``B`` 1 with
  probability ``p_t = f_t / E[X]`` (``f_t`` the forecast of period ``t``; above 1 the sizes are
  scaled up instead), ``X`` a size drawn from the series' own non-zero demands, smoothed on the
  log scale with half of Silverman's bandwidth and rounded stochastically to whole units for
  whole-unit series (the mean is kept);
* optional level uncertainty, both shapes: the rate is multiplied, per sample, by a Gamma
  variable of mean 1 and coefficient of variation ``level_cv`` (0 by default; ``"auto"``:
  ``1/sqrt(n)`` with ``n`` the periods with demand among the last 24, see
  :func:`auto_level_cv`);
* ``D_L`` and ``D_{L+R}`` are sampled by Monte Carlo with common random numbers
  (``D_{L+R} = D_L + D_R``) and a fixed seed (``n_samples`` draws per series; results are
  deterministic).

Why the negative binomial by default: on carparts (1,046 filtered series and all 2,509
complete ones, lead time 1 and 1-12; see ``readme/FORECASTING.md``) it held less stock than the
compound shape for the same aggregate fill rate, and its achieved fill was closer to the
target. The compound shape asks for a level near the largest lump to reach a per-part fill
target; the two-moment shape does not, which costs stock on bimodal sizes (a few units or a big
lump) at 99 % with short lead times, where both over-deliver.

Why the pooled dispersion by default: a part's own variance-to-mean ratio is highest when its
short history happened to hold a big lump, and such lumps did not come back at that rate: the
parts classified lumpy over-delivered (fill 0.99-1.00 at a 95 % target) and held most of the
stock above the oracle anchor of the benchmark. Chosen on one random half of the carparts
series and checked on the other half, the unfiltered set and simulated negative-binomial and
compound-Poisson demand (``readme/FORECASTING.md``).

**Service measures** for an order-up-to level ``S``, with backorders:

* fill rate (fraction of demand served from stock):
  ``1 - (E[(D_{L+R} - S)+] - E[(D_L - S)+]) / E[D_R]``;
* cycle service level: ``P(D_{L+R} <= S)``.

Levels are evaluated on a grid of whole units for a series whose history is whole units (a
coarser whole step when its demand exceeds ``max_grid`` units), else on ``max_grid`` steps.

**Scope**: ``item`` gives each series the smallest level reaching the target by itself;
``system`` reaches the target for the demand-weighted fill rate of all the series given
together, at the least total stock (Lagrangian allocation: each unit of stock goes where it
avoids the most expected shortage; slow movers may get less than the target, fast movers more).

**Calibration** (:func:`calibrate_target`): the whole chain (forecast, distribution, levels) is
back-tested on the last periods of the history: levels are computed at an earlier origin and the
policy is simulated on the periods that followed. The internal target is then moved so that the
back-tested fill rate equals the requested one, by default only downwards (removing
over-delivery, never chasing spikes). Only the history given is used.

``min``/``max`` for a reordering rule: ``max = S``; ``min = S - E[D_R]`` (rounded down to whole
units for whole-unit data, at least 0): at a review the position is below ``min`` exactly when an
order-up-to policy would order at least the expected demand of one review period.
"""

from __future__ import annotations

import numpy as np

from .error_ratios import RatioPool
from .methods import as_matrix

__all__ = [
    "LeadTimeDemand",
    "auto_level_cv",
    "calibrate_target",
    "lead_time_demand",
    "order_up_to",
    "own_dispersion",
    "pooled_dispersion",
    "simulate",
    "simulated_fill_rate",
]


def _tail_curve(samples: np.ndarray, step: np.ndarray, n_grid: int):
    """``E[(D - j*step)+]`` and ``P(D <= j*step)`` for ``j = 0 .. n_grid-1`` (``N x n_grid``)."""
    n, k = samples.shape
    x = np.sort(samples / step[:, None], axis=1)
    span = float(n_grid + 2)
    off = np.arange(n, dtype=np.float64) * span
    flat = (np.minimum(x, n_grid + 1.0) + off[:, None]).ravel()
    j = np.arange(n_grid, dtype=np.float64)
    queries = (j[None, :] + off[:, None]).ravel()
    pos = np.searchsorted(flat, queries, side="right").reshape(n, n_grid)
    pos = pos - (np.arange(n) * k)[:, None]
    csum = np.concatenate([np.zeros((n, 1)), np.cumsum(x, axis=1)], axis=1)
    total = csum[:, -1][:, None]
    sum_gt = total - np.take_along_axis(csum, pos, axis=1)
    cnt_gt = k - pos
    tail = np.maximum(sum_gt - j[None, :] * cnt_gt, 0.0) / k * step[:, None]
    return tail, pos / k


class LeadTimeDemand:
    """Service curves of a set of series on a grid of order-up-to levels.

    Attributes (``N x J`` unless noted): ``levels`` (the grid), ``shortage`` (expected shortage
    per review cycle), ``fill`` (fill rate), ``csl`` (cycle service level); ``mean_review`` (N),
    expected demand in the review period; ``mean_protection`` (N), over ``L + R``; ``integer``
    (N booleans), True for a series whose history is whole units (levels in whole units).
    """

    def __init__(self, levels, shortage, csl, mean_review, mean_protection, integer):
        self.levels = levels
        self.shortage = shortage
        self.csl = csl
        self.mean_review = mean_review
        self.mean_protection = mean_protection
        self.integer = np.broadcast_to(np.asarray(integer, dtype=bool), mean_review.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            fill = 1.0 - shortage / mean_review[:, None]
        self.fill = np.where(mean_review[:, None] > 0, np.clip(fill, 0.0, 1.0), 1.0)

    @classmethod
    def from_samples(cls, d_l, d_lr, mean_review, integer, max_grid: int = 512):
        """Curves from Monte Carlo samples of ``D_L`` and ``D_{L+R}`` (``N x K`` each)."""
        top = d_lr.max(axis=1, initial=0.0)
        integer = np.broadcast_to(np.asarray(integer, dtype=bool), top.shape)
        whole_step = np.where(top <= max_grid - 2, 1.0, np.ceil(top / (max_grid - 2)))
        fine_step = np.where(top > 0, top / (max_grid - 2), 1.0)
        step = np.where(integer, whole_step, fine_step)
        n_grid = int(min(max_grid, np.ceil((top / step).max(initial=0.0)) + 2))
        tail_lr, csl = _tail_curve(d_lr, step, n_grid)
        tail_l, _ = _tail_curve(d_l, step, n_grid)
        levels = step[:, None] * np.arange(n_grid, dtype=np.float64)[None, :]
        short = np.maximum(tail_lr - tail_l, 0.0)
        return cls(levels, short, csl, mean_review, d_lr.mean(1), integer)

    @staticmethod
    def concat(parts: list[LeadTimeDemand]) -> LeadTimeDemand:
        width = max(p.levels.shape[1] for p in parts)

        def pad(a, extend_levels=False):
            extra = width - a.shape[1]
            if extra == 0:
                return a
            if extend_levels:
                step = a[:, 1:2] - a[:, 0:1] if a.shape[1] > 1 else np.ones((a.shape[0], 1))
                more = a[:, -1:] + step * np.arange(1, extra + 1)[None, :]
                return np.concatenate([a, more], axis=1)
            return np.concatenate([a, np.repeat(a[:, -1:], extra, axis=1)], axis=1)

        return LeadTimeDemand(
            np.vstack([pad(p.levels, True) for p in parts]),
            np.vstack([pad(p.shortage) for p in parts]),
            np.vstack([pad(p.csl) for p in parts]),
            np.concatenate([p.mean_review for p in parts]),
            np.concatenate([p.mean_protection for p in parts]),
            np.concatenate([p.integer for p in parts]),
        )

    def _curve(self, measure: str) -> np.ndarray:
        if measure == "fill_rate":
            return np.maximum.accumulate(self.fill, axis=1)
        if measure == "cycle_service":
            return np.maximum.accumulate(self.csl, axis=1)
        raise ValueError("measure must be 'fill_rate' or 'cycle_service'")

    def level_for(self, target, measure: str = "fill_rate") -> np.ndarray:
        """Smallest grid level per series whose service reaches ``target`` (per-item scope)."""
        curve = self._curve(measure)
        tgt = np.broadcast_to(np.asarray(target, dtype=np.float64), (curve.shape[0],))
        ok = curve >= tgt[:, None] - 1e-12
        idx = np.where(ok.any(1), np.argmax(ok, axis=1), curve.shape[1] - 1)
        return self.levels[np.arange(curve.shape[0]), idx]

    def system_levels(self, target: float, cost=None, floor=None) -> np.ndarray:
        """Least total stock whose demand-weighted expected fill rate reaches ``target``.

        ``cost`` (one per series, for example the unit price) weighs each series' stock: the
        least total *value* is sought (``levels * cost + lam * shortage`` per series, one
        multiplier ``lam`` found by bisection), so cheap parts get deep buffers and dear parts
        shallow ones for the same aggregate fill. ``None``: every unit counts the same.
        ``floor`` (one level per series) is the least level each series may get.
        """
        budget = (1.0 - float(target)) * float(self.mean_review.sum())
        rows = np.arange(self.levels.shape[0])
        weighted = self.levels * _unit_costs(cost, rows.size)[:, None]
        if floor is not None:
            below = self.levels < np.asarray(floor, dtype=np.float64)[:, None] - 1e-9
            below[:, -1] = False  # a floor above the grid takes the top of the grid
            weighted = np.where(below, np.inf, weighted)

        def pick(lam):
            idx = np.argmin(weighted + lam * self.shortage, axis=1)
            return idx, float(self.shortage[rows, idx].sum())

        lo, hi = -12.0, 12.0  # log10 of the multiplier
        idx_hi, short_hi = pick(10.0**hi)
        if short_hi > budget:
            return self.levels[rows, idx_hi]
        for _ in range(60):
            mid = (lo + hi) / 2.0
            _, s = pick(10.0**mid)
            if s <= budget:
                hi = mid
            else:
                lo = mid
        idx, _ = pick(10.0**hi)
        return self.levels[rows, idx]

    def service_at(self, level, measure: str = "fill_rate") -> np.ndarray:
        """Expected service of a level per series (nearest grid point at or below it)."""
        curve = self._curve(measure)
        lv = np.asarray(level, dtype=np.float64)[:, None]
        idx = np.maximum((self.levels <= lv + 1e-9).sum(1) - 1, 0)
        return curve[np.arange(curve.shape[0]), idx]

    def levels_for(
        self, target, measure: str = "fill_rate", scope: str = "item", cost=None, item_floor=None
    ) -> np.ndarray:
        """Levels for ``target`` per series (``item``) or for all together (``system``,
        weighted by ``cost`` when given, see :meth:`system_levels`). With ``item_floor``
        (system scope) no series gets less than its own item-scope level for ``target`` minus
        ``item_floor`` (at least 0.5): the aggregate target is not bought by starving a part."""
        if scope == "item":
            return self.level_for(target, measure)
        if scope == "system":
            if measure != "fill_rate":
                raise ValueError("the system scope is for fill-rate targets")
            floor = None
            if item_floor is not None:
                floor = self.level_for(max(float(target) - float(item_floor), 0.5))
            return self.system_levels(target, cost, floor)
        raise ValueError("scope must be 'item' or 'system'")

    def min_max(self, level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(min, max)`` for a reordering rule from order-up-to levels (see module docstring)."""
        low = level - self.mean_review
        low = np.where(self.integer, np.floor(low + 1e-9), low)
        return np.maximum(low, 0.0), level


def _unit_costs(cost, n: int) -> np.ndarray:
    """Cost per unit of stock of each series (1 for all with ``None``); a part without a
    positive cost would take unbounded stock, so it takes the smallest positive cost given."""
    if cost is None:
        return np.ones(n)
    c = np.broadcast_to(np.asarray(cost, dtype=np.float64), (n,))
    if np.any(np.isnan(c)) or np.any(c < 0) or np.any(np.isinf(c)):
        raise ValueError("unit costs must be non-negative numbers")
    positive = c[c > 0]
    if positive.size == 0:
        return np.ones(n)
    return np.where(c > 0, c, positive.min())


def _size_pool(y: np.ndarray):
    """Padded matrix of each series' non-zero demands and their count."""
    d = y > 0
    cnt = d.sum(axis=1)
    m = max(int(cnt.max(initial=0)), 1)
    order = np.argsort(~d, axis=1, kind="stable")
    sizes = np.take_along_axis(np.where(d, y, 0.0), order, axis=1)[:, :m]
    return sizes, cnt


def _lead_times(lead_time, n: int) -> np.ndarray:
    lt = np.broadcast_to(np.asarray(lead_time, dtype=np.float64), (n,))
    if np.any(~np.isfinite(lt)) or np.any(lt < 0):
        raise ValueError("lead times must be non-negative numbers")
    if np.any(lt != np.round(lt)):
        raise ValueError("lead times must be whole numbers of periods")
    return lt.astype(np.int64)


def _prepare_forecast(fcst, n: int, horizon: int) -> np.ndarray:
    f = np.asarray(fcst, dtype=np.float64)
    if f.ndim == 1:
        f = f[:, None]
    if f.shape[0] != n:
        raise ValueError("history and forecast must have the same number of series")
    f = np.maximum(np.nan_to_num(f, nan=0.0), 0.0)
    if f.shape[1] < horizon:
        f = np.concatenate([f, np.repeat(f[:, -1:], horizon - f.shape[1], axis=1)], axis=1)
    return f


def _size_bandwidth(sizes: np.ndarray, cnt: np.ndarray) -> np.ndarray:
    """Half of Silverman's bandwidth of the log sizes per series (0 with fewer than 2 sizes)."""
    valid = np.arange(sizes.shape[1])[None, :] < cnt[:, None]
    logs = np.where(valid, np.log(np.where(valid, np.maximum(sizes, 1e-12), 1.0)), 0.0)
    m = logs.sum(1) / np.maximum(cnt, 1)
    var = np.where(valid, (logs - m[:, None]) ** 2, 0.0).sum(1) / np.maximum(cnt - 1, 1)
    bw = 0.5 * 1.06 * np.sqrt(var) * np.maximum(cnt, 1) ** (-0.2)
    return np.where(cnt >= 2, bw, 0.0)


def _level_multipliers(rng, level_cv, n, k):
    """``k`` draws per series of a mean-1 Gamma factor on the demand level (coefficient of
    variation ``level_cv``, 0 for none): the uncertainty of the forecast itself."""
    cv = np.broadcast_to(np.asarray(level_cv, dtype=np.float64), (n,))
    if not np.any(cv > 0):
        return np.ones((n, k))
    shape = np.where(cv > 0, 1.0 / np.maximum(cv * cv, 1e-12), 1.0)
    mult = rng.standard_gamma(np.broadcast_to(shape[:, None], (n, k))) / shape[:, None]
    return np.where(cv[:, None] > 0, mult, 1.0)


def own_dispersion(history) -> np.ndarray:
    """Variance-to-mean ratio of each series' observed periods (sample variance), at least 1."""
    y = as_matrix(history)
    obs = np.isfinite(y)
    cnt = obs.sum(1)
    y0 = np.where(obs, y, 0.0)
    m = y0.sum(1) / np.maximum(cnt, 1)
    var = np.where(obs, (y0 - m[:, None]) ** 2, 0.0).sum(1) / np.maximum(cnt - 1, 1)
    return np.where(m > 0, np.maximum(var / np.where(m > 0, m, 1.0), 1.0), 1.0)


def _random_effects_line(x, s2, u):
    """Random-effects meta-regression ``x_i ~ N(a + b u_i, tau2 + s2_i)``: ``((a, b), tau2)``,
    ``tau2`` by the Paule-Mandel equation (weighted residual sum of squares = its degrees of
    freedom, solved by bisection on the log scale; weighted least squares for the line)."""
    design = np.stack([np.ones_like(u), u], axis=1)

    def fit(tau2):
        sw = 1.0 / np.sqrt(s2 + tau2)
        coef = np.linalg.lstsq(design * sw[:, None], x * sw, rcond=None)[0]
        q = float((((x - design @ coef) * sw) ** 2).sum())
        return coef, q

    dof = max(len(x) - 2, 1)
    coef, q = fit(0.0)
    if q <= dof:
        return coef, 0.0
    lo, hi = -12.0, 6.0  # log10 tau2
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if fit(10.0**mid)[1] > dof:
            lo = mid
        else:
            hi = mid
    tau2 = 10.0**hi
    return fit(tau2)[0], tau2


def pooled_dispersion(history, min_series: int = 30, sampling: str = "moments") -> np.ndarray:
    """Variance-to-mean ratio per series, each series' own estimate shrunk by its reliability.

    A series' sample ratio ``v/m`` is very uncertain when a short history holds a few big
    lumps, and it is high precisely for the series that happened to see a big lump: taken
    alone, it overstates the lumps to come (regression to the mean; the series classified
    lumpy are selected on it). Empirical Bayes on ``x = log(v/m)``, as for the dispersions of
    count data in edgeR / DESeq2:

    * sampling variance of ``x`` per series by the delta method, from its own moments
      (``n`` observed periods, ``mu3``, ``mu4`` the third and fourth central moments):
      ``s2 = (mu4 - v^2 (n-3)/(n-1)) / (n v^2) + v / (n m^2) - 2 mu3 / (n v m)``, at least
      ``1/n`` (the plug-in can fall below 0). Many small lumps make it large; one lump that
      carries both the mean and the variance makes it too small (the ratio is then still
      shrunk, less than it deserves; a jackknife variance shrank more but did worse on the
      design half of carparts and on simulated negative-binomial demand);
    * prior: ``x ~ N(a + b log m, tau2)``, a line in ``log m`` (Taylor's power law
      ``v ~ m^(b+1)``; a constant ratio when ``b = 0``) fitted to all series given by
      random-effects meta-regression (:func:`_random_effects_line`, Paule-Mandel ``tau2``);
    * posterior ``post = prior + tau2 / (tau2 + s2) * (x - prior)``, variance
      ``tau2 s2 / (tau2 + s2)``, and the ratio its log-normal mean, at least 1. Being fitted
      on logs of a right-skewed estimate, the ratios come out about 10 % low on simulated
      negative-binomial demand with 36 periods of history (the series' own ratios: 3 % low)
      but with 30 % less error per series (the back-test calibration only lowers targets and
      does not correct this).

    ``sampling="nb"`` takes the sampling variance a negative binomial would give, at the
    prior's ratio (two fits: the prior of the plug-in first): ``s2 = 2/(n-1) + (3 phi - 4 +
    1/phi) / (n m)`` (delta method with its kurtosis and skewness); ``"nb_own"`` at the series'
    own ratio. It falls with the history's length and its demand; on RAF parts (low means,
    ratios 5-50) the ``3 phi / (n m)`` term makes it larger than the plug-in, so the lumpy
    parts are shrunk harder (an option, measured and not adopted: readme/FORECASTING.md).

    Nothing is tuned: every weight comes from the series given (so a series' ratio depends on
    the others in the call, as the ``decline`` forecast does). Series without demand, with
    a zero variance or fewer than 4 observed periods keep :func:`own_dispersion`, and so do
    all of them when fewer than ``min_series`` could enter the pool (too few to estimate a
    line and its spread).
    """
    y = as_matrix(history)
    own = own_dispersion(y)
    obs = np.isfinite(y)
    n = obs.sum(1).astype(np.float64)
    y0 = np.where(obs, y, 0.0)
    m = y0.sum(1) / np.maximum(n, 1)
    dev = np.where(obs, y0 - m[:, None], 0.0)
    v = (dev**2).sum(1) / np.maximum(n - 1, 1)
    ok = (m > 0) & (v > 0) & (n >= 4)
    if ok.sum() < min_series:
        return own
    nn = np.maximum(n, 1)
    m3 = (dev**3).sum(1) / nn
    m4 = (dev**4).sum(1) / nn
    ms = np.where(ok, m, 1.0)
    vs = np.where(ok, v, 1.0)
    # delta method for log phi = log v - log m
    var_v = np.maximum(m4 - vs * vs * (n - 3) / np.maximum(n - 1, 1), 0.0) / nn
    s2 = var_v / vs**2 + vs / (nn * ms * ms) - 2.0 * (m3 / nn) / (vs * ms)
    if sampling not in ("moments", "nb", "nb_own"):
        raise ValueError("sampling must be 'moments', 'nb' or 'nb_own'")

    def nb_s2(ratio):
        ratio = np.maximum(ratio, 1.0)
        return 2.0 / np.maximum(n - 1, 1) + (3.0 * ratio - 4.0 + 1.0 / ratio) / (nn * ms)

    if sampling == "nb_own":
        s2 = nb_s2(vs / ms)
    s2 = np.where(ok, np.maximum(s2, 1.0 / nn), 1.0)
    x = np.where(ok, np.log(vs / ms), 0.0)
    lm = np.log(ms)
    coef, tau2 = _random_effects_line(x[ok], s2[ok], lm[ok])
    mu = coef[0] + coef[1] * lm
    if sampling == "nb":
        # the sampling variance at the prior's ratio, not at the noisy own one
        s2 = np.where(ok, np.maximum(nb_s2(np.exp(mu)), 1.0 / nn), 1.0)
        coef, tau2 = _random_effects_line(x[ok], s2[ok], lm[ok])
        mu = coef[0] + coef[1] * lm
    post = mu + tau2 / (tau2 + s2) * (x - mu)
    post_var = tau2 * s2 / (tau2 + s2)
    phi = np.exp(post + post_var / 2.0)
    return np.where(ok, np.maximum(phi, 1.0), own)


def _sample_chunk_nb(y, f, lt, review, n_samples, level_cv, seed, integer, phi=None):
    """Monte Carlo samples of ``D_L`` and ``D_{L+R}``: negative binomial by moments.

    Mean: the forecast summed over the window; variance: ``phi`` times the mean, ``phi`` the
    variance-to-mean ratio of the series' history (at least 1, Poisson). Whole-unit series are
    Poisson-Gamma, others Gamma with the same two moments.
    """
    n = y.shape[0]
    if phi is None:
        phi = own_dispersion(y)
    t = np.arange(f.shape[1])[None, :]
    m_l = np.where(t < lt[:, None], f, 0.0).sum(1)
    m_r = np.where((t >= lt[:, None]) & (t < lt[:, None] + review), f, 0.0).sum(1)
    rng = np.random.default_rng(seed)
    k = int(n_samples)
    mult = _level_multipliers(rng, level_cv, n, k)
    integer = np.broadcast_to(np.asarray(integer, dtype=bool), (n,))
    over = phi - 1.0

    def draw(mean):
        mu = mean[:, None] * mult
        out = np.zeros((n, k))
        if integer.any():
            # whole units: Poisson whose rate is Gamma with variance (phi - 1) * mean
            sc = np.where(over > 1e-9, over, 1.0)[:, None]
            g_shape = np.maximum(mu / sc, 1e-300)
            lam = np.where(over[:, None] > 1e-9, rng.standard_gamma(g_shape) * sc, mu)
            whole = rng.poisson(np.where(mu > 0, lam, 0.0)).astype(np.float64)
            out = np.where(integer[:, None], whole, out)
        if not integer.all():
            # fractional units: Gamma of the same mean and variance phi * mean
            c_shape = np.maximum(mu / phi[:, None], 1e-300)
            cont = np.where(mu > 0, rng.standard_gamma(c_shape) * phi[:, None], 0.0)
            out = np.where(integer[:, None], out, cont)
        return out

    d_l = draw(m_l)
    d_lr = d_l + draw(m_r)
    return d_l, d_lr, m_r


def _sample_chunk_ratio(y, f, lt, review, n_samples, level_cv, seed, integer, phi, pool, weight):
    """Monte Carlo samples of ``D_L`` and ``D_{L+R}``: the forecast over each window times a
    ratio pair drawn from the series' group of :class:`~.error_ratios.RatioPool` (the ratio
    carries the forecast's error, so no level uncertainty is added), whole units by stochastic
    rounding (the mean is kept). With ``weight < 1`` that share of the draws comes from the
    ratio pool and the rest from the negative binomial (:func:`_sample_chunk_nb`)."""
    n = y.shape[0]
    k = int(n_samples)
    t = np.arange(f.shape[1])[None, :]
    m_l = np.where(t < lt[:, None], f, 0.0).sum(1)
    m_r = np.where((t >= lt[:, None]) & (t < lt[:, None] + review), f, 0.0).sum(1)
    rng = np.random.default_rng(seed)
    r_l, r_r = pool.draw(rng, k, m_l + m_r)
    if pool.kind == "error":
        sd = pool.spread[:, None]
        d_l = np.maximum(m_l[:, None] + sd * np.sqrt(lt)[:, None] * r_l, 0.0)
        d_r = np.maximum(m_r[:, None] + sd * np.sqrt(review) * r_r, 0.0)
    else:
        d_l, d_r = m_l[:, None] * r_l, m_r[:, None] * r_r
    whole = np.broadcast_to(np.asarray(integer, dtype=bool), (n,))[:, None]
    lo_l, lo_r = np.floor(d_l), np.floor(d_r)
    d_l = np.where(whole, lo_l + (rng.random((n, k)) < d_l - lo_l), d_l)
    d_r = np.where(whole, lo_r + (rng.random((n, k)) < d_r - lo_r), d_r)
    d_lr = d_l + d_r
    if weight < 1.0:
        nb_l, nb_lr, _ = _sample_chunk_nb(
            y, f, lt, review, n_samples, level_cv, seed + 7919, integer, phi
        )
        pick = rng.random((n, k)) < weight
        d_l, d_lr = np.where(pick, d_l, nb_l), np.where(pick, d_lr, nb_lr)
    return d_l, d_lr, m_r


def _dispersion(y, dispersion) -> np.ndarray:
    """Variance-to-mean ratios per series from a ``dispersion`` argument."""
    if isinstance(dispersion, str):
        if dispersion == "own":
            return own_dispersion(y)
        if dispersion == "pooled":
            return pooled_dispersion(y)
        if dispersion in ("pooled_nb", "pooled_nb_own"):
            return pooled_dispersion(y, sampling=dispersion[7:])
        raise ValueError("dispersion must be 'own', 'pooled', 'pooled_nb' or one ratio per series")
    return np.broadcast_to(np.asarray(dispersion, dtype=np.float64), (y.shape[0],))


def _sample_chunk(y, f, lt, review, n_samples, level_cv, seed, smooth_sizes=True):
    """Monte Carlo samples of ``D_L`` and ``D_{L+R}`` for a block of series.

    Each period of the protection period: a demand occurs with probability ``f_t / E[X]`` (times
    the level multiplier); its size is drawn from the series' own non-zero demands. With
    ``smooth_sizes``, the drawn size is multiplied by a log-normal factor of mean 1 whose
    spread is half of Silverman's bandwidth for the log sizes (0 with fewer than 2 sizes or
    identical sizes), then rounded stochastically to whole units for whole-unit data (the
    mean is kept): a short history rarely shows the largest orders a part will see.
    """
    n = y.shape[0]
    horizon = int(lt.max(initial=0)) + review
    sizes, cnt = _size_pool(y)
    integer_sizes = np.all(sizes == np.round(sizes), axis=1)[:, None]
    bw = _size_bandwidth(sizes, cnt) if smooth_sizes else np.zeros(n)
    no_sizes = cnt == 0  # a forecast without size history: unit sizes
    sizes = np.where(no_sizes[:, None], 1.0, sizes)
    cnt_eff = np.where(no_sizes, 1, cnt)
    mean_size = np.where(no_sizes, 1.0, sizes.sum(1) / np.maximum(cnt, 1))
    rng = np.random.default_rng(seed)
    k = int(n_samples)
    d_l = np.zeros((n, k))
    d_lr = np.zeros((n, k))
    mean_review = np.zeros(n)
    rows = np.arange(n)[:, None]
    mult = _level_multipliers(rng, level_cv, n, k)
    for t in range(horizon):
        ft = f[:, t]
        active_l = t < lt
        active_lr = t < lt + review
        mean_review += np.where(active_lr & ~active_l, ft, 0.0)
        ratio = (ft / mean_size)[:, None] * mult
        hit = rng.random((n, k)) < ratio
        idx = np.minimum(
            (rng.random((n, k)) * cnt_eff[:, None]).astype(np.int64), sizes.shape[1] - 1
        )
        x = sizes[rows, idx]
        if smooth_sizes:
            # kernel smoothing on the log scale, mean kept: sizes a little above (and below)
            # the ones seen, since a short history rarely shows the largest orders
            g = rng.standard_normal((n, k)) * bw[:, None]
            x = x * np.exp(g - bw[:, None] ** 2 / 2.0)
            # whole-unit series: stochastic rounding keeps whole units and the mean
            lo = np.floor(x)
            x = np.where(integer_sizes, lo + (rng.random((n, k)) < (x - lo)), x)
        x = np.where(hit, x * np.maximum(ratio, 1.0), 0.0)
        d_l += np.where(active_l[:, None], x, 0.0)
        d_lr += np.where(active_lr[:, None], x, 0.0)
    return d_l, d_lr, mean_review


def auto_level_cv(history, window: int = 24) -> np.ndarray:
    """Uncertainty of each part's demand level from how much history backs it.

    A rate estimated from ``n`` demands has a relative standard error of about ``1/sqrt(n)``
    (Poisson-Gamma): ``level_cv = 1/sqrt(max(n, 1))`` with ``n`` the periods with demand among
    the last ``window`` periods. New and sparse parts get a wide distribution, parts with a long
    regular history a narrow one.
    """
    y = as_matrix(history)
    n = (np.nan_to_num(y[:, -int(window) :]) > 0).sum(axis=1)
    return 1.0 / np.sqrt(np.maximum(n, 1))


def lead_time_demand(
    history,
    fcst,
    lead_time=1,
    review: int = 1,
    n_samples: int = 2000,
    level_cv=0.0,
    seed: int = 12345,
    chunk: int = 256,
    max_grid: int = 512,
    smooth_sizes: bool = True,
    distribution: str = "nb",
    dispersion="pooled",
    ratios: RatioPool | None = None,
    ratio_weight: float = 1.0,
) -> LeadTimeDemand:
    """Lead-time demand distribution per series, as service curves (see module docstring).

    ``history`` is ``N x T`` (NaN = no observation), ``fcst`` ``N x H`` per-period forecasts
    from the next period on (extended with its last column when ``H < L + R``; a 1-D ``fcst`` is
    one flat level per series). Series are sampled in chunks of ``chunk`` rows, the chunk
    starting at row ``i`` with seed ``seed + i``: results are reproducible for the same input.
    ``distribution`` is ``"nb"`` (negative binomial by moments, :func:`_sample_chunk_nb`) or
    ``"compound"`` (compound Bernoulli, :func:`_sample_chunk`, whose sizes are smoothed unless
    ``smooth_sizes=False``). ``dispersion`` (``"nb"`` only) gives the variance-to-mean ratios:
    ``"pooled"`` (default, :func:`pooled_dispersion`: each series' ratio shrunk towards those of
    all series given, by its reliability), ``"own"`` (:func:`own_dispersion`, each series
    alone), ``"pooled_nb"`` (pooled with the negative binomial's sampling variance) or one
    ratio per series. ``distribution="ratio"``: the forecast times the actual / forecast ratios
    of back-test origins pooled per class and lead-time band (``ratios``, a
    :class:`~.error_ratios.RatioPool`, built from ``history`` when not given), a share
    ``ratio_weight`` of the draws, the rest negative binomial.
    """
    y = as_matrix(history)
    n = y.shape[0]
    lt = _lead_times(lead_time, n)
    review = int(review)
    if review < 1:
        raise ValueError("review period must be at least 1")
    if distribution not in ("nb", "compound", "ratio", "error"):
        raise ValueError("distribution must be 'nb', 'compound', 'ratio' or 'error'")
    f = _prepare_forecast(fcst, n, int(lt.max(initial=0)) + review)
    finite = np.isfinite(y)
    integer = np.all(~finite | (y == np.round(np.where(finite, y, 0.0))), axis=1)
    if isinstance(level_cv, str):
        if level_cv != "auto":
            raise ValueError("level_cv must be a number, one per series, or 'auto'")
        cv = auto_level_cv(y)
    else:
        cv = np.broadcast_to(np.asarray(level_cv, dtype=np.float64), (n,))
    phi = _dispersion(y, dispersion)
    if distribution in ("ratio", "error") and ratios is None:
        ratios = RatioPool(y, lt, review=review, kind=distribution)
    parts = []
    for start in range(0, max(n, 1), int(chunk)):
        sl = slice(start, min(n, start + int(chunk)))
        if distribution == "nb":
            d_l, d_lr, mean_review = _sample_chunk_nb(
                y[sl], f[sl], lt[sl], review, n_samples, cv[sl], seed + start, integer[sl], phi[sl]
            )
        elif distribution in ("ratio", "error"):
            d_l, d_lr, mean_review = _sample_chunk_ratio(
                y[sl], f[sl], lt[sl], review, n_samples, cv[sl], seed + start, integer[sl],
                phi[sl], ratios.take(np.arange(n)[sl]), float(ratio_weight),
            )  # fmt: skip
        else:
            d_l, d_lr, mean_review = _sample_chunk(
                y[sl], f[sl], lt[sl], review, n_samples, cv[sl], seed + start, smooth_sizes
            )
        parts.append(LeadTimeDemand.from_samples(d_l, d_lr, mean_review, integer[sl], max_grid))
    return parts[0] if len(parts) == 1 else LeadTimeDemand.concat(parts)


def lead_time_demand_blocks(history, fcst, lead_time, scope: str = "item", block=4096, **kw):
    """``(row slice, LeadTimeDemand)`` for blocks of ``block`` series (one block for ``system``).

    Per-item levels need only their own series, so large sets are handled block by block to
    bound memory; seeds follow the global row index and the pooled dispersion is computed once
    on all the series, so the results equal a single call.
    """
    y = as_matrix(history)
    n = y.shape[0]
    f = np.asarray(fcst, dtype=np.float64)
    if f.ndim == 1:
        f = f[:, None]
    lt = _lead_times(lead_time, n)
    chunk = int(kw.get("chunk", 256))
    size = n if scope == "system" else max(chunk, (int(block) // chunk) * chunk)
    seed = int(kw.pop("seed", 12345))
    # one pool of dispersions and of ratios for all the series, whatever the blocks
    disp = _dispersion(y, kw.pop("dispersion", "pooled"))
    ratios = kw.pop("ratios", None)
    ratio_forecaster = kw.pop("ratio_forecaster", None)
    kind = kw.get("distribution")
    if kind in ("ratio", "error") and ratios is None:
        ratios = RatioPool(y, lt, ratio_forecaster, review=int(kw.get("review", 1)), kind=kind)
    cv = kw.pop("level_cv", 0.0)
    if isinstance(cv, str):
        if cv != "auto":
            raise ValueError("level_cv must be a number, one per series, or 'auto'")
        cv = auto_level_cv(y)
    cv = np.broadcast_to(np.asarray(cv, dtype=np.float64), (n,))
    for lo in range(0, max(n, 1), max(size, 1)):
        sl = slice(lo, min(n, lo + size))
        ltd = lead_time_demand(
            y[sl], f[sl], lt[sl], level_cv=cv[sl], seed=seed + lo, dispersion=disp[sl],
            ratios=None if ratios is None else ratios.take(np.arange(n)[sl]), **kw,
        )  # fmt: skip
        yield sl, ltd


def order_up_to(
    history,
    fcst,
    lead_time=1,
    target: float = 0.95,
    measure: str = "fill_rate",
    scope: str = "item",
    review: int = 1,
    unit_cost=None,
    item_floor=None,
    **kw,
) -> dict[str, np.ndarray]:
    """Order-up-to level (``max``) and reorder point (``min``) per series for a target.

    ``measure`` is ``"fill_rate"`` or ``"cycle_service"``; ``scope`` ``"item"`` or
    ``"system"`` (the least stock value with ``unit_cost``, no part below its item-scope level
    for ``target - item_floor``: :meth:`LeadTimeDemand.levels_for`). Returns ``max``,
    ``min``, ``expected_service`` (at ``max``) and ``mean_protection`` (expected demand over
    ``L + R``). Extra keyword arguments go to
    :func:`lead_time_demand`.
    """
    _check_target(target)
    ltd = lead_time_demand(history, fcst, lead_time, review, **kw)
    level = ltd.levels_for(target, measure, scope, unit_cost, item_floor)
    low, high = ltd.min_max(level)
    return {
        "max": high,
        "min": low,
        "expected_service": ltd.service_at(level, measure),
        "mean_protection": ltd.mean_protection,
    }


def _check_target(target) -> None:
    t = np.asarray(target, dtype=np.float64)
    if np.any(~np.isfinite(t)) or np.any(t <= 0.0) or np.any(t >= 1.0):
        raise ValueError("target service level must be between 0 and 1 (exclusive)")


def simulate(demand, level, lead_time=1) -> dict[str, np.ndarray]:
    """Simulate a periodic-review order-up-to policy with backorders on actual demand.

    ``demand`` is ``N x T`` (NaN counted as 0), ``level`` the order-up-to level per series
    (fixed over the simulation), ``lead_time`` one value or one per series. Each period: the
    order placed ``L`` periods ago arrives, the stock position (on hand + on order - backorders)
    is raised to the level by a new order (arriving ``L`` periods later, at once when ``L = 0``),
    then demand is served from on-hand stock and the rest backordered. Starts with on-hand stock
    at the level and nothing on order. Returns per series ``demand`` (total), ``filled`` (served
    from stock at once) and ``on_hand`` (mean end-of-period on-hand stock). Vectorised over
    series; the loop runs over periods.
    """
    d = np.nan_to_num(as_matrix(demand), nan=0.0)
    n, t_len = d.shape
    s = np.broadcast_to(np.asarray(level, dtype=np.float64).reshape(-1), (n,)).astype(np.float64)
    lt = _lead_times(lead_time, n)
    lmax = int(lt.max(initial=0))
    net = s.copy()
    position = s.copy()
    pipe = np.zeros((n, lmax + 1))  # pipe[:, j]: arrives j+1 periods from now
    rows = np.arange(n)
    filled = np.zeros(n)
    on_hand = np.zeros(n)
    immediate = lt == 0
    slot = np.maximum(lt - 1, 0)
    for t in range(t_len):
        net += pipe[:, 0]
        pipe[:, :-1] = pipe[:, 1:]
        pipe[:, -1] = 0.0
        order = np.maximum(s - position, 0.0)
        position += order
        net += np.where(immediate, order, 0.0)
        pipe[rows, slot] += np.where(immediate, 0.0, order)
        dt = d[:, t]
        filled += np.minimum(dt, np.maximum(net, 0.0))
        net -= dt
        position -= dt
        on_hand += np.maximum(net, 0.0)
    return {"demand": d.sum(1), "filled": filled, "on_hand": on_hand / max(t_len, 1)}


def simulated_fill_rate(demand, level, lead_time=1) -> tuple[float, float]:
    """Aggregate ``(fill rate, months of supply)`` of a simulation over all series.

    Fill rate = total demand served from stock / total demand; months of supply = total mean
    on-hand stock / total mean demand per period.
    """
    d = as_matrix(demand)
    sim = simulate(d, level, lead_time)
    tot = float(sim["demand"].sum())
    per_period = tot / max(d.shape[1], 1)
    fr = float(sim["filled"].sum()) / tot if tot > 0 else 1.0
    mos = float(sim["on_hand"].sum()) / per_period if per_period > 0 else float("nan")
    return fr, mos


CALIBRATION_GRID = np.array(
    [
        0.5,
        0.6,
        0.7,
        0.75,
        0.8,
        0.85,
        0.875,
        0.9,
        0.92,
        0.94,
        0.95,
        0.96,
        0.97,
        0.98,
        0.99,
        0.995,
        0.998,
        0.999,
    ]
)


def _interp_target(target: float, achieved: np.ndarray, raise_target: bool) -> float:
    achieved = np.maximum.accumulate(achieved)
    if target > achieved[-1]:
        internal = float(CALIBRATION_GRID[-1])
    elif target <= achieved[0]:
        internal = float(CALIBRATION_GRID[0])
    else:
        internal = float(np.interp(target, achieved, CALIBRATION_GRID))
    return internal if raise_target else min(internal, float(target))


def calibrate_target(
    history,
    forecaster,
    lead_time=1,
    target: float = 0.95,
    holdout: int = 12,
    scope: str = "item",
    raise_target: bool = False,
    groups=None,
    min_group_demand: float = 200.0,
    origins: int = 1,
    unit_cost=None,
    item_floor=None,
    **kw,
):
    """Internal fill-rate target that made the policy deliver ``target`` on the history.

    The last ``holdout`` periods are held out; ``forecaster(fit, h)`` is fitted on the periods
    before and levels for each internal target of a grid are simulated on the held-out periods
    (fixed level, start at the level). The internal target whose back-tested fill rate equals
    ``target`` is interpolated. With ``raise_target=False`` (default) the internal target is
    never above the requested one: calibration then only removes over-delivery (whole-unit
    levels of slow movers overshoot) and never chases demand spikes that no history shows.

    With ``groups`` (one label per series, for example the demand class; item scope only) the
    mapping is made per group, so that each group delivers the target on the back-test; a group
    with less than ``min_group_demand`` held-out demand uses the mapping of all series. Returns a
    float, or one internal target per series with ``groups``. Returns ``target`` unchanged when
    the history is too short (fewer than 12 fitting periods).
    """
    _check_target(target)
    y = as_matrix(history)
    n, t_len = y.shape
    holdout = int(holdout)
    if holdout < 1 or t_len - holdout < 12:
        return float(target) if groups is None else np.full(n, float(target))
    if groups is not None and scope != "item":
        raise ValueError("calibration per group needs the item scope")
    lt = _lead_times(lead_time, n)
    filled = np.zeros((len(CALIBRATION_GRID), n))
    demand = np.zeros(n)
    for k in range(max(int(origins), 1)):
        cut = t_len - holdout * (k + 1)
        if k and cut < 24:
            break  # an earlier origin needs two years to fit
        fit, val = y[:, :cut], y[:, cut : cut + holdout]
        f = forecaster(fit, max(holdout, int(lt.max(initial=0)) + 1))
        for sl, ltd in lead_time_demand_blocks(fit, f, lt, scope, **kw):
            cost = None if unit_cost is None else np.broadcast_to(unit_cost, (n,))[sl]
            for i, g in enumerate(CALIBRATION_GRID):
                level = ltd.levels_for(g, "fill_rate", scope, cost, item_floor)
                sim = simulate(val[sl], level, lt[sl])
                filled[i, sl] += sim["filled"]
                if i == 0:
                    demand[sl] += sim["demand"]
    total = float(demand.sum())
    if total <= 0:
        return float(target) if groups is None else np.full(n, float(target))
    overall = _interp_target(float(target), filled.sum(1) / total, raise_target)
    if groups is None:
        return overall
    labels = np.asarray(groups)
    out = np.full(n, overall)
    for label in np.unique(labels):
        rows = labels == label
        dem = float(demand[rows].sum())
        if dem >= min_group_demand:
            out[rows] = _interp_target(float(target), filled[:, rows].sum(1) / dem, raise_target)
    return out
