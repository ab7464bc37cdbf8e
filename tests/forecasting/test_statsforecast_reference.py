"""Our methods against statsforecast's forecasts stored in a fixture (no statsforecast needed).

The fixture is written by ``benchmarks/forecasting/make_statsforecast_fixture.py``.
"""

import json
import pathlib

import numpy as np
import pytest

from forecasting import methods as m

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "statsforecast_reference.json"
DOC = json.loads(FIXTURE.read_text())
SERIES = DOC["series"]
H = DOC["horizon"]

OURS = {
    "croston": lambda y: m.croston(y, H),
    "sba": lambda y: m.sba(y, H),
    "ses_0.1": lambda y: m.ses(y, H, alpha=0.1),
    "ses_0.3": lambda y: m.ses(y, H, alpha=0.3),
    "tsb_0.1_0.1": lambda y: m.tsb(y, H, 0.1, 0.1),
    "tsb_0.2_0.05": lambda y: m.tsb(y, H, 0.2, 0.05),
    "tsb_0.5_0.3": lambda y: m.tsb(y, H, 0.5, 0.3),
    "naive": lambda y: m.naive(y, H),
    "window_average_3": lambda y: m.moving_average(y, H, window=3),
    "adida": lambda y: m.adida(y, H),
    "imapa": lambda y: m.imapa(y, H),
}
EXACT = ("croston", "sba", "ses_0.1", "ses_0.3", "tsb_0.1_0.1", "tsb_0.2_0.05", "tsb_0.5_0.3",
         "naive", "window_average_3")  # fmt: skip


def test_fixture_covers_the_edge_cases():
    names = {s["name"] for s in SERIES}
    assert {"all_zero", "single_demand_middle", "leading_zeros", "trailing_zeros"} <= names
    assert len(SERIES) >= 30


@pytest.mark.parametrize("model", EXACT)
def test_matches_statsforecast_within_1e9(model):
    for s in SERIES:
        ref = np.array([np.nan if v is None else v for v in s["forecasts"][model]])
        if np.isnan(ref).any():  # statsforecast's window average of a too-short series
            assert model == "window_average_3" and len(s["y"]) < 3
            continue
        ours = OURS[model](np.array([s["y"]], dtype=float))[0]
        np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-9, err_msg=f"{model} {s['name']}")


def test_vectorised_over_all_fixture_series_at_once():
    # series of different lengths, left-padded with NaN into one matrix
    t_max = max(len(s["y"]) for s in SERIES)
    y = np.full((len(SERIES), t_max), np.nan)
    for i, s in enumerate(SERIES):
        y[i, t_max - len(s["y"]) :] = s["y"]
    for model in ("croston", "sba", "tsb_0.2_0.05", "ses_0.3"):
        ref = np.array([s["forecasts"][model] for s in SERIES], dtype=float)
        np.testing.assert_allclose(OURS[model](y), ref, rtol=0, atol=1e-9, err_msg=model)


@pytest.mark.parametrize("model", ("adida", "imapa"))
def test_aggregation_methods_match_to_optimiser_tolerance(model):
    # statsforecast optimises alpha with scipy's bounded Brent, we with golden section
    for s in SERIES:
        ref = np.array(s["forecasts"][model], dtype=float)
        ours = OURS[model](np.array([s["y"]], dtype=float))[0]
        np.testing.assert_allclose(ours, ref, rtol=1e-3, atol=1e-3, err_msg=s["name"])
