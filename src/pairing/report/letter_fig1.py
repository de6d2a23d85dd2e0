"""The words of the personnel chapter (``notebooks/02_personnel.md``), the letter's Fig. 1: its
tables as shown, the numbers and phrases it glues, the guards on its sentences and the evidence for
its claims.

Each ``*_numbers`` function takes the chapter's :class:`~pairing.report.prose.Prose`, checks the
sentences of one passage against the values (each guard's sentence is the chapter's own wording) and
returns the mapping the chapter glues (:func:`pairing.report.chapter.glue`), under names other pages
glue too (``02_personnel.md::n_no_personnel`` and the like): a name here is never renamed. The
statistics are :mod:`pairing.analysis.personnel`'s; the figures are
:mod:`pairing.figures.letter_fig1_plots`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from pairing import data, facts
from pairing.analysis import aid, personnel
from pairing.analysis.claims import ALPHA, Fact, NoTest, Significance, claim
from pairing.report import exhibits, ledger, populations, tables
from pairing.report.prose import Prose, compared, count_of, listed, p_value, significance

PAGE = "notebooks/02_personnel.md"
#: The words :func:`reading` gives a coefficient that is what the letter reports.
SIGNIFICANT_NEGATIVE = "significant negative"
#: The measures of the coverage table, in its order.
COVERAGE_MEASURES = ["doctors_2019", "envcausal_doctors", "doctors_census"]
LETTER_COLUMN = "letter's value"
#: The series of ``health_resources.csv`` from news reports, which give Wuhan's doctors alone.
NEWS_SERIES = ("caixin", "globaltimes")


def reading(coefficient: float, p: float) -> str:
    """How a coefficient reads against the letter's "significant negative correlation", at the book's
    one significance level, :data:`pairing.analysis.claims.ALPHA`: "significant negative", or
    "positive, not significant" and the like."""
    sign = "negative" if coefficient < 0 else "positive"
    return f"significant {sign}" if p < ALPHA else f"{sign}, not significant"


#: Each outcome of the letter's Fig. 1 as a panel's title names it: the measure itself, since the
#: letter's "mortality" can be read per case or per head and the two fare differently.
MEASURE_NAMES = {"mortality": "deaths per case", "diagnosis_rate": "cases per head", "death_rate": "deaths per head"}


def title(outcome: str, result: pd.Series, left_out: pd.DataFrame) -> str:
    """A scatter panel's title, its finding in words, from a :func:`pairing.analysis.personnel.correlate`
    ``result`` and its :func:`~pairing.analysis.personnel.leave_one_out` table: the direction both
    coefficients share when Pearson's r is significant, or, for any measure whose significance one
    division alone carries, that division."""
    signs = {np.sign(result["pearson_r"]), np.sign(result["spearman_rho"])}
    direction = {frozenset({-1.0}): "falls", frozenset({1.0}): "rises"}.get(frozenset(signs))
    measure = MEASURE_NAMES[outcome]
    if direction is None or result["pearson_p"] >= ALPHA:
        return f"Doctors and {measure}: no clear link"
    resting = personnel.breakers(left_out)
    if len(resting) == 1:
        return f"{measure.capitalize()}: its {direction[:-1]} rests on {resting[0]}"
    return f"Fewer doctors per head, {'more' if direction == 'falls' else 'fewer'} {measure}"


def titles(prose: Prose, headline: dict[str, pd.Series], drops: dict[str, pd.DataFrame]) -> dict[str, str]:
    """:func:`title` of each outcome's correlations (``headline``) and leave-one-out table (``drops``);
    the captions' headlines and the chapter's opening say the same, and stop the build when the
    titles do not."""
    worded = {outcome: title(outcome, result, drops[outcome]) for outcome, result in headline.items()}
    prose.guard(worded["diagnosis_rate"] == "Fewer doctors per head, more cases per head"
                and worded["mortality"] == "Deaths per case: its fall rests on Shennongjia",
                "Divisions with fewer doctors per head had more cases per head; the fall in deaths per case rests on "
                "Shennongjia", str(worded))
    prose.guard(worded["death_rate"] == "Fewer doctors per head, more deaths per head",
                "Read as deaths per head, mortality falls with doctors per head", worded["death_rate"])
    prose.guard(worded["mortality"] == "Deaths per case: its fall rests on Shennongjia"
                and worded["death_rate"] == "Fewer doctors per head, more deaths per head",
                "mortality read as deaths per case rests on one point, Shennongjia …; read as deaths per head it does "
                "not rest on Shennongjia", str(worded))  # the opening
    return worded


# What the data allow -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """Which divisions have a personnel value, and from where."""

    table: pd.DataFrame  # by division: each measure of COVERAGE_MEASURES, and the letter's own value
    no_value: list[str]  # divisions outside Wuhan with no value at all
    n_with: int  # divisions outside Wuhan with a value, a dataset's or the letter's
    n_sourced: int  # divisions outside Wuhan with a dataset's value, independent of the letter
    only_letter: list[str]  # divisions outside Wuhan with only the letter's value


def coverage(resources: pd.DataFrame, cities: pd.DataFrame) -> Coverage:
    """The personnel values found for each division under the measures of :data:`COVERAGE_MEASURES`
    (to 2 decimals), and the letter's own value for Shennongjia."""
    table = cities[["adcode", "name_en"]].copy()
    for key in COVERAGE_MEASURES:
        values = personnel.personnel_per_1000(resources, cities, key).set_index("adcode")["personnel_per_1000"]
        table[personnel.MEASURES[key].label] = table["adcode"].map(values).round(2)
    table[LETTER_COLUMN] = np.where(table["adcode"] == facts.SHENNONGJIA, personnel.LETTER_SHENNONGJIA, np.nan)
    table = table.rename(columns={"name_en": "division"}).set_index("division").drop(columns="adcode")
    outside_wuhan = table.drop(index="Wuhan")
    no_value = outside_wuhan[outside_wuhan.isna().all(axis=1)].index.tolist()
    in_a_dataset = outside_wuhan.drop(columns=LETTER_COLUMN).notna().any(axis=1)
    only_letter = outside_wuhan.index[~in_a_dataset & outside_wuhan[LETTER_COLUMN].notna()].tolist()
    return Coverage(table, no_value, len(outside_wuhan) - len(no_value), int(in_a_dataset.sum()), only_letter)


