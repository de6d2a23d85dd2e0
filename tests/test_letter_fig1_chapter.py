"""The personnel chapter's words, guards, tables, claims and figures
(:mod:`pairing.report.letter_fig1`, :mod:`pairing.figures.letter_fig1_plots`): each rule pinned on
hand-made input, and on the real data where the function's job is the real data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import shapely

from pairing import data, facts
from pairing.analysis import claims, personnel
from pairing.figures import letter_fig1_plots
from pairing.report import letter_fig1
from pairing.report.prose import Prose, ProseError


@pytest.fixture(scope="module")
def points(hubei, resources, cities) -> pd.DataFrame:
    return personnel.figure_data(hubei, resources, cities)


@pytest.fixture(scope="module")
def variants(hubei, resources, cities) -> pd.DataFrame:
    return letter_fig1.sensitivity(hubei, resources, cities)  # the book's bootstrap: the alt text is about its intervals


def prose() -> Prose:
    return Prose(letter_fig1.PAGE)


def test_reading_uses_the_one_significance_level():
    just_below, at = claims.ALPHA - 1e-9, claims.ALPHA
    assert letter_fig1.reading(-0.5, just_below) == letter_fig1.SIGNIFICANT_NEGATIVE == "significant negative"
    assert letter_fig1.reading(-0.5, at) == "negative, not significant"
    assert letter_fig1.reading(0.5, at) == "positive, not significant"
    assert letter_fig1.reading(0.4, 0.001) == "significant positive"


def test_a_title_states_the_finding_its_evidence_supports_in_words():
    """A reader's finding: the titles of Figs 2.1-2.2 carried the coefficients; they state the finding,
    worded by the rule: a shared direction only where Pearson's r is significant, and mortality's
    resting on one division only where leaving that one out alone ends its significance."""
    def result(r, rho, p):
        return pd.Series({"n": 13.0, "pearson_r": r, "pearson_p": p, "spearman_rho": rho, "spearman_p": p})

    def left_out(significant_without):  # a leave-one-out table: p of each division left out
        names = ["Shennongjia", "Ezhou", "Xiaogan"]
        return pd.DataFrame({"left_out": names, "pearson_p": [0.01 if n in significant_without else 0.2 for n in names]})

    carried = left_out({"Ezhou", "Xiaogan"})
    assert letter_fig1.title("mortality", result(-0.6, -0.3, 0.03), carried) == "Deaths per case: its fall rests on Shennongjia"
    assert letter_fig1.title("mortality", result(0.6, 0.3, 0.03), carried) == "Deaths per case: its rise rests on Shennongjia"
    sturdy = left_out({"Shennongjia", "Ezhou", "Xiaogan"})
    assert letter_fig1.title("mortality", result(-0.6, -0.3, 0.03), sturdy) == "Fewer doctors per head, more deaths per case"
    assert letter_fig1.title("mortality", result(-0.6, 0.1, 0.03), sturdy) == "Doctors and deaths per case: no clear link"
    assert letter_fig1.title("diagnosis_rate", result(-0.7, -0.6, 0.01), sturdy) == "Fewer doctors per head, more cases per head"
    assert letter_fig1.title("death_rate", result(0.7, 0.6, 0.01), sturdy) == "Fewer doctors per head, fewer deaths per head"
    assert letter_fig1.title("death_rate", result(-0.7, -0.6, claims.ALPHA), sturdy) == "Doctors and deaths per head: no clear link"
    book = {"mortality": result(-0.6, -0.3, 0.03), "diagnosis_rate": result(-0.7, -0.6, 0.01),
            "death_rate": result(-0.7, -0.6, 0.01)}
    drops = {"mortality": carried, "diagnosis_rate": sturdy, "death_rate": sturdy}
    assert list(letter_fig1.titles(Prose("test"), book, drops)) == ["mortality", "diagnosis_rate", "death_rate"]
    with pytest.raises(ProseError, match="the fall in deaths per case rests on Shennongjia"):  # the caption's words
        letter_fig1.titles(Prose("test"), book, {**drops, "mortality": sturdy})


def test_a_title_names_the_measure_whose_significance_one_division_carries():
    """A reader's finding: the title and the opening said "the link with mortality rests on one point",
    but only deaths per case does; deaths per head stay significant without Shennongjia. The rule names
    the measure, for every measure, and the opening stops the build if deaths per head came to rest on
    one division too."""
    result = pd.Series({"n": 12.0, "pearson_r": -0.67, "pearson_p": 0.016, "spearman_rho": -0.9, "spearman_p": 0.001})
    one = pd.DataFrame({"left_out": ["Shennongjia", "Ezhou"], "pearson_p": [0.12, 0.01]})
    none = pd.DataFrame({"left_out": ["Shennongjia", "Ezhou"], "pearson_p": [0.04, 0.01]})
    assert letter_fig1.title("death_rate", result, one) == "Deaths per head: its fall rests on Shennongjia"
    assert letter_fig1.title("death_rate", result, none) == "Fewer doctors per head, more deaths per head"
    book = {"mortality": result, "diagnosis_rate": result, "death_rate": result}
    with pytest.raises(ProseError, match="as deaths per head"):
        letter_fig1.titles(Prose("test"), book, {"mortality": one, "diagnosis_rate": none, "death_rate": one})


def test_coverage_counts_the_divisions_outside_wuhan_and_where_their_values_come_from(resources, cities):
    cover = letter_fig1.coverage(resources, cities)
    assert len(cover.table) == 17 and "Wuhan" in cover.table.index
    assert list(cover.table.columns) == [personnel.MEASURES[k].label for k in letter_fig1.COVERAGE_MEASURES] + [
        letter_fig1.LETTER_COLUMN]
    assert cover.table[letter_fig1.LETTER_COLUMN].dropna().to_dict() == {"Shennongjia": personnel.LETTER_SHENNONGJIA}
    assert cover.only_letter == ["Shennongjia"]
    assert cover.n_with == 16 - len(cover.no_value) == cover.n_sourced + 1
    assert cover.table.loc[cover.no_value].isna().all().all()
    values = letter_fig1.coverage_numbers(prose(), cover, resources)
    assert values["n_no_personnel"] == len(cover.no_value) and values["no_personnel"] == ", ".join(cover.no_value)
    assert values["n_sosc"] > 0 and values["n_envcausal"] > 0
    # The news reports on Wuhan's doctors alone, cited where the chapter lists what exists, with their grades.
    assert (values["grade_caixin"], values["grade_globaltimes"]) == ("B", "C")
    second = resources[resources["series"] == "caixin"].assign(adcode="420900")
    with pytest.raises(ProseError, match="for Wuhan alone"):
        letter_fig1.coverage_numbers(prose(), cover, pd.concat([resources, second]))


def test_the_coverage_guard_stops_when_another_division_has_only_the_letters_value(resources, cities):
    cover = letter_fig1.coverage(resources, cities)
    other = letter_fig1.Coverage(cover.table, cover.no_value, cover.n_with, cover.n_sourced, ["Shennongjia", "Ezhou"])
    with pytest.raises(ProseError, match="Shennongjia has only the letter's own value"):
        letter_fig1.coverage_numbers(prose(), other, resources)


def test_the_sensitivity_table_reads_each_coefficient_beside_its_numbers(variants):
    assert list(variants.columns[-3:]) == ["pearson_reading", "spearman_reading", "divisions"]
    for method, coefficient in [("pearson", "pearson_r"), ("spearman", "spearman_rho")]:
        expected = [letter_fig1.reading(c, p) for c, p in zip(variants[coefficient], variants[f"{method}_p"])]
        assert variants[f"{method}_reading"].tolist() == expected


def test_reading_counts_count_only_significant_negative_coefficients():
    variants = pd.DataFrame({
        "outcome": ["mortality", "mortality", "mortality", "diagnosis_rate"],
        "pearson_reading": ["significant negative", "negative, not significant", "significant positive",
                            "significant negative"],
        "spearman_reading": ["negative, not significant"] * 3 + ["significant negative"]})
    counts = letter_fig1.reading_counts(variants)
    assert counts.loc["mortality"].tolist() == [1, 0]
    assert counts.loc["diagnosis_rate"].tolist() == [1, 1]


def test_the_shown_sensitivity_table_writes_each_coefficient_with_its_p_value():
    variants = pd.DataFrame({"variant": ["a"], "outcome": ["diagnosis_rate"], "n": [12], "pearson_r": [-0.456],
                             "pearson_p": [0.0004], "spearman_rho": [-0.7], "spearman_p": [0.0123]})
    shown = letter_fig1.sensitivity_table(variants).iloc[0].to_dict()
    # The outcome by its name alone: a correlation has no unit.
    assert shown == {"variant": "a", "outcome": "diagnosis rate", "n": 12,
                     "Pearson r": "-0.46 (p < 0.001)", "Spearman ρ": "-0.70 (p = 0.012)"}


def test_the_interval_guard_stops_when_the_intervals_say_otherwise(variants):
    letter_fig1.guard_intervals(prose(), variants)  # the real intervals: the alt text holds
    flipped = variants.assign(pearson_r=variants["pearson_r"].abs())
    with pytest.raises(ProseError, match="Nearly every point lies left of zero"):
        letter_fig1.guard_intervals(prose(), flipped)
    rows = pd.DataFrame({"key": ["a", "b", "c"], "pearson_high": [-0.1, 0.0, 0.2]})
    assert letter_fig1.clear_of_zero(rows, "pearson") == ["a"]


def bootstrapped(rows):
    """Variants from ``(key, outcome, r, p, low, high)``: Pearson's as given, Spearman's agreeing with zero."""
    frame = pd.DataFrame(rows, columns=["key", "outcome", "pearson_r", "pearson_p", "pearson_low", "pearson_high"])
    return frame.assign(variant=[f"variant {k}" for k in frame["key"]], n=12, spearman_rho=-0.5, spearman_p=0.2,
                        spearman_low=-0.9, spearman_high=0.3)


def test_a_p_value_and_an_interval_that_disagree_on_zero_are_named():
    """A fresh reader's finding: Fig. 2.3 showed a p < 0.05 whose interval held zero, and the reverse, with
    no word on why. The rows where they disagree are found by rule and named in words."""
    variants = bootstrapped([
        ("a", "mortality", -0.6, 0.041, -0.89, 0.12),      # significant, interval holds zero
        ("b", "diagnosis_rate", -0.55, 0.078, -0.91, -0.33),  # not significant, interval below zero
        ("b", "death_rate", -0.55, 0.079, -0.91, -0.30),
        ("c", "mortality", -0.7, 0.01, -0.9, -0.2),       # both say not zero
        ("d", "mortality", -0.2, 0.5, -0.7, 0.4),         # both say zero may be
        ("e", "mortality", -0.58, claims.ALPHA, -0.9, -0.1)])  # p at the level is not significant: disagrees
    found = letter_fig1.interval_disagreements(variants)
    assert list(zip(found["key"], found["outcome"], found["significant"])) == [
        ("a", "mortality", True), ("b", "diagnosis_rate", False), ("b", "death_rate", False), ("e", "mortality", False)]
    assert set(found["method"]) == {"Pearson's r"}
    assert letter_fig1.disagreement_sentence(variants) == (
        "The p-value and the bootstrap interval disagree on zero for 4 of the 12 coefficients, all of them Pearson's r: "
        "it is significant while its interval holds zero under “variant a” (mortality), and not significant while its "
        "interval leaves zero out under “variant b” (diagnosis rate and mortality per head) and “variant e” (mortality).")
    agreeing = variants[variants["key"].isin(["c", "d"])]
    assert letter_fig1.disagreement_sentence(agreeing) == (
        "The p-value and the bootstrap interval agree on zero for all 4 coefficients.")
    # With nothing to explain, the paragraph that explains it stops the build.
    with pytest.raises(ProseError, match="They answer different questions"):
        letter_fig1.interval_numbers(prose(), agreeing)
    both = variants.assign(spearman_p=0.01)  # Spearman significant while its interval holds zero, too
    assert "a coefficient is significant while its interval holds zero under “variant a” (Pearson's r for mortality)" \
        in letter_fig1.disagreement_sentence(both)


def test_the_disagreements_on_the_real_data_are_real_and_the_verdicts_follow_the_p_value(variants):
    numbers = letter_fig1.interval_numbers(prose(), variants)
    found = letter_fig1.interval_disagreements(variants)
    assert not found.empty and numbers["largest_n"] == variants["n"].max()
    for _, row in found.iterrows():
        method = "pearson" if row["method"] == "Pearson's r" else "spearman"
        original = variants[(variants["key"] == row["key"]) & (variants["outcome"] == row["outcome"])].iloc[0]
        holds_zero = original[f"{method}_low"] <= 0 <= original[f"{method}_high"]
        assert (original[f"{method}_p"] < claims.ALPHA) == holds_zero == row["significant"]
        assert f"“{row['variant']}”" in numbers["interval_disagreement"]
    # The verdict reads the p-value: the same coefficients with intervals moved across zero, the same verdict.
    moved = variants.assign(pearson_low=-1.0, pearson_high=-0.99, spearman_low=0.99, spearman_high=1.0)
    assert [e.verdict for e in personnel.significance_evidence(moved, *personnel.OUTCOMES)] == \
        [e.verdict for e in personnel.significance_evidence(variants, *personnel.OUTCOMES)]


@pytest.mark.parametrize("p, with_all, expected", [
    ([0.01, 0.02, 0.03], 0.01, "stays significant whichever division is left out"),
    ([0.01, 0.20, 0.03], 0.01, "stops being significant when B is left out"),
    ([0.30, 0.20, 0.40], 0.10, "is not significant with all divisions and stays so whichever is left out"),
    ([0.01, 0.20, 0.04], 0.10, "is not significant with all divisions and becomes significant in 2 of the 3 drops "
                               "(without A and C)"),
])
def test_robustness_says_how_significance_fares_when_each_division_is_left_out(p, with_all, expected):
    table = pd.DataFrame({"left_out": ["A", "B", "C"], "pearson_p": p})
    assert letter_fig1.robustness(table, "pearson", with_all) == expected


def test_the_leave_one_out_numbers_on_the_real_data(points):
    drops = personnel.leave_each_out(points)
    values = letter_fig1.loo_numbers(prose(), drops, personnel.correlations(points), points)
    assert values["loo_mortality_min_r"] <= values["loo_mortality_max_r"]
    assert values["loo_mortality_pearson"] == "stops being significant when Shennongjia is left out"
    assert values["shen_confirmed"] == int(points.set_index("adcode").at[facts.SHENNONGJIA, "confirmed"])


def test_the_leave_one_out_table_names_each_outcome_as_the_chapter_does():
    """A fresh reader's finding: a header said "death rate" where the text and the figures say
    "mortality per head"; each header is the outcome's name in OUTCOMES, which the figures' titles use."""
    table = pd.DataFrame({"left_out": ["A", "B", "C", "D"], "pearson_r": [-0.5] * 4, "pearson_p": [0.01] * 4,
                          "spearman_rho": [-0.4] * 4, "spearman_p": [0.2] * 4})
    shown = letter_fig1.loo_table({outcome: table for outcome in personnel.OUTCOMES}).data
    assert list(dict.fromkeys(shown.columns.get_level_values(0)))[1:] == [
        "mortality", "diagnosis rate", "mortality per head"]
    assert all(personnel.OUTCOMES[o].startswith(letter_fig1.outcome_name(o) + " (") for o in personnel.OUTCOMES)
    assert "death rate" not in " ".join(map(str, shown.columns.get_level_values(0)))


def test_no_variant_names_a_count_of_divisions_beside_its_n(variants):
    """A fresh reader's finding: the book's reading was labelled "16 divisions" beside n = 12. A
    variant's label names its choices; how many divisions it uses is its n, from the data."""
    import re

    for key, (label, _) in personnel.VARIANTS.items():
        assert not re.search(r"\d+ divisions", label), (key, label)
    by_key = variants.groupby("key")["n"].unique()
    assert by_key["book"].tolist() == [12] and by_key["wuhan"].tolist() == [13]


