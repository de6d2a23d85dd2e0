"""The pairing chapter's computations, words, guards and claims (notebooks/03_pairing.md):
:mod:`pairing.analysis.aid`'s list and need functions pinned on hand-made frames, the chapter's
wording and guards in :mod:`pairing.report.whohelped`, its figures in :mod:`pairing.figures.staffing`,
and the claims it states on the real data."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from pairing import data, facts
from pairing.analysis import aid, claims
from pairing.figures import pairmap, plots, staffing
from pairing.report import ledger, whohelped
from pairing.report.prose import Prose, ProseError


def pairing_list(rows):
    """A pairing list from ``(province_adcode, province_en, city_adcode, city_en, staff, count type)``."""
    frame = pd.DataFrame(rows, columns=["province_adcode", "province_en", "city_adcode", "city_en", "staff_sent",
                                        "staff_count_type"])
    frame["staff_sent"] = frame["staff_sent"].astype("Int64")
    frame["first_team_date"] = pd.to_datetime(["2020-01-27", "2020-02-08", "2020-02-12", "2020-02-06"][:len(frame)])
    return frame


SMALL = pairing_list([
    ("1", "Anhui", "10", "Ezhou", 100, "total"),
    ("2", "Beijing", "20", "Fancheng", 50, "at least"),
    ("2", "Beijing", "30", "Gucheng", None, None),
    ("3", "Chongqing", "20", "Fancheng", 30, "total"),
])


# -- pairing.analysis.aid -----------------------------------------------------------------------------


def test_several_cities_lists_only_the_provinces_with_more_than_one():
    several = aid.several_cities(SMALL)
    assert several.to_dict() == {"Beijing": ["Fancheng", "Gucheng"]}


def test_superseded_fate_tells_kept_moved_and_dropped_apart():
    superseded = pd.DataFrame({"province_adcode": ["1", "2", "3", "9"], "province_en": ["Anhui", "Beijing", "Chongqing", "Zed"],
                               "city_adcode": ["10", "30", "10", "40"]})
    fate = aid.superseded_fate(superseded, SMALL)
    # Beijing kept Gucheng though it gained Fancheng; Chongqing was moved; Zed is not on the final list.
    assert fate["fate"].tolist() == ["kept", "kept", "moved", "dropped"]
    assert fate["province_en"].tolist() == superseded["province_en"].tolist()


def test_medical_senders_count_the_paired_and_the_unpaired_medical_teams_only():
    unpaired = pd.DataFrame({"province_adcode": ["7", "8", "9"], "team_kind": ["medical", "disease control", "medical"]})
    assert aid.medical_senders(SMALL, unpaired) == 3 + 2


def test_staff_need_divides_by_population_and_the_peak_and_leaves_unknown_staff_blank():
    staff = aid.staff_by_city(SMALL)
    dates = pd.to_datetime(["2020-02-09", "2020-02-10", "2020-02-11"])
    panel = pd.DataFrame({"adcode": ["10"] * 3 + ["20"] * 3 + ["30"] * 3, "date": list(dates) * 3,
                          "confirmed": [5, 8, 9, 50, 60, 70, 1, 2, 3], "active": [4, 10, 7, 40, 45, 50, 1, 2, 2]})
    populations = pd.DataFrame({"adcode": ["10", "20", "30"], "population": [1_000_000, 200_000, 10_000],
                                "population_basis": "2020 census", "population_grade": "A",
                                "census_2020_population": [1_000_000, 200_000, 10_000]})
    need = aid.staff_need(staff, panel, populations).set_index("adcode")
    assert need.loc["10", "peak"] == 10 and need.loc["10", "peak_date"] == pd.Timestamp("2020-02-10")
    assert need.loc["20", "active_0210"] == 45 and need.loc["20", "confirmed_0210"] == 60
    assert need.loc["10", "staff_per_10k"] == pytest.approx(1.0)  # 100 staff for a million residents
    assert need.loc["20", "staff_per_peak_patient"] == pytest.approx(80 / 50)  # 50 + 30 staff, peak of 50
    assert pd.isna(need.loc["30", "staff_per_10k"]) and pd.isna(need.loc["30", "staff_per_peak_patient"])
    # The correlation leaves the unknown city out: two cities, ranked oppositely on the two counts.
    assert aid.staff_need_correlation(need.reset_index()).statistic == pytest.approx(-1.0)


def test_staff_need_correlation_ranks_only_the_known_cities():
    need = pd.DataFrame({"active_0210": [10, 20, 30, 40], "staff_sent": pd.array([1, 2, 3, None], dtype="Int64")})
    assert aid.staff_need_correlation(need).statistic == pytest.approx(1.0)


def test_timeline_row_and_sender_count_pick_the_dated_report():
    timeline = pd.DataFrame({"as_of": pd.to_datetime(["2020-02-14", "2020-02-14", "2020-02-20"]),
                             "measure": ["in Hubei", "in Wuhan", "in Wuhan"], "staff": [1, 2, 3]})
    assert aid.timeline_row(timeline, "2020-02-14")["staff"] == 1
    assert aid.timeline_row(timeline, "2020-02-14", "in Wuhan")["staff"] == 2
    counts = pd.DataFrame({"as_of": pd.to_datetime(["2020-01-28", "2020-01-28"]),
                           "source": ["Xinhua 2020-01-29", "People's Daily 2020-01-30"], "provinces": [26, 29]})
    assert aid.sender_count(counts, "2020-01-28", "People's")["provinces"] == 29
    assert aid.sender_count(counts, "2020-01-28", "Xinhua")["provinces"] == 26


# -- pairing.report.whohelped -------------------------------------------------------------------------


def test_list_numbers_count_the_list_and_the_fate_of_the_first():
    superseded = pd.DataFrame({"province_adcode": ["1", "3", "9"], "province_en": ["Anhui", "Chongqing", "Zed"],
                               "city_adcode": ["10", "10", "40"]})
    numbers = whohelped.list_numbers(SMALL, superseded, aid.staff_by_city(SMALL))
    assert numbers["n_pair_provinces"] == 3 and numbers["n_pair_cities"] == 3 and numbers["n_pairs"] == 4
    assert numbers["n_cities_two_partners"] == 1 and numbers["cities_two_partners"] == "Fancheng"
    assert numbers["multi_city_provinces"] == "Beijing (Fancheng, Gucheng)"
    assert numbers["n_pairs_staff_known"] == 3 and numbers["n_pairs_staff_total"] == 2
    assert (numbers["n_superseded_kept"], numbers["n_superseded_moved"], numbers["n_superseded_dropped"]) == (1, 1, 1)
    assert numbers["superseded_dropped"] == "Zed" and numbers["n_provinces_either_list"] == 4
    # First teams on 27 January and 6 February came before the first list of 7 February.
    assert numbers["n_team_before_lists"] == "2 of the 4 pairings"
    assert all(type(v) in (int, str) for v in numbers.values())  # glued as Python values, shown as such


def test_the_list_guards_stop_when_a_second_province_has_several_cities():
    prose = Prose("notebooks/03_pairing.md")
    with pytest.raises(ProseError, match="one province has several cities"):
        whohelped.guard_list(prose, pd.concat([SMALL, SMALL.iloc[[0]].assign(city_adcode="40", city_en="Hankou")]),
                             aid.staff_by_city(SMALL))


def test_the_pairing_table_shows_staff_as_numbers_and_says_what_each_count_is_beside_them():
    styled = whohelped.pairing_table(SMALL)
    shown = styled.data
    assert shown.columns.tolist() == ["Hubei city", "assisting province",
                                      "first team (dispatched or arrived, as reported)", "staff sent", "the count is"]
    # A column of numbers (right-aligned, one kind of value), the remark in a column of its own.
    assert str(shown["staff sent"].dtype) == "Int64" and shown["staff sent"].isna().tolist() == [False] * 3 + [True]
    assert shown["staff sent"].dropna().tolist() == [100, 50, 30]
    assert shown["the count is"].tolist() == ["total", "lower bound", "total", "not found"]
    assert shown["Hubei city"].tolist() == ["Ezhou", "Fancheng", "Fancheng", "Gucheng"]
    html = styled.to_html()
    assert "text-align: right" in html and ">50</td>" in html and ">–</td>" in html


def test_need_numbers_name_the_extremes_and_the_lower_bounds():
    need = pd.DataFrame({"city_en": ["A", "B", "C", "D"], "staff_sent": pd.array([10, 20, 40, None], dtype="Int64"),
                         "staff_status": ["total", "at least", "total", "unknown"], "active_0210": [5, 30, 20, 9],
                         "staff_per_peak_patient": [0.5, 0.2, 1.5, None]})
    numbers = whohelped.need_numbers(need)
    assert numbers["n_cities_staff_known"] == 3 and numbers["cities_staff_unknown"] == "D"
    assert numbers["staff_lower_bounds"] == "for B it is a lower bound, a sum of the batches reported"
    assert (numbers["staff_per_patient_max_city"], numbers["staff_per_patient_min_city"]) == ("C", "B")
    assert numbers["spearman_staff_need"] == pytest.approx(0.5)
    assert numbers["spearman_staff_need_reading"] == "not significant"
    none = whohelped.need_numbers(need.assign(staff_status="total"))
    assert none["staff_lower_bounds"] == "none of them is a lower bound"


def test_the_staff_map_guard_stops_when_another_division_is_outside_the_pairing():
    staff_map = pd.DataFrame({"adcode": [facts.WUHAN, "420200", "420300", "420500"],
                              "not_paired": [True, False, False, False], "staff_per_10k": [None, 1.0, None, 2.0]})
    whohelped.guard_staff_map(Prose("x"), staff_map)  # Wuhan alone outside, half hatched: holds
    with pytest.raises(ProseError, match="Light grey: Wuhan, not in the pairing"):
        whohelped.guard_staff_map(Prose("x"), staff_map.assign(not_paired=[True, True, False, False]))


def drawn_staff(rows):
    """A staff map as :func:`pairing.figures.staffing.staff_map` returns it, from ``(name, per 10k, per
    patient, status)``: each measure classed as the map classes it."""
    frame = pd.DataFrame(rows, columns=["name_en", "staff_per_10k", "staff_per_peak_patient", "staff_status"])
    for measure in staffing.STAFF_MEASURES:
        frame[f"{measure}_class"] = staffing.staff_classes(frame[measure])
    return frame


def test_the_most_and_the_least_are_the_maps_darkest_and_lightest_classes():
    """A fresh reader's finding: "Shiyan and Yichang the least" per patient, where Yichang was level with
    Suizhou. The rule: the most and the least are the divisions the map draws in its top and bottom
    classes, where near-equal values share a class, so a division level with another is never named
    alone; a lower bound may be among the most, never among the least."""
    staff_map = drawn_staff([
        ("Low", 0.39, 0.27, "total"), ("Tied", 0.67, 0.348, "total"), ("Level", 1.83, 0.364, "total"),
        ("Bound", 1.11, 0.396, "at least"), ("Mid", 1.25, 0.39, "at least"), ("Top", 2.95, 0.53, "total"),
        ("Second", 1.94, 0.55, "total"), ("TopBound", 1.93, 0.70, "at least"), ("Hatched", None, None, "unknown")])
    found = whohelped.extremes(staff_map)
    per_10k, per_patient = found["staff_per_10k"], found["staff_per_peak_patient"]
    assert per_10k.most == ("Top", "Second", "TopBound")  # a lower bound among the most, ordered from the top
    assert per_10k.least == ("Low", "Tied") and per_10k.least_bounds == ("Bound",)
    # Per patient, Tied is within 0.02 of Level: they share a class, and Low alone is the least.
    assert per_patient.least == ("Low",)
    assert staff_map.set_index("name_en").at["Tied", "staff_per_peak_patient_class"] == \
        staff_map.set_index("name_en").at["Level", "staff_per_peak_patient_class"]
    assert whohelped.extremes_headline(found) == ("Top, Second and TopBound received the most staff for their size and "
                                                  "peak; Low and Tied the least for their size, Low for its peak")
    same = whohelped.extremes_headline({m: whohelped.Extremes(("A",), ("B", "C"), ()) for m in staffing.STAFF_MEASURES})
    assert same == "A received the most staff for its size and peak; B and C the least for their size and peak"


def test_the_staff_maps_headline_is_its_captions_and_is_guarded(book):
    import jupytext

    from pairing.paths import ROOT

    cell = next(c for c in jupytext.read(ROOT / "notebooks" / "03_pairing.md").cells
                if c.metadata.get("mystnb", {}).get("figure", {}).get("name") == "fig-pairing-staff-map")
    caption = " ".join(cell.metadata["mystnb"]["figure"]["caption"].split())
    assert caption.startswith(whohelped.STAFF_MAP_HEADLINE + ". ")
    assert "whohelped.guard_staff_extremes(prose, staff_map)" in cell.source
    *_, names, _ = book
    need = aid.staff_need(aid.staff_by_city(data.load_pairings()), data.load_hubei_cases(),
                          data.per_head_population(data.load_cities()))
    fig, staff_map = staffing.staff_map(need, names)
    whohelped.guard_staff_extremes(Prose("x"), staff_map)
    moved = staff_map.copy()  # Yichang in Shiyan's class per patient: the headline no longer holds
    moved.loc[moved["name_en"] == "Yichang", "staff_per_peak_patient_class"] = 0
    with pytest.raises(ProseError, match="Shiyan for its peak"):
        whohelped.guard_staff_extremes(Prose("x"), moved)


def test_the_staff_classes_are_the_classes_the_map_draws(book):
    """The words name the classes the map colours: each division's class is the legend's range it lies in."""
    *_, names, _ = book
    need = aid.staff_need(aid.staff_by_city(data.load_pairings()), data.load_hubei_cases(),
                          data.per_head_population(data.load_cities()))
    fig, staff_map = staffing.staff_map(need, names)
    texts = [t.get_text() for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)] if legend
             for t in legend.get_texts()]
    ranges = [tuple(map(float, t.split("–"))) if "–" in t else (float(t), float(t))
              for t in texts if t[:1].isdigit()]
    assert len(ranges) == 2 * staffing.STAFF_CLASSES, texts
    for i, measure in enumerate(staffing.STAFF_MEASURES):
        legend = ranges[i * staffing.STAFF_CLASSES:(i + 1) * staffing.STAFF_CLASSES]
        drawn = staff_map.dropna(subset=[measure])
        for value, klass in zip(drawn[measure], drawn[f"{measure}_class"].astype(int)):
            low, high = legend[klass]
            assert low - 0.005 <= value <= high + 0.005, (measure, value, klass, legend)


# -- on the real data -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book():
    plots.set_style()
    pairings, unpaired, provinces = data.load_pairings(), data.load_unpaired_senders(), data.load_provinces()
    names = whohelped.names(provinces, data.load_cities())
    drawn = pairmap.draw(pairings, unpaired, names, plots.CITY_COLORS)
    yield pairings, unpaired, provinces, names, drawn
    plt.close("all")


def test_the_chapter_s_guards_hold_on_its_data(book):
    pairings, unpaired, provinces, names, drawn = book
    prose = Prose("notebooks/03_pairing.md")
    staff = aid.staff_by_city(pairings)
    timeline, counts = data.load_aid_timeline(), data.load_sender_counts()
    need = aid.staff_need(staff, data.load_hubei_cases(), data.per_head_population(data.load_cities()))
    whohelped.guard_list(prose, pairings, staff)
    whohelped.guard_map(prose, drawn, pairings, unpaired)
    whohelped.differences_status(prose, whohelped.differences(pairings, unpaired), timeline)
    whohelped.guard_need(prose, need)
    fig, staff_map = staffing.staff_map(need, names)
    whohelped.guard_staff_map(prose, staff_map)
    whohelped.guard_staff_extremes(prose, staff_map)
    fig, series = staffing.timeline(timeline)
    whohelped.guard_timeline(prose, series)
    whohelped.guard_checked(prose, timeline, pairings, counts, drawn)
    assert len(prose.guards) == 28  # two of them for the chapter's opening answer, one for the map's headline
    # The staff map draws all 17 divisions, Wuhan alone outside the pairing; the scatter only the known cities.
    assert len(staff_map) == 17 and staff_map.loc[staff_map["not_paired"], "adcode"].tolist() == [facts.WUHAN]
    fig, known = staffing.staff_against_need(need)
    assert known["staff_sent"].notna().all() and len(known) == need["staff_sent"].notna().sum()
    assert len(fig.axes[0].collections) == 4  # totals, lower bounds and the two legend markers
    assert set(series["measure"]) == {"in Hubei", "in Wuhan"}


def test_the_senders_table_covers_every_unit_on_the_map(book):
    pairings, unpaired, provinces, names, drawn = book
    senders = whohelped.senders(drawn, pairings, unpaired, provinces)
    assert len(senders) == len(drawn.classes) == 34
    assert senders.loc[senders["adcode"] == facts.HUBEI, "what"].item() == "received the teams"
    shanxi = senders.set_index("adcode").loc["140000"]
    assert shanxi["sender_class"] == "paired" and shanxi["what"].startswith("on the pairing list: ")
    assert senders["name_zh"].notna().all()
    assert senders["name_en"].notna().all() and senders["name_en"].str.strip().ne("").all()
    assert senders.set_index("adcode").loc[["710000", "810000", "820000"], "name_en"].tolist() == [
        "Taiwan", "Hong Kong", "Macao"]


def test_the_senders_table_says_taiwan_hong_kong_and_macao_lie_outside_the_dispatch(book):
    """A fresh reader's finding: the export classed them "no team found", a failed search."""
    pairings, unpaired, provinces, names, drawn = book
    senders = whohelped.senders(drawn, pairings, unpaired, provinces).set_index("adcode")
    assert set(senders.index[senders["sender_class"] == "outside the mainland's dispatch"]) == {"710000", "810000", "820000"}
    assert "no team found" not in set(senders["sender_class"])


