"""Demand classification by ADI and CV² (Syntetos, Boylan and Croston, 2005).

Conventions:

* **ADI** (average demand interval) = number of observed periods from the series' first
  observation to its last / number of periods with demand (``inf`` without demand). Missing
  cells (NaN) are not counted.
* **CV²** = squared coefficient of variation of the non-zero demand sizes, population variance
  (``ddof=0``); 0 with a single demand, NaN without demand.
* Classes with cut-offs ``adi_cut`` (default 1.32) and ``cv2_cut`` (default 0.49), a value equal
  to a cut-off going to the upper side: ``smooth`` (ADI < 1.32, CV² < 0.49), ``erratic``
  (ADI < 1.32, CV² >= 0.49), ``intermittent`` (ADI >= 1.32, CV² < 0.49), ``lumpy`` (both >=),
  and ``none`` for a series with no demand at all.
"""

from __future__ import annotations

import numpy as np

from .methods import as_matrix

__all__ = ["CLASSES", "adi_cv2", "classify"]

CLASSES = ("smooth", "erratic", "intermittent", "lumpy", "none")


def adi_cv2(y) -> tuple[np.ndarray, np.ndarray]:
    """ADI and CV² of each series (see the module docstring for the conventions)."""
    y = as_matrix(y)
    obs = ~np.isnan(y)
    d = y > 0
    nd = d.sum(axis=1)
    n_obs = obs.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        adi = np.where(nd > 0, n_obs / np.maximum(nd, 1), np.inf)
        s1 = np.where(d, y, 0.0).sum(axis=1)
        s2 = np.where(d, y * y, 0.0).sum(axis=1)
        mean = s1 / np.maximum(nd, 1)
        var = np.maximum(s2 / np.maximum(nd, 1) - mean * mean, 0.0)
        cv2 = np.where(nd > 0, var / np.where(mean > 0, mean * mean, 1.0), np.nan)
    return adi, cv2


def classify(y, adi_cut: float = 1.32, cv2_cut: float = 0.49) -> np.ndarray:
    """Class name of each series (array of ``str``): smooth, erratic, intermittent, lumpy, none."""
    adi, cv2 = adi_cv2(y)
    high_adi = adi >= adi_cut
    high_cv2 = np.nan_to_num(cv2, nan=0.0) >= cv2_cut
    out = np.where(
        high_adi,
        np.where(high_cv2, "lumpy", "intermittent"),
        np.where(high_cv2, "erratic", "smooth"),
    )
    return np.where(np.isinf(adi), "none", out).astype(object).astype(str)
