"""The article's numbers on the surge (Hu et al. 2020), as the data can check them: staff from
outside Hubei by date, the spread of new cases in Wuhan and in the 16 other divisions by late
February, and crude case fatality. Pure computations; the coordination chapter's words about
them are in :mod:`pairing.report.coordination`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pairing import facts
from pairing.analysis import dynamics

#: "By late February": the last day of February 2020.
END_FEB = pd.Timestamp("2020-02-29")
#: The day Zhang et al. (2020) read crude case fatality.
MARCH_3 = pd.Timestamp("2020-03-03")
#: The two areas the article's spread is read in: Wuhan, and the 16 other divisions together.
AREAS = ("Wuhan", "16 other divisions")


@dataclass(frozen=True)
class Staff:
    """Staff from outside Hubei in the province (aid_timeline.csv's ``in Hubei`` rows)."""

    feb12: pd.Series  # the row of 12 February
    feb14: pd.Series  # the row of 14 February: the State Council's count, with Wuhan's and the other cities'
    first_30k: pd.Timestamp  # the first date with 30,000 or more in Hubei


def staff_in_hubei(timeline: pd.DataFrame) -> Staff:
    """The counts of staff from outside Hubei on 12 and 14 February, and the first date with 30,000."""
    in_hubei = timeline[timeline["measure"] == "in Hubei"]
    feb12, feb14 = (in_hubei[in_hubei["as_of"] == pd.Timestamp(day)].iloc[0] for day in ("2020-02-12", "2020-02-14"))
    return Staff(feb12, feb14, in_hubei[in_hubei["staff"] >= 30_000]["as_of"].min())


def new_cases_by_area(hubei: pd.DataFrame) -> pd.DataFrame:
    """New confirmed cases a day (the step of 12 February taken out), centred seven-day mean as in
    the turning-point chapter (:func:`pairing.analysis.dynamics.new_cases_smoothed`), in Wuhan and
    in the 16 other divisions together (the columns :data:`AREAS`), by date."""
    smoothed = dynamics.new_cases_smoothed(hubei)
    return pd.DataFrame({AREAS[0]: smoothed[facts.WUHAN],
                         AREAS[1]: smoothed.drop(columns=facts.WUHAN).sum(axis=1, min_count=1)})


def slowed(new_cases: pd.DataFrame, day: pd.Timestamp = END_FEB) -> pd.Series:
    """Whether the spread in each area (a column of :func:`new_cases_by_area`) had slowed by ``day``:
    new cases a day below half their peak and below their level a week earlier."""
    week_before = day - pd.Timedelta(days=7)
    return (new_cases.loc[day] < new_cases.max() / 2) & (new_cases.loc[day] < new_cases.loc[week_before])


def first_below(new_cases: pd.DataFrame, threshold: float = 10) -> dict[str, pd.Timestamp]:
    """For each area, the first date after its peak with fewer than ``threshold`` new cases a day
    (NaT if none)."""
    return {area: new_cases.loc[new_cases[area].lt(threshold) & (new_cases.index > new_cases[area].idxmax()), area].index.min()
            for area in new_cases.columns}


def crude_fatality(hubei: pd.DataFrame, date: pd.Timestamp = MARCH_3) -> dict[str, float]:
    """Deaths over confirmed cases on ``date`` in Hubei, in Wuhan and outside Wuhan, as Zhang et al.
    (2020) computed them for 3 March."""
    day = hubei[hubei["date"] == date]
    wuhan = day[day["adcode"] == facts.WUHAN][["confirmed", "deaths"]].sum()
    outside = day[day["adcode"] != facts.WUHAN][["confirmed", "deaths"]].sum()
    return {"Hubei": day["deaths"].sum() / day["confirmed"].sum(), "Wuhan": wuhan["deaths"] / wuhan["confirmed"],
            "outside Wuhan": outside["deaths"] / outside["confirmed"]}
