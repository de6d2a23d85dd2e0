"""The daily case panel checked against itself and its sources (the data chapter): Hubei's daily
totals, where the two scrapes agree, what the build flagged, and cases per head by division.

Pure computations: frames in, frames out. The chapter's words about them are in
:mod:`pairing.report.casedata`, its figures in :mod:`pairing.figures.hubei_cases`.
"""

from __future__ import annotations

import pandas as pd

from pairing.analysis import stats

#: The days on which both scrapes have city figures for Hubei (DXY's records end on 17 February).
DXY_OVERLAP = ("2020-02-06", "2020-02-16")


def in_hubei(adcodes: pd.Series) -> pd.Series:
    """Whether each code is one of Hubei's (a missing code is not)."""
    return adcodes.fillna("").str.startswith("42")


def hubei_daily(hubei: pd.DataFrame) -> pd.DataFrame:
    """Hubei's 17 divisions summed by day: date, confirmed, cured, deaths and active."""
    return hubei.groupby("date")[["confirmed", "cured", "deaths", "active"]].sum().reset_index()


def dxy_overlap(dxy: pd.DataFrame, hubei: pd.DataFrame, days: tuple[str, str] = DXY_OVERLAP) -> pd.DataFrame:
    """DXY's city records beside the panel's, on the city-days of ``days`` (first and last, both
    included) that both have: DXY's counts carry the suffix ``_dxy``."""
    overlap = dxy.merge(hubei, on=["adcode", "date"], suffixes=("_dxy", ""))
    return overlap[overlap["date"].between(*days)]


def flag_counts(flags: pd.DataFrame) -> pd.DataFrame:
    """Rows of each flag of ``case_flags.csv`` (the index), in all and in Hubei."""
    return flags.groupby("flag").agg(rows=("flag", "size"), in_hubei=("adcode", lambda a: in_hubei(a).sum()))


def hubei_revisions(flags: pd.DataFrame) -> pd.DataFrame:
    """The published revisions (``revision`` flags) of Hubei's divisions."""
    return flags[(flags["flag"] == "revision") & in_hubei(flags["adcode"])]


def per_head(shapes: pd.DataFrame, hubei: pd.DataFrame, cities: pd.DataFrame, populations: pd.DataFrame,
             date: pd.Timestamp) -> pd.DataFrame:
    """The divisions of ``shapes`` with their confirmed cases on ``date``, Chinese name and
    populations (``populations``: :func:`pairing.data.per_head_population`), and confirmed cases
    per 10,000 residents over the book's population (``confirmed_per_10k``) and over the 2020
    census (``confirmed_per_10k_census``)."""
    counts = hubei[hubei["date"] == date][["adcode", "confirmed"]]
    frame = shapes.merge(counts, on="adcode").merge(cities[["adcode", "name_zh"]], on="adcode").merge(populations, on="adcode")
    frame["confirmed_per_10k"] = stats.per_10k(frame["confirmed"], frame["population"]).astype(float)
    frame["confirmed_per_10k_census"] = stats.per_10k(frame["confirmed"], frame["census_2020_population"]).astype(float)
    return frame


def population_gap(frame: pd.DataFrame) -> tuple[float, str]:
    """The largest relative difference between the 2020 census and the population divided by
    (:func:`per_head`), and the division that has it."""
    gap = (frame["census_2020_population"] / frame["population"] - 1).abs()
    return gap.max(), frame.loc[gap.idxmax(), "name_en"]


def census_rank_changes(frame: pd.DataFrame) -> list[str]:
    """The divisions (in alphabetical order) whose place in the order of cases per head changes
    when every division is divided by the 2020 census (:func:`per_head`)."""
    moved = frame.loc[frame["confirmed_per_10k"].rank(ascending=False)
                      != frame["confirmed_per_10k_census"].rank(ascending=False), "name_en"]
    return moved.sort_values().tolist()
