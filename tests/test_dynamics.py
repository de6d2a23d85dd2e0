"""Peaks, growth rates, change points and the 02-12 step, on series whose answer is known,
then on the real panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pairing import dynamics


def panel_from(series: dict[str, list[float]], column: str = "active") -> pd.DataFrame:
    """A long panel with one unit per key, starting on the lockdown day."""
    frames = []
    for adcode, values in series.items():
        dates = pd.date_range(dynamics.LOCKDOWN, periods=len(values))
        frames.append(pd.DataFrame({"date": dates, "adcode": adcode, column: values}))
    return pd.concat(frames, ignore_index=True)


def test_the_letters_day_count():
    assert dynamics.lockdown_day(pd.Timestamp("2020-01-23")) == 1
    assert dynamics.lockdown_day(pd.Timestamp("2020-02-13")) == dynamics.TEAMS_AT_WORK_DAY == 22
    assert dynamics.day_date(22) == pd.Timestamp("2020-02-13")
    days = dynamics.lockdown_day(pd.Series(pd.to_datetime(["2020-02-11", "2020-03-01"])))
    assert days.tolist() == [20, 39]


def test_peaks_take_the_first_day_of_a_held_maximum():
    peaks = dynamics.peaks(panel_from({"a": [1, 5, 9, 9, 2], "b": [3, 2, 1, 0, 0]})).set_index("adcode")
    assert peaks.loc["a", "peak"] == 9
    assert peaks.loc["a", "peak_day"] == 3
    assert peaks.loc["a", "last_peak_date"] == pd.Timestamp("2020-01-26")
    assert peaks.loc["b", "peak_day"] == 1


def test_growth_around_recovers_known_rates():
    before = [100 * 1.10 ** d for d in range(22)]
    after = [before[-1] * 0.95 ** d for d in range(1, 10)]
    growth = dynamics.growth_around(panel_from({"a": before + after, "z": [0] * 31})).set_index("adcode")
    assert growth.loc["a", "before"] == pytest.approx(0.10)
    assert growth.loc["a", "after"] == pytest.approx(-0.05)
    assert growth.loc["a", "change"] == pytest.approx(-0.15)
    assert growth.loc["z"].isna().all()  # nothing to grow from: missing, not infinite


def test_turning_day_finds_a_known_break_and_covers_it():
    rng = np.random.default_rng(1)
    days = np.arange(5, 51)
    log_curve = np.where(days < 30, 2 + 0.15 * days, 2 + 0.15 * 30 - 0.08 * (days - 30))
    series = pd.Series(np.expm1(log_curve + rng.normal(0, 0.05, len(days))), index=days)
    point = dynamics.turning_day(series, n_boot=100)
    assert abs(point.day - 30) <= 1
    assert point.low <= 30 <= point.high
    assert point.high - point.low < 10
    assert (point.first_day, point.last_day) == (5, 50)


def test_turning_day_interval_widens_with_noise():
    days = np.arange(1, 51)
    log_curve = np.where(days < 25, 1 + 0.1 * days, 1 + 2.5 - 0.05 * (days - 25))
    widths = []
    for noise in (0.02, 0.4):
        rng = np.random.default_rng(2)
        series = pd.Series(np.expm1(log_curve + rng.normal(0, noise, len(days))), index=days)
        point = dynamics.turning_day(series, n_boot=100)
        widths.append(point.high - point.low)
    assert widths[1] > widths[0]


def test_turning_days_start_each_window_at_the_threshold():
    values = [0, 1, 3, 12] + [12 * 1.2 ** d for d in range(1, 20)] + [12 * 1.2 ** 19 * 0.9 ** d for d in range(1, 30)]
    result = dynamics.turning_days(panel_from({"a": values}), n_boot=20).iloc[0]
    assert result["first_day"] == 4
    assert result["last_day"] == 50
    assert abs(result["day"] - 24) <= 1


def test_criteria_step_is_the_rise_above_the_days_before():
    confirmed = [10 * day for day in range(1, 21)] + [1200, 1210]  # day 21 (02-12) rises by 1,000, not 10
    step = dynamics.criteria_step(panel_from({"a": confirmed}, column="confirmed")).set_index("adcode")
    assert step.loc["a", "increase"] == 1000
    assert step.loc["a", "baseline"] == 10
    assert step.loc["a", "excess"] == 990


def test_real_peaks_and_the_02_12_step(hubei):
    peaks = dynamics.peaks(hubei).set_index("adcode")
    assert len(peaks) == 17
    # Hubei's own bulletins: Wuhan's patients under treatment peaked on 18 February (day 27).
    assert peaks.loc["420100", "peak_date"] == pd.Timestamp("2020-02-18")
    step = dynamics.criteria_step(hubei).set_index("adcode")
    assert step.loc["420100", "increase"] == 13436  # the bulletin's figure, also a build test
    assert (step["excess"] >= 0).all() and (step["excess"] <= step["increase"].clip(lower=0)).all()


def test_new_cases_take_out_the_02_12_step():
    confirmed = [10 * day for day in range(1, 21)] + [1200, 1210]
    daily = dynamics.new_cases(panel_from({"a": confirmed}, column="confirmed"))["a"]
    assert pd.isna(daily.iloc[0])
    assert daily.loc[dynamics.CRITERIA_CHANGE] == 10  # 1,000 rise less the 990 step
    assert daily.iloc[-1] == 10


def test_trailing_growth_is_compound_and_missing_from_zero():
    frame = panel_from({"a": [100 * 1.1 ** d for d in range(10)], "z": [0] * 10})
    growth = dynamics.trailing_growth(frame, days=7)
    a = growth[frame["adcode"] == "a"]
    assert a.iloc[:7].isna().all()
    assert a.iloc[7:].to_numpy() == pytest.approx(0.1)
    assert growth[frame["adcode"] == "z"].isna().all()


def test_break_search_is_exactly_ruptures_dynamic_programming():
    # ruptures' Dynp with a linear cost and one break is the reference the closed form replaces.
    import ruptures

    rng = np.random.default_rng(7)
    days = np.arange(5.0, 45.0)
    for trial in range(40):
        y = np.cumsum(rng.normal(size=days.size)) + rng.normal(scale=trial % 5 + 0.1, size=days.size)
        signal = np.column_stack([y, np.ones_like(days), days])
        expected = ruptures.Dynp(model="linear", min_size=5, jump=1).fit(signal).predict(n_bkps=1)[0]
        assert dynamics._break_indices(y, days, 5)[0] == expected


def test_daily_growth_is_the_log_ratio_and_missing_at_zero():
    growth = dynamics.daily_growth(pd.Series([0, 10, 20, 20], index=[1, 2, 3, 4]))
    assert np.isnan(growth[2])  # from zero: no growth rate
    assert growth[3] == pytest.approx(np.log(2)) and growth[4] == 0


@pytest.mark.parametrize("form", dynamics.TREND_FORMS)
def test_growth_that_keeps_its_trend_reads_within_it(form):
    days = np.arange(1, 30)
    rng = np.random.default_rng(1)
    trend = 0.3 - 0.01 * days if form == "linear" else 0.3 * np.exp(-0.08 * days)
    growth = pd.Series(trend * np.exp(rng.normal(0, 0.02, len(days))), index=days)
    check = dynamics.growth_against_trend(growth, range(5, 18), list(range(19, 26)), form=form)
    assert check.reading == "within the trend"
    assert check.low < check.expected < check.high


def test_growth_that_drops_after_the_day_reads_below_the_trend_and_a_rise_above():
    days = np.arange(1, 30)
    noise = np.random.default_rng(2).normal(0, 0.003, len(days))
    steady = pd.Series(0.3 - 0.01 * days + noise, index=days)
    dropped = steady.where(days < 19, steady - 0.08)
    raised = steady.where(days < 19, steady + 0.08)
    assert dynamics.growth_against_trend(dropped, range(5, 18), list(range(19, 26))).reading == "below the trend"
    assert dynamics.growth_against_trend(raised, range(5, 18), list(range(19, 26))).reading == "above the trend"


def test_the_two_trend_forms_can_disagree_on_a_decline_that_decays():
    # Growth halving every four days, then slightly negative from day 19: below an exponential
    # decay (which never reaches zero), above a straight line (which falls ever faster).
    days = np.arange(1, 30)
    growth = pd.Series(np.where(days < 19, 0.4 * 0.5 ** (days / 4), -0.005), index=days)
    linear = dynamics.growth_against_trend(growth, range(3, 18), list(range(19, 26)), form="linear")
    exponential = dynamics.growth_against_trend(growth, range(3, 18), list(range(19, 26)), form="exponential")
    assert linear.reading == "above the trend" and exponential.reading == "below the trend"


def test_an_exponential_trend_needs_positive_growth_and_a_known_form():
    growth = pd.Series([0.2, 0.1, -0.1, -0.2], index=[1, 2, 3, 4])
    with pytest.raises(ValueError, match="positive"):
        dynamics.growth_against_trend(growth, range(1, 4), [4], form="exponential")
    with pytest.raises(ValueError, match="form"):
        dynamics.growth_against_trend(growth, range(1, 3), [4], form="quadratic")


def test_first_day_at_or_below():
    series = pd.Series([5.0, 2.0, 0.0, -1.0, 3.0], index=[10, 11, 12, 13, 14])
    assert dynamics.first_day_at_or_below(series, 0) == 12
    assert dynamics.first_day_at_or_below(series, 2, after=11) == 12
    assert dynamics.first_day_at_or_below(series, -5) is None


def test_a_deduction_is_measured_and_its_restoration_dated():
    panel = panel_from({"A": [900, 901, 794, 912, 915], "B": [50, 60, 70, 80, 90]}, column="confirmed")
    flags = pd.DataFrame({"flag": ["revision"], "column": ["confirmed"], "adcode": ["A"],
                          "date_start": [dynamics.LOCKDOWN + pd.Timedelta(days=2)]})
    found = dynamics.revisions_on(panel, flags, dynamics.LOCKDOWN + pd.Timedelta(days=2))
    assert found.to_dict("records") == [{"adcode": "A", "before": 901, "on_the_day": 794, "removed": 107,
                                         "restored_date": dynamics.LOCKDOWN + pd.Timedelta(days=3),
                                         "days_to_restore": 1}]


def test_on_19_february_ten_divisions_removed_279_cases_and_added_them_back_the_next_day(hubei):
    from pairing import data

    found = dynamics.revisions_on(hubei, data.load_case_flags(), "2020-02-19")
    assert len(found) == 10 and found["removed"].sum() == 279
    assert (found["days_to_restore"] == 1).all()
    jingmen = found.set_index("adcode").loc["420800"]
    assert (jingmen["before"], jingmen["on_the_day"]) == (901, 794)