def test_a_division_beside_its_paired_staff_in_words():
    row = {"name_en": "Xiaogan", "staff_status": "total", "staff_sent": 1447, "doctors": 8843.0}
    assert letter_fig1.beside(row) == "Xiaogan (about 1,450 staff beside about 8,800 doctors)"
    # A reader's finding: an exact count was called "about". Rounding that changes nothing says no "about",
    assert letter_fig1.beside({**row, "staff_sent": 1450, "doctors": 8800.0}) == "Xiaogan (1,450 staff beside 8,800 doctors)"
    # and a lower bound is never rounded up past itself: "at least 1,450" of 1,447 would be false.
    assert letter_fig1.beside({**row, "staff_status": "at least"}) == "Xiaogan (at least 1,447 staff beside about 8,800 doctors)"
    assert letter_fig1.rounded(132, -1) == "about 130" and letter_fig1.rounded(130.0, -1) == "130"


def test_shennongjias_brackets_and_no_whole_count_over_its_sourced_populations(cities):
    table = letter_fig1.brackets(cities)
    assert list(table.index.unique()) == list(letter_fig1.sourced_populations(cities))
    for _, group in table.groupby(level=0):
        low, high = group["per 1000"].min(), group["per 1000"].max()
        assert low < personnel.LETTER_SHENNONGJIA < high
    assert not table["exactly 2.999"].any() and not letter_fig1.reproduced(cities)


