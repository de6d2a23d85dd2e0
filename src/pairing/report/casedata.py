"""The data chapter's words (``notebooks/01_the_data.md``): the tables it shows, the numbers and
phrases it glues, and the guards that hold its sentences to the data.

Each ``*_numbers`` function returns the mapping the chapter glues (:func:`pairing.report.chapter.glue`)
under the names its text uses; each ``guard_*`` function takes the chapter's
:class:`~pairing.report.prose.Prose` and checks the sentences of one passage, quoted as the chapter
writes them. The computations are in :mod:`pairing.analysis.casepanel`.
"""

from __future__ import annotations

import pandas as pd

from pairing import data, facts
from pairing.figures import classes
from pairing.analysis import casepanel, dynamics
from pairing.data import geo
from pairing.report import populations
from pairing.report.prose import Prose, count_of, listed

MARCH_31 = facts.CROSS_SECTION
#: The 19 February deduction of clinically diagnosed cases that tested negative.
DEDUCTION_DAY = pd.Timestamp("2020-02-19")
#: What each flag of ``case_flags.csv`` means, as the chapter's table of flags says it.
FLAG_MEANINGS = {
    "added_to_wuhan": "imported cases counted in Wuhan, as the bulletins do",
    "carried_forward": "unit missing for some days: last cumulative counts kept",
    "criteria_change": "12 February: clinically diagnosed cases counted from this day",
    "cured_from_dxy": "placeholder recoveries before 6 February replaced from DXY",
    "deaths_from_dxy": "placeholder deaths of 23 January replaced from DXY",
    "excluded_row": "raw unit left out of the panel (district, prison, unassigned …)",
    "rejected_row": "transcription slip treated as missing (listed, with reason)",
    "revision": "a cumulative count fell: published revision, kept",
    "zero_before_first_report": "unit not yet in the bulletins: zero",
}


# -- where each number comes from -------------------------------------------------------------


def sources_table(registry: pd.DataFrame) -> pd.DataFrame:
    """The raw sources as the chapter lists them: repository, commit (10 characters), licence,
    number of files and the first and last file's name."""
    table = (registry.groupby(["repo", "commit", "licence"])
             .agg(files=("name", "size"), first=("name", "min"), last=("name", "max"))
             .reset_index())
    table["commit"] = table["commit"].str[:10]
    for end in ("first", "last"):
        table[end] = table[end].str.rsplit("/", n=1).str[-1]
    return table


def source_numbers(registry: pd.DataFrame) -> dict:
    return {"n_raw_files": len(registry)}


def rule_numbers(hubei: pd.DataFrame, flags: pd.DataFrame) -> dict:
    """The dated bulletin figures that prove the date rule, and the rows rejected as slips."""
    by_day = hubei.groupby("date")["confirmed"].sum()
    wuhan = hubei[hubei["adcode"] == facts.WUHAN].set_index("date")
    rejected = flags["flag"] == "rejected_row"
    return {"rule_step_0212": int(by_day["2020-02-12"] - by_day["2020-02-11"]),
            "rule_wuhan_deaths_0212": int(wuhan.at["2020-02-12", "deaths"]),
            "rule_wuhan_deaths_0213": int(wuhan.at["2020-02-13", "deaths"]),
            "n_rejected": int(rejected.sum()),
            "n_rejected_in_hubei": int((rejected & casepanel.in_hubei(flags["adcode"])).sum())}


