"""The data chapter's code (notebooks/01_the_data.md): the checks of the panel on hand-made frames
whose answer is known, the chapter's words and guards, its figures, and on the real data every
number its text glues."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

from pairing import data, facts
from pairing.analysis import casepanel, dynamics, stats
from pairing.data import panel
from pairing.figures import hubei_cases
from pairing.paths import ROOT
from pairing.report import casedata
from pairing.report.prose import Prose, ProseError

matplotlib.use("Agg")

CHAPTER = ROOT / "notebooks" / "01_the_data.md"
D = pd.Timestamp


# -- the checks, on hand-made frames --------------------------------------------------------------


def test_in_hubei_is_a_code_starting_42_and_a_missing_code_is_not():
    codes = pd.Series(["420100", "429021", "110000", None])
    assert casepanel.in_hubei(codes).tolist() == [True, True, False, False]


def test_hubei_daily_sums_the_divisions_by_day():
    hubei = pd.DataFrame({"date": [D("2020-02-01")] * 2 + [D("2020-02-02")] * 2, "adcode": ["a", "b"] * 2,
                          "confirmed": [10, 5, 12, 6], "cured": [1, 0, 2, 1], "deaths": [0, 1, 1, 1],
                          "active": [9, 4, 9, 4]})
    daily = casepanel.hubei_daily(hubei)
    assert daily.columns.tolist() == ["date", "confirmed", "cured", "deaths", "active"]
    assert daily["confirmed"].tolist() == [15, 18] and daily["active"].tolist() == [13, 13]


def test_the_dxy_overlap_keeps_the_city_days_both_have_within_the_window():
    days = pd.to_datetime(["2020-02-05", "2020-02-06", "2020-02-16", "2020-02-17"])
    hubei = pd.DataFrame({"adcode": "420100", "date": days, "confirmed": [1, 2, 3, 4], "cured": 0, "deaths": 0})
    dxy = hubei.iloc[1:].assign(confirmed=[20, 30, 40], adcode=["420100", "420200", "420100"])
    overlap = casepanel.dxy_overlap(dxy, hubei)
    assert overlap["date"].tolist() == [D("2020-02-06")]  # 02-16 is another city's; 02-17 is out of the window
    assert overlap[["confirmed_dxy", "confirmed"]].iloc[0].tolist() == [20, 2]


def test_flags_are_counted_in_all_and_in_hubei():
    flags = pd.DataFrame({"flag": ["revision", "revision", "revision", "excluded_row"],
                          "adcode": ["420100", "110000", None, "420200"],
                          "date_start": pd.to_datetime(["2020-02-19"] * 3 + ["2020-01-24"])})
    counts = casepanel.flag_counts(flags)
    assert counts.loc["revision"].tolist() == [3, 1] and counts.loc["excluded_row"].tolist() == [1, 1]
    assert casepanel.hubei_revisions(flags)["adcode"].tolist() == ["420100"]
    shown = casedata.flags_table(flags)
    assert shown.columns.tolist() == ["meaning", "rows", "in Hubei"] and shown.index.name == "flag"
    assert shown.loc["revision", "meaning"] == casedata.FLAG_MEANINGS["revision"]


def per_head_inputs():
    shapes = pd.DataFrame({"adcode": ["a", "b", "c"]})
    hubei = pd.DataFrame({"adcode": ["a", "b", "c", "a"], "date": [facts.CROSS_SECTION] * 3 + [D("2020-03-30")],
                          "confirmed": [100, 30, 20, 99]})
    cities = pd.DataFrame({"adcode": ["a", "b", "c"], "name_zh": ["甲", "乙", "丙"]})
    populations = pd.DataFrame({"adcode": ["a", "b", "c"], "name_en": ["A", "B", "C"], "population": [10_000, 20_000, 10_000],
                                "census_2020_population": [10_000, 5_000, 10_000]})
    return shapes, hubei, cities, populations


def test_rates_per_head_divide_by_each_population_and_the_census_can_reorder_them():
    frame = casepanel.per_head(*per_head_inputs(), facts.CROSS_SECTION)
    assert frame["confirmed"].tolist() == [100, 30, 20]  # the day's counts only
    assert frame["confirmed_per_10k"].tolist() == [100.0, 15.0, 20.0]
    assert frame["confirmed_per_10k_census"].tolist() == [100.0, 60.0, 20.0]
    assert casepanel.population_gap(frame) == (0.75, "B")
    # Over the book's populations B is last; over the census it passes C: both change places.
    assert casepanel.census_rank_changes(frame) == ["B", "C"]
    same = frame.assign(confirmed_per_10k_census=frame["confirmed_per_10k"])
    assert casepanel.census_rank_changes(same) == []


@pytest.mark.parametrize("moved, words", [
    ([], "no division changes place"),
    (["Ezhou"], "only Ezhou changes place"),
    (["Ezhou", "Xiaogan"], "only Ezhou and Xiaogan change places"),
])
def test_what_the_census_changes_is_worded_from_the_divisions_that_move(moved, words):
    assert casedata.rank_change_words(moved) == words


# -- the chapter's words and guards, on hand-made frames ------------------------------------------


def test_the_sources_table_gives_each_repository_its_files_and_short_commit():
    registry = pd.DataFrame({"repo": ["r/a", "r/a", "r/b"], "commit": ["0123456789abcdef"] * 2 + ["fedcba9876543210"],
                             "licence": "MIT", "name": ["a/x/2020-01-24.csv", "a/x/2020-01-23.csv", "b/data.csv"]})
    table = casedata.sources_table(registry)
    assert table.to_dict("records")[0] == {"repo": "r/a", "commit": "0123456789", "licence": "MIT", "files": 2,
                                           "first": "2020-01-23.csv", "last": "2020-01-24.csv"}
    assert casedata.source_numbers(registry) == {"n_raw_files": 3}


@pytest.mark.parametrize("days, words", [
    ([1, 1], "the next day"),
    ([2, 2], "two days later"),
    ([3, 3], "3 days later"),
    ([1, 2], "over the following days"),
    ([1, pd.NA], "over the following days"),  # one never restored
])
def test_when_the_deducted_cases_came_back_is_worded_from_the_days_it_took(days, words):
    assert casedata.restored_words(pd.DataFrame({"days_to_restore": pd.array(days, dtype="Int64")})) == words


def test_dxy_numbers_count_agreement_and_who_is_ahead():
    overlap = pd.DataFrame({"date": pd.to_datetime(["2020-02-06", "2020-02-06", "2020-02-07", "2020-02-07"]),
                            "confirmed": [5, 5, 5, 5], "confirmed_dxy": [5, 5, 5, 6], "deaths": 0, "deaths_dxy": 0,
                            "cured": [1, 2, 3, 4], "cured_dxy": [1, 4, 5, 3]})
    numbers = casedata.dxy_numbers(overlap)
    assert numbers == {"dxy_overlap_days": 2, "dxy_confirmed_agree": 75.0, "dxy_cured_agree": 25.0,
                       "dxy_cured_ahead": "2 of the 3 city-days", "dxy_cured_ahead_median": 2.0}
    casedata.guard_dxy(Prose("x"), overlap)
    with pytest.raises(ProseError, match="DXY ahead on 1 of 3"):
        casedata.guard_dxy(Prose("x"), overlap.assign(cured_dxy=[1, 1, 5, 3]))


def reconciled(confirmed_gap=0, cured_0210=25):
    """Three bulletins (the first without recoveries) and a one-unit panel that matches them, but
    for ``confirmed_gap`` more cases on 31 March and its recoveries of 10 February (20 published)."""
    dates = pd.to_datetime(["2020-02-01", "2020-02-10", "2020-03-31"])
    published = pd.DataFrame({"date": dates, "confirmed": [100, 150, 200], "cured": [np.nan, 20, 50], "deaths": [3, 5, 8]})
    panel_ = pd.DataFrame({"date": dates, "adcode": "a", "confirmed": [100, 150, 200 + confirmed_gap],
                           "cured": [10, cured_0210, 50], "deaths": [3, 5, 8]})
    return stats.reconcile(panel_, published)


def test_the_reconciliation_says_how_far_the_panel_and_the_bulletins_agree():
    numbers = casedata.reconciliation_numbers(reconciled())
    assert numbers["confirmed_agreement"] == "exactly, on every date recorded"
    assert numbers["reconciled_gaps"] == "A dash marks a figure the recorded bulletin does not give."
    assert numbers["sum_0331_confirmed"] == 200 and numbers["n_published_dates"] == 3
    assert numbers["max_cured_gap"] == 5 and numbers["max_cured_gap_later_pct"] == 25.0
    off = casedata.reconciliation_numbers(reconciled(confirmed_gap=1))
    assert off["confirmed_agreement"] == "exactly on 2 of 3 dates recorded" and off["n_confirmed_exact"] == 2
    shown = casedata.reconciliation_shown(reconciled())
    assert shown.columns[0] == ("", "date") and list(shown.columns[1:]) == (
        [("bulletin", c) for c in ("confirmed", "cured", "deaths")]
        + [("panel − bulletin", c) for c in ("confirmed", "cured", "deaths")])
    assert shown[("panel − bulletin", "cured")].fillna(-1).tolist() == reconciled()["cured_difference"].fillna(-1).tolist()


def test_the_reconciliation_guard_stops_when_31_march_is_off_by_one_and_says_why():
    casedata.guard_reconciliation(Prose("x"), reconciled())
    with pytest.raises(ProseError, match="exactly the bulletin's figures.*confirmed \\+1"):
        casedata.guard_reconciliation(Prose("x"), reconciled(confirmed_gap=1))
    # The chapter's opening answer holds on the same evidence: it is guarded by the same rule.
    prose = Prose("x")
    with pytest.raises(ProseError):
        casedata.guard_reconciliation(prose, reconciled(confirmed_gap=1))
    casedata.guard_reconciliation(prose := Prose("x"), reconciled())
    assert "Summed, the 17 divisions' daily counts match Hubei's published totals exactly on 31 March" in prose.guards
    with pytest.raises(ProseError, match="Recoveries run ahead of the bulletin"):
        casedata.guard_reconciliation(Prose("x"), reconciled(cured_0210=19))


def test_the_revisions_guard_needs_the_largest_group_on_19_february_and_the_summarys_dates():
    def flags(dates, wuhan_date="2020-04-16"):
        dates = list(dates) + [wuhan_date]
        return pd.DataFrame({"flag": "revision", "adcode": ["420200"] * (len(dates) - 1) + [facts.WUHAN],
                             "date_start": pd.to_datetime(dates)})

    casedata.guard_revisions(Prose("x"), flags(["2020-02-13", "2020-02-19", "2020-02-19"]))
    with pytest.raises(ProseError, match="largest group"):
        casedata.guard_revisions(Prose("x"), flags(["2020-02-13", "2020-02-13", "2020-02-19"]))
    with pytest.raises(ProseError, match="Wuhan's revision of 16 April"):
        casedata.guard_revisions(Prose("x"), flags(["2020-02-13", "2020-02-19", "2020-02-19"], "2020-04-17"))


def test_panel_numbers_name_each_kind_of_division_by_its_first_word():
    cases = pd.DataFrame({"adcode": ["a", "b", "a"], "date": pd.to_datetime(["2020-01-23", "2020-01-23", "2020-04-30"])})
    cities = pd.DataFrame({"name_en": ["Wuhan", "Enshi", "Xiantao", "Tianmen"],
                           "division_type": ["prefecture-level city", "autonomous prefecture",
                                             "province-administered county-level city", "province-administered county-level city"]})
    numbers = casedata.panel_numbers(cases, cities)
    assert numbers["n_units"] == 2 and numbers["n_days"] == 2 and numbers["n_rows"] == 3
    assert numbers["panel_start"] == "23 January 2020" and numbers["panel_end"] == "30 April 2020"
    assert numbers["n_type_prefecture_level"] == 1 and numbers["type_autonomous_names"] == "Enshi"
    assert numbers["n_type_province_administered"] == 2
    assert numbers["type_province_administered_names"] == "Xiantao and Tianmen"


# -- the figures ----------------------------------------------------------------------------------


def test_the_active_curve_marks_both_counting_events_and_exports_what_it_plots():
    daily = pd.DataFrame({"date": pd.date_range("2020-02-10", periods=12), "confirmed": np.arange(12) * 10 + 100,
                          "cured": 0, "deaths": 0, "active": np.arange(12) * 10 + 100})
    fig, plotted = hubei_cases.active_curve(daily, 517)
    ax = fig.axes[0]
    assert plotted is daily
    assert [line.get_label() for line in ax.get_lines()[:2]] == ["confirmed (cumulative)", "under treatment"]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["12 Feb: clinical\ndiagnoses counted", "19 Feb: 517 cases\nremoved, re-added"]
    matplotlib.pyplot.close(fig)


# -- on the real data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    hubei, flags, cities, cases = data.load_hubei_cases(), data.load_case_flags(), data.load_cities(), data.load_cases_daily()
    deduction = dynamics.revisions_on(hubei, flags, casedata.DEDUCTION_DAY)
    return {"hubei": hubei, "flags": flags, "cities": cities, "cases": cases, "deduction": deduction,
            "daily": casepanel.hubei_daily(hubei), "mapped": casedata.map_frame(hubei, cities),
            "overlap": casepanel.dxy_overlap(panel.read_dxy(), hubei),
            "reconciled": stats.reconcile(hubei, data.load_hubei_published_totals())}


def test_every_number_the_chapter_glues_is_made_and_every_guard_holds(real):
    glued = {**casedata.source_numbers(data.load_raw_registry()), **casedata.rule_numbers(real["hubei"], real["flags"]),
             **casedata.dxy_numbers(real["overlap"]), **casedata.panel_numbers(real["cases"], real["cities"]),
             **casedata.revision_numbers(real["flags"], real["deduction"]),
             **casedata.map_numbers(real["mapped"], real["cities"]),
             **casedata.active_numbers(real["daily"], real["hubei"]),
             **casedata.reconciliation_numbers(real["reconciled"])}
    text = CHAPTER.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:text\}`([\w]+)", text))
    assert used <= set(glued), f"glued by no function: {sorted(used - set(glued))}"
    # Other pages glue from this chapter by name.
    elsewhere = set()
    for page in [*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")]:
        elsewhere |= set(re.findall(r"01_the_data\.md::(\w+)", page.read_text(encoding="utf-8")))
    assert elsewhere <= set(glued), sorted(elsewhere - set(glued))
    assert glued["sum_0331_confirmed"] == 67_802 and glued["confirmed_agreement"] == "exactly, on every date recorded"
    prose = Prose("notebooks/01_the_data.md")
    casedata.guard_rules(prose, real["hubei"], real["flags"])
    casedata.guard_dxy(prose, real["overlap"])
    casedata.guard_revisions(prose, real["flags"])
    casedata.guard_map(prose, real["mapped"])
    casedata.guard_active(prose, real["daily"], real["deduction"])
    casedata.guard_reconciliation(prose, real["reconciled"])
    assert len(prose.guards) == 22  # every guard of the chapter (two for its opening answer, one for the map's classes)


def test_the_map_exports_both_populations_for_the_17_divisions(real):
    fig, plotted = hubei_cases.confirmed_map(real["mapped"])
    assert len(fig.axes) >= 2 and len(plotted) == 17 and plotted["adcode"].is_monotonic_increasing
    assert plotted.columns.tolist() == hubei_cases.MAP_COLUMNS
    assert plotted[["population", "census_2020_population"]].notna().all().all()
    matplotlib.pyplot.close(fig)