def coverage_numbers(prose: Prose, cover: Coverage, resources: pd.DataFrame) -> dict[str, object]:
    """How many divisions have a personnel value, and how many each dataset covers."""
    prose.guard(cover.only_letter == ["Shennongjia"], "Shennongjia has only the letter's own value", str(cover.only_letter))
    # Two news reports give Wuhan's doctors alone: named in the list of what exists, with their grades.
    news = resources[resources["series"].isin(NEWS_SERIES)]
    prose.guard(set(news["series"]) == set(NEWS_SERIES) and set(news["adcode"]) == {facts.WUHAN}
                and news.groupby("series").size().eq(1).all(),
                "for Wuhan alone, doctors per 1000 residents … from Caixin … and a count of doctors … from the Global Times",
                str(news[["series", "adcode"]].values.tolist()))
    grades = news.set_index("series")["grade"]
    return {"n_no_personnel": len(cover.no_value), "no_personnel": ", ".join(cover.no_value),
            **{f"grade_{series}": grades[series] for series in NEWS_SERIES},
            "n_with_personnel": cover.n_with, "n_with_dataset": cover.n_sourced,
            **{f"n_{series}": int(resources.loc[resources["series"] == series, "adcode"].nunique())
               for series in ["sosc", "envcausal"]}}


# The figure, reproduced -----------------------------------------------------------------------------

def headline_numbers(prose: Prose, headline: dict[str, pd.Series], points: pd.DataFrame, with_wuhan: pd.DataFrame,
                     cover: Coverage) -> dict[str, object]:
    """The correlations of the book's reading (``headline``, over ``points``), Wuhan's values (from
    ``with_wuhan``, the same measure with Wuhan) and the sentences around the reproduced figure."""
    values: dict[str, object] = {}
    for outcome, result in headline.items():
        for key, value in result.items():
            values[f"fig1_{outcome}_{key}"] = int(value) if key == "n" else float(value)
            if key.endswith("_p"):  # "p = 0.016", or "p < 0.001" where three decimals would print 0.000
                values[f"fig1_{outcome}_{key}_text"] = p_value(value)
    wuhan = with_wuhan.set_index("adcode").loc[facts.WUHAN]
    values.update({"wuhan_doctors_per_1000": float(wuhan["personnel_per_1000"]),
                   "wuhan_mortality_pct": float(wuhan["mortality"] * 100),
                   "wuhan_diagnosis_rate": float(wuhan["diagnosis_rate"])})
    mortality, diagnosis = headline["mortality"], headline["diagnosis_rate"]
    prose.guard(max(mortality["pearson_r"], diagnosis["pearson_r"], mortality["spearman_rho"], diagnosis["spearman_rho"]) < 0,
                "In the book's reading … both correlations are negative, as the letter says")
    values["mortality_rank_compared"] = compared(abs(mortality["spearman_rho"]), abs(mortality["pearson_r"]),
                                                 "stronger", "weaker", "as strong")
    fewest = set(points.nsmallest(4, "personnel_per_1000")["name_en"])
    by_name = points.set_index("name_en")
    top = by_name["diagnosis_rate"].nlargest(2)
    prose.guard(fewest == {"Xiaogan", "Suizhou", "Ezhou", "Huanggang"}
                and set(points.nlargest(4, "diagnosis_rate")["name_en"]) == fewest
                and top.iloc[0] > 1.5 * top.iloc[1]
                and by_name["mortality"].rank().loc[list(fewest)].min() > len(points) / 3,
                "The four divisions with the fewest doctors … have the four highest diagnosis rates, Ezhou far above the rest; "
                "their mortality is middling to high")
    prose.guard(wuhan["personnel_per_1000"] > points["personnel_per_1000"].max()
                and wuhan["mortality"] > points["mortality"].max() and wuhan["diagnosis_rate"] > points["diagnosis_rate"].max(),
                "Wuhan … had … doctors per 1000 residents …, more than any division outside it, and yet the highest "
                "mortality … and diagnosis rate")
    prose.guard(all(result["n"] == cover.n_sourced + 1 for result in headline.values())
                and facts.SHENNONGJIA in set(points["adcode"]),
                "All rest on n = … divisions: … measured from a source here, independently of the letter, and Shennongjia "
                "with the letter's own 2.999")
    return values


def per_head_numbers(prose: Prose, headline: dict[str, pd.Series], points: pd.DataFrame,
                     cities: pd.DataFrame) -> dict[str, object]:
    """Mortality read as deaths per head: how its correlations read beside those of deaths per case,
    and what its rates divide by."""
    per_head, mortality = headline["death_rate"], headline["mortality"]
    by_method = {"Spearman's ρ": significance(per_head["spearman_p"], ALPHA),
                 "Pearson's r": significance(per_head["pearson_p"], ALPHA)}
    basis = data.per_head_population(cities)["population_basis"]
    prose.guard(basis.eq("2019, year stated").any() and basis.eq("2019, year unstated").any(),
                "the 2019 resident population (year-end; some sources do not state the year)",
                "the phrase this chapter's captions use for the 2019 denominator")
    return {
        "death_rate_spearman_p_text": p_value(per_head["spearman_p"]),
        "death_rate_reading": (f"{significance(per_head['pearson_p'], ALPHA)} with both coefficients"
                               if len(set(by_method.values())) == 1
                               else " and ".join(f"{word} with {method}" for method, word in by_method.items())),
        "death_rate_against_mortality": compared(abs(per_head["spearman_rho"]), abs(mortality["spearman_rho"]),
                                                 "stronger", "weaker", "as strong"),
        "fig1_population_note": populations.population_note(cities, "population_2019", adcodes=points["adcode"]),
    }