def test_what_decides_the_mortality_verdict_on_hand_made_input():
    drops = {"mortality": pd.DataFrame({"left_out": ["A", "Shennongjia", "B"], "pearson_p": [0.01, 0.2, 0.03],
                                        "spearman_p": [0.3, 0.4, 0.02], "spearman_rho": [-0.4, -0.3, -0.6]})}
    variants = pd.DataFrame({"key": ["book"], "outcome": ["mortality"], "pearson_reading": ["significant negative"]})
    assert letter_fig1.pearson_mortality_carried(variants, drops)
    assert not letter_fig1.pearson_mortality_carried(variants.assign(pearson_reading="negative, not significant"), drops)
    assert list(letter_fig1.spearman_made(drops).index) == ["B"]


def test_a_summary_gives_the_books_reading_and_the_variants_count():
    variants = pd.DataFrame({
        "key": ["book", "other"], "outcome": ["diagnosis_rate"] * 2, "n": [13, 12],
        "pearson_r": [-0.5, -0.2], "pearson_p": [0.04, 0.5], "spearman_rho": [-0.8, -0.7], "spearman_p": [0.001, 0.01],
        "pearson_reading": ["significant negative", "negative, not significant"],
        "spearman_reading": ["significant negative"] * 2})
    assert letter_fig1.summary(variants, "diagnosis_rate") == (
        f"book's reading (n = 13): r = -0.50 (p = 0.040), ρ = -0.80 (p = 0.001); significant negative in 1 of "
        f"{len(personnel.VARIANTS)} variants (Pearson), 2 (Spearman)")


