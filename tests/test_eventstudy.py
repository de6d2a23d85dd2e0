"""The event study recovers a jump at each unit's own arrival, finds nothing where there is nothing,
draws its intervals from the one inference, and stops on a division without a date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pairing import data, facts
from pairing.analysis import dynamics, eventstudy
from pairing.errors import DataError

#: Staggered arrivals as in the pairing list: a group in late January, a group in February.
ARRIVALS = pd.Series(pd.to_datetime(["2020-01-25", "2020-01-26", "2020-01-26", "2020-01-27", "2020-01-27",
                                     "2020-01-27", "2020-01-28", "2020-02-07", "2020-02-11", "2020-02-11",
                                     "2020-02-12", "2020-02-12", "2020-02-12", "2020-02-12", "2020-02-13",
                                     "2020-01-26"]),
                     index=[f"u{i:02d}" for i in range(16)], name="arrival")
DRAWS = 999  # fewer than the book's, to keep the tests quick


def simulated(jump: float, seed: int = 0) -> pd.DataFrame:
    """A frame shaped like :func:`eventstudy.event_frame`'s: 16 units, each observed from 10 days
    before its own arrival to 14 after (within 23 January - 27 February), outcome = unit level +
    a calendar-day wave shared by all + noise + ``jump`` from the day of arrival on."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2020-01-23", "2020-02-27")
    wave = pd.Series(np.sin(np.arange(len(dates)) / 4) * 0.3, index=dates)
    rows = []
    for unit, arrival in ARRIVALS.items():
        level = rng.normal(0, 0.5)
        for date in dates:
            k = (date - arrival).days
            if -eventstudy.LEADS <= k <= eventstudy.LAGS:
                rows.append({"adcode": unit, "date": date, "day": facts.lockdown_day(date), "arrival": arrival,
                             "event_time": k,
                             "growth": level + wave[date] + jump * (k >= 0) + rng.normal(0, 0.1)})
    return pd.DataFrame(rows)


def test_a_jump_at_each_units_own_date_is_recovered_and_covered():
    study = eventstudy.estimate(simulated(jump=0.5), "growth", draws=DRAWS)
    after = study.table[study.table["event_time"] >= 0]
    assert after["estimate"].between(0.35, 0.65).all()
    assert ((after["low"] < 0.5) & (0.5 < after["high"])).mean() >= 0.9
    assert study.after.estimate == pytest.approx(0.5, abs=0.1)
    assert study.after.low > 0 and study.after.p < 0.05
    assert study.before.low < 0 < study.before.high
    assert (study.n_clusters, study.draws, study.weights) == (16, DRAWS, "webb")
    # The normalised days are zero and have no interval.
    reference = study.table[study.table["normalised"]]
    assert list(reference["event_time"]) == [-10, -1] and (reference["estimate"] == 0).all()
    assert reference["low"].isna().all()


def test_no_effect_gives_intervals_that_cover_zero():
    study = eventstudy.estimate(simulated(jump=0.0, seed=1), "growth", draws=DRAWS)
    estimated = study.table[~study.table["normalised"]]
    assert ((estimated["low"] < 0) & (0 < estimated["high"])).mean() >= 0.85
    assert study.after.low < 0 < study.after.high
    assert study.before.low < 0 < study.before.high


def test_the_same_seed_gives_the_same_intervals():
    frame = simulated(jump=0.2, seed=2)
    first = eventstudy.estimate(frame, "growth", draws=199, seed=7)
    again = eventstudy.estimate(frame, "growth", draws=199, seed=7)
    pd.testing.assert_frame_equal(first.table, again.table)


def test_the_event_study_and_the_did_use_the_one_inference(monkeypatch):
    # One standard of inference: both designs draw their intervals from pairing.analysis.inference.bootstrap.
    from pairing.analysis import did, inference

    calls = []
    real = inference.bootstrap

    def recording(fit, term, *args, **options):
        calls.append(term)
        return real(fit, term, *args, **options)

    monkeypatch.setattr(inference, "bootstrap", recording)
    eventstudy.estimate(simulated(jump=0.5), "growth", draws=99)
    n_event = len(calls)
    frame = simulated(jump=0.5).assign(treated=lambda f: f["adcode"].isin(ARRIVALS.index[:8]).astype(int),
                                       recovered=lambda f: f["growth"])
    did.did(frame, "recovered", pd.Timestamp("2020-02-05"), draws=99)
    assert n_event > 20 and calls[n_event:] == ["assisted_after"]


