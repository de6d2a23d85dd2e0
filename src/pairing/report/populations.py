"""The populations the book's per-head rates divide by, in words, so that no rate claims a better
denominator than it has (:func:`pairing.data.per_head_population` chooses them)."""

from __future__ import annotations

import pandas as pd

from pairing import data
from pairing.report.prose import listed

#: The populations a per-head rate may divide by, and what each holds: the two columns of
#: ``cities.csv`` and the one the book's rates use (:func:`pairing.data.per_head_population`).
POPULATION_MEASURES = {"population_2019": "the year-end 2019 resident population",
                       "census_2020_population": "the 2020 census resident population of 1 November 2020",
                       "population": "the resident population, year-end 2019 where one is sourced, "
                                     "else the 2020 census"}



def population_note(cities: pd.DataFrame, column: str = "population", adcodes=None) -> str:
    """What a per-head rate is divided by, in words: the measure (a key of
    :data:`POPULATION_MEASURES`), which of the divisions (all, or those in ``adcodes``) have which
    kind of value, of which grade, and which have none. Captions and prose say it this way so that
    no rate claims a better denominator than it has."""
    frame = data.per_head_population(cities)
    if adcodes is not None:
        frame = frame[frame["adcode"].isin(list(adcodes))]
    grades = {"population_2019": "population_2019_grade", "census_2020_population": "census_2020_grade",
              "population": "population_grade"}[column]
    kinds = {"2019, year stated": "dated 2019", "2019, year unstated": "of unstated year",
             "2020 census": "the 2020 census"}
    if column == "census_2020_population":
        kind = pd.Series("", index=frame.index)
    elif column == "population_2019":
        kind = frame["population_basis"].map(kinds).where(frame["population_2019"].notna())
    else:
        kind = frame["population_basis"].map(kinds)
    has = frame[frame[column].notna()]
    parts = []
    for label in dict.fromkeys(kinds.values()) if column != "census_2020_population" else [""]:
        group = has[kind[has.index] == label]
        if group.empty:
            continue
        counted = group[grades].str[0].value_counts().sort_index()
        graded = f"grade {counted.index[0]}" if len(group) == 1 else ", ".join(f"grade {g} {n}" for g, n in counted.items())
        # A kind of value that only one of several divisions has is named by its division.
        where = (f"all {len(group)} divisions" if len(group) == len(frame) > 1
                 else group["name_en"].iloc[0] if len(group) == 1 < len(frame)
                 else f"{len(group)} division{'s' if len(group) != 1 else ''}")
        parts.append(f"{label + ' for ' if label else ''}{where}, {graded}")
    missing = frame.loc[frame[column].isna(), "name_en"]
    if len(missing):
        parts.append(f"none for {listed(missing)}")
    return f"{POPULATION_MEASURES[column]} ({'; '.join(parts)})"
