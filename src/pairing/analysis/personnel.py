"""The letter's Fig. 1: medical personnel per 1000 residents against mortality and diagnosis
rate across Hubei's divisions on 31 March 2020, and the statistics the letter omits.

No official count of medical personnel by city was reachable, so every *measure* here is built
from a graded series of ``data/curated/health_resources.csv`` and says where each value comes
from. The letter's own figure for Shennongjia (2.999) is the only value it gives; it can be
added to a measure, and is then marked as the letter's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pairing import facts
from pairing.analysis import claims

LETTER_SHENNONGJIA = 2.999
LETTER_SOURCE = "the letter (Chen, Wang & Hua 2020): 2.999, definition not given"
N_BOOT = 4000  # bootstrap resamples of divisions

#: Population columns of ``cities.csv`` a rate can be taken over: how the book names each, and its grade column.
POPULATIONS = {
    "population_2019": ("year-end 2019 resident population", "population_2019_grade"),
    "census_2020_population": ("2020 census resident population", "census_2020_grade"),
}


@dataclass(frozen=True)
class Measure:
    """One way of putting a number on "medical personnel per 1000 population".

    Either ``count`` (a ``(series, measure)`` of head counts) over ``denominator`` (a population
    column of ``cities.csv``, or ``"registered_population"`` of the same series), or the sum of
    ready-made per-1000 ``ratios`` from one series."""

    label: str
    count: tuple[str, str] | None = None
    denominator: str | None = None
    ratios: tuple[tuple[str, str], ...] = ()


MEASURES = {
    "doctors_2019": Measure("doctors per 1000 residents (2019 population)", ("sosc", "doctors"), "population_2019"),
    "doctors_census": Measure("doctors per 1000 residents (2020 census)", ("sosc", "doctors"), "census_2020_population"),
    "doctors_registered": Measure("doctors per 1000 registered residents", ("sosc", "doctors"), "registered_population"),
    "envcausal_doctors": Measure("doctors per 1000 (second dataset)", ratios=(("envcausal", "doctors_per_1000"),)),
    "envcausal_doctors_nurses": Measure("doctors and nurses per 1000 (second dataset)",
                                        ratios=(("envcausal", "doctors_per_1000"), ("envcausal", "nurses_per_1000"))),
}


def _series(resources: pd.DataFrame, series: str, measure: str) -> pd.DataFrame:
    rows = resources[(resources["series"] == series) & (resources["measure"] == measure)]
    return rows.set_index("adcode")


def personnel_per_1000(resources: pd.DataFrame, cities: pd.DataFrame, measure: str,
                       letter_shennongjia: bool = False) -> pd.DataFrame:
    """Medical personnel per 1000 residents by division under ``measure`` (a key of
    :data:`MEASURES`): columns ``adcode``, ``personnel_per_1000``, ``personnel_source``.
    Divisions without a value are left out, never estimated. With ``letter_shennongjia`` the
    letter's 2.999 stands for Shennongjia (no series has a value for it)."""
    spec = MEASURES[measure]
    if spec.count:
        counts = _series(resources, *spec.count)
        if spec.denominator == "registered_population":
            population = _series(resources, spec.count[0], "registered_population")["value"]
            population_source = "registered population of the same dataset"
        else:
            name, grade_column = POPULATIONS[spec.denominator]
            by_code = cities.set_index("adcode")
            population = by_code[spec.denominator].astype(float)
            population_source = name + " (grade " + by_code[grade_column] + ")"
        value = counts["value"] / population * 1000
        source = spec.count[0] + " doctors (grade " + counts["grade"] + ") ÷ " + population_source
    else:
        parts = [_series(resources, *ratio) for ratio in spec.ratios]
        value = sum(part["value"] for part in parts)
        source = [f"{series} {measure} (grade " + part["grade"] + ")" for (series, measure), part in zip(spec.ratios, parts)]
        source = functools.reduce(lambda left, right: left + " + " + right, source)
    frame = pd.DataFrame({"personnel_per_1000": value, "personnel_source": source}).dropna()
    if letter_shennongjia:
        frame.loc[facts.SHENNONGJIA] = [LETTER_SHENNONGJIA, LETTER_SOURCE]
    return frame.rename_axis("adcode").reset_index()


