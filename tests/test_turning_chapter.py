"""Chapter 4, "Day 22: the turning point?": the computations it gained in the analysis layer, pinned on
hand-made input; its words (the power statement, the means of the event study) pinned on hand-made
effects; its guards, numbers and figures on the real panel; and the chapter itself, short calls only."""

from __future__ import annotations

import dataclasses
import re
import types

import jupytext
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from pairing import facts
from pairing.analysis import did, dynamics, eventstudy
from pairing.analysis.claims import READINGS, Effect
from pairing.analysis.inference import Coefficient
from pairing.figures import turning as draw
from pairing.paths import ROOT
from pairing.report import turning, turning_claims, turning_events
from pairing.report.prose import Prose, ProseError, in_words

CHAPTER = ROOT / "notebooks" / "04_turning_point.md"


# ---------------------------------------------------------------------------------------------
# The analysis layer, on hand-made panels


def panel(series: dict[str, dict[str, list[int]]], start: str) -> pd.DataFrame:
    """A case panel: for each adcode, its counts by day from ``start``."""
    rows = []
    for adcode, counts in series.items():
        n = len(next(iter(counts.values())))
        for i, date in enumerate(pd.date_range(start, periods=n)):
            rows.append({"date": date, "adcode": adcode, **{k: v[i] for k, v in counts.items()}})
    return pd.DataFrame(rows)


def test_the_16_outside_wuhan_are_summed_under_their_own_code_after_the_divisions():
    counts = lambda base: {c: [base + i, base + 2 * i] for i, c in enumerate(dynamics.COUNTS)}  # noqa: E731
    cases = panel({facts.WUHAN: counts(100), "420200": counts(10), "420300": counts(1)}, "2020-01-23")
    curves = dynamics.with_outside_wuhan(cases)
    assert list(curves.columns) == ["date", "adcode", *dynamics.COUNTS, "day"]
    assert list(curves["adcode"]) == [facts.WUHAN] * 2 + ["420200"] * 2 + ["420300"] * 2 + [dynamics.OUTSIDE] * 2
    outside = curves[curves["adcode"] == dynamics.OUTSIDE]
    assert outside["confirmed"].tolist() == [11, 11] and outside["active"].tolist() == [11 + 6, 11 + 12]
    assert curves["day"].tolist() == [1, 2] * 4  # 23 January is day 1


def test_a_peak_made_by_the_step_of_12_february_moves_back_once_the_step_is_out():
    # Confirmed cases rise by 10 a day, and by 110 on 12 February: a step of 100 (the mean of the three
    # days before is 10). Patients under treatment peak on 10 February, then the step lifts them above it.
    rises = [10] * 6 + [110] + [10] * 4
    active = [50, 60, 70, 80, 85, 80, 175, 170, 165, 160, 155]
    cases = panel({"420200": {"confirmed": list(np.cumsum(rises) + 100), "active": active}}, "2020-02-06")
    assert dynamics.peaks(cases).at[0, "peak_date"] == pd.Timestamp("2020-02-12")
    net = dynamics.peaks_net_of_step(cases)
    assert net.at[0, "peak_date"] == pd.Timestamp("2020-02-10") and net.at[0, "peak"] == 85


def test_the_weekly_rise_is_the_new_cases_of_a_week_over_the_cases_before_it():
    # Days 15-29 (6-20 February): one division adds 10 cases a day from 100, the other none from 50.
    cases = panel({"420200": {"confirmed": [100 + 10 * i for i in range(15)]},
                   "420300": {"confirmed": [50] * 15}}, "2020-02-06")
    rises = dynamics.weekly_rise(cases, {"growing": ["420200"], "both": ["420200", "420300"]}, day=22)
    assert list(rises.index) == ["growing", "both"]
    assert rises.at["growing", "before"] == pytest.approx(70 / 100 * 100)  # days 16-22 over day 15
    assert rises.at["growing", "after"] == pytest.approx(70 / 170 * 100)  # days 23-29 over day 22
    assert rises.at["both", "before"] == pytest.approx(70 / 150 * 100)


