"""Automatic choice of a forecasting method, using only the data it is given.

The last ``validation`` periods of the history are held out *inside* the history: each
candidate method is fitted on the periods before them and scored on them (RMSSE per series,
scaled by the naive one-step error of the fitting part); with a long history, on up to three
such windows one after the other (mean RMSSE). The method with the lowest mean RMSSE
is chosen per demand class (``by="class"``, default: classes from ADI/CV² on the whole history),
per series (``by="series"``: noisy on short validation windows) or once for all series
(``by="all"``). The chosen method is then refitted on the whole history. Nothing after the
last period given is ever looked at, so the choice can be evaluated honestly on held-out data.
"""

from __future__ import annotations

import numpy as np

from .accuracy import evaluate
from .classification import CLASSES, classify
from .methods import METHODS, as_matrix

__all__ = ["DEFAULT_CANDIDATES", "auto_forecast", "choose_methods"]

#: Candidates of the automatic choice (``zero`` is left out: it is never a useful plan).
DEFAULT_CANDIDATES = ("ma12", "ses", "sba_opt", "tsb_opt", "adida", "imapa", "decline")


def _validation_length(t_len: int, h: int, validation: int | None) -> int:
    if validation is not None:
        return int(validation)
    return int(max(1, min(int(h), t_len // 3)))


def choose_methods(
    y,
    h: int,
    candidates=DEFAULT_CANDIDATES,
    by: str = "class",
    validation: int | None = None,
    classes=None,
    origins: int = 3,
) -> tuple[np.ndarray, dict]:
    """Return the chosen method name per series and a report of validation scores.

    ``validation`` periods (default ``min(h, T // 3)``) at the end of ``y`` are scored; series
    with fewer than 4 fitting periods or an unscaled validation keep the first candidate that
    scores on them, falling back to ``candidates[0]``.

    With a long history the choice is scored on up to ``origins`` consecutive windows of
    ``validation`` periods (the last one, the one before, ...), each fitted on the periods
    before it, as long as at least ``2 * validation`` periods remain to fit; a series' score is
    its mean RMSSE over the windows. One window of 12 months decides near ties by chance (on
    RAF parts the choice flipped between ``decline`` and ``tsb_opt``); three are steadier.
    """
    y = as_matrix(y)
    n, t_len = y.shape
    cands = tuple(candidates)
    for c in cands:
        if c not in METHODS:
            raise ValueError(f"unknown candidate method {c!r}")
    v = _validation_length(t_len, h, validation)
    if classes is None:
        classes = classify(y)
    if t_len - v < 4 or len(cands) == 1:
        return np.full(n, cands[0], dtype=object).astype(str), {"validation": 0}
    total = np.zeros((len(cands), n))
    count = np.zeros((len(cands), n))
    used = 0
    for k in range(max(int(origins), 1)):
        end = t_len - k * v
        if k and end - v < 2 * v:
            break
        fit, val = y[:, : end - v], y[:, end - v : end]
        for i, c in enumerate(cands):
            r = evaluate(fit, val, METHODS[c](fit, v))["rmsse"]
            ok = np.isfinite(r)
            total[i] += np.where(ok, r, 0.0)
            count[i] += ok
        used += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    finite = np.isfinite(scores)
    filled = np.where(finite, scores, np.inf)
    report: dict = {"validation": v, "origins": used, "by": by, "candidates": list(cands)}
    if by == "series":
        best = np.argmin(filled, axis=0)
    elif by == "all":
        means = [np.nanmean(s) if np.isfinite(s).any() else np.inf for s in scores]
        best = np.full(n, int(np.argmin(means)))
        report["mean_rmsse"] = dict(zip(cands, map(float, means), strict=True))
    elif by == "class":
        best = np.zeros(n, dtype=int)
        report["per_class"] = {}
        for cl in CLASSES:
            rows = classes == cl
            if not rows.any():
                continue
            sub = scores[:, rows]
            ok = np.isfinite(sub).any(axis=1)
            means = np.array([np.nanmean(s) if k else np.inf for s, k in zip(sub, ok, strict=True)])
            if np.isfinite(means).any():
                pick = int(np.argmin(means))
            else:  # no scorable series in this class: pool over all series
                pooled = [np.nanmean(s) if np.isfinite(s).any() else np.inf for s in scores]
                pick = int(np.argmin(pooled))
            best[rows] = pick
            report["per_class"][cl] = {
                "method": cands[pick],
                "n": int(rows.sum()),
                "mean_rmsse": {c: float(m) for c, m in zip(cands, means, strict=True)},
            }
    else:
        raise ValueError(f"by must be 'class', 'series' or 'all', not {by!r}")
    return np.asarray(cands, dtype=object)[best].astype(str), report


def auto_forecast(
    y,
    h: int,
    candidates=DEFAULT_CANDIDATES,
    by: str = "class",
    validation: int | None = None,
):
    """Forecast with the automatically chosen method per series.

    Returns ``(forecast N x h, chosen method names, classes, report)``. Each chosen method runs
    on *all* series (so methods pooling information across series see the same set as in the
    validation), and its rows are kept where it was chosen.
    """
    y = as_matrix(y)
    classes = classify(y)
    chosen, report = choose_methods(y, h, candidates, by, validation, classes)
    out = np.zeros((y.shape[0], int(h)))
    for c in np.unique(chosen):
        rows = chosen == c
        out[rows] = METHODS[c](y, int(h))[rows]
    return out, chosen, classes, report