def outcomes(cases: pd.DataFrame, cities: pd.DataFrame, population: str = "population_2019",
             date: pd.Timestamp = facts.CROSS_SECTION) -> pd.DataFrame:
    """The letter's outcomes by division on ``date``: ``mortality`` = deaths / confirmed (case
    fatality, the book's reading of the letter's undefined "mortality"), ``death_rate`` = deaths per
    100,000 residents (the other reading of it) and ``diagnosis_rate`` = confirmed per 1000
    residents, both over ``population`` (blank where the division has no sourced population)."""
    day = cases[cases["date"] == date][["adcode", "name_en", "confirmed", "deaths"]]
    pop = cities[["adcode", population]].rename(columns={population: "population"})
    frame = day.merge(pop, on="adcode", how="left")
    frame["mortality"] = frame["deaths"] / frame["confirmed"]
    frame["death_rate"] = frame["deaths"] / frame["population"].astype(float) * 100_000
    frame["diagnosis_rate"] = frame["confirmed"] / frame["population"].astype(float) * 1000
    return frame.reset_index(drop=True)


def figure_data(cases: pd.DataFrame, resources: pd.DataFrame, cities: pd.DataFrame, measure: str = "doctors_2019",
                letter_shennongjia: bool = True, with_wuhan: bool = False) -> pd.DataFrame:
    """One row per division that has a personnel value: the letter's 16 divisions outside Wuhan
    (or all 17 ``with_wuhan``), outcomes on 31 March over the measure's own population (the 2019
    estimate for measures that have none)."""
    spec = MEASURES[measure]
    population = spec.denominator if spec.denominator in POPULATIONS else "population_2019"
    frame = outcomes(cases, cities, population).merge(
        personnel_per_1000(resources, cities, measure, letter_shennongjia), on="adcode")
    if not with_wuhan:
        frame = frame[frame["adcode"] != facts.WUHAN]
    return frame.sort_values("adcode").reset_index(drop=True)


def _pearson_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson's r of each row pair; NaN where a row is constant (a degenerate resample)."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (xc * yc).sum(axis=1) / np.sqrt((xc**2).sum(axis=1) * (yc**2).sum(axis=1))


def correlate(x, y, n_boot: int = N_BOOT, seed: int = 2020, level: float = 0.95) -> pd.Series:
    """Pearson and Spearman coefficients of ``x`` and ``y`` with their p-values (scipy) and
    percentile bootstrap intervals over resampled divisions (pairs kept together; resamples in
    which either variable is constant are dropped)."""
    from scipy import stats as scipy_stats  # 2 s to import: paid only by the chapters that correlate

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(x) != len(y) or len(x) < 4:
        raise ValueError(f"need at least 4 pairs of equal length, got {len(x)} and {len(y)}")
    pearson = scipy_stats.pearsonr(x, y)
    spearman = scipy_stats.spearmanr(x, y)
    index = np.random.default_rng(seed).integers(0, len(x), size=(n_boot, len(x)))
    xb, yb = x[index], y[index]
    boot_pearson = _pearson_rows(xb, yb)
    boot_spearman = _pearson_rows(scipy_stats.rankdata(xb, axis=1), scipy_stats.rankdata(yb, axis=1))
    tails = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    p_low, p_high = np.nanpercentile(boot_pearson, tails)
    s_low, s_high = np.nanpercentile(boot_spearman, tails)
    return pd.Series({
        "n": len(x),
        "pearson_r": float(pearson.statistic), "pearson_p": float(pearson.pvalue),
        "pearson_low": float(p_low), "pearson_high": float(p_high),
        "spearman_rho": float(spearman.statistic), "spearman_p": float(spearman.pvalue),
        "spearman_low": float(s_low), "spearman_high": float(s_high),
    })


#: The two coefficients every test reports: the column of each, its p-value column, and its name.
COEFFICIENTS = {"pearson": ("pearson_r", "pearson_p", "Pearson's r"),
                "spearman": ("spearman_rho", "spearman_p", "Spearman's ρ")}


def significance_evidence(variants: pd.DataFrame, *outcomes: str) -> list[claims.Significance]:
    """The letter's "significant negative correlation" with ``outcomes`` as evidence for the verdict
    rule: one :class:`pairing.analysis.claims.Significance` for each variant of :func:`sensitivity` and each of
    its two coefficients, in the table's order."""
    unknown = set(outcomes) - set(OUTCOMES)
    if not outcomes or unknown:
        raise ValueError(f"outcomes are keys of OUTCOMES, not {outcomes}")
    rows = variants[variants["outcome"].isin(outcomes)]
    return [claims.Significance(float(row[coefficient]), float(row[p]), direction=-1)
            for _, row in rows.iterrows() for coefficient, p, _ in COEFFICIENTS.values()]