def test_comparisons_count_the_days_a_not_yet_treated_division_is_seen(hubei):
    events = eventstudy.event_frame(hubei, eventstudy.arrivals(data.load_pairings()))
    table = eventstudy.comparisons(events).set_index("event_time")
    assert list(table.index) == list(range(0, eventstudy.LAGS + 1))
    assert (table["comparable"] <= table["treated"]).all() and table["share"].between(0, 1).all()
    # The last arrival has no one left to wait for: late in the window nothing is comparable.
    assert table["comparable"].iloc[-1] < table["comparable"].iloc[0]


def two_divisions(growth_before: float, growth_after: float, cure_before: float, cure_after: float) -> pd.DataFrame:
    """Two divisions, each with patients under treatment growing at ``growth_before`` (log) a day up
    to day 22 and ``growth_after`` from then on, and recovering ``cure_before`` per 100 under
    treatment the day before up to day 22, ``cure_after`` from then on; confirmed cases rise by the
    same amount every day (so the 02-12 step is zero)."""
    dates = pd.date_range("2020-01-23", "2020-03-10")
    days = facts.lockdown_day(pd.Series(dates)).to_numpy()
    rows = []
    for adcode, start in [("a", 100.0), ("b", 300.0)]:
        active = start * np.exp(np.where(days <= 22, growth_before * days,
                                         growth_before * 22 + growth_after * (days - 22)))
        rate = np.where(days <= 22, cure_before, cure_after)
        recovered = np.r_[0.0, active[:-1] * rate[1:] / 100]
        rows.append(pd.DataFrame({"date": dates, "adcode": adcode, "active": active, "cured": recovered.cumsum(),
                                  "confirmed": 1000.0 + 10 * np.arange(len(dates))}))
    return pd.concat(rows, ignore_index=True)


def test_the_claimed_effect_is_the_change_across_day_22_of_the_divisions_summed():
    panel = two_divisions(0.05, -0.03, 2.0, 5.0)
    claimed = eventstudy.claimed_effects(panel)
    assert claimed["growth"] == pytest.approx(-0.08)
    assert claimed["cure_rate"] == pytest.approx(3.0)
    # Without a 02-12 step, each week's mean growth is the log of the chapter's compound growth.
    summed = panel.groupby("date")[["active"]].sum().reset_index().assign(adcode="summed")
    around = dynamics.growth_around(summed).iloc[0]
    assert claimed["growth"] == pytest.approx(np.log1p(around["after"]) - np.log1p(around["before"]))
    # A window the panel does not cover is an error, not a silent mean of nothing.
    with pytest.raises(ValueError, match="no data on days"):
        eventstudy.claimed_effects(panel, day=60)


def test_a_division_without_a_date_is_a_clear_error():
    pairings = data.load_pairings()
    pairings.loc[3, "first_team_date"] = pd.NaT
    with pytest.raises(DataError, match=r"pairings\.csv row 4, first_team_date: every pairing needs a first_team_date"):
        eventstudy.arrivals(pairings)


def test_a_dated_division_missing_from_the_panel_is_a_clear_error(hubei):
    arrival = eventstudy.arrivals(data.load_pairings())
    with pytest.raises(DataError, match="every division with an arrival date is in the case panel"):
        eventstudy.event_frame(hubei[hubei["adcode"] != "420700"], arrival)


def test_the_real_frame_has_the_16_paired_divisions_and_their_own_windows(hubei):
    arrival = eventstudy.arrivals(data.load_pairings())
    assert len(arrival) == 16 and "420100" not in arrival.index  # Wuhan is not in the pairing
    assert arrival["421100"] == pd.Timestamp("2020-01-25")  # Huanggang: Hunan's first team
    frame = eventstudy.event_frame(hubei, arrival)
    assert frame["adcode"].nunique() == 16
    assert frame["event_time"].between(-10, 14).all()
    assert (frame.groupby("adcode")["event_time"].max() == 14).all()
    # The growth on 12 February has the step of the change of criteria taken out.
    on_step = frame[frame["date"] == facts.CRITERIA_CHANGE].set_index("adcode")["growth"]
    active = hubei.pivot(index="date", columns="adcode", values="active")
    raw = np.log(active.where(active > 0)).diff().loc[facts.CRITERIA_CHANGE]
    lifted = dynamics.criteria_step(hubei).set_index("adcode")["excess"]
    assert (on_step <= raw[on_step.index] + 1e-12).all()
    assert (on_step < raw[on_step.index])[lifted[on_step.index] > 0].all()
