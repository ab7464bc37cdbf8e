"""Each method against hand-computed values on small series."""

import numpy as np
import pytest

from forecasting import methods as m

Y = np.array(
    [
        [0, 0, 3, 0, 2],  # leading zeros, two demands
        [0, 0, 0, 0, 0],  # no demand
        [0, 0, 4, 0, 0],  # a single demand, trailing zeros
        [2, 0, 0, 0, 0],  # demand first, then a long zero run
    ],
    dtype=float,
)


def test_croston_hand_values():
    # row 0: sizes 3, 2 -> z = 0.1*2 + 0.9*3 = 2.9; intervals 3 (counted from the start), 2
    # -> p = 0.1*2 + 0.9*3 = 2.9; forecast 1.0
    f = m.croston(Y, 3)
    assert f.shape == (4, 3)
    np.testing.assert_allclose(f[0], 1.0, atol=1e-12)
    assert np.all(f[1] == 0.0)
    np.testing.assert_allclose(f[2], 4.0 / 3.0, atol=1e-12)
    np.testing.assert_allclose(f[3], 2.0, atol=1e-12)


def test_sba_is_croston_times_095():
    np.testing.assert_allclose(m.sba(Y, 2), 0.95 * m.croston(Y, 2), atol=1e-12)
    np.testing.assert_allclose(m.sba(Y, 1, alpha=0.2)[0, 0], 0.9 * m.croston(Y, 1, 0.2)[0, 0])


def test_tsb_hand_values():
    # row 0: probability 0, 0, 0.1, 0.09, 0.181; size 2.9 -> 0.5249
    f = m.tsb(Y, 2, alpha_d=0.1, alpha_p=0.1)
    np.testing.assert_allclose(f[0], 0.181 * 2.9, atol=1e-12)
    assert np.all(f[1] == 0.0)
    np.testing.assert_allclose(f[2], 0.081 * 4.0, atol=1e-12)
    # row 3: probability 1, 0.9, 0.81, 0.729, 0.6561 (obsolescence: it fades), size 2
    np.testing.assert_allclose(f[3], 0.6561 * 2.0, atol=1e-12)


def test_ses_naive_moving_average_zero():
    np.testing.assert_allclose(m.ses(Y, 1, alpha=0.1)[0, 0], 0.443, atol=1e-12)
    np.testing.assert_allclose(m.ses(Y, 1, alpha=0.1)[3, 0], 2 * 0.9**4, atol=1e-12)
    assert m.naive(Y, 2)[0].tolist() == [2.0, 2.0]
    assert m.naive(Y, 1)[2, 0] == 0.0
    np.testing.assert_allclose(m.moving_average(Y, 1, window=3)[0, 0], 5.0 / 3.0)
    np.testing.assert_allclose(m.moving_average(Y, 1, window=12)[0, 0], 1.0)  # short series
    assert np.all(m.zero(Y, 3) == 0.0)


def test_adida_hand_value():
    y = np.array([[0, 2, 0, 2, 0, 2.0]])  # mean interval 2 -> buckets of 2, all sums 2
    np.testing.assert_allclose(m.adida(y, 2), 1.0, atol=1e-9)
    np.testing.assert_allclose(m.adida(np.zeros((1, 6)), 2), 0.0)


def test_imapa_of_constant_series_is_the_constant():
    y = np.array([[0, 3, 0, 3, 0, 3, 0, 3.0]])
    # level 1: SES of the series -> between 0 and 3; level 2: sums 3 -> 1.5; mean of the two
    f = m.imapa(y, 1)[0, 0]
    lvl1 = m.ses_level(y, m.optimise_ses_alpha(y, (0.1, 0.3)))[0]
    np.testing.assert_allclose(f, (lvl1 + 1.5) / 2, atol=1e-9)