def test_each_trend_form_has_a_short_name_and_a_description():
    for form in dynamics.TREND_FORMS.values():
        assert "(" not in form.name and form.words == f"{form.name} ({form.description})"
    assert dynamics.TREND_FORMS["linear"].words == "a straight line (growth falling by the same amount each day)"


def test_arrivals_split_into_two_groups_at_the_longest_wait():
    arrival = pd.Series(pd.to_datetime(["2020-02-11", "2020-01-26", "2020-01-28", "2020-02-07", "2020-01-25"]),
                        index=["d", "b", "c", "e", "a"])
    early, late = eventstudy.groups(arrival)
    assert list(early) == ["a", "b", "c"] and list(late) == ["e", "d"]


def test_every_did_estimate_is_keyed_and_is_the_one_did_gives():
    rng = np.random.default_rng(1)
    dates = pd.date_range(*did.WINDOW)
    frame = pd.DataFrame([{"adcode": f"u{u}", "date": d, "day": i + 1, "treated": int(u < 4),
                           "recovered": rng.normal(10, 1) + 5 * (u < 4) * (d >= pd.Timestamp("2020-02-13"))}
                          for u in range(8) for i, d in enumerate(dates)])
    starts = [pd.Timestamp("2020-02-10"), pd.Timestamp("2020-02-13")]
    found = did.estimates(frame, ["recovered"], starts, starts[-1], draws=99)
    assert list(found) == [("recovered", starts[0], "effect"), ("recovered", starts[1], "effect"),
                           ("recovered", starts[1], "pre-trend")]
    assert found[("recovered", starts[1], "effect")] == did.did(frame, "recovered", starts[1], draws=99)
    assert found[("recovered", starts[1], "pre-trend")] == did.pre_trend(frame, "recovered", starts[1], draws=99)


# ---------------------------------------------------------------------------------------------
# Words, on hand-made effects


def test_the_power_statement_names_only_an_interval_too_wide_to_have_found_what_it_leaves_out():
    unpowered = Effect(0.024, -0.01, 0.06, claimed=-0.02)  # leaves out the claimed fall, but only 0.036 is seen
    powered = Effect(0.0, -0.01, 0.01, claimed=-0.02)  # leaves it out and could have found it
    undecided = Effect(-0.01, -0.05, 0.03, claimed=-0.02)  # holds it
    assert unpowered.reading == powered.reading == "ruled out" and undecided.reading == "undecided"
    effects = {"floor": unpowered, "linear": powered, "other": undecided}
    names = {"floor": "a decay toward a floor", "linear": "a straight line", "other": "x"}
    note = turning.power_note(effects, turning.TREND_POWER, names, dict.fromkeys(effects, 100),
                              dict.fromkeys(effects, 1))
    assert note == (" Against a decay toward a floor the interval leaves the claimed fall out although it is too wide "
                    "to have told a fall that size from none: it is left out because growth came out above that "
                    "projection (by +2.4), on the other side of zero.")
    assert turning.power_note({"linear": powered}, turning.TREND_POWER, names, {"linear": 100}, {"linear": 1}) == ""


def test_the_event_study_says_it_the_same_way_in_its_own_units():
    effects = {"growth": Effect(-0.01, -0.2, 0.18, claimed=-0.05),  # holds the claimed fall: nothing to say
               "cure_rate": Effect(-4.28, -10.2, 1.64, claimed=2.23)}
    note = turning.power_note(effects, turning.EVENT_POWER, turning_events.OUTCOME_NAMES,
                              turning_events.OUTCOME_SCALES, turning_events.OUTCOME_DECIMALS)
    assert note == (" The interval for the cure rate is too wide to have told the claimed change from none (that would "
                    "take about 5.92, against a claimed 2.23); it leaves the claimed change out because its estimate "
                    "(-4.28) lies on the other side of zero.")


def test_a_mean_is_worded_with_its_interval_and_where_the_interval_lies():
    assert (turning_events.mean_phrase(Coefficient(1.2, -3.4, 5.6, 0.6), " log points", 1)
            == "+1.2 log points (95% interval -3.4 to +5.6, containing zero)")
    assert turning_events.mean_phrase(Coefficient(-4.0, -6.5, -1.25, 0.01), "", 2).endswith(
        "(95% interval -6.50 to -1.25, below zero)")