def test_the_map_s_headline_says_every_other_unit_and_stops_when_one_sent_nothing(book):
    """A fresh reader's finding: "every provincial-level unit of the mainland sent staff" counted Hubei,
    the receiver. The headline says every other unit, and its guard checks exactly that: a unit of the
    mainland in "no team found" stops the build; Hubei itself is not asked to have sent staff."""
    pairings, unpaired, provinces, names, drawn = book
    whohelped.guard_map(Prose("x"), drawn, pairings, unpaired)  # holds
    gansu = drawn.classes.assign(sender_class=drawn.classes["sender_class"].where(drawn.classes["adcode"] != "620000",
                                                                                 aid.NO_TEAM))
    with pytest.raises(ProseError, match="every other provincial-level unit of the mainland"):
        whohelped.guard_map(Prose("x"), dataclasses.replace(drawn, classes=gansu), pairings, unpaired)
    assert drawn.classes.set_index("adcode").at[facts.HUBEI, "sender_class"] == aid.HUBEI
    # The caption's words for the class are the class's name: renamed in aid, the build stops.
    old = aid.OUTSIDE_DISPATCH
    try:
        aid.OUTSIDE_DISPATCH = "beyond the dispatch"
        renamed = drawn.classes.replace({old: aid.OUTSIDE_DISPATCH})
        with pytest.raises(ProseError, match="outside the mainland's dispatch of provincial teams"):
            whohelped.guard_map(Prose("x"), dataclasses.replace(drawn, classes=renamed), pairings, unpaired)
    finally:
        aid.OUTSIDE_DISPATCH = old