def test_the_claims_table_on_the_real_data(hubei, resources, cities, points, variants):
    cover = letter_fig1.coverage(resources, cities)
    drops = personnel.leave_each_out(points)
    table = letter_fig1.claims(cover, points, variants, drops, cities, resources)
    assert len(table) == 5 and set(table["document"]) == {"letter"}
    # No personnel figure for some cities and no counterfactual: untestable; Shennongjia's value has no
    # whole count over a sourced population, so that part cannot be tested either.
    assert table.loc[0, "verdict"] == table.loc[4, "verdict"] == "cannot tell"
    assert claims.decode(table.loc[3, "evidence"])[1] == claims.Fact(True, "2.999 is above every other division "
                                                                            "outside Wuhan on the doctors scale")
    assert "carried by Shennongjia" in table.loc[1, "what the data show"]
    values = letter_fig1.verdict_numbers(Prose(letter_fig1.PAGE), cover, points, variants, drops)
    # The book's finding on the data here: ρ for mortality per case is significant in no variant, and in the
    # book's reading only when one division is left out.
    assert values["verdict_mortality_variants_spearman"] == f"none of the {len(personnel.VARIANTS)} variants"
    assert values["verdict_mortality_spearman_loo"].startswith("it becomes so only when Jingmen is left out (ρ = ")