def guard_death_rate(prose: Prose, points: pd.DataFrame) -> None:
    """The alt text of the deaths-per-head figure."""
    low_doctors = set(points.nsmallest(4, "personnel_per_1000")["name_en"])
    prose.guard(low_doctors == {"Xiaogan", "Ezhou", "Huanggang", "Suizhou"}
                and set(points.nlargest(4, "death_rate")["name_en"]) == low_doctors
                and points.loc[points["death_rate"].idxmax(), "name_en"] == "Ezhou",
                "the divisions with the fewest doctors (Xiaogan, Ezhou, Huanggang, Suizhou) had the most deaths per head, "
                "Ezhou far above the rest")


def original(points: pd.DataFrame, cover: Coverage) -> pd.DataFrame:
    """The reproduction's differences from the letter's Fig. 1 (:func:`pairing.report.exhibits.differences`)."""
    return exhibits.differences("letter-fig1", [
        ("cities", "16 cities in Hubei",
         f"{len(points)} of the 16 divisions outside Wuhan: {cover.n_sourced} with a personnel value from a source here, "
         f"Shennongjia with the letter's own 2.999; no personnel value for {listed(cover.no_value)}", "content"),
        ("personnel", "medical personnel per 1000 population before the pandemic; not defined, no source",
         "doctors per 1000 residents (a research dataset, year not stated, probably 2018; grade C); other measures as variants",
         "unknown"),
        ("Shennongjia", "2.999 medical personnel per 1000 (in the text)", "the letter's 2.999, used as given", "form"),
        ("mortality", "not defined", "deaths ÷ confirmed; deaths per 100,000 residents as a variant", "unknown"),
        ("diagnosis rate", "confirmed cases per 1000 population by 31 March",
         "confirmed per 1000 residents by 31 March, over the year-end 2019 population", "form"),
        ("statistics", "“a significant negative correlation”; no coefficient, test or p-value",
         "Pearson's r and Spearman's ρ with p-values and bootstrap intervals; a fitted line and band", "addition"),
    ])


def original_numbers(prose: Prose, table: pd.DataFrame, points: pd.DataFrame) -> dict[str, object]:
    """How far the figure is reproduced."""
    prose.guard(exhibits.status(table) == "partly reproduced" and len(points) < 16,
                "The figure is partly reproduced: … cities are missing")
    return {"letter_fig1_status": exhibits.status(table)}


# How much the result depends on unstated choices ---------------------------------------------------