def test_leading_nan_equals_trimmed_series():
    y = np.array([[np.nan, np.nan, 0, 0, 3, 0, 2]])
    trimmed = np.array([[0, 0, 3, 0, 2.0]])
    for name in ("croston", "sba", "tsb", "ses", "naive", "adida", "imapa"):
        np.testing.assert_allclose(
            m.forecast(y, 2, name), m.forecast(trimmed, 2, name), atol=1e-12, err_msg=name
        )


def test_single_observation_and_empty_series():
    assert m.croston(np.array([[5.0]]), 1)[0, 0] == 5.0
    assert m.tsb(np.array([[np.nan, np.nan]]), 1)[0, 0] == 0.0
    assert m.ses(np.array([[np.nan, np.nan]]), 1)[0, 0] == 0.0


def test_vectorised_equals_row_by_row():
    rng = np.random.default_rng(3)
    y = (rng.random((50, 30)) < 0.3) * rng.poisson(3, (50, 30)).astype(float)
    for name in ("croston", "sba", "tsb", "ses", "tsb_opt", "sba_opt", "ses_opt", "adida"):
        full = m.forecast(y, 2, name)
        rows = np.vstack([m.forecast(y[i : i + 1], 2, name) for i in range(0, 50, 7)])
        np.testing.assert_allclose(full[::7], rows, atol=1e-12, err_msg=name)


def test_blocks_do_not_change_results(monkeypatch):
    rng = np.random.default_rng(4)
    y = (rng.random((37, 20)) < 0.4) * rng.poisson(2, (37, 20)).astype(float)
    ref = m.sba(y, 1)
    monkeypatch.setattr(m, "_BLOCK", 5)
    np.testing.assert_array_equal(m.sba(y, 1), ref)


def test_optimised_parameters_within_bounds_and_better_in_sample():
    rng = np.random.default_rng(5)
    y = rng.poisson(4, (20, 40)).astype(float) + np.linspace(0, 6, 40)
    alpha = m.optimise_ses_alpha(y)
    assert np.all((alpha >= 0.01) & (alpha <= 0.99))
    sse_opt = m.ses_level(y, alpha, return_sse=True)[1]
    sse_fix = m.ses_level(y, 0.1, return_sse=True)[1]
    assert np.all(sse_opt <= sse_fix + 1e-9)
    ad, ap = m.tsb_optimal_alphas(y)
    assert set(np.unique(ad)) <= set(m.TSB_GRID[:, 0])
    assert set(np.unique(ap)) <= set(m.TSB_GRID[:, 1])


def test_decline_fades_out_and_keeps_flat_series_flat():
    t = np.arange(36)
    fading = np.round(8 * 0.93**t)[None, :]
    flat = np.full((1, 36), 3.0)
    f = m.decline(np.vstack([fading, flat]), 12, prior_precision=0.0)
    assert np.all(np.diff(f[0]) < 0)  # a part being phased out: the forecast fades
    assert f[0, 0] < fading[0, -12:].mean()
    np.testing.assert_allclose(f[1], 3.0, rtol=1e-6)  # no decline: the level
    assert np.all(m.decline(np.zeros((2, 24)), 3) == 0.0)


def test_decline_never_extrapolates_growth():
    growing = np.arange(1.0, 25.0)[None, :]
    f = m.decline(growing, 6)
    np.testing.assert_allclose(f[0], f[0, 0])


def test_unknown_method_and_bad_shape():
    with pytest.raises(ValueError, match="unknown method"):
        m.forecast(Y, 1, "prophet")
    with pytest.raises(ValueError, match="N x T"):
        m.as_matrix(np.zeros((2, 2, 2)))


def test_decline_leaves_young_parts_flat():
    t = np.arange(36)
    fading = np.vstack([np.round(9 * 0.92**t)] * 5)
    young = np.zeros((1, 36))
    young[0, 30:] = [2, 0, 2, 2, 0, 2]  # introduced 6 periods ago
    f = m.decline(np.vstack([fading, young]), 4)
    assert np.all(np.diff(f[0]) < 0)  # mature parts fade with the pooled decline
    np.testing.assert_allclose(f[-1], 8.0 / 6.0)  # young part: its mean since introduction