def test_the_figures_draw_what_they_export(points, cities, variants, hubei, resources):
    from pairing.data import geo

    titles = letter_fig1.titles(Prose("test"), personnel.correlations(points), personnel.leave_each_out(points))
    fig, exported = letter_fig1_plots.letter_fig1(points, titles, cities)
    assert [ax.get_title() for ax in fig.axes] == [titles["mortality"], titles["diagnosis_rate"]]
    assert list(exported["adcode"]) == list(points["adcode"])
    assert exported[["personnel_source", "cases_source", "population_source"]].notna().all().all()
    assert "mortality_pct" not in points  # the caller's frame is left as it was
    fig, plotted = letter_fig1_plots.death_rate(points, titles["death_rate"])
    assert "death_rate" in plotted and len(plotted) == len(points)
    fig, plotted = letter_fig1_plots.sensitivity(variants)
    assert len(fig.axes) == len(personnel.OUTCOMES)
    assert all(len(ax.get_yticks()) == len(personnel.VARIANTS) for ax in fig.axes)
    assert plotted is variants
    mapped = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).merge(personnel.map_values(hubei, resources, cities, data.per_head_population(cities)), on="adcode")
    fig, plotted = letter_fig1_plots.maps(mapped)
    assert len(fig.axes) == 3 and "geometry" not in plotted
    assert list(plotted["adcode"]) == sorted(mapped["adcode"])
    plt.close("all")