def test_the_numbers_checked_set_the_official_counts_against_the_documents():
    timeline, pairings, counts = data.load_aid_timeline(), data.load_pairings(), data.load_sender_counts()
    numbers = whohelped.checked_numbers(timeline, pairings, counts)
    assert numbers["wuhan_gap"] == 32_572 - numbers["feb14_wuhan"] and numbers["wuhan_gap_days"] == 6
    assert numbers["other_cities_ratio"] == pytest.approx(11_225 / numbers["feb14_other"])
    assert (numbers["jan28_provinces"], numbers["jan28_provinces_pd"]) == (26, 29)
    assert numbers["feb12_staff"] < 30_000 and numbers["jan28_staff"] == 6_097


def test_the_claims_follow_from_their_evidence(book):
    pairings, unpaired, *_ = book
    table = ledger.checked(whohelped.claims(data.load_aid_timeline(), pairings, unpaired, data.load_sender_counts(),
                                            aid.staff_by_city(pairings)))
    # 29 provinces: true of the senders, not of the pairing; 16 cities; nothing here counts Wuhan on 20 February.
    assert table["verdict"].tolist() == ["partly", "supported", "cannot tell"]
    # A reader's finding: the divisions chapter shows the letter's 32,572 "grade A" without comment. The
    # claim says whose figure it is and what its grade grades, from the timeline.
    assert table["what the data show"].iloc[2].endswith(
        "no source but the letter gives 32,572 (its grade A in aid_timeline.csv grades the letter as the record of its "
        "own words, not the number)")
    assert [claims.decode(e) for e in table["evidence"]][0] == [claims.Fact(True, "29 provinces sent medical teams"),
                                                               claims.Fact(False, "29 provinces on the pairing list")]


