"""Issue 14, fourth pass: lead-time demand beyond a part's own history (tested options)."""

import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from forecasting.error_ratios import RatioPool, back_test_ratios, lead_time_band, mean_size
from forecasting.stock_policy import (
    lead_time_demand,
    lead_time_demand_blocks,
    own_dispersion,
    pooled_dispersion,
    simulated_fill_rate,
)


def negative_binomial(rng, n, t_len, mean, r=0.5):
    p = r / (r + mean)
    return rng.negative_binomial(r, p[:, None], (n, t_len)).astype(float)


def test_back_test_ratios_by_hand():
    y = np.zeros((1, 40))
    y[0, 30] = 4.0  # the only demand after the first origin's lead time
    y[0, :24:4] = 1.0
    flat = lambda fit, h: np.full((fit.shape[0], h), 0.5)  # noqa: E731
    r_l, r_r, rows, orders = back_test_ratios(y, 2, flat, every=6, first=24)
    # origins 24, 30 and 36 (36 + 2 + 1 <= 40): lead time 2 months, review 1; the 4 units
    # fall in the lead time of origin 30 (forecast 1.0 over it)
    np.testing.assert_allclose(r_l, [0.0, 4.0, 0.0])
    np.testing.assert_allclose(r_r, [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(rows, [0, 0, 0])
    # orders expected over the 3 months: 1.5 units / the mean size before the origin
    np.testing.assert_allclose(orders, [1.5, 1.5, 1.5 / (10.0 / 7.0)])
    assert mean_size(y[:, :31])[0] == pytest.approx(10.0 / 7.0)


def test_lead_time_bands():
    np.testing.assert_array_equal(
        lead_time_band([0, 2, 3, 5, 6, 8, 9, 12, 13, 33]), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    )


def test_small_sets_pool_every_series_together():
    rng = np.random.default_rng(5)
    y = negative_binomial(rng, 20, 60, rng.uniform(0.2, 2.0, 20))
    pool = RatioPool(y, 1)
    assert list(pool.pools) == [()]  # fewer than 30 series: one pool
    r_l, r_r = pool.draw(np.random.default_rng(1), 50, np.ones(20))
    assert r_l.shape == (20, 50) and np.all(np.isin(r_r, pool.pools[()][1]))


@pytest.mark.parametrize("lead", [1, 6])
def test_ratio_shape_reaches_the_target_with_an_exact_forecast(lead):
    # the forecast is the true mean at every origin: the pooled ratios are the demand's own
    # law per forecast level, and the policy reaches the target within sampling error
    rng = np.random.default_rng(60 + lead)
    n = 300
    mu = rng.uniform(0.3, 3.0, n)
    hist = negative_binomial(rng, n, 120, mu)
    fut = negative_binomial(np.random.default_rng(61 + lead), n, 600, mu)
    exact = lambda fit, h: np.repeat(mu[:, None], h, axis=1)  # noqa: E731
    for target in (0.90, 0.95):
        level = np.zeros(n)
        for sl, ltd in lead_time_demand_blocks(
            hist, mu, lead, distribution="ratio", ratio_forecaster=exact
        ):
            level[sl] = ltd.level_for(target)
        fill, _ = simulated_fill_rate(fut, level, lead)
        assert fill >= target - 0.015, (target, fill)


def test_ratio_shape_reaches_beyond_a_quiet_history():
    # rare orders whose sizes all parts draw from one heavy-tailed law; part 0 happened to see
    # only orders of one unit: its negative binomial stays within its history, the ratios
    # pooled with the parts of the same forecast level do not
    rng = np.random.default_rng(70)
    n = 200
    hit = rng.random((n, 72)) < 0.2
    y = hit * np.ceil(rng.lognormal(0.5, 1.0, (n, 72)))
    y[0] = hit[0].astype(float)
    mean = y.mean(1)
    nb = lead_time_demand(y, mean, 1).level_for(0.99)
    ratio = lead_time_demand(y, mean, 1, distribution="ratio").level_for(0.99)
    assert nb[0] <= y[0].max() + 2
    assert ratio[0] > y[0].max() + 2
    mixed = lead_time_demand(y, mean, 1, distribution="ratio", ratio_weight=0.5)
    assert nb[0] <= mixed.level_for(0.99)[0] <= ratio[0]


def test_error_shape_and_bad_arguments():
    rng = np.random.default_rng(80)
    y = negative_binomial(rng, 60, 48, rng.uniform(0.3, 2.0, 60))
    ltd = lead_time_demand(y, y.mean(1), 2, distribution="error")
    assert np.all(ltd.level_for(0.95) >= 0)
    with pytest.raises(ValueError):
        lead_time_demand(y, y.mean(1), 1, distribution="pareto")
    with pytest.raises(ValueError):
        lead_time_demand(y, y.mean(1), 1, dispersion="shrunk")
    with pytest.raises(ValueError):
        pooled_dispersion(y, sampling="jackknife")


def test_pooled_nb_shrinks_by_the_negative_binomial_sampling_variance():
    # the sampling variance of the model falls with the history's length: on 240 months the
    # pooled ratios stay closer to each part's own than on 24 months
    rng = np.random.default_rng(90)
    mu = rng.uniform(0.2, 3.0, 300)
    long = negative_binomial(rng, 300, 240, mu)
    short = long[:, -24:]

    def gap(h):
        return np.median(np.abs(np.log(pooled_dispersion(h, sampling="nb") / own_dispersion(h))))

    assert gap(long) < gap(short)
    assert np.all(pooled_dispersion(long, sampling="nb") >= 1.0)
    true = 1.0 + mu / 0.5
    err = np.mean(np.abs(np.log(pooled_dispersion(short, sampling="nb") / true)))
    assert err < np.mean(np.abs(np.log(own_dispersion(short) / true)))


def test_ratio_draws_do_not_depend_on_string_hashing():
    # the groups are keyed by class names: their order must not follow Python's hash seed
    code = (
        "import numpy as np; from forecasting.stock_policy import lead_time_demand as f; "
        "r = np.random.default_rng(3); "
        "y = (r.random((120, 60)) < 0.3) * r.integers(1, 9, (120, 60)); "
        "print(f(y, y.mean(1), 2, distribution='ratio', n_samples=300).level_for(0.95).sum())"
    )
    addon = pathlib.Path(__file__).resolve().parents[2] / "addons" / "aftersales_parts"
    out = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(addon))
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        out.add(res.stdout.strip())
    assert len(out) == 1, out