#: The outcomes each variant is tested on: the letter's two, and the other reading of its "mortality".
OUTCOMES = {"mortality": "mortality (deaths / confirmed)", "diagnosis_rate": "diagnosis rate (confirmed per 1000)",
            "death_rate": "mortality per head (deaths per 100,000)"}

#: The sensitivity variants, by key: a label and what each changes from the first, the book's
#: reading of the letter. A label names choices, never a count: how many divisions a variant uses
#: (those with a value, from the letter's 16 outside Wuhan, or the 17) is its n, from the data.
VARIANTS = {
    "book": ("book's reading: doctors ÷ 2019 population, letter's Shennongjia", {"measure": "doctors_2019"}),
    "no_shennongjia": ("without the letter's Shennongjia value", {"measure": "doctors_2019", "letter_shennongjia": False}),
    "wuhan": ("with Wuhan", {"measure": "doctors_2019", "with_wuhan": True}),
    "census": ("doctors ÷ 2020 census population", {"measure": "doctors_census"}),
    "registered": ("doctors ÷ registered population", {"measure": "doctors_registered"}),
    "envcausal": ("second dataset: doctors per 1000", {"measure": "envcausal_doctors"}),
    # 2.999 is a count of doctors per 1000, not on this scale: Shennongjia is left out.
    "envcausal_nurses": ("second dataset: doctors + nurses per 1000",
                         {"measure": "envcausal_doctors_nurses", "letter_shennongjia": False}),
}


