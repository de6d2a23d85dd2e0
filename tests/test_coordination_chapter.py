"""The coordination chapter's code (notebooks/05_coordination.md): the article's numbers computed on
hand-made frames whose answer is known, the evidence each claim carries and the verdict it gives,
the chapter's words and guards, its figure of the spread, and on the real data every number its
text glues."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

from pairing import data, facts
from pairing.analysis import claims, network, surge
from pairing.figures import par_diagram, par_spread
from pairing.paths import ROOT
from pairing.report import badges, coordination
from pairing.report.prose import Prose, ProseError

matplotlib.use("Agg")

CHAPTER = ROOT / "notebooks" / "05_coordination.md"
D = pd.Timestamp


# -- the article's numbers, on hand-made frames ---------------------------------------------------


def timeline(feb12=31_000, feb14_wuhan=25_000, feb14_other=11_000):
    return pd.DataFrame({
        "as_of": pd.to_datetime(["2020-02-12", "2020-02-14", "2020-02-14", "2020-02-17", "2020-02-18"]),
        "measure": ["in Hubei", "in Hubei", "sent", "in Hubei", "in Hubei"],
        "staff": [feb12, 36_000, 99_000, 30_500, 40_000],
        "staff_wuhan": [np.nan, feb14_wuhan, np.nan, np.nan, np.nan],
        "staff_other_cities": [np.nan, feb14_other, np.nan, np.nan, np.nan]})


def test_staff_in_hubei_reads_the_in_hubei_rows_only():
    staff = surge.staff_in_hubei(timeline(feb12=29_000))
    assert staff.feb12["staff"] == 29_000 and staff.feb14["staff"] == 36_000  # not the "sent" row of that day
    assert staff.first_30k == D("2020-02-14")
    assert surge.staff_in_hubei(timeline(feb12=31_000)).first_30k == D("2020-02-12")


def areas(wuhan, others, start="2020-02-20"):
    index = pd.date_range(start, periods=len(wuhan), name="date")
    return pd.DataFrame({"Wuhan": wuhan, "16 other divisions": others}, index=index, dtype=float)


def test_the_spread_has_slowed_only_below_half_its_peak_and_below_a_week_before():
    # 20 to 29 February: Wuhan peaks at 100 on the first day and is at 40 at the end, down on a week
    # before; the others peak at 10 and end at 6, above half their peak.
    new_cases = areas([100, 90, 80, 70, 60, 50, 45, 44, 42, 40], [10, 9, 8, 7, 7, 7, 7, 7, 7, 6])
    assert surge.slowed(new_cases).to_dict() == {"Wuhan": True, "16 other divisions": False}
    rising = areas([100, 10, 10, 10, 10, 10, 10, 10, 10, 20], [1] * 10)
    assert not surge.slowed(rising)["Wuhan"]  # below half the peak, but up on a week before


def test_first_below_looks_only_after_the_peak():
    new_cases = areas([5, 50, 20, 9, 3], [30, 20, 12, 11, 10])
    found = surge.first_below(new_cases)
    assert found["Wuhan"] == D("2020-02-23")  # the 5 before the peak does not count
    assert pd.isna(found["16 other divisions"])


def test_crude_fatality_splits_wuhan_from_the_rest():
    hubei = pd.DataFrame({"date": [surge.MARCH_3] * 3 + [D("2020-03-02")], "adcode": [facts.WUHAN, "420200", "420300", facts.WUHAN],
                          "confirmed": [1000, 300, 100, 1], "deaths": [50, 6, 2, 1]})
    crude = surge.crude_fatality(hubei)
    assert crude == pytest.approx({"Hubei": 58 / 1400, "Wuhan": 0.05, "outside Wuhan": 0.02})


def test_new_cases_by_area_adds_the_16_others_and_keeps_wuhan_apart():
    dates = pd.date_range("2020-02-01", periods=14)
    hubei = pd.concat([pd.DataFrame({"date": dates, "adcode": code, "confirmed": np.arange(14) * step})
                       for code, step in [(facts.WUHAN, 70), ("420200", 7), ("420300", 14)]], ignore_index=True)
    by_area = surge.new_cases_by_area(hubei)
    assert by_area.columns.tolist() == list(surge.AREAS)
    assert by_area["Wuhan"].dropna().eq(70).all() and by_area["16 other divisions"].dropna().eq(21).all()
    # A centred seven-day mean of daily rises: the first day has no rise, so 4 days are missing at the start, 3 at the end.
    assert by_area["Wuhan"].dropna().index[[0, -1]].tolist() == [dates[4], dates[-4]]


def test_links_and_levels_of_interactions():
    actors = pd.DataFrame({"actor_id": ["a", "b"], "level": ["central", "city"]})
    interactions = pd.DataFrame({"source_actor": ["a", "a", "b"], "target_actor": ["b", "b", "a"], "type": ["x", "y", "z"]})
    assert network.links(interactions) == {("a", "b"), ("b", "a")}
    levelled = network.with_levels(interactions, actors)
    assert levelled[["source_level", "target_level"]].values.tolist() == [["central", "city"]] * 2 + [["city", "central"]]
    assert levelled["type"].tolist() == ["x", "y", "z"]


# -- the evidence of the claims, on hand-made inputs ----------------------------------------------


def claim_inputs(feb12=29_000, feb14_wuhan=25_000, provinces=19):
    interactions = pd.DataFrame({"stage": ["initiation", "operation"], "direction": ["vertical", "horizontal"]})
    bridging = pd.DataFrame({"vertical_and_horizontal": [True, False, True]})
    pairings = pd.DataFrame({"province_adcode": [f"{n:02d}0000" for n in range(provinces)] + ["000000"] * (19 - provinces),
                             "city_adcode": [f"42{n:04d}" for n in range(16)] + ["420000"] * 3,
                             "staff_sent": [100.0] * 10 + [np.nan] * 9})
    new_cases = areas([100, 90, 80, 70, 60, 50, 45, 44, 42, 40], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    return (network.direction_shares(interactions), bridging, pairings,
            surge.staff_in_hubei(timeline(feb12=feb12, feb14_wuhan=feb14_wuhan)), new_cases,
            {"Hubei": 0.04, "Wuhan": 0.05, "outside Wuhan": 0.02})


def verdicts(table):
    """Each claim's verdict by its statement's first three words."""
    return dict(zip(table["statement"].str.split().str[:3].str.join(" "), table["verdict"]))


def test_the_claims_carry_the_evidence_that_decides_them():
    table = coordination.claims_table(*claim_inputs())
    assert len(table) == 9
    for evidence, verdict in zip(table["evidence"], table["verdict"]):  # the ledger re-derives each verdict
        assert claims.verdict(*claims.decode(evidence)) == verdict
    found = verdicts(table)
    assert found["19 provinces assist"] == "supported"
    assert found["More than 30,000"] == "contradicted"  # 29,000 in Hubei, 25,000 in Wuhan
    assert found["The spread slowed"] == "supported"  # both areas below half their peak and falling
    assert found["Coordination was hybrid:"] == "cannot tell"
    assert "2 actors hold both kinds of link" in table.iloc[0]["what the data show"]
    assert "Wuhan: new cases a day on 29 February 40% of the peak, down on the week before" in table.iloc[4]["what the data show"]


def test_other_numbers_give_other_verdicts():
    found = verdicts(coordination.claims_table(*claim_inputs(feb12=30_001, provinces=18)))
    assert found["More than 30,000"] == "supported"
    assert found["19 provinces assist"] == "contradicted"


def test_the_opening_answer_on_the_30000_reads_the_claim_s_own_evidence():
    # One rule for the claim's verdict and the chapter's opening sentence: where the claim would be
    # supported, the opening's "the official counts contradict its 30,000" stops the build.
    staff = claim_inputs()[3]
    assert not coordination.over_30k_by_early_february(staff)
    over = claim_inputs(feb14_wuhan=30_001)[3]
    assert coordination.over_30k_by_early_february(over)
    assert verdicts(coordination.claims_table(*claim_inputs(feb14_wuhan=30_001)))["More than 30,000"] == "supported"
    with pytest.raises(ProseError, match="the official counts contradict its 30,000 staff in Wuhan"):
        coordination.guard_numbers(Prose("x"), over, {"Hubei": 0.04, "Wuhan": 0.05, "outside Wuhan": 0.02},
                                   pd.DataFrame(), pd.DataFrame())


def test_the_comparison_says_how_each_dimension_was_rated_and_refuses_an_ambiguous_statement():
    table = coordination.claims_table(*claim_inputs())
    comparison = pd.DataFrame({"dimension": ["who pairs", "funding"], "china": ["provinces", "not said"],
                               "china_section": ["intro", "–"], "united_states": ["states", "FEMA"],
                               "us_section": ["Hybrid", "Hybrid"]})
    shown = coordination.comparison_table(comparison, table)
    assert shown.columns.tolist() == ["dimension", "China", "United States", "rated in this chapter"]
    assert shown["China"].tolist() == ["provinces [intro]", "not said [–]"]
    # A verdict shows as its badge, as everywhere in the book.
    assert shown["rated in this chapter"].tolist() == ["19 provinces for 16 cities: " + badges.html("supported"),
                                                       "not a claim the data can test"]
    with pytest.raises(ValueError, match="2 claims"):
        coordination.rated_as(table, "0,000")
    with pytest.raises(ValueError, match="0 claims"):
        coordination.rated_as(table, "no such words")


# -- the chapter's words and guards ---------------------------------------------------------------


def test_spread_and_fatality_numbers():
    numbers = coordination.spread_numbers(areas([10, 100, 80, 70, 60, 50, 45, 44, 42, 20], [10] * 10))
    assert numbers["new_wuhan_peak_date"] == "21 February" and numbers["new_wuhan_peak"] == 100.0
    assert numbers["new_wuhan_end_feb"] == 20.0 and numbers["new_wuhan_end_feb_pct"] == 20.0
    published = pd.DataFrame({"date": pd.to_datetime(["2020-03-02", "2020-03-04"]), "confirmed": [1000, 2000],
                              "deaths": [40, 90]})
    fatality = coordination.fatality_numbers({"Hubei": 0.041, "Wuhan": 0.05, "outside Wuhan": 0.02}, published)
    assert fatality["cfr_published_02"] == 0.04 and fatality["cfr_published_04"] == 0.045
    assert fatality["cfr_outside_Wuhan"] == 0.02 and fatality["zhang_outside_Wuhan"] == 0.021


def test_the_slowing_guard_quotes_the_chapter_and_names_the_area():
    coordination.guard_slowed(Prose("x"), areas([100, 90, 80, 70, 60, 50, 45, 44, 42, 40], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]))
    with pytest.raises(ProseError, match="The spread did slow.*'16 other divisions': False"):
        coordination.guard_slowed(Prose("x"), areas([100, 90, 80, 70, 60, 50, 45, 44, 42, 40], [10, 9, 8, 7, 7, 7, 7, 7, 7, 6]))


def test_who_classed_what_and_the_exhibits_status():
    actors, interactions = data.load_par_actors(), data.load_par_interactions()
    coordination.guard_book_typed(Prose("x"), interactions)
    moved = interactions.copy()
    moved.loc[moved["typed_by"] == "article", "typed_by"] = "book"
    with pytest.raises(ProseError, match="the NHC's links with the Central Leadership Group"):
        coordination.guard_book_typed(Prose("x"), moved)
    fig1, table1 = coordination.figure1_differences(actors, interactions), coordination.table1_differences()
    # A reader's finding: the kind of link the book adds made Figure 1 "partly reproduced"; a mark the
    # book adds is an addition, and the status follows the rule.
    assert fig1.set_index("aspect").at["kinds of link", "kind"] == "addition"
    assert coordination.exhibit_statuses(fig1, table1) == {"par_fig1_status": "reproduced as far as its words tell",
                                                           "par_table1_status": "reproduced as far as its words tell"}
    # Without the type the book adds, Figure 1's kinds of link differ only in form.
    article_only = interactions[interactions["type"].isin(network.ARTICLE_TYPES)]
    first = coordination.figure1_differences(actors, article_only).iloc[0]
    assert first["the reproduction"] == "the same three, and no other" and first["kind"] == "form"
    coordination.guard_exhibits(Prose("x"), fig1, table1)


# -- the figures ----------------------------------------------------------------------------------


def test_the_spread_figure_leaves_out_days_without_cases_and_stops_at_its_last_day():
    new_cases = areas([100, 50, 0, 0, 5], [10, 0, 1, 2, 3], start="2020-03-29")
    fig, plotted = par_spread.new_cases_figure(new_cases, surge.END_FEB)
    assert plotted["date"].max() == D("2020-03-31") and len(plotted) == 6  # three days of each area
    assert plotted.columns.tolist() == ["date", "area", "new_cases_7d"]
    wuhan, others = fig.axes[0].get_lines()[:2]
    assert wuhan.get_label() == "Wuhan" and others.get_label() == "16 other divisions"
    assert np.isnan(wuhan.get_ydata()[2]) and np.isnan(others.get_ydata()[1])  # a log scale has no zero
    assert fig.axes[0].get_yscale() == "log"
    matplotlib.pyplot.close(fig)


def test_the_spread_figure_has_a_legible_phone_rendering_of_the_same_lines():
    import io

    from pairing.figures import plots

    new_cases = areas([100, 50, 0, 0, 5], [10, 0, 1, 2, 3], start="2020-03-29")
    with matplotlib.rc_context():
        plots.set_style()
        page, plotted = par_spread.new_cases_figure(new_cases, surge.END_FEB)
        phone, phone_plotted = par_spread.new_cases_figure(new_cases, surge.END_FEB, width=plots.PHONE_WIDTH)
        out = io.StringIO()
        phone.savefig(out, format="svg")
        assert plots.shown_text_px(out.getvalue(), plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX
        assert phone.get_figwidth() <= plots.PHONE_WIDTH
        assert phone.get_tightbbox(phone.canvas.get_renderer()).width <= plots.PHONE_WIDTH
    assert phone_plotted.equals(plotted)
    for a, b in zip(page.axes[0].get_lines(), phone.axes[0].get_lines(), strict=True):
        assert np.array_equal(np.asarray(a.get_xydata(), float), np.asarray(b.get_xydata(), float), equal_nan=True)
    # the key under the plot, its two areas in one row
    renderer = phone.canvas.get_renderer()
    key = phone.legends[0].get_window_extent(renderer)
    assert key.y1 <= phone.axes[0].get_window_extent(renderer).y0
    assert [t.get_text() for t in phone.legends[0].get_texts()] == ["Wuhan", "16 other divisions"]
    matplotlib.pyplot.close(page)
    matplotlib.pyplot.close(phone)


# -- on the real data -----------------------------------------------------------------------------


def test_every_number_the_chapter_glues_is_made_and_every_guard_holds():
    actors, interactions = data.load_par_actors(), data.load_par_interactions()
    table1 = data.load_par_table1()
    hubei, pairings = data.load_hubei_cases(), data.load_pairings()
    published = data.load_hubei_published_totals()
    shares = network.direction_shares(interactions)
    bridging = network.bridges(network.build_graph(actors, interactions))
    staff, new_cases, crude = surge.staff_in_hubei(data.load_aid_timeline()), surge.new_cases_by_area(hubei), surge.crude_fatality(hubei)
    reading = network.table1_reading(table1, interactions, actors)
    fig1, original_table1 = coordination.figure1_differences(actors, interactions), coordination.table1_differences()
    glued = {**coordination.data_numbers(actors, interactions), **coordination.hybrid_numbers(shares, bridging, interactions),
             **coordination.reading_numbers(reading), **coordination.exhibit_statuses(fig1, original_table1),
             **coordination.staff_numbers(staff), **coordination.spread_numbers(new_cases),
             **coordination.fatality_numbers(crude, published)}
    used = set(re.findall(r"\{glue:text\}`(\w+)", CHAPTER.read_text(encoding="utf-8")))
    assert used <= set(glued), f"glued by no function: {sorted(used - set(glued))}"
    elsewhere = set()
    for page in [*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")]:
        elsewhere |= set(re.findall(r"05_coordination\.md::(\w+)", page.read_text(encoding="utf-8")))
    assert elsewhere <= set(glued), sorted(elsewhere - set(glued))
    prose = Prose("notebooks/05_coordination.md")
    coordination.guard_book_typed(prose, interactions)
    fig, diagram = par_diagram.figure1(actors, interactions)
    matplotlib.pyplot.close(fig)
    coordination.guard_figure1(prose, diagram, interactions)
    coordination.guard_hybrid(prose, bridging)
    coordination.guard_exhibits(prose, fig1, original_table1)
    coordination.guard_numbers(prose, staff, crude, published, hubei)
    coordination.guard_spread(prose, new_cases)
    coordination.guard_slowed(prose, new_cases)
    assert len(prose.guards) == 22  # every guard of the chapter (one for its opening answer), none dropped in the move
    table = coordination.claims_table(shares, bridging, pairings, staff, new_cases, crude)
    assert verdicts(table)["More than 30,000"] == "contradicted"


def test_the_bridges_table_shows_the_actors_the_sentence_counts():
    """A reader's finding: the table showed the 8 most central actors, 6 of them with both kinds of
    link, while the sentence counted 7; now both come from one frame."""
    actors, interactions = data.load_par_actors(), data.load_par_interactions()
    shares = network.direction_shares(interactions)
    bridging = network.bridges(network.build_graph(actors, interactions))
    table = coordination.bridges_table(bridging)
    glued = coordination.hybrid_numbers(shares, bridging, interactions)
    assert len(table) == glued["n_both_kinds"] and coordination.data_numbers(actors, interactions)["n_actors"] == len(bridging)
    assert "; ".join(table["name"]) == glued["both_kinds"]
    assert "Assisted Hubei city and county governments" in set(table["name"])
    made = pd.DataFrame({"actor_id": list("abc"), "name": ["A (x)", "B", "C"], "level": ["central"] * 3,
                         "partners": [1] * 3, "levels_touched": [1] * 3, "vertical_and_horizontal": [False, True, True],
                         "betweenness": [0.9, 0.5, 0.1]})
    assert list(coordination.bridges_table(made)["name"]) == ["B", "C"]


def test_the_split_says_whose_classification_it_counts():
    """A reader's finding: the split was called "the article's own classification read back" though
    the book types some of its links; the sentence now counts who typed what."""
    interactions = data.load_par_interactions()
    counts, own_as_filed, n_book = coordination.split_by_classifier(interactions)
    assert own_as_filed and n_book == int((interactions["typed_by"] == "book").sum()) > 0
    sentence = coordination.split_reading(interactions)
    (a_init, n_init), (a_op, n_op) = counts["initiation"], counts["operation"]
    assert f"{a_init} of the {n_init} at initiation and {a_op} of the {n_op} in operation" in sentence
    assert f"the other {n_book} are this book's reading" in sentence
    made = pd.DataFrame({"stage": ["initiation", "initiation", "operation"], "direction": ["vertical", "horizontal", "horizontal"],
                         "typed_by": ["article", "article", "book"]})
    assert "not all as its Table 1 files them" in coordination.split_reading(made)
    assert "not all as its Table 1 files them" in coordination.split_findings(made)


def test_the_ledger_shows_the_hybrid_claim_where_its_evidence_is():
    """A reader's finding: the ledger's "shown in" sent the hybrid claim to the claims' table (§5.6),
    not to the section that measures what "hybrid" means on the network and shows its actors."""
    from pairing.paths import ROOT

    table = coordination.claims_table(*claim_inputs())
    hybrid = table[table["statement"].str.startswith("Coordination was hybrid")].iloc[0]
    assert hybrid["section"] == "sec-par-hybrid"
    chapter = (ROOT / "notebooks" / "05_coordination.md").read_text(encoding="utf-8")
    assert "(sec-par-hybrid)=\n## What \"hybrid\" means on this network" in chapter