def guard_rules(prose: Prose, hubei: pd.DataFrame, flags: pd.DataFrame) -> None:
    """The build's rules, as the chapter proves them on dated bulletin figures."""
    by_day = hubei.groupby("date")["confirmed"].sum()
    wuhan = hubei[hubei["adcode"] == facts.WUHAN].set_index("date")
    prose.guard(by_day.diff().idxmax() == pd.Timestamp("2020-02-12"),
                "with this rule Hubei's one-day rise of … confirmed cases … lands on 12 February",
                f"the largest one-day rise is on {by_day.diff().idxmax():%Y-%m-%d}")
    prose.guard(wuhan.at["2020-02-13", "deaths"] < wuhan.at["2020-02-12", "deaths"],
                "Wuhan's deaths fall from … to … on 13 February, as the bulletins date them")
    imported = flags[flags["flag"] == "added_to_wuhan"]
    prose.guard(len(imported) == 1 and imported["date_start"].min() == pd.Timestamp("2020-03-31"),
                "The one imported case, reported from 31 March, is counted in Wuhan",
                f"{len(imported)} added_to_wuhan flags from {imported['date_start'].min()}")


def _cured_ahead(overlap: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The city-days where the two sources' recoveries differ, and where DXY's are the higher."""
    differing = overlap.loc[overlap["cured_dxy"] != overlap["cured"]]
    return differing, differing["cured_dxy"] > differing["cured"]


def dxy_numbers(overlap: pd.DataFrame) -> dict:
    """How far DXY agrees with canghailan where both have Hubei's city figures
    (:func:`pairing.analysis.casepanel.dxy_overlap`)."""
    same_counts = (overlap["confirmed_dxy"] == overlap["confirmed"]) & (overlap["deaths_dxy"] == overlap["deaths"])
    differing, ahead = _cured_ahead(overlap)
    return {"dxy_overlap_days": overlap["date"].nunique(),
            "dxy_confirmed_agree": float(same_counts.mean() * 100),
            "dxy_cured_agree": float((overlap["cured_dxy"] == overlap["cured"]).mean() * 100),
            "dxy_cured_ahead": count_of(int(ahead.sum()), len(differing), "city-days"),
            "dxy_cured_ahead_median": float((differing["cured_dxy"] - differing["cured"])[ahead].median())}


def guard_dxy(prose: Prose, overlap: pd.DataFrame) -> None:
    differing, ahead = _cured_ahead(overlap)
    prose.guard(ahead.mean() > 0.5, "The recoveries of the first two weeks are therefore probably slightly high",
                f"DXY ahead on {int(ahead.sum())} of {len(differing)} city-days where they differ")


# -- the panel ----------------------------------------------------------------------------------


def panel_numbers(cases: pd.DataFrame, cities: pd.DataFrame) -> dict:
    """The panel's size and span, and Hubei's divisions by kind: ``n_type_<kind>`` and
    ``type_<kind>_names`` for each kind (its first word: prefecture_level, autonomous, …)."""
    numbers = {"n_units": cases["adcode"].nunique(), "n_days": cases["date"].nunique(), "n_rows": len(cases),
               "panel_start": f"{cases['date'].min():%-d %B %Y}", "panel_end": f"{cases['date'].max():%-d %B %Y}"}
    for division_type, count in cities["division_type"].value_counts().items():
        key = division_type.split()[0].replace("-", "_")
        numbers[f"n_type_{key}"] = int(count)
        numbers[f"type_{key}_names"] = listed(cities.loc[cities["division_type"] == division_type, "name_en"])
    return numbers


def divisions_table(cities: pd.DataFrame, hubei: pd.DataFrame) -> pd.DataFrame:
    """Hubei's 17 divisions with their counts on 31 March, most confirmed cases first; the name first,
    the column a phone holds while the table scrolls."""
    divisions = cities[["name_en", "name_zh", "adcode", "division_type"]].merge(
        hubei[hubei["date"] == MARCH_31][["adcode", "confirmed", "cured", "deaths", "active"]], on="adcode")
    divisions.columns = ["division", "中文", "adcode", "type", "confirmed", "cured", "deaths", "under treatment"]
    return divisions.sort_values("confirmed", ascending=False)


def flags_table(flags: pd.DataFrame) -> pd.DataFrame:
    """Each flag with its meaning and its rows, in all and in Hubei (the flag is the index)."""
    counts = casepanel.flag_counts(flags)
    counts.insert(0, "meaning", counts.index.map(FLAG_MEANINGS))
    return counts.rename_axis("flag").rename(columns={"in_hubei": "in Hubei"})


def restored_words(deduction: pd.DataFrame) -> str:
    """When the divisions that removed cases added them back (:func:`pairing.analysis.dynamics.revisions_on`):
    "the next day", "two days later", "<n> days later" when all took the same time, else "over the
    following days"."""
    restored_after = deduction["days_to_restore"].dropna().unique()
    if len(restored_after) == 1 and deduction["days_to_restore"].notna().all():
        return {1: "the next day", 2: "two days later"}.get(int(restored_after[0]), f"{int(restored_after[0])} days later")
    return "over the following days"


def revision_numbers(flags: pd.DataFrame, deduction: pd.DataFrame) -> dict:
    """Hubei's published revisions, and the deduction of 19 February (``deduction``:
    :func:`pairing.analysis.dynamics.revisions_on` on that day)."""
    return {"n_revisions_hubei": int(casepanel.flag_counts(flags).loc["revision", "in_hubei"]),
            "n_cities_0219": len(deduction), "removed_0219": int(deduction["removed"].sum()),
            "restored_0219": restored_words(deduction)}


def guard_revisions(prose: Prose, flags: pd.DataFrame) -> None:
    """The revisions, as the flags passage and the chapter's summary name them."""
    revisions = casepanel.hubei_revisions(flags)
    prose.guard(revisions["date_start"].value_counts().idxmax() == DEDUCTION_DAY,
                "The largest group [of Hubei's revisions] falls on 19 February")
    # The summary's sentence: checked here, where the revisions are, so that the summary needs no cell.
    revision_days = set(revisions["date_start"])
    wuhan_revisions = set(revisions.loc[revisions["adcode"] == facts.WUHAN, "date_start"])
    prose.guard({pd.Timestamp("2020-02-13"), pd.Timestamp("2020-02-19")} <= revision_days
                and pd.Timestamp("2020-04-16") in wuhan_revisions,
                "the revisions of 13 February, the deduction of 19 February … and Wuhan's revision of 16 April")


# -- cumulative cases by 31 March ---------------------------------------------------------------


def map_frame(hubei: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Hubei's divisions in its equal-area projection with their confirmed cases on 31 March and
    the rates per head over each population (:func:`pairing.analysis.casepanel.per_head`)."""
    shapes = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    return casepanel.per_head(shapes, hubei, cities, data.per_head_population(cities), MARCH_31)


def map_numbers(mapped: pd.DataFrame, cities: pd.DataFrame) -> dict:
    """Wuhan's rate, the populations the rates divide by, in words, and what dividing by the census
    for every division would change."""
    share, name = casepanel.population_gap(mapped)
    return {"n_with_population": int(cities["population_2019"].notna().sum()),
            "wuhan_per_10k": float(mapped.set_index("name_en").at["Wuhan", "confirmed_per_10k"]),
            "population_note": populations.population_note(cities),
            "population_2019_note": populations.population_note(cities, "population_2019"),
            "census_note": populations.population_note(cities, "census_2020_population"),
            "largest_population_gap": f"{share:.0%} ({name})",
            "census_rank_change": rank_change_words(casepanel.census_rank_changes(mapped))}


def rank_change_words(moved: list[str]) -> str:
    """What dividing by the census changes in the order of the rates (``moved``:
    :func:`pairing.analysis.casepanel.census_rank_changes`), in words."""
    if not moved:
        return "no division changes place"
    return f"only {listed(moved)} change places" if len(moved) > 1 else f"only {moved[0]} changes place"


def guard_map(prose: Prose, mapped: pd.DataFrame) -> None:
    """The map's alt text and the denominator its caption names."""
    by_count = mapped.sort_values("confirmed", ascending=False)["name_en"].tolist()
    by_rate = mapped.sort_values("confirmed_per_10k", ascending=False)["name_en"].tolist()
    prose.guard(by_count[0] == by_rate[0] == "Wuhan" and by_count[1:3] == ["Xiaogan", "Huanggang"]
                and by_rate[1:3] == ["Ezhou", "Xiaogan"] and by_count[-1] == "Shennongjia" and by_rate[-1] == "Enshi"
                and mapped["confirmed"].max() > 10 * mapped["confirmed"].nlargest(2).iloc[-1],
                "Wuhan … has by far the most cases, and the most per head. By count Xiaogan and Huanggang follow, per head "
                "Ezhou and Xiaogan … Shennongjia has the fewest cases and Enshi the fewest per head")
    census_stands_in = mapped.loc[mapped["population_basis"] == "2020 census", "name_en"].sort_values().tolist()
    prose.guard(mapped["population_basis"].str.startswith("2019, year s").any()
                and mapped["population_basis"].str.startswith("2019, year u").any() and census_stands_in == ["Tianmen"],
                "the resident population (year-end 2019, some sources do not state the year; Tianmen, which has no "
                "sourced 2019 figure: the 2020 census)", "the phrase the caption and alt text use for this denominator")
    prose.guard(mapped.loc[mapped["name_en"] == "Wuhan", "confirmed_per_10k"].iloc[0] == mapped["confirmed_per_10k"].max(),
                "Wuhan had … the most per head")
    prose.guard(all(classes.far_above(mapped[column]) for column in ["confirmed_per_10k", "confirmed"]),
                "[caption] Wuhan alone in the top class")


# -- patients under treatment in Hubei ----------------------------------------------------------


def active_numbers(daily: pd.DataFrame, hubei: pd.DataFrame) -> dict:
    """Hubei's peak of patients under treatment, the step of 12 February and the dip of 19 February
    (``daily``: :func:`pairing.analysis.casepanel.hubei_daily`)."""
    by_date = daily.set_index("date")
    peak = daily.loc[daily["active"].idxmax()]
    return {"hubei_peak_active": int(peak["active"]), "hubei_peak_date": f"{peak['date']:%-d %B}",
            "step_0212": int(by_date["confirmed"].diff().loc["2020-02-12"]),
            "dip_0219": int(-by_date["active"].diff().loc["2020-02-19"]),
            "step_excess_0212": int(round(dynamics.criteria_step(hubei)["excess"].sum(), -2))}


def guard_active(prose: Prose, daily: pd.DataFrame, deduction: pd.DataFrame) -> None:
    """The passage on Hubei's patients under treatment and the figure's alt text."""
    by_date = daily.set_index("date")
    peak = daily.loc[daily["active"].idxmax()]
    dip_0219 = by_date["active"].diff().loc["2020-02-19"]
    cured_0219 = by_date["cured"].diff().loc["2020-02-19"]
    prose.guard(cured_0219 > -dip_0219 and deduction["removed"].sum() < 0.01 * by_date.at[DEDUCTION_DAY, "active"],
                "In the provincial total that deduction is lost among the day's recoveries: the number under treatment fell "
                "… mostly because patients were discharged … the second matters only city by city … the deduction of 19 "
                "February is too small to see")
    active = by_date["active"]
    prose.guard(active.loc["2020-01-31"] > 4 * active.loc["2020-01-24"], "Patients under treatment rise steeply through late January")
    prose.guard((deduction["days_to_restore"] == 1).all(), "removed and re-added the next day")
    change = active.diff()
    prose.guard(change.loc["2020-02-20"] < 0,
                "the number under treatment … kept falling [after 19 February]",
                f"it changed by {change.loc['2020-02-20']:+,.0f} on 20 February")
    jump_on_0212 = change.loc["2020-02-12"] == change.max()
    prose.guard(jump_on_0212, "Patients under treatment … jump on 12 February")
    # The opening answer: the jump is the day clinically diagnosed cases were first counted.
    prose.guard(jump_on_0212, "their jump of 12 February is a change of counting, not of the epidemic",
                f"the largest one-day rise is on {change.idxmax():%d %B}")
    prose.guard(pd.Timestamp("2020-02-10") <= peak["date"] <= pd.Timestamp("2020-02-20"),
                "Patients under treatment … peak in mid-February", f"peak on {peak['date']:%d %B}")
    last = daily.iloc[-1]
    prose.guard(last["active"] < 0.01 * peak["active"], "[they] fall steadily to almost none by late April",
                f"{last['active']:,} on {last['date']:%d %B}")
    confirmed = by_date["confirmed"]
    prose.guard(confirmed.loc["2020-03-31"] / confirmed.loc["2020-03-05"] - 1 < 0.01,
                "cumulative confirmed cases level off from early March")


# -- reconciliation with Hubei's published totals -----------------------------------------------

COUNTS = ["confirmed", "cured", "deaths"]


def reconciliation_shown(reconciled: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation (:func:`pairing.analysis.stats.reconcile`) as the chapter shows it: each
    bulletin's three counts, then how far the sum of the 17 divisions is from each (panel − bulletin).
    The panel's own sums are the bulletin's plus that difference, and the text says so; shown beside
    them they made a table of ten columns, wider than the page."""
    shown = reconciled[["date"] + [f"{c}_published" for c in COUNTS] + [f"{c}_difference" for c in COUNTS]].copy()
    shown.columns = pd.MultiIndex.from_tuples(
        [("", "date")] + [("bulletin", c) for c in COUNTS] + [("panel − bulletin", c) for c in COUNTS])
    return shown


def reconciliation_numbers(reconciled: pd.DataFrame) -> dict:
    """The sum of the 17 on 31 March, and how far the panel and the bulletins agree."""
    march31 = reconciled.set_index("date").loc[MARCH_31]
    later = reconciled[reconciled["date"] >= "2020-02-06"].dropna(subset=["cured_published"])
    early = reconciled[reconciled["date"] < "2020-02-06"]
    exact = reconciled["confirmed_difference"] == 0
    return {"sum_0331_confirmed": int(march31["confirmed_panel"]), "sum_0331_cured": int(march31["cured_panel"]),
            "sum_0331_deaths": int(march31["deaths_panel"]), "n_published_dates": len(reconciled),
            "max_cured_gap": int(reconciled["cured_difference"].max()),
            "max_deaths_gap": int(reconciled["deaths_difference"].abs().max()),
            "n_confirmed_exact": int(exact.sum()),
            "max_cured_gap_later_pct": float((later["cured_difference"] / later["cured_published"]).max() * 100),
            "max_cured_gap_early_pct": float((early["cured_difference"] / early["cured_published"]).max() * 100),
            "confirmed_agreement": "exactly, on every date recorded" if exact.all()
            else f"exactly on {int(exact.sum())} of {len(reconciled)} dates recorded",
            "reconciled_gaps": "A dash marks a figure the recorded bulletin does not give."
            if reconciliation_shown(reconciled).isna().any().any() else ""}


def guard_reconciliation(prose: Prose, reconciled: pd.DataFrame) -> None:
    march31 = reconciled.set_index("date").loc[MARCH_31]
    exact = (march31[[f"{c}_difference" for c in COUNTS]] == 0).all()
    differences = "differences " + ", ".join(f"{c} {march31[f'{c}_difference']:+,.0f}" for c in COUNTS)
    prose.guard(exact, "On 31 March the 17 divisions sum to … exactly the bulletin's figures", differences)
    # The chapter's opening answer says the same, in its own words.
    prose.guard(exact, "Summed, the 17 divisions' daily counts match Hubei's published totals exactly on 31 March",
                differences)
    prose.guard((reconciled["cured_difference"].dropna() >= 0).all(), "Recoveries run ahead of the bulletin",
                f"behind on {int((reconciled['cured_difference'] < 0).sum())} dates")
