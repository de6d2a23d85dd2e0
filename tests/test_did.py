"""The difference-in-differences model recovers effects it is given and notices diverging
pre-trends; the real design has Yang et al.'s 578 city-days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pairing import data
from pairing.analysis import did

POST = pd.Timestamp("2020-02-13")


def synthetic(effect: float, trend_gap: float = 0.0, seed: int = 0) -> pd.DataFrame:
    """Six treated and six control units over the design window, outcome with unit and day
    effects, a treated-only linear trend of ``trend_gap`` a day, and ``effect`` after POST."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(*did.WINDOW)
    rows = []
    for unit in range(12):
        treated = int(unit < 6)
        level = rng.normal(20, 5)
        for day, date in enumerate(dates, start=1):
            value = level + np.sin(day / 3) * 4 + treated * trend_gap * day + treated * effect * (date >= POST)
            rows.append({"adcode": f"u{unit:02d}", "date": date, "day": day, "treated": treated,
                         "recovered": value + rng.normal(0, 1)})
    return pd.DataFrame(rows)


def test_did_recovers_a_known_effect():
    result = did.did(synthetic(effect=10), "recovered", POST)
    assert result.low < 10 < result.high
    assert result.estimate == pytest.approx(10, abs=1)
    assert result.p < 0.001
    assert (result.n_obs, result.n_clusters) == (12 * 34, 12)


def test_did_finds_nothing_when_there_is_nothing():
    result = did.did(synthetic(effect=0), "recovered", POST)
    assert result.low < 0 < result.high


def test_pre_trend_check_notices_diverging_trends():
    parallel = did.pre_trend(synthetic(effect=10), "recovered", POST)
    diverging = did.pre_trend(synthetic(effect=10, trend_gap=0.5), "recovered", POST)
    assert parallel.low < 0 < parallel.high
    assert diverging.estimate == pytest.approx(0.5, abs=0.1)
    assert diverging.p < 0.01
    assert diverging.n_obs == 12 * 21  # 23 January - 12 February


def test_the_design_on_the_real_panel(tables):
    frame = did.did_frame(tables.cases_daily)
    # Yang et al.: 17 cities x 34 days (23 January - 25 February 2020) = 578 city-days.
    assert len(frame) == 578
    assert frame.groupby("treated")["adcode"].nunique().to_dict() == {0: 6, 1: 11}
    # Recoveries add back up to the cumulative count on the last day.
    last = frame[frame["date"] == did.WINDOW[1]].set_index("adcode")["cured"]
    assert frame.groupby("adcode")["recovered"].sum().equals(last.astype(float))


def test_the_trend_allowance_carries_the_pre_trend_interval_over_the_gap(hubei):
    design = did.did_frame(data.load_cases_daily())
    start = pd.Timestamp("2020-02-13")
    low, high = did.trend_allowance(design, "recovered_per_100", start)
    trend = did.pre_trend(design, "recovered_per_100", start)
    assert low < 0 < high and low / trend.low == pytest.approx(high / trend.high)
    assert 10 < low / trend.low < 25  # days between the mean day before and the mean day after 13 February