def test_the_window_around_day_22_is_said_in_words_from_its_constant(monkeypatch):
    assert turning.AROUND_WORDS == in_words(facts.AROUND_DAYS, "day")
    # The chapter and the findings say the window only through its glued words.
    for page in ("04_turning_point.md", "06_findings.md"):
        text = (ROOT / "notebooks" / page).read_text(encoding="utf-8")
        prose = re.sub(r"^---\n.*?^---\n", "", text, flags=re.S | re.M)  # the cells' metadata: captions, alt texts
        assert not re.search(r"within two days of|two days is this", prose), page


def test_growth_is_said_in_log_points_with_its_percentage_beside_it():
    assert turning.log_points(0.047) == pytest.approx(100 * np.log(1.047))
    assert turning.growth_words(0.047) == "4.6 log points a day (about 4.7%)"
    assert turning.growth_words(-0.026502) == "-2.7 log points a day (about -2.7%)"
    assert turning.log_points(-1.0) == -np.inf  # a fall to none


def test_the_trend_test_is_summed_up_from_its_intervals():
    claimed = -0.063
    against, ruled_out = Effect(0.115, 0.077, 0.151, claimed=claimed), Effect(0.024, -0.019, 0.101, claimed=claimed)
    faster_holding = Effect(-0.06, -0.09, -0.03, claimed=claimed)  # fell faster, the claimed fall inside
    assert turning.trend_summary({"linear": against, "floor": ruled_out}) == (
        "growth in the week after day 22 did not fall measurably faster than either predicted, and neither interval "
        "holds the fall the claim implies")
    assert turning.trend_summary({"linear": faster_holding, "floor": ruled_out}) == (
        "growth in the week after day 22 fell measurably faster than one of the two trends predicted, and one of the "
        "two intervals holds the fall the claim implies")
    assert turning.trend_summary({"linear": faster_holding, "floor": faster_holding}).endswith(
        "faster than both trends predicted, and both intervals hold the fall the claim implies")


def test_an_interval_is_worded_by_what_it_holds_zero_and_the_claimed_change():
    rise = 2.23
    cases = {"undecided": Effect(-1.0, -5.0, 4.0, claimed=rise), "ruled out": Effect(-4.28, -10.2, 1.64, claimed=rise),
             "against": Effect(-4.0, -6.0, -2.0, claimed=rise), "as claimed": Effect(2.0, 1.0, 3.0, claimed=rise),
             "other size": Effect(8.0, 6.0, 9.0, claimed=rise),
             "biased against": Effect(-4.0, -6.0, -2.0, claimed=rise, bias=(-6.6, 2.3))}
    for reading, effect in cases.items():
        assert effect.reading == reading
    words = {r: turning.interval_words(e, "the rise in the cure rate the claim implies") for r, e in cases.items()}
    assert words["undecided"] == "holds both zero and the rise in the cure rate the claim implies, so it cannot tell them apart"
    assert words["ruled out"] == "holds zero but leaves out the rise in the cure rate the claim implies"
    assert all(w.startswith("leaves out zero") for r, w in words.items() if r not in ("undecided", "ruled out"))
    assert set(turning.INTERVAL_WORDS) == set(READINGS)
    # The event study's intervals in brief, as the findings page says them: cannot tell is not "not found".
    events = types.SimpleNamespace(effects={"growth": Effect(-0.049, -0.458, 0.36, claimed=-0.063),
                                            "cure_rate": cases["ruled out"]})
    assert turning_events.intervals_in_brief(events) == (
        "its interval for growth holds both zero and the claimed fall, so it cannot tell them apart, and its interval "
        "for the cure rate holds zero but leaves out the claimed rise")
    # The chapter's closing words on the cure rate, from both comparisons' readings.
    both = turning_claims.cure_numbers(types.SimpleNamespace(rate_effect=cases["biased against"]),
                                       types.SimpleNamespace(effects={"cure_rate": cases["ruled out"]}))
    assert both["cure_comparisons"].startswith("neither comparison finds the rise in the cure rate the claim implies: "
                                               "against similar cities outside Hubei, the interval leaves out zero")
    unsure = turning_claims.cure_numbers(types.SimpleNamespace(rate_effect=cases["undecided"]),
                                         types.SimpleNamespace(effects={"cure_rate": cases["undecided"]}))
    assert unsure["cure_comparisons"].startswith("neither comparison can tell the rise in the cure rate the claim "
                                                 "implies from none")