# -- every point seen, every name its point's, every class told apart (a fresh reader's findings) ----------


def _markers(ax) -> list[dict]:
    """Each scatter marker of ``ax`` as drawn: centre and radius (px), whether its fill is opaque and
    whether it draws an outline, in the order they are drawn (z-order, then order added)."""
    px = ax.figure.dpi / 72
    drawn = sorted(enumerate(ax.collections), key=lambda item: (item[1].get_zorder(), item[0]))
    markers = []
    for _, collection in drawn:
        if not isinstance(collection, plt.matplotlib.collections.PathCollection) or not len(collection.get_offsets()):
            continue
        faces, edges = collection.get_facecolors(), collection.get_edgecolors()
        for (x, y), size in zip(ax.transData.transform(collection.get_offsets()), collection.get_sizes()):
            markers.append({"centre": np.array([x, y]), "radius": np.sqrt(size) / 2 * px,
                            "opaque": len(faces) and faces[0][3] >= 1.0,
                            "outline": len(edges) and edges[0][3] > 0 and max(collection.get_linewidths()) > 0})
    return markers


def _hidden_outline(ax) -> float:
    """The largest share of a marker's outline that a marker drawn over it with an opaque fill covers."""
    worst = 0.0
    markers = _markers(ax)
    angles = np.linspace(0, 2 * np.pi, 90, endpoint=False)
    for i, marker in enumerate(markers):
        if not marker["outline"]:
            continue
        ring = marker["centre"] + marker["radius"] * np.column_stack([np.cos(angles), np.sin(angles)])
        covered = np.zeros(len(ring), bool)
        for above in markers[i + 1:]:
            if above["opaque"]:
                covered |= np.hypot(*(ring - above["centre"]).T) < above["radius"] * 0.98
        worst = max(worst, covered.mean())
    return worst


