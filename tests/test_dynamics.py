"""Peaks, growth rates, change points and the 02-12 step, on series whose answer is known,
then on the real panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pairing import facts
from pairing.analysis import dynamics


def panel_from(series: dict[str, list[float]], column: str = "active") -> pd.DataFrame:
    """A long panel with one unit per key, starting on the lockdown day."""
    frames = []
    for adcode, values in series.items():
        dates = pd.date_range(facts.LOCKDOWN, periods=len(values))
        frames.append(pd.DataFrame({"date": dates, "adcode": adcode, column: values}))
    return pd.concat(frames, ignore_index=True)


def test_the_letters_day_count():
    assert facts.lockdown_day(pd.Timestamp("2020-01-23")) == 1
    assert facts.lockdown_day(pd.Timestamp("2020-02-13")) == facts.TEAMS_AT_WORK_DAY == 22
    assert facts.day_date(22) == pd.Timestamp("2020-02-13")
    days = facts.lockdown_day(pd.Series(pd.to_datetime(["2020-02-11", "2020-03-01"])))
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
    assert daily.loc[facts.CRITERIA_CHANGE] == 10  # 1,000 rise less the 990 step
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


FIT, TEST = range(8, 21), list(range(23, 30))  # the chapter's days: fit 8-20, test the week after day 22
DAYS = np.arange(1, 31)


def ar1_noise(rng: np.random.Generator, phi: float, sd: float, n: int = len(DAYS)) -> np.ndarray:
    """Stationary AR(1) noise with lag-1 autocorrelation ``phi`` and standard deviation ``sd``."""
    shocks = rng.normal(0, sd * np.sqrt(1 - phi ** 2), n)
    noise = np.empty(n)
    noise[0] = rng.normal(0, sd)
    for i in range(1, n):
        noise[i] = phi * noise[i - 1] + shocks[i]
    return noise


#: Steadily slowing declines of growth, each crossing zero between the fit and the test days.
STRAIGHT = 0.3 - 0.015 * DAYS                              # the decline never slows
TO_A_FLOOR = -0.08 + 0.5 * np.exp(-0.1 * DAYS)             # slows exponentially toward -8% a day
SLOWING_THEN_STRAIGHT = 0.05 - 0.008 * DAYS + 0.5 * np.exp(-0.15 * DAYS)
POWER_LAW = -0.1 + 3 / (DAYS + 5)                          # slows more slowly than exponentially


def series(values: np.ndarray, seed: int = 0, sd: float = 1e-4, phi: float = 0.0) -> pd.Series:
    return pd.Series(values + ar1_noise(np.random.default_rng(seed), phi, sd), index=DAYS)


@pytest.mark.parametrize("form", list(dynamics.TREND_FORMS))
def test_both_forms_project_negative_growth_for_an_epidemic_that_peaks_between_fit_and_test(form):
    # Growth 23% a day on day 8, zero near day 22.5 (the peak), -3% by day 29: an exponential of
    # growth (the form this replaces) could never go below zero.
    truth = -0.05 + 0.05 * np.exp(0.12 * 22.5) * np.exp(-0.12 * DAYS)
    growth = series(truth, sd=0.005)
    check = dynamics.growth_against_trend(growth, FIT, TEST, form=form)
    assert truth[7] > 0.2 and truth[21] > 0 > truth[22]  # days 8, 22 and 23
    assert check.expected < 0 and max(check.projected[2:]) < 0
    if form == "floor":  # the epidemic's own shape: its floor found below zero, the truth in the interval
        assert check.coefficients[0] < 0
        checks = [dynamics.growth_against_trend(series(truth, seed, sd=0.005), FIT, TEST, form=form,
                                                n_boot=500, seed=seed) for seed in range(20)]
        assert sum(c.low < truth[22:29].mean() < c.high for c in checks) >= 17
        assert sum(c.reading == "within the trend" for c in checks) >= 17


def test_the_two_forms_bracket_a_steadily_slowing_decline():
    for shape in (TO_A_FLOOR, SLOWING_THEN_STRAIGHT, POWER_LAW):
        growth = series(shape)
        truth = growth.loc[TEST].mean()
        line = dynamics.growth_against_trend(growth, FIT, TEST, form="linear")
        floor = dynamics.growth_against_trend(growth, FIT, TEST, form="floor")
        assert line.expected < truth - 0.01 and floor.expected > line.expected
        assert line.expected < truth <= floor.expected + 0.001
        assert line.expected < 0 and floor.expected < 0.01  # both cross zero
    # An exponential slowing is the floor's own shape; a decline that never slows, the line's,
    # and the floor then reduces to it.
    floor = dynamics.growth_against_trend(series(TO_A_FLOOR), FIT, TEST, form="floor")
    assert floor.expected == pytest.approx(TO_A_FLOOR[22:29].mean(), abs=0.001)
    assert floor.coefficients[0] == pytest.approx(-0.08, abs=0.005)
    assert floor.coefficients[2] == pytest.approx(0.1, abs=0.01)
    straight = series(STRAIGHT)
    for form in dynamics.TREND_FORMS:
        assert dynamics.growth_against_trend(straight, FIT, TEST, form=form).expected == pytest.approx(
            STRAIGHT[22:29].mean(), abs=0.002)
    # A decline that speeds up is outside the bracket: below both.
    speeding_up = series(0.3 - 0.0005 * DAYS ** 2)
    for form in dynamics.TREND_FORMS:
        assert dynamics.growth_against_trend(speeding_up, FIT, TEST, form=form).expected > speeding_up.loc[TEST].mean()


def test_the_interval_widens_with_autocorrelated_noise():
    # Noise of the same size (1.5 points a day), independent or with lag-1 autocorrelation 0.6.
    widths = {}
    for phi in (0.0, 0.6):
        checks = [dynamics.growth_against_trend(series(STRAIGHT, seed, 0.015, phi), FIT, TEST, n_boot=500, seed=seed)
                  for seed in range(40)]
        widths[phi] = np.mean([check.high - check.low for check in checks])
    assert widths[0.6] > 1.25 * widths[0.0]
    # On the same autocorrelated series the AR(1) bootstrap is wider than the i.i.d. one (blocks of 1),
    # which cannot see the dependence.
    ar, iid = [], []
    for seed in range(40):
        growth = series(STRAIGHT, seed, 0.015, 0.6)
        a = dynamics.growth_against_trend(growth, FIT, TEST, n_boot=500, seed=seed)
        b = dynamics.growth_against_trend(growth, FIT, TEST, n_boot=500, seed=seed, noise="blocks", block=1)
        ar.append(a.high - a.low)
        iid.append(b.high - b.low)
        assert 0 <= a.autocorrelation <= 0.9
    assert np.mean(ar) > 1.5 * np.mean(iid)


@pytest.mark.parametrize("form, shape, drop", [("linear", STRAIGHT, 0.1), ("floor", TO_A_FLOOR, 0.14)])
def test_a_planted_drop_is_seen_and_a_planted_null_is_not(form, shape, drop):
    # 100 series with day-to-day noise of 1.5 points: the trend kept reads within it (95% nominal,
    # at least 90 of 100); a drop of `drop` (log points a day) from day 23 on reads below it, and a
    # rise as large above it, at least 90 times in 100.
    within = below = above = 0
    for seed in range(100):
        growth = series(shape, seed, 0.015)
        options = dict(form=form, n_boot=500, seed=seed)
        within += dynamics.growth_against_trend(growth, FIT, TEST, **options).reading == "within the trend"
        below += dynamics.growth_against_trend(growth.where(DAYS < 23, growth - drop), FIT, TEST,
                                               **options).reading == "below the trend"
        above += dynamics.growth_against_trend(growth.where(DAYS < 23, growth + drop), FIT, TEST,
                                               **options).reading == "above the trend"
    assert within >= 90 and below >= 90 and above >= 90


def test_the_detectable_departure_is_the_power_of_the_test():
    from pairing.analysis.claims import Effect

    def power(check):  # against a claimed fall, as the chapter reads it
        return Effect(check.departure, check.departure_low, check.departure_high, claimed=-0.01).detectable

    checks = [dynamics.growth_against_trend(series(STRAIGHT, seed, 0.015), FIT, TEST, n_boot=500, seed=seed)
              for seed in range(100)]
    for check in checks:
        assert check.departure_low < check.departure < check.departure_high
        assert power(check) == pytest.approx(check.expected - check.low)  # how far below the trend
    below = np.median([power(check) for check in checks])
    assert 0.01 < below < 0.06  # a few points a day for noise of 1.5 points
    # A drop of twice the detectable size is seen nearly always (about 97%); of half the size, rarely.
    seen = {}
    for factor in (0.5, 2):
        seen[factor] = sum(dynamics.growth_against_trend(
            series(STRAIGHT, seed, 0.015).where(DAYS < 23, lambda g: g - factor * power(check)),
            FIT, TEST, n_boot=500, seed=seed).reading == "below the trend" for seed, check in enumerate(checks))
    assert seen[2] >= 90 and seen[0.5] <= 40
    # More noise, less power.
    noisy = dynamics.growth_against_trend(series(STRAIGHT, 0, 0.05), FIT, TEST)
    assert power(noisy) > 2 * power(checks[0])


def test_the_departure_feeds_the_verdict_rule():
    # The departure and its interval are the evidence the chapter hands to pairing.analysis.claims.
    from pairing.analysis.claims import Effect

    def effect(check, claimed):
        return Effect(check.departure, check.departure_low, check.departure_high, claimed=claimed)

    growth = series(STRAIGHT, 3, 0.01)

    def shifted(by):
        return dynamics.growth_against_trend(growth.where(DAYS < 23, growth + by), FIT, TEST)

    dropped = shifted(-0.08)
    assert dropped.departure_low <= dropped.departure <= dropped.departure_high < 0
    assert effect(dropped, -0.06).reading == "as claimed"
    assert effect(shifted(0.0), -0.06).reading == "ruled out"
    assert effect(shifted(0.08), -0.06).reading == "against"


def test_the_trend_check_is_deterministic_and_fast():
    import time

    growth = series(TO_A_FLOOR, 1, 0.015, 0.3)
    for form in dynamics.TREND_FORMS:
        for noise in dynamics.TREND_NOISES:
            start = time.perf_counter()
            options = dict(form=form, noise=noise, n_boot=2000)
            first = dynamics.growth_against_trend(growth, FIT, TEST, seed=5, **options)
            assert time.perf_counter() - start < 1
            assert dynamics.growth_against_trend(growth, FIT, TEST, seed=5, **options) == first
            other = dynamics.growth_against_trend(growth, FIT, TEST, seed=6, **options)
            assert other.low != first.low and other.expected == first.expected
            assert other.low == pytest.approx(first.low, abs=0.01)
            assert first.words == dynamics.TREND_FORMS[form].words


def test_bad_forms_and_days_raise():
    growth = series(STRAIGHT, 0, 0.01)
    with pytest.raises(ValueError, match="form"):
        dynamics.growth_against_trend(growth, FIT, TEST, form="exponential")
    with pytest.raises(ValueError, match="noise"):
        dynamics.growth_against_trend(growth, FIT, TEST, noise="wild")
    with pytest.raises(ValueError, match="fit days"):
        dynamics.growth_against_trend(growth, range(8, 13), TEST, form="floor")
    with pytest.raises(ValueError, match="consecutive"):
        dynamics.growth_against_trend(growth, [8, 9, 10, 12, 13, 14, 15, 16], TEST)
    with pytest.raises(ValueError, match="after"):
        dynamics.growth_against_trend(growth, FIT, [15, 23])
    with pytest.raises(ValueError, match="block"):
        dynamics.growth_against_trend(growth, FIT, TEST, noise="blocks", block=12)
    with pytest.raises(ValueError, match="replicates"):
        dynamics.growth_against_trend(growth, FIT, TEST, n_boot=50)
    with pytest.raises(ValueError, match="known"):
        dynamics.growth_against_trend(growth.where(DAYS != 10), FIT, TEST)
    with pytest.raises(ValueError, match="exactly"):
        dynamics.growth_against_trend(pd.Series(STRAIGHT, index=DAYS), FIT, TEST)


def test_the_growth_of_the_16_after_day_22_against_its_earlier_trend(hubei):
    from pairing.data import panel
    from pairing.analysis import eventstudy

    outside = hubei[hubei["adcode"] != facts.WUHAN]
    active = outside.groupby("date")["active"].sum()
    growth = dynamics.daily_growth(active.set_axis(facts.lockdown_day(pd.Series(active.index))))
    claimed = eventstudy.claimed_effects(outside, facts.TEAMS_AT_WORK_DAY)["growth"]
    line = dynamics.growth_against_trend(growth, FIT, TEST, form="linear")
    floor = dynamics.growth_against_trend(growth, FIT, TEST, form="floor")
    assert line.observed == floor.observed == pytest.approx(-0.027, abs=0.001)
    assert line.expected < floor.expected < line.observed < 0  # both trends crossed zero, the line further
    # Growth fell less than the line carried forward, and not less than the floor's projection;
    # the drop across day 22 the claim implies (about 6 points a day) lies below both intervals.
    from pairing.analysis.claims import Effect

    def effect(check):
        return Effect(check.departure, check.departure_low, check.departure_high, claimed=claimed)

    assert line.reading == "above the trend" and effect(line).reading == "against"
    assert floor.reading == "within the trend" and effect(floor).reading == "ruled out"
    # The line would have seen a drop of the claimed size; the floor, with its wider interval, only
    # a larger one: the claim is ruled out there because growth came out above the floor's projection.
    assert effect(line).could_find and not effect(floor).could_find


def test_first_day_at_or_below():
    series = pd.Series([5.0, 2.0, 0.0, -1.0, 3.0], index=[10, 11, 12, 13, 14])
    assert dynamics.first_day_at_or_below(series, 0) == 12
    assert dynamics.first_day_at_or_below(series, 2, after=11) == 12
    assert dynamics.first_day_at_or_below(series, -5) is None


def test_a_deduction_is_measured_and_its_restoration_dated():
    panel = panel_from({"A": [900, 901, 794, 912, 915], "B": [50, 60, 70, 80, 90]}, column="confirmed")
    flags = pd.DataFrame({"flag": ["revision"], "column": ["confirmed"], "adcode": ["A"],
                          "date_start": [facts.LOCKDOWN + pd.Timedelta(days=2)]})
    found = dynamics.revisions_on(panel, flags, facts.LOCKDOWN + pd.Timedelta(days=2))
    assert found.to_dict("records") == [{"adcode": "A", "before": 901, "on_the_day": 794, "removed": 107,
                                         "restored_date": facts.LOCKDOWN + pd.Timedelta(days=3),
                                         "days_to_restore": 1}]


def test_on_19_february_ten_divisions_removed_279_cases_and_added_them_back_the_next_day(hubei):
    from pairing import data

    found = dynamics.revisions_on(hubei, data.load_case_flags(), "2020-02-19")
    assert len(found) == 10 and found["removed"].sum() == 279
    assert (found["days_to_restore"] == 1).all()
    jingmen = found.set_index("adcode").loc["420800"]
    assert (jingmen["before"], jingmen["on_the_day"]) == (901, 794)