# ---------------------------------------------------------------------------------------------
# The real panel


@pytest.fixture(scope="module")
def curves(tables) -> turning.Curves:
    return turning.load()


def test_the_curves_are_the_17_divisions_and_their_sum_outside_wuhan(curves):
    assert curves.curves["adcode"].nunique() == 18 and len(curves.peaks) == 18
    assert len(curves.divisions) == 17 and len(curves.cities_16) == 16
    wide = curves.by_day
    assert (wide.drop(columns=[facts.WUHAN, turning.OUTSIDE]).sum(axis=1) == wide[turning.OUTSIDE]).all()
    assert curves.names[turning.OUTSIDE] == "Hubei outside Wuhan"
    assert (curves.peaks["days_from_22"] == curves.peaks["peak_day"] - 22).all()


def test_the_guards_hold_on_the_panel_and_stop_the_chapter_when_a_sentence_no_longer_does(curves):
    prose = Prose("notebooks/04_turning_point.md")
    turning.guard_curves(prose, curves)
    turning.guard_peaks(prose, curves)
    assert len(prose.guards) == 10  # the peak map's alt text and its headline, on one condition
    # Shennongjia peaking on day 30 would falsify "peaks early, around day 12, and is empty on day 25".
    later = curves.peaks.assign(peak_day=curves.peaks["peak_day"].where(
        curves.peaks["adcode"] != facts.SHENNONGJIA, 30))
    with pytest.raises(ProseError, match="peaks early, around day 12"):
        turning.guard_curves(Prose("notebooks/04_turning_point.md"), dataclasses.replace(curves, peaks=later))


def test_the_peak_numbers_agree_with_the_peaks(curves):
    numbers = turning.peak_numbers(curves)
    days = curves.cities_16["peak_day"]
    assert numbers["n_peak_before_22"] + numbers["n_peak_after_22"] + int((days == 22).sum()) == 16
    assert numbers["peak_day_min"] == days.min() and numbers["wuhan_peak"] == curves.peak_of.at[facts.WUHAN, "peak"]
    # Every division whose peak the step moved is named with both days, and only those.
    moved = curves.cities_16.set_index("adcode")["peak_day"].ne(curves.net_peak_day)
    assert numbers["peak_moved_by_step"].count(" to day ") == int(moved.sum())
    table = turning.peak_table(curves)
    assert table["day"].is_monotonic_increasing and len(table) == 18


def test_the_trend_sentences_name_each_form_by_its_short_name(curves):
    growth = turning.growth(curves)
    numbers = turning.trend_numbers(growth)
    assert numbers["trend_name_linear"] == dynamics.TREND_FORMS["linear"].words
    unpowered = [f for f, e in growth.effects.items() if e.reading == "ruled out" and not e.could_find]
    assert numbers["trend_power"].count("Against ") == len(unpowered)
    for form in unpowered:
        assert f"Against {dynamics.TREND_FORMS[form].name} the interval" in numbers["trend_power"]
    assert numbers["trend_claimed"] == pytest.approx(growth.claimed["growth"] * 100)


def test_the_figures_plot_what_they_return(curves):
    fig, plotted = draw.letter_fig3(curves.curves, curves.peaks, curves.names)
    assert len([ax for ax in fig.axes if ax.get_title()]) == 18
    assert len(plotted) == 18 * facts.CROSS_SECTION_DAY and plotted["day"].between(1, 69).all()
    fig2, share = draw.normalised(curves.curves, curves.peaks)
    assert (share.groupby("adcode")["share_of_peak"].max() == 1).all() and share["adcode"].nunique() == 17
    plt.close(fig)
    plt.close(fig2)