def sensitivity(cases: pd.DataFrame, resources: pd.DataFrame, cities: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """Every variant of :data:`VARIANTS` against every outcome of :data:`OUTCOMES`: its key and label,
    n, both coefficients with p-values and bootstrap intervals, and the divisions used. How each
    coefficient reads in words is the report's (:func:`pairing.report.letter_fig1.sensitivity`)."""
    rows = []
    for key, (name, options) in VARIANTS.items():
        frame = figure_data(cases, resources, cities, **options)
        for outcome in OUTCOMES:
            used = frame.dropna(subset=["personnel_per_1000", outcome])
            result = correlate(used["personnel_per_1000"], used[outcome], **kwargs)
            rows.append({"key": key, "variant": name, "outcome": outcome, **result,
                         "divisions": ", ".join(used["name_en"])})
    table = pd.DataFrame(rows)
    table["n"] = table["n"].astype(int)
    return table


def leave_one_out(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Pearson and Spearman coefficients with each division left out in turn."""
    from scipy import stats as scipy_stats  # as in correlate

    used = frame.dropna(subset=["personnel_per_1000", outcome]).reset_index(drop=True)
    rows = []
    for i, name in used["name_en"].items():
        rest = used.drop(index=i)
        pearson = scipy_stats.pearsonr(rest["personnel_per_1000"], rest[outcome])
        spearman = scipy_stats.spearmanr(rest["personnel_per_1000"], rest[outcome])
        rows.append({"left_out": name, "pearson_r": pearson.statistic, "pearson_p": pearson.pvalue,
                     "spearman_rho": spearman.statistic, "spearman_p": spearman.pvalue})
    return pd.DataFrame(rows)


def correlations(points: pd.DataFrame) -> dict[str, pd.Series]:
    """:func:`correlate` of personnel per 1000 with each outcome of :data:`OUTCOMES` over the divisions
    of ``points`` (:func:`figure_data`): the statistics the letter's Fig. 1 leaves out."""
    return {outcome: correlate(points["personnel_per_1000"], points[outcome]) for outcome in OUTCOMES}


def leave_each_out(points: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`leave_one_out` for each outcome of :data:`OUTCOMES`."""
    return {outcome: leave_one_out(points, outcome) for outcome in OUTCOMES}


def breakers(table: pd.DataFrame, method: str = "pearson") -> list[str]:
    """The divisions whose absence leaves ``method``'s coefficient not significant, from a
    :func:`leave_one_out` table."""
    return table.loc[table[f"{method}_p"] >= claims.ALPHA, "left_out"].tolist()


def per_case(points: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Doctors per confirmed case (doctors per 1000 ÷ confirmed per 1000) against mortality, as Xie et
    al. measure resources: :func:`correlate` over the divisions of ``points``, and without Shennongjia
    (whose value is the letter's)."""
    frame = points.assign(doctors_per_case=points["personnel_per_1000"] / points["diagnosis_rate"])
    without = frame[frame["adcode"] != facts.SHENNONGJIA]
    return (correlate(frame["doctors_per_case"], frame["mortality"]),
            correlate(without["doctors_per_case"], without["mortality"]))


def map_values(cases: pd.DataFrame, resources: pd.DataFrame, cities: pd.DataFrame,
               per_head: pd.DataFrame) -> pd.DataFrame:
    """Every division's outcomes (:func:`outcomes`) beside its doctors per 1000 (the book's measure,
    the letter's 2.999 for Shennongjia; blank where there is none): the values the chapter maps. The
    outcomes per head divide by ``per_head``'s ``population``, the book's one rule for rates per head
    (:func:`pairing.data.per_head_population`: the 2019 count where sourced, else the 2020 census),
    as every map of rates does; only the scatter of the letter's Fig. 1 keeps each measure's own."""
    return outcomes(cases, per_head[["adcode", "population"]], "population").merge(
        personnel_per_1000(resources, cities, "doctors_2019", letter_shennongjia=True), on="adcode", how="left")


def ring(shapes: pd.DataFrame, centre: str = facts.WUHAN) -> pd.DataFrame:
    """The divisions of ``shapes`` (a GeoDataFrame with ``adcode``) other than ``centre``, with
    ``ring`` true for those that share a border with it."""
    touching = set(shapes.loc[shapes.geometry.touches(shapes.set_index("adcode").geometry[centre]), "adcode"])
    return shapes[shapes["adcode"] != centre].assign(ring=lambda f: f["adcode"].isin(touching))


def reproducing_counts(target: float, population: float, decimals: int = 3) -> list[int]:
    """Whole head counts N for which N / population × 1000, rounded to ``decimals``, is ``target``."""
    half = 0.5 * 10.0**-decimals
    low = int(np.floor((target - half) * population / 1000))
    high = int(np.ceil((target + half) * population / 1000))
    return [n for n in range(max(low, 0), high + 1) if round(n / population * 1000, decimals) == target]


def nearest_ratios(target: float, population: float, decimals: int = 3) -> pd.DataFrame:
    """The two whole head counts either side of ``target`` per 1000 over ``population``, and the
    ratios they give."""
    exact = target * population / 1000
    counts = [int(np.floor(exact)), int(np.ceil(exact))] if exact % 1 else [int(exact)]
    return pd.DataFrame({"count": counts, "per_1000": [round(n / population * 1000, decimals) for n in counts]})


def reproducing_populations(target: float, low: int, high: int, step: int = 100,
                            decimals: int = 3) -> pd.DataFrame:
    """Populations from ``low`` to ``high`` in ``step`` (a resolution of 0.01万 = 100 persons,
    as Chinese yearbooks print them) for which some whole head count reproduces ``target``."""
    rows = [(population, count) for population in range(low, high + 1, step)
            for count in reproducing_counts(target, population, decimals)]
    return pd.DataFrame(rows, columns=["population", "count"])


def paired_beside_local(points: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """The paired teams beside the local doctors, by division of ``points`` (:func:`figure_data`):
    ``doctors`` = doctors per 1000 × population / 1000 (blank where the value is the letter's, which
    is a ratio, not a count), ``staff_sent`` and ``staff_status`` from ``staff``
    (:func:`pairing.analysis.aid.staff_by_city`; blank and "unknown" where a partner's count is missing) and
    ``staff_per_100_doctors``, blank unless both are known."""
    frame = points[["adcode", "name_en", "personnel_per_1000", "population", "personnel_source"]].copy()
    sourced = frame["personnel_source"] != LETTER_SOURCE
    frame["doctors"] = (frame["personnel_per_1000"] * frame["population"].astype(float) / 1000).where(sourced).round()
    frame = frame.merge(staff[["adcode", "staff_sent", "staff_status"]], on="adcode", how="left")
    frame["staff_status"] = frame["staff_status"].fillna("unknown")
    frame["staff_per_100_doctors"] = frame["staff_sent"].astype(float) / frame["doctors"] * 100
    return frame[["adcode", "name_en", "doctors", "staff_sent", "staff_status", "staff_per_100_doctors"]]


def hubei_ratios(resources: pd.DataFrame) -> pd.Series:
    """Hubei-wide 2019 staff per 1000 residents from the Health Commission's release, over the
    population that release implies (beds ÷ beds per 1000)."""
    hubei = _series(resources, "hbhc2019", "beds").index[0]
    value = resources[(resources["series"] == "hbhc2019") & (resources["adcode"] == hubei)].set_index("measure")["value"]
    population = value["beds"] / value["beds_per_1000"] * 1000
    return pd.Series({
        "population": population,
        "doctors_per_1000": value["doctors"] / population * 1000,
        "doctors_nurses_per_1000": (value["doctors"] + value["nurses"]) / population * 1000,
        "health_personnel_per_1000": value["health_personnel"] / population * 1000,
    })