@pytest.fixture(scope="module")
def fig1_figures(points, cities):
    from pairing.figures import plots

    plots.set_style()
    titles = letter_fig1.titles(Prose("test"), personnel.correlations(points), personnel.leave_each_out(points))
    page, _ = letter_fig1_plots.letter_fig1(points, titles, cities)
    phone, _ = letter_fig1_plots.letter_fig1(points, titles, cities, width=plots.PHONE_WIDTH)
    page.canvas.draw()
    phone.canvas.draw()
    yield {"page": page, "phone": phone}
    plt.close(page)
    plt.close(phone)


@pytest.mark.parametrize("where", ["page", "phone"])
def test_no_point_of_fig_2_1_hides_another(fig1_figures, points, where):
    """Ezhou's point lay under Huanggang's: every outline is now drawn over every fill, and the fills
    are see-through, so no marker covers any part of another's outline (the old drawing hid a third of
    Ezhou's)."""
    for ax in fig1_figures[where].axes:
        assert _hidden_outline(ax) == 0.0
        assert len(_markers(ax)) == 2 * len(points)  # a fill and an outline each
    # Ezhou and Huanggang touch on the mortality panel, on the page and on a phone: the case this guards.
    ax = fig1_figures[where].axes[0]
    values = points.assign(mortality_pct=points["mortality"] * 100)
    crowded = {points["name_en"].iloc[i] for i in letter_fig1_plots.crowded(ax, values, "mortality_pct")}
    assert {"Ezhou", "Huanggang"} <= crowded


def _scatters(fig1_figures, points, death_figures):
    values = points.assign(mortality_pct=points["mortality"] * 100)
    for where in ("page", "phone"):
        for ax, outcome in zip(fig1_figures[where].axes, ["mortality_pct", "diagnosis_rate"]):
            yield where, ax, values, outcome
        yield where, death_figures[where].axes[0], values, "death_rate"


@pytest.fixture(scope="module")
def death_figures(points):
    from pairing.figures import plots

    plots.set_style()
    figures = {"page": letter_fig1_plots.death_rate(points, "Fewer doctors per head, more deaths per head")[0],
               "phone": letter_fig1_plots.death_rate(points, "Fewer doctors per head, more deaths per head",
                                                     width=plots.PHONE_WIDTH)[0]}
    for fig in figures.values():
        fig.canvas.draw()
    yield figures
    for fig in figures.values():
        plt.close(fig)


def test_every_point_of_figs_2_1_and_2_2_is_named_once_as_its_own_point_s(fig1_figures, death_figures, points):
    """A fresh reader's finding: on a phone "Suizhou" sat against Jingzhou's point (3.6 points from its
    own, 8 from Jingzhou's), "Shennongjia" under Shiyan's and "Shiyan" between its point and the diamond.
    A name without a leader line lies nearer its own point than any other's by a marker's width and by
    half (so it reads as its own); any other name, and every crowded point's, has a leader line from its
    side to its own marker. No two names overlap; no exception, on the page or on a phone."""
    marker = np.sqrt(letter_fig1_plots.MARKER_SIZE)  # points
    for where, ax, values, outcome in _scatters(fig1_figures, points, death_figures):
        renderer = ax.figure.canvas.get_renderer()
        px = ax.figure.dpi / 72
        centres = dict(zip(values["name_en"], ax.transData.transform(values[["personnel_per_1000", outcome]].to_numpy(float))))
        texts = {text.get_text(): text for text in ax.texts}
        assert sorted(texts) == sorted(centres)
        boxes = {name: letter_fig1_plots.text_box(text, renderer) for name, text in texts.items()}  # leader aside
        leaders = {line.get_gid().removeprefix("leader-"): line for line in ax.lines
                   if (line.get_gid() or "").startswith("leader-")}

        def gap(box, point):
            return np.hypot(max(box.x0 - point[0], 0, point[0] - box.x1), max(box.y0 - point[1], 0, point[1] - box.y1))

        for name, box in boxes.items():
            if name in leaders:  # the line runs from the name's side to its own marker
                start, end = leaders[name].get_transform().transform(leaders[name].get_xydata())
                assert gap(box.padded(1), start) == 0, (where, outcome, name)
                assert np.hypot(*(end - centres[name])) <= (marker / 2 + 1) * px, (where, outcome, name)
                continue
            own = gap(box, centres[name])
            nearest = min(gap(box, c) for other, c in centres.items() if other != name)
            assert nearest > max(2 * own, own + marker * px), (where, outcome, name, round(own / px, 1),
                                                                round(nearest / px, 1))
        names = list(boxes)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                assert not boxes[a].overlaps(boxes[b]), (where, outcome, a, b)
        for i in letter_fig1_plots.crowded(ax, values, outcome):
            assert values["name_en"].iloc[i] in leaders