def test_the_rapidly_rule_is_worded_from_the_facts_the_claims_table_uses(curves):
    rose = turning_claims.rises(curves)
    still, rapidly = turning_claims.rising_facts(rose)
    numbers = turning_claims.rising_numbers(curves)
    assert numbers["rise_hubei_after"] == rose.at["Hubei", "after"] and numbers["rise_hubei_before"] == rose.at["Hubei", "before"]
    assert numbers["rapidly_rule"] == turning_claims.RAPIDLY_WORDS
    assert rapidly.holds == (numbers["rise_hubei_after"] >= numbers["rise_hubei_before"] * turning_claims.RAPIDLY_SHARE)
    assert numbers["rise_reading"].startswith("still rising" if still.holds else "no longer rising")
    assert ("not rapidly" in numbers["rise_reading"]) == (still.holds and not rapidly.holds)
    # On a panel where the week after rose as fast as the week before, the words follow.
    fast = pd.DataFrame({"before": [10.0], "after": [9.0]}, index=["Hubei"])
    assert all(fact.holds for fact in turning_claims.rising_facts(fast))


def test_the_day_map_headline_is_the_data_s_and_the_caption_s(curves):
    per_10k = turning.day_map_values(curves)
    assert turning.day_map_words(per_10k) == turning.DAY_MAP_WORDS
    caption = next(cell.metadata["mystnb"]["figure"]["caption"] for cell in jupytext.read(CHAPTER).cells
                   if cell.metadata.get("mystnb", {}).get("figure", {}).get("name") == "fig-turning-day-map")
    assert " ".join(caption.split()).startswith(turning.DAY_MAP_WORDS + ".")
    # Suizhou, the fourth darkest, is not Wuhan's neighbour, and is not called one.
    assert "Suizhou" not in turning._neighbours(facts.WUHAN) and {"Ezhou", "Xiaogan"} <= turning._neighbours(facts.WUHAN)
    # Had Huangshi been darker than Suizhou, the words would name it, as a neighbour, and the guard would stop.
    darker = per_10k.assign(active_per_10k=per_10k["active_per_10k"].where(per_10k["name_en"] != "Huangshi", 5.5))
    assert turning.day_map_words(darker).startswith(
        "Wuhan is darkest by far, then its neighbours Ezhou, Xiaogan and Huangshi;")
    with pytest.raises(ProseError, match="Wuhan is darkest by far"):
        turning.guard_day_map(Prose("notebooks/04_turning_point.md"), darker)


# ---------------------------------------------------------------------------------------------
# The chapter


def test_the_chapter_is_short_calls_behind_the_toggle():
    cells = [cell for cell in jupytext.read(CHAPTER).cells if cell.cell_type == "code"]
    assert all("hide-input" in cell.metadata.get("tags", []) for cell in cells)
    code = "\n".join(cell.source for cell in cells)
    assert not re.search(r"^\s*(def|class) ", code, re.M)
    # The figures page finds each figure and table by its literal save call in the chapter.
    for name in ("letter-fig3", "turning-normalised", "turning-peak-map", "turning-growth", "turning-days",
                 "did-recoveries", "turning-event-study"):
        assert re.search(rf'save_figure\(\s*\w+,\s*"{name}"', code), name
    for name in ("letter-fig3-original", "turning-active-map", "turning-event-study-estimates", "letter-fig3-claims"):
        assert re.search(rf'save_table\(\s*\w+,\s*"{name}"', code), name


def test_peaks_near_day_22_are_counted_under_the_books_window_and_a_day_narrower():
    # The letter gives no window for "around day 22": the narrower reading is said, and with fewer than
    # half inside it the words say the claim holds under one reading only (its verdict: partly).
    net = pd.Series([22, 23, 21, 24, 20, 30])  # five within two days of day 22, three within one
    assert turning.peaks_within(net, 2) == 5 and turning.peaks_within(net, turning.NARROWER_DAYS) == 3
    assert turning.narrower_window(net).endswith("within one day of it, 3 of 6: not more than half, so the claim "
                                                 "holds under one reading of “around” and not the other")
    assert turning.narrower_window(net.replace(30, 22)).endswith("4 of 6: still more than half")