def sensitivity(cases: pd.DataFrame, resources: pd.DataFrame, cities: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """:func:`pairing.analysis.personnel.sensitivity` with how each coefficient reads (:func:`reading`)
    beside its numbers, in ``pearson_reading`` and ``spearman_reading``: the table the chapter
    publishes as ``figures/letter-fig1-sensitivity.csv``."""
    table = personnel.sensitivity(cases, resources, cities, **kwargs)
    where = table.columns.get_loc("divisions")
    table.insert(where, "pearson_reading", [reading(r, p) for r, p in zip(table["pearson_r"], table["pearson_p"])])
    table.insert(where + 1, "spearman_reading",
                 [reading(r, p) for r, p in zip(table["spearman_rho"], table["spearman_p"])])
    return table


def reading_counts(variants: pd.DataFrame) -> pd.DataFrame:
    """By outcome, the variants in which each coefficient is a significant negative correlation."""
    return variants.groupby("outcome")[["pearson_reading", "spearman_reading"]].agg(
        lambda readings: int((readings == SIGNIFICANT_NEGATIVE).sum()))


def sensitivity_numbers(prose: Prose, variants: pd.DataFrame) -> dict[str, object]:
    """The sign and significance of each outcome's correlations across the variants of :func:`sensitivity`."""
    counts = reading_counts(variants)
    values: dict[str, object] = {"n_variants": len(personnel.VARIANTS)}
    for outcome in personnel.OUTCOMES:
        for method in ["pearson", "spearman"]:
            values[f"n_sig_{outcome}_{method}"] = int(counts.at[outcome, f"{method}_reading"])
        rows = variants[variants["outcome"] == outcome]
        values[f"n_negative_{outcome}"] = int(((rows["pearson_r"] < 0) & (rows["spearman_rho"] < 0)).sum())
    by_key = variants.set_index(["key", "outcome"])
    no_shennongjia, with_wuhan = by_key.loc["no_shennongjia"], by_key.loc["wuhan"]
    values.update({"noshen_mortality_r": float(no_shennongjia.at["mortality", "pearson_r"]),
                   "noshen_mortality_p": float(no_shennongjia.at["mortality", "pearson_p"]),
                   "wuhan_diagnosis_r": float(with_wuhan.at["diagnosis_rate", "pearson_r"]),
                   "n_census": int(by_key.loc["census", "n"].min())})
    prose.guard(counts.loc["mortality"].max() < int((variants.loc[variants["outcome"] == "mortality", "pearson_r"] < 0).sum()),
                "Significance … does not hold as well [as the sign, for mortality]")
    prose.guard(abs(no_shennongjia.at["mortality", "pearson_r"]) < abs(by_key.loc[("book", "mortality"), "pearson_r"]),
                "Without the letter's value for Shennongjia the mortality correlation falls")
    prose.guard(with_wuhan.at["diagnosis_rate", "pearson_r"] > 0, "with Wuhan the diagnosis-rate correlation turns positive")
    strongest = variants.loc[variants.groupby("outcome")["spearman_rho"].idxmin()].set_index("outcome")["variant"]
    smallest = variants.loc[variants["n"] == variants["n"].min(), "variant"].unique()
    values.update({"strongest_diagnosis_variant": strongest["diagnosis_rate"], "smallest_n_variants": listed(smallest),
                   "smallest_n": int(variants["n"].min()), "n_boot": personnel.N_BOOT, "alpha_pct": ALPHA * 100})
    prose.guard((no_shennongjia.loc["mortality", ["pearson_p", "spearman_p"]] >= ALPHA).all(),
                "without [Shennongjia] the mortality correlation is weaker and not significant",
                "the alt text of the reproduced Fig. 1")
    return values


def with_p(coefficients: pd.Series, p: pd.Series) -> list[str]:
    """Each coefficient to 2 decimals with its p-value: "-0.60 (p = 0.016)"."""
    return [f"{c:.2f} ({p_value(q)})" for c, q in zip(coefficients, p)]


def sensitivity_table(variants: pd.DataFrame) -> pd.DataFrame:
    """The variants of :func:`sensitivity` as the page shows them; each outcome by its name alone, since a
    correlation has no unit (with its unit, the column took five lines a row on a phone)."""
    return pd.DataFrame({
        "variant": variants["variant"],
        "outcome": variants["outcome"].map(personnel.OUTCOMES).str.replace(r" \(.*\)$", "", regex=True),
        "n": variants["n"],
        "Pearson r": with_p(variants["pearson_r"], variants["pearson_p"]),
        "Spearman ρ": with_p(variants["spearman_rho"], variants["spearman_p"]),
    })


def clear_of_zero(rows: pd.DataFrame, method: str) -> list[str]:
    """The variants (keys) whose ``method`` interval lies wholly below zero."""
    return rows.loc[rows[f"{method}_high"] < 0, "key"].tolist()


def interval_disagreements(variants: pd.DataFrame) -> pd.DataFrame:
    """The coefficients of :func:`sensitivity` whose p-value and 95% bootstrap interval disagree on
    zero: significant at :data:`pairing.analysis.claims.ALPHA` while the interval holds zero, or not
    significant while it leaves zero out. One row each, in the table's order: ``key``, ``variant``,
    ``outcome``, ``method`` (the coefficient's name) and ``significant``."""
    rows = []
    for _, row in variants.iterrows():
        for method, (_, p, name) in personnel.COEFFICIENTS.items():
            significant = bool(row[p] < ALPHA)
            holds_zero = bool(row[f"{method}_low"] <= 0 <= row[f"{method}_high"])
            if significant == holds_zero:
                rows.append({"key": row["key"], "variant": row["variant"], "outcome": row["outcome"], "method": name,
                             "significant": significant})
    return pd.DataFrame(rows, columns=["key", "variant", "outcome", "method", "significant"])


#: How a p-value and an interval that disagree on zero disagree, by whether the p-value is significant.
DISAGREEING = {True: "significant while its interval holds zero", False: "not significant while its interval leaves zero out"}


def disagreement_sentence(variants: pd.DataFrame) -> str:
    """Which coefficients of :func:`sensitivity` have a p-value and an interval that disagree on zero
    (:func:`interval_disagreements`), in words: how many, and for each way they disagree, the variants
    and outcomes, each variant in quotation marks as the table names it."""
    found = interval_disagreements(variants)
    total = len(variants) * len(personnel.COEFFICIENTS)
    if found.empty:
        return f"The p-value and the bootstrap interval agree on zero for all {total} coefficients."
    one_method = found["method"].nunique() == 1
    parts = []
    for significant in (True, False):
        group = found[found["significant"] == significant]
        if group.empty:
            continue
        items = []
        for (variant, method), rows in group.groupby(["variant", "method"], sort=False):
            outcomes = listed(outcome_name(o) for o in rows["outcome"])
            items.append(f"“{variant}” ({outcomes})" if one_method else f"“{variant}” ({method} for {outcomes})")
        parts.append(f"{DISAGREEING[significant]} under {listed(items)}")
    who = f", all of them {found['method'].iloc[0]}: it" if one_method else ": a coefficient"
    return (f"The p-value and the bootstrap interval disagree on zero for {count_of(len(found), total, 'coefficients')}"
            f"{who} is " + ", and ".join(parts) + ".")


def interval_numbers(prose: Prose, variants: pd.DataFrame) -> dict[str, object]:
    """The passage under the sensitivity figure: the coefficients whose p-value and interval disagree
    (:func:`disagreement_sentence`), how many divisions each variant resamples, and the guards on its
    explanation: that there is a disagreement to explain, and that the verdicts on the letter's claims
    follow the p-value (their evidence is :class:`pairing.analysis.claims.Significance`, the test repeated),
    not the interval."""
    found = interval_disagreements(variants)
    prose.guard(not found.empty, "They answer different questions [a p-value and an interval that disagree on zero]",
                "every p-value and interval agree on zero: the paragraph explains nothing")
    evidence = personnel.significance_evidence(variants, *personnel.OUTCOMES)
    prose.guard(all(isinstance(piece, Significance) for piece in evidence)
                and len(evidence) == len(variants) * len(personnel.COEFFICIENTS),
                "The verdicts follow the p-value … the ledger repeats that test", str({type(p).__name__ for p in evidence}))
    return {"interval_disagreement": disagreement_sentence(variants),
            "largest_n": int(variants["n"].max())}


def guard_intervals(prose: Prose, variants: pd.DataFrame) -> None:
    """The alt text of the sensitivity figure."""
    by_outcome = {outcome: variants[variants["outcome"] == outcome] for outcome in personnel.OUTCOMES}
    prose.guard((variants["pearson_r"] < 0).mean() > 0.8 and clear_of_zero(by_outcome["mortality"], "pearson") == ["book"]
                and (by_outcome["mortality"]["pearson_high"] > 0).mean() > 0.5
                and all(len(clear_of_zero(by_outcome[o], "spearman")) > len(personnel.VARIANTS) / 2
                        and {"wuhan", "envcausal_nurses"} <= set(by_outcome[o].loc[by_outcome[o]["spearman_high"] >= 0, "key"])
                        for o in ("diagnosis_rate", "death_rate")),
                "Nearly every point lies left of zero, but most intervals for mortality per case cross zero; only the book's "
                "reading keeps Pearson's interval clear of it. For the diagnosis rate and for mortality per head most "
                "Spearman intervals stay negative; those with Wuhan and with doctors and nurses cross zero")


# Leaving one division out --------------------------------------------------------------------------

def robustness(table: pd.DataFrame, method: str, with_all: float) -> str:
    """How significance (at the book's level) fares when each division is left out in turn, in words:
    ``table`` from :func:`pairing.analysis.personnel.leave_one_out`, ``with_all`` the p-value with every
    division."""
    p = table[f"{method}_p"]
    changed = table.loc[(p < ALPHA) != (with_all < ALPHA), "left_out"].tolist()
    if with_all < ALPHA:
        return ("stays significant whichever division is left out" if not changed else
                f"stops being significant when {listed(changed)} is left out")
    return ("is not significant with all divisions and stays so whichever is left out" if not changed else
            f"is not significant with all divisions and becomes significant in {count_of(len(changed), len(table))} "
            f"drops (without {listed(changed)})")


def loo_numbers(prose: Prose, drops: dict[str, pd.DataFrame], headline: dict[str, pd.Series],
                points: pd.DataFrame) -> dict[str, object]:
    """The range of each outcome's Pearson's r with one division left out (``drops``, from
    :func:`pairing.analysis.personnel.leave_each_out`) and how each coefficient's significance fares."""
    values: dict[str, object] = {}
    for outcome, table in drops.items():
        values[f"loo_{outcome}_min_r"] = float(table["pearson_r"].min())
        values[f"loo_{outcome}_max_r"] = float(table["pearson_r"].max())
        for method in ["pearson", "spearman"]:
            values[f"loo_{outcome}_{method}"] = robustness(table, method, headline[outcome][f"{method}_p"])
    breakers = personnel.breakers(drops["mortality"])
    prose.guard(breakers == ["Shennongjia"], "Pearson's r for mortality per case is carried by one point: Shennongjia",
                f"significance ends without {breakers}")
    prose.guard(breakers == ["Shennongjia"], "Pearson's r for mortality rests on that last point [Shennongjia]")
    shennongjia = points.set_index("adcode").loc[facts.SHENNONGJIA]
    prose.guard(shennongjia["deaths"] == 0, "whose … patients all survived")
    values["shen_confirmed"] = int(shennongjia["confirmed"])
    return values


#: The coefficients of a leave-one-out table, as the page heads them, each over its p-value.
LOO_COLUMNS = {"pearson": "r", "spearman": "ρ"}


def outcome_name(outcome: str) -> str:
    """An outcome's name in a table's header: its label in :data:`pairing.analysis.personnel.OUTCOMES`
    without the definition in brackets ("mortality per head"), so that a header, the text and the
    figures call one measure by one name (the key, "death_rate", is the data's, never the page's)."""
    return personnel.OUTCOMES[outcome].split(" (")[0]


def loo_table(drops: dict[str, pd.DataFrame]) -> Styler:
    """The leave-one-out coefficients of every outcome side by side, as the page shows them: each
    coefficient with its p-value under it, so that the three outcomes fit a page's column."""
    keys = {"pearson": ("pearson_r", "pearson_p"), "spearman": ("spearman_rho", "spearman_p")}
    loo = pd.concat({outcome_name(o): pd.DataFrame({
        LOO_COLUMNS[method]: [tables.estimate_with_p(e, p) for e, p in zip(t[estimate], t[p_col])]
        for method, (estimate, p_col) in keys.items()}, index=t["left_out"]) for o, t in drops.items()}, axis=1)
    return tables.show(loo.rename_axis("left out"), index=True)


# The three measures on the map ---------------------------------------------------------------------

def map_numbers(prose: Prose, mapped: pd.DataFrame, cities: pd.DataFrame) -> dict[str, object]:
    """The sentences of the maps' caption, alt text and of the passage below them: ``mapped`` is
    :func:`pairing.analysis.personnel.map_values` on the divisions' shapes (equal-area), its rates
    over the book's one population rule (:func:`pairing.data.per_head_population`)."""
    per_head = data.per_head_population(cities)
    census = per_head.loc[per_head["population_basis"] == "2020 census", "name_en"].tolist()
    prose.guard(census == ["Tianmen"], "cases … per head over the same population, Tianmen's over the 2020 census", str(census))
    letters_own_only_for_shennongjia = (
        mapped.loc[mapped["personnel_source"] == personnel.LETTER_SOURCE, "adcode"].tolist() == [facts.SHENNONGJIA])
    prose.guard(letters_own_only_for_shennongjia, "… divisions have a doctors figure (Shennongjia's is the letter's own 2.999)")
    prose.guard(letters_own_only_for_shennongjia, "Shennongjia, which carries the letter's own value")  # the opening
    # The alt text, checked: where doctors per head are highest and lowest, where mortality is.
    by_name = mapped.set_index("name_en")
    doctors = by_name["personnel_per_1000"].dropna().sort_values()
    deaths_per_case = by_name["mortality"].sort_values()
    diagnosis_outside = by_name["diagnosis_rate"].drop(index="Wuhan").dropna().sort_values()
    prose.guard(set(doctors.index[-3:]) == {"Wuhan", "Shennongjia", "Shiyan"}
                and set(doctors.index[:4]) == {"Xiaogan", "Suizhou", "Ezhou", "Huanggang"}
                and set(doctors.index[:4]) <= set(diagnosis_outside.index[-5:])
                and set(deaths_per_case.index[-5:]) == {"Wuhan", "Qianjiang", "Jingmen", "Huanggang", "Ezhou"}
                and set(deaths_per_case.index[:3]) == {"Shiyan", "Xianning", "Shennongjia"}
                and int(by_name["personnel_per_1000"].isna().sum()) == 4,
                "Doctors per head are highest in Wuhan, Shennongjia and Shiyan and lowest in Xiaogan, Suizhou, Ezhou and "
                "Huanggang, … which have four of the five highest diagnosis rates outside it. Mortality is highest in Wuhan, "
                "Qianjiang, Jingmen, Huanggang and Ezhou and lowest in Shennongjia, Shiyan and Xianning. Four divisions have "
                "no doctors figure")
    # "The divisions that ring Wuhan": those sharing a border with it.
    outside = personnel.ring(mapped)
    ring_means = outside.groupby("ring")[["personnel_per_1000", "diagnosis_rate"]].mean()
    prose.guard(ring_means.at[True, "personnel_per_1000"] < ring_means.at[False, "personnel_per_1000"]
                and ring_means.at[True, "diagnosis_rate"] > ring_means.at[False, "diagnosis_rate"],
                "the divisions that ring Wuhan … had on average both fewer doctors per head and … more cases per head than the rest",
                ring_means.round(2).to_dict())
    return {"n_mapped_personnel": int(mapped["personnel_per_1000"].notna().sum()),
            "n_mapped_diagnosis": int(mapped["diagnosis_rate"].notna().sum()),
            "mapped_population_note": "cases per head over " + populations.population_note(cities, "population"),
            "ring_names": listed(sorted(outside.loc[outside["ring"], "name_en"]))}


# Shennongjia's 2.999 -------------------------------------------------------------------------------

#: Yearbooks print populations to 0.01万 = 100 persons; the populations searched for one that gives 2.999.
PRINTED = 100
SEARCHED = (60_000, 90_000)


def sourced_populations(cities: pd.DataFrame) -> dict[str, int]:
    """Shennongjia's two sourced populations, by name."""
    shennongjia = cities.set_index("adcode").loc[facts.SHENNONGJIA]
    return {"year-end 2019 resident": int(shennongjia["population_2019"]),
            "2020 census": int(shennongjia["census_2020_population"])}


def brackets(cities: pd.DataFrame) -> pd.DataFrame:
    """The whole counts either side of 2.999 per 1000 over each of Shennongjia's sourced populations,
    and whether one gives exactly 2.999."""
    target, sourced = personnel.LETTER_SHENNONGJIA, sourced_populations(cities)
    table = pd.concat({name: personnel.nearest_ratios(target, population) for name, population in sourced.items()},
                      names=["population", "row"]).reset_index(level="row", drop=True)
    table["exactly 2.999"] = [bool(personnel.reproducing_counts(target, sourced[name])) for name in table.index]
    return table.rename(columns={"per_1000": "per 1000"})


def reproduced(cities: pd.DataFrame) -> bool:
    """Whether a whole count gives the letter's 2.999 over either of Shennongjia's sourced populations."""
    return any(personnel.reproducing_counts(personnel.LETTER_SHENNONGJIA, population)
               for population in sourced_populations(cities).values())


def others(points: pd.DataFrame) -> pd.Series:
    """Doctors per 1000 of the divisions of the book's reading other than Shennongjia."""
    return points.loc[points["adcode"] != facts.SHENNONGJIA, "personnel_per_1000"]


def shennongjia_numbers(prose: Prose, cities: pd.DataFrame, resources: pd.DataFrame, points: pd.DataFrame,
                        cases: pd.DataFrame, drops: dict[str, pd.DataFrame]) -> dict[str, object]:
    """What 2.999 can be: the counts and populations that give it, and its scale beside Hubei's."""
    target, sourced = personnel.LETTER_SHENNONGJIA, sourced_populations(cities)
    values: dict[str, object] = {}
    for name, population in sourced.items():
        key = name.split()[0].replace("-", "_")
        values[f"shen_pop_{key}"] = population
        low, high = personnel.nearest_ratios(target, population).itertuples(index=False)
        values[f"shen_{key}_low"] = f"{low.count} doctors give {low.per_1000:.3f}"
        values[f"shen_{key}_high"] = f"{high.count} give {high.per_1000:.3f}"
    found = personnel.reproducing_populations(target, *SEARCHED, step=PRINTED)
    distance = (found["population"] - sourced["year-end 2019 resident"]).abs()
    nearest = found[distance == distance.min()]
    values["shen_nearest"] = " and ".join(f"{p:,} ({c} staff)" for p, c in nearest.itertuples(index=False))
    step = int(found["population"].diff().dropna().iloc[0])
    values.update({"shen_population_step": step, "shen_population_share": f"one in {step // PRINTED}",
                   "shen_population_low": int(found["population"].min()),
                   "shen_population_high": int(found["population"].max()),
                   "shen_searched_low": SEARCHED[0], "shen_searched_high": SEARCHED[1]})
    prose.guard(len(found) > 1 and found["population"].diff().dropna().eq(step).all() and step % PRINTED == 0,
                "those that give 2.999 are spaced … persons apart: one in … of the populations so printed",
                str(found["population"].tolist()))
    hubei, rest = personnel.hubei_ratios(resources), others(points)
    values.update({"hubei_doctors_per_1000": float(hubei["doctors_per_1000"]),
                   "hubei_doctors_nurses_per_1000": float(hubei["doctors_nurses_per_1000"]),
                   "hubei_personnel_per_1000": float(hubei["health_personnel_per_1000"]),
                   "others_max": float(rest.max()), "others_min": float(rest.min())})
    prose.guard(not reproduced(cities), "No whole number of staff gives 2.999 over either [sourced population]")
    prose.guard(hubei["doctors_per_1000"] * 0.8 < target < hubei["doctors_nurses_per_1000"] / 1.5,
                "A value of 2.999 fits a count of doctors; it is far below any measure that includes nurses")
    prose.guard(target > rest.max(), "On that scale Shennongjia's 2.999 is above every other division outside Wuhan here")
    prose.guard(cases.loc[cases["adcode"] == facts.SHENNONGJIA, "deaths"].max() == 0,
                "With only … cases, none of them fatal")
    prose.guard(personnel.breakers(drops["mortality"]) == ["Shennongjia"],
                "it is also the point that carries Pearson's r for mortality above")
    return values


# Staff per case ------------------------------------------------------------------------------------

def rounded(value: float, digits: int) -> str:
    """``value`` rounded to ``digits`` (as :func:`round`: -1 to the nearest 10), with "about " before it
    only where rounding changed it: an exact count is never called "about"."""
    near = round(float(value), digits)
    return f"{'' if near == value else 'about '}{near:,.0f}"


def beside(row) -> str:
    """'Xiaogan (1,450 staff beside about 8,800 doctors)': staff to the nearest 10, doctors to 100, each
    "about" only where rounding changed it (:func:`rounded`); a lower bound "at least" as it stands."""
    staff = (f"at least {int(row['staff_sent']):,}" if row["staff_status"] == "at least"
             else rounded(row["staff_sent"], -1))
    return f"{row['name_en']} ({staff} staff beside {rounded(row['doctors'], -2)} doctors)"


def per_case_numbers(prose: Prose, points: pd.DataFrame, headline: dict[str, pd.Series], pairings: pd.DataFrame,
                     staff: pd.DataFrame) -> dict[str, object]:
    """Doctors per case against mortality (:func:`pairing.analysis.personnel.per_case`), and the paired
    teams beside the local doctors (``staff``, :func:`pairing.analysis.personnel.paired_beside_local`)."""
    first_team = aid.first_teams(pairings)
    prose.guard(len(first_team) == 16 and first_team.max() <= pd.Timestamp("2020-02-15")
                and (first_team < pd.Timestamp("2020-02-01")).sum() >= 5,
                "paired teams from other provinces were at work in all 16 cities by mid-February, in many of them since late January")
    per_case, without = personnel.per_case(points)
    mortality = headline["mortality"]
    values: dict[str, object] = {}
    for key in ["spearman_rho", "spearman_p"]:
        values[f"per_case_{key}"] = float(per_case[key])
        values[f"per_case_noshen_{key}"] = float(without[key])
    values.update({
        "per_case_spearman_p_text": p_value(per_case["spearman_p"]),
        "per_case_noshen_spearman_p_text": p_value(without["spearman_p"]),
        "per_case_reading": reading(per_case["spearman_rho"], per_case["spearman_p"]),
        "per_case_noshen_reading": reading(without["spearman_rho"], without["spearman_p"]),
        "per_case_against_per_head": compared(abs(per_case["spearman_rho"]), abs(mortality["spearman_rho"]),
                                              "stronger", "weaker", "as strong"),
        "per_case_noshen_holds": ("but it is not significant either" if per_case["spearman_p"] >= ALPHA
                                  else "and it stays significant without Shennongjia" if without["spearman_p"] < ALPHA
                                  else "but, like it, not without Shennongjia" if mortality["spearman_p"] < ALPHA
                                  else "but it does not survive leaving Shennongjia out"),
    })
    # The paired teams beside the local doctors, where both are known.
    both = staff.dropna(subset=["doctors", "staff_sent"]).sort_values("staff_per_100_doctors")
    values.update({
        "staff_n_both": len(both),
        "staff_per_100_min": float(both["staff_per_100_doctors"].min()),
        "staff_per_100_max": float(both["staff_per_100_doctors"].max()),
        "staff_most": beside(both.iloc[-1]),
        "staff_fewest": beside(both.iloc[0]),
        "staff_lower_bounds": listed(both.loc[both["staff_status"] == "at least", "name_en"]),
        "staff_unknown": listed(staff.loc[staff["staff_status"] == "unknown", "name_en"]),
    })
    prose.guard(len(both) > 1 and both["staff_per_100_doctors"].max() < 50,
                "So the teams added to the local staff; they did not replace it. … most of the doctors at work in March "
                "were local", str(both[["name_en", "staff_per_100_doctors"]].round(1).values.tolist()))
    no_doctors = staff.loc[staff["doctors"].isna(), "name_en"].tolist()
    prose.guard(no_doctors == ["Shennongjia"]
                and staff.set_index("name_en").at["Shennongjia", "staff_status"] == "unknown",
                "For Shennongjia there is no count of doctors either: its 2.999 is a ratio", str(no_doctors))
    prose.guard((both["staff_status"] == "at least").any() and (staff["staff_status"] == "unknown").any()
                and both["staff_status"].iloc[[0, -1]].eq("total").all(),
                "The team counts include nurses and other staff, sent over weeks, and for … they are lower bounds. No whole "
                "count is known for …, where a partner's count is missing")
    return values


def staff_table(staff: pd.DataFrame) -> pd.DataFrame:
    """The paired teams beside the local doctors, as the page shows them."""
    return staff.drop(columns="adcode").rename(columns={
        "name_en": "division", "doctors": "local doctors", "staff_sent": "paired staff", "staff_status": "staff count",
        "staff_per_100_doctors": "staff per 100 doctors"})


# Verdict -------------------------------------------------------------------------------------------

def pearson_mortality_carried(variants: pd.DataFrame, drops: dict[str, pd.DataFrame]) -> bool:
    """Whether Pearson's r for mortality is significant in the book's reading only with Shennongjia."""
    book = variants.set_index(["key", "outcome"]).loc[("book", "mortality")]
    return book["pearson_reading"] == SIGNIFICANT_NEGATIVE and personnel.breakers(drops["mortality"]) == ["Shennongjia"]


def spearman_made(drops: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The divisions without which Spearman's ρ for mortality is significant, by name."""
    loo_mortality = drops["mortality"].set_index("left_out")
    return loo_mortality[loo_mortality["spearman_p"] < ALPHA]


def summary(variants: pd.DataFrame, outcome: str) -> str:
    """An outcome's correlations in the book's reading, and in how many variants each is a significant
    negative correlation: what the claims table shows for it."""
    row = variants.set_index(["key", "outcome"]).loc[("book", outcome)]
    counts, n_variants = reading_counts(variants), len(personnel.VARIANTS)
    return (f"book's reading (n = {row['n']}): r = {row['pearson_r']:.2f} ({p_value(row['pearson_p'])}), "
            f"ρ = {row['spearman_rho']:.2f} ({p_value(row['spearman_p'])}); significant negative in "
            f"{counts.at[outcome, 'pearson_reading']} of {n_variants} variants (Pearson), "
            f"{counts.at[outcome, 'spearman_reading']} (Spearman)")


def claims(cover: Coverage, points: pd.DataFrame, variants: pd.DataFrame, drops: dict[str, pd.DataFrame],
           cities: pd.DataFrame, resources: pd.DataFrame) -> pd.DataFrame:
    """The letter's claims about its Fig. 1 with their evidence (:mod:`pairing.analysis.claims`), checked
    (:func:`pairing.report.ledger.checked`): the chapter publishes it as ``figures/letter-fig1-claims.csv``."""
    by_key = variants.set_index(["key", "outcome"])
    book, with_wuhan = by_key.loc["book"], by_key.loc["wuhan"]
    n_with, n_sourced, no_value = cover.n_with, cover.n_sourced, cover.no_value
    target, rest, hubei = personnel.LETTER_SHENNONGJIA, others(points), personnel.hubei_ratios(resources)
    whole = reproduced(cities)
    made = spearman_made(drops)
    # Each claimed correlation is tested in every variant with both coefficients; for mortality, the letter's
    # word allows deaths per case and deaths per head, and both readings are evidence on the one claim.
    mortality_evidence = personnel.significance_evidence(variants, "mortality", "death_rate")
    diagnosis_evidence = personnel.significance_evidence(variants, "diagnosis_rate")
    return ledger.checked(pd.DataFrame([
        claim("letter", "abstract; ¶2; Fig. 1",
              "against medical staff resources in 16 cities in Hubei Province | against medical personnel resources "
              "(the number of medical personnel per 1000 population before the COVID-19 pandemic) in 16 cities",
              "Mortality and diagnosis rates plotted against medical personnel per 1000 in 16 cities",
              f"{n_with} of the 16 divisions outside Wuhan have a personnel value here: {n_sourced} from a dataset, "
              f"Shennongjia only the letter's own 2.999; none for {listed(no_value)}; the letter names neither its "
              f"measure nor its source",
              NoTest(f"no personnel figure is found for {listed(no_value)}, and the letter names neither its measure "
                     f"nor its source")),
        claim("letter", "abstract; ¶2; Fig. 1",
              "Plotting mortality and diagnosis rates against medical staff resources … shows a significant negative "
              "correlation | we find a significant negative correlation shown in Fig. 1",
              "Mortality is significantly and negatively correlated with medical personnel per 1000",
              "as deaths per case, " + summary(variants, "mortality")
              + ("; in the book's reading Pearson's r is carried by Shennongjia (0 deaths, the letter's own value)"
                 if pearson_mortality_carried(variants, drops) else "")
              + (f" and ρ is significant only without {listed(made.index)}"
                 if book.loc["mortality", "spearman_reading"] != SIGNIFICANT_NEGATIVE and len(made) else "")
              + "; as deaths per head, " + summary(variants, "death_rate"),
              *mortality_evidence),
        claim("letter", "abstract; ¶2; Fig. 1",
              "Plotting mortality and diagnosis rates against medical staff resources … shows a significant negative "
              "correlation | we find a significant negative correlation shown in Fig. 1",
              "The diagnosis rate is significantly and negatively correlated with medical personnel per 1000",
              summary(variants, "diagnosis_rate")
              + ("; turns positive (Pearson) with Wuhan" if with_wuhan.at["diagnosis_rate", "pearson_r"] > 0 else ""),
              *diagnosis_evidence),
        claim("letter", "¶4",
              "Shennongjia Forestry District has a high level of medical personnel resources (2.999 medical "
              "personnel per thousand population)",
              "Shennongjia has 2.999 medical personnel per 1000, a high level",
              f"{'a' if whole else 'no'} whole count gives 2.999 over either sourced population; the scale fits "
              f"doctors (Hubei {hubei['doctors_per_1000']:.2f}), and it is "
              f"{'above' if target > rest.max() else 'not above'} every other division here "
              f"({rest.min():.2f}–{rest.max():.2f})",
              # Without a whole count over a sourced population, the letter's own denominator is unknown: untestable.
              Fact(True, "2.999 is a whole count of staff over Shennongjia's sourced 2019 or 2020 population") if whole
              else NoTest("2.999 is no whole count over Shennongjia's sourced populations, and the letter names neither its "
                          "count nor its population"),
              Fact(bool(target > rest.max()), "2.999 is above every other division outside Wuhan on the doctors scale")),
        claim("letter", "abstract; ¶2",
              "indicating the critical role of medical staff resources in controlling epidemics | suggesting the "
              "crucial role of medical personnel resources in controlling the pandemic",
              "The correlation shows the crucial role of medical personnel resources in controlling the pandemic",
              f"an ecological correlation across at most {n_with} divisions ({n_sourced} measured independently of the "
              f"letter), confounded by distance from Wuhan, cannot show a causal role; staff per case (Xie et al.) is a "
              f"different measure",
              NoTest("an ecological correlation across divisions has no counterfactual")),
    ]), PAGE)


def verdict_numbers(prose: Prose, cover: Coverage, points: pd.DataFrame, variants: pd.DataFrame,
                    drops: dict[str, pd.DataFrame]) -> dict[str, object]:
    """The closing paragraph's counts and phrases, and the guards on its sentences."""
    prose.guard(cover.n_with == len(points) == cover.n_sourced + 1,
                "… of the 16 divisions outside Wuhan have a personnel value here: … from a dataset, Shennongjia only the "
                "letter's own 2.999",
                f"{cover.n_with}, {len(points)}, {cover.n_sourced}")
    book = variants.set_index(["key", "outcome"]).loc["book"]
    counts, n_variants = reading_counts(variants), len(personnel.VARIANTS)
    same_direction = (book[["pearson_r", "spearman_rho"]] < 0).all().all()
    prose.guard(same_direction, "the direction of the letter's finding holds")
    prose.guard(same_direction, "its finding holds in direction, fewer doctors per head with more cases per head")  # the opening
    rank_significant = counts.at["diagnosis_rate", "spearman_reading"]
    prose.guard(rank_significant > n_variants / 2, "a pattern that survives most variants in rank terms",
                f"{rank_significant} of {n_variants}")
    # Mortality per case, each coefficient in words: where it is significant, and what decides it.
    prose.guard(pearson_mortality_carried(variants, drops),
                "Pearson's r is significant in the book's reading, but not without the letter's own value for Shennongjia")
    prose.guard(book.loc["mortality", "spearman_reading"] != SIGNIFICANT_NEGATIVE,
                "Spearman's ρ is significant in …; in the book's reading … [it becomes so only without some division]")
    made = spearman_made(drops)
    prose.guard(book.loc["death_rate", "spearman_reading"] == SIGNIFICANT_NEGATIVE
                and abs(book.loc["death_rate", "spearman_rho"]) >= abs(book.loc["diagnosis_rate", "spearman_rho"]) - 0.1,
                "Read as deaths per head, mortality falls with doctors per head as steeply as the diagnosis rate does")
    return {
        "verdict_mortality_variants_pearson": count_of(counts.at["mortality", "pearson_reading"], n_variants, "variants"),
        "verdict_mortality_variants_spearman": count_of(counts.at["mortality", "spearman_reading"], n_variants, "variants"),
        "verdict_mortality_spearman_loo": (
            "no single division's absence makes it so" if made.empty else
            "it becomes so only when " + listed(f"{name} is left out (ρ = {row.spearman_rho:.2f}, {p_value(row.spearman_p)})"
                                                for name, row in made.iterrows())),
    }