def test_no_name_of_figs_2_1_and_2_2_touches_the_fitted_line(fig1_figures, death_figures, points):
    """A fresh reader's finding: on the page the fitted line ran through the "J" of "Jingzhou" (Fig. 2.1)
    and through "Xianning" (Fig. 2.2): the page's names were placed without the line (the 3-point rule
    held on a phone only). Every name keeps plots.LABEL_CLEARANCE from the line, to its ends."""
    from pairing.figures import plots

    for where, ax, values, outcome in _scatters(fig1_figures, points, death_figures):
        renderer = ax.figure.canvas.get_renderer()
        line = shapely.LineString(ax.transData.transform(ax.lines[0].get_xydata()))
        for text in ax.texts:
            box = shapely.box(*letter_fig1_plots.text_box(text, renderer).extents)
            gap = box.distance(line) / (ax.figure.dpi / 72)
            assert gap >= plots.LABEL_CLEARANCE - 0.01, (where, outcome, text.get_text(), round(gap, 2))


#: The least step between two adjacent classes of a map of Fig. 2.4: in CIELAB lightness L* (what a
#: reader of any colour vision sees), and as CIEDE2000 for normal vision and as a reader with
#: deuteranopia or protanopia sees them. Blues' first two classes were 17.8 and 15.6 apart.
CLASS_LIGHTNESS_STEP, CLASS_DIFFERENCE, CLASS_DIFFERENCE_DICHROMAT = 18, 18, 10


def test_adjacent_classes_of_fig_2_4_are_told_apart(hubei, resources, cities):
    from pairing.data import geo
    from pairing.figures import pairmap, plots

    plots.set_style()
    mapped = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).merge(
        personnel.map_values(hubei, resources, cities, data.per_head_population(cities)), on="adcode")
    for width in (None, plots.PHONE_WIDTH):
        fig, _ = letter_fig1_plots.maps(mapped, width=width)
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is None:
                continue
            classes = [patch.get_facecolor()[:3] for patch, text in zip(legend.get_patches(), legend.get_texts())
                       if text.get_text()[0].isdigit()]  # the classes (ranges), not "no data"
            assert len(classes) >= 3
            for a, b in zip(classes, classes[1:]):
                assert abs(pairmap.lab(np.array(a))[0] - pairmap.lab(np.array(b))[0]) >= CLASS_LIGHTNESS_STEP
                assert pairmap.color_difference(pairmap.seen_as(a), pairmap.seen_as(b)) >= CLASS_DIFFERENCE
                for deficiency in ("deuteranopia", "protanopia"):
                    assert pairmap.color_difference(pairmap.seen_as(a, deficiency),
                                                    pairmap.seen_as(b, deficiency)) >= CLASS_DIFFERENCE_DICHROMAT
        plt.close(fig)
