"""ADI / CV² classification on constructed series of each class."""

import numpy as np

from forecasting.classification import adi_cv2, classify

SMOOTH = [5, 6, 5, 4, 6, 5, 5, 6, 4, 5, 6, 5]  # demand every period, sizes alike
ERRATIC = [1, 9, 2, 15, 1, 1, 20, 2, 1, 12, 1, 3]  # every period, sizes vary a lot
INTERMITTENT = [0, 3, 0, 0, 3, 0, 0, 4, 0, 3, 0, 0]  # gaps, sizes alike
LUMPY = [0, 1, 0, 0, 20, 0, 0, 2, 0, 0, 35, 0]  # gaps and sizes that vary a lot
NONE = [0] * 12


def test_adi_and_cv2_values():
    adi, cv2 = adi_cv2(np.array([INTERMITTENT, NONE, [0, 0, 4] + [0] * 9], dtype=float))
    assert adi[0] == 12 / 4
    sizes = np.array([3, 3, 4, 3.0])
    np.testing.assert_allclose(cv2[0], sizes.var() / sizes.mean() ** 2)
    assert np.isinf(adi[1]) and np.isnan(cv2[1])
    assert adi[2] == 12.0 and cv2[2] == 0.0  # one demand: no size variation


def test_each_class():
    y = np.array([SMOOTH, ERRATIC, INTERMITTENT, LUMPY, NONE], dtype=float)
    assert classify(y).tolist() == ["smooth", "erratic", "intermittent", "lumpy", "none"]


def test_cut_offs_are_parameters_and_inclusive_upwards():
    # ADI exactly 1.5 and CV² 0: intermittent with cut-off 1.5 (>=), smooth with 1.6
    y = np.array([[0, 2, 2, 0, 2, 2.0]])
    assert classify(y, adi_cut=1.5).tolist() == ["intermittent"]
    assert classify(y, adi_cut=1.6).tolist() == ["smooth"]
    assert classify(np.array([ERRATIC], float), cv2_cut=5.0).tolist() == ["smooth"]


def test_missing_cells_are_not_counted():
    y = np.array([[np.nan, np.nan, 0, 3, 0, 3.0]])
    adi, _ = adi_cv2(y)
    assert adi[0] == 2.0
