"""One ``load_*`` function per table the book uses; notebooks read data only through these.

Built tables (from raw files, see :mod:`pairing.data.panel`) and curated tables (committed under
``data/curated/``, one source per row) come back typed and validated: dates parsed,
``adcode`` as a 6-character string.
"""

from __future__ import annotations

import os
from functools import lru_cache

import pandas as pd

from pairing import facts, paths
from pairing.data import panel, sources, usage
from pairing.data.curated import load_curated


@lru_cache(maxsize=1)
def _tables() -> panel.Tables:
    """The tidy tables. During a book build they are read from the ones the build wrote before any
    chapter ran (each kernel would otherwise build them again from the raw files); otherwise built."""
    shared = paths.TABLES
    files = [shared / f"{name}.csv" for name in panel.Tables.DATES]
    if os.environ.get(paths.EXPORTS_VARIABLE) and all(file.exists() for file in files):
        for file in files:
            usage.used(file)
        return panel.Tables.read(shared)
    return panel.build_tables()


def load_cases_daily() -> pd.DataFrame:
    """The daily case panel (``cases_daily.csv``): one row per prefecture-level unit per day,
    2020-01-23 to 2020-04-30, cumulative ``confirmed``, ``cured``, ``deaths`` and
    ``active`` = patients under treatment. Built by :func:`pairing.data.panel.build_tables`."""
    return _tables().cases_daily.copy()


def load_case_flags() -> pd.DataFrame:
    """What the build noticed or changed (``case_flags.csv``): revisions, excluded and
    rejected rows, fills and the 2020-02-12 change of criteria, one span per row."""
    return _tables().case_flags.copy()


def load_hubei_cases() -> pd.DataFrame:
    """The panel restricted to Hubei's 17 divisions."""
    cases = load_cases_daily()
    return cases[cases["province_adcode"] == facts.HUBEI].reset_index(drop=True)


def load_cities() -> pd.DataFrame:
    """Hubei's 17 divisions (``data/curated/cities.csv``): names, type and populations, each
    population value with its year, definition, source and grade (blank where unsourced)."""
    return load_curated("cities.csv")


def load_provinces() -> pd.DataFrame:
    """Mainland China's 31 provincial-level units (``data/curated/provinces.csv``): code, Chinese and
    English names and kind; the one place the English names of provinces come from."""
    return load_curated("provinces.csv")


def load_hubei_published_totals() -> pd.DataFrame:
    """Hubei's totals as published in the provincial bulletins, for the dates a reprint was
    found (``data/curated/hubei_published_totals.csv``)."""
    return load_curated("hubei_published_totals.csv")


def load_pairings() -> pd.DataFrame:
    """The pairing list announced on 2020-02-10 (``data/curated/pairings.csv``): one row per
    assisting province and Hubei city, with staff sent where a source gives it (blank otherwise)."""
    return load_curated("pairings.csv")


def load_pairings_superseded() -> pd.DataFrame:
    """The one-province-one-city list of 2020-02-07, replaced three days later."""
    return load_curated("pairings_superseded.csv")


def load_aid_timeline() -> pd.DataFrame:
    """National totals of medical teams and staff sent to Hubei over time (``aid_timeline.csv``)."""
    return load_curated("aid_timeline.csv")


def load_unpaired_senders() -> pd.DataFrame:
    """Provincial-level units outside the pairing list that sent teams to Hubei
    (``data/curated/unpaired_senders.csv``): the kind of team, the earliest departure found and its source."""
    return load_curated("unpaired_senders.csv")


def load_sender_counts() -> pd.DataFrame:
    """Published counts of the provinces that had sent teams, or were paired (``sender_counts.csv``),
    each with the words it was given in."""
    return load_curated("sender_counts.csv")


def load_par_actors() -> pd.DataFrame:
    """Actors of the Paired Assistance Programs as the article describes them
    (``data/curated/par_actors.csv``): level, side, role, and the section and words they come from."""
    return load_curated("par_actors.csv")


def load_par_interactions() -> pd.DataFrame:
    """Interactions among those actors (``data/curated/par_interactions.csv``), from the article's
    Table 1 and text, each with its type, stage, direction, output, section and words."""
    return load_curated("par_interactions.csv")


def load_par_table1() -> pd.DataFrame:
    """The article's Table 1 word for word (``data/curated/par_table1.csv``): one row per item of a
    cell (the actors and their interactions, the outputs and outcomes), with the interaction type,
    stage and kind of interactions of the table's row, in the article's order."""
    return load_curated("par_table1.csv")


def load_par_us_comparison() -> pd.DataFrame:
    """The article's comparison of China's programmes with the United States, one row per
    dimension, each cell with the section and words of the article it rests on."""
    return load_curated("par_us_comparison.csv")


def load_health_resources() -> pd.DataFrame:
    """Pre-pandemic health statistics of Hubei's divisions (``data/curated/health_resources.csv``),
    one value per row, each with its series, year, definition, source and grade. No official
    count by city was reachable: most rows come from research datasets of unstated year (grade C)."""
    return load_curated("health_resources.csv")


def load_raw_registry() -> pd.DataFrame:
    """The raw files the book reads, with pinned URL and sha256 (``data/raw_files.csv``)."""
    return sources.registry().reset_index()


def per_head_population(cities: pd.DataFrame) -> pd.DataFrame:
    """The population the book's per-head rates divide by, one row per division: ``population`` is
    the year-end 2019 count where one is sourced, else the 2020 census count (every division has
    one), with its ``population_basis`` and ``population_grade``. Both counts stay beside it, so an
    export shows where they differ (by more than 10% for some divisions)."""
    frame = cities[["adcode", "name_en", "population_2019", "population_2019_year", "population_2019_grade",
                    "census_2020_population", "census_2020_grade"]].copy()
    from_2019 = frame["population_2019"].notna()
    dated = frame["population_2019_year"].str.startswith("2019", na=False)
    frame["population"] = frame["population_2019"].where(from_2019, frame["census_2020_population"])
    frame["population_basis"] = ["2019, year stated" if d else "2019, year unstated" if f else "2020 census"
                                 for f, d in zip(from_2019, dated)]
    frame["population_grade"] = frame["population_2019_grade"].where(from_2019, frame["census_2020_grade"])
    return frame