def test_the_map_is_not_faulted_for_a_number_the_letter_does_not_say_it_printed(book):
    """A reader's finding: the letter's "(Fig. 2)" follows only the sentence on the 16 cities, so
    Wuhan's 32,572 is not known to be on its map: the difference is of what the words leave unsaid."""
    pairings, unpaired, *_ = book
    original = whohelped.differences(pairings, unpaired)
    assert original.set_index("aspect").at["Wuhan", "kind"] == "unknown"
    assert "content" not in set(original["kind"])
    timeline = data.load_aid_timeline()
    assert whohelped.differences_status(Prose("x"), original, timeline) == {
        "letter_fig2_status": "reproduced as far as its words tell"}
    # The opening's "no source confirms its 32,572" reads the timeline: a second source would stop it.
    confirmed = pd.concat([timeline, timeline[timeline["staff_wuhan"] == whohelped.LETTER_WUHAN]
                           .assign(source="Xinhua 2020-02-21")], ignore_index=True)
    assert whohelped.letter_only(timeline, whohelped.LETTER_WUHAN)
    assert not whohelped.letter_only(confirmed, whohelped.LETTER_WUHAN)
    with pytest.raises(ProseError, match="no source confirms"):
        whohelped.differences_status(Prose("x"), original, confirmed)
