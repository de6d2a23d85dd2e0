"""An event study around each division's own first paired team: daily growth of patients under
treatment and the cure rate, from ``LEADS`` days before the team's arrival to ``LAGS`` days after.

The model is two-way fixed effects (division and calendar day) with one indicator per day of event
time, estimated with :func:`pyfixest.feols`; intervals and p-values come from the book's wild
cluster bootstrap-t by division (:mod:`pairing.analysis.inference`, which says what it is and why).

What identifies the effects: arrivals were staggered (late January for some divisions, 7-13
February for the others), so on a given calendar day divisions whose team had arrived are compared
with divisions whose team had not yet arrived. Every division is eventually treated, so a straight
line in event time cannot be told from the division and day effects: two days are normalised to
zero, the day before arrival and the first day of the window (``REFERENCE``), and every estimate is
read against the line through them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pairing import facts
from pairing.analysis import aid, inference
from pairing.analysis.dynamics import active_growth, cure_rate
from pairing.analysis.inference import Coefficient
from pairing.errors import DataError

LEADS, LAGS = 10, 14
#: The days of event time set to zero: the day before arrival, and the first day of the window.
REFERENCE = (-1, -LEADS)
#: The outcomes, each with its label and the direction the letter's claim expects after arrival.
OUTCOMES = {"growth": ("daily growth of patients under treatment (log change)", -1),
            "cure_rate": ("recoveries a day per 100 under treatment", +1)}


def arrivals(pairings: pd.DataFrame, file: str = "data/curated/pairings.csv") -> pd.Series:
    """Each paired division's arrival: the earliest ``first_team_date`` of its pairings, indexed by
    ``city_adcode``. The table's dates are of each partner province's first team, dispatched or
    arrived as reported, and for some divisions that team came before the pairing list of 10
    February (the ``announced`` column): this is the first team from a partner province, whenever
    it came, not the start of the paired programme (:func:`pairing.analysis.aid.first_teams`). A
    pairing without a date is an error naming its row: the design needs every division's date."""
    missing = pairings["first_team_date"].isna().to_numpy()
    if missing.any():
        rows = [i + 1 for i in np.flatnonzero(missing)]
        names = ", ".join(pairings.loc[missing, "city_en"].astype(str)) if "city_en" in pairings else ""
        raise DataError(file, "every pairing needs a first_team_date for the event study", rows=rows, unit="row",
                        column="first_team_date", detail=f"blank for {names}" if names else "")
    return aid.first_teams(pairings).rename("arrival")


def groups(arrival: pd.Series) -> tuple[pd.Index, pd.Index]:
    """The arrivals (:func:`arrivals`) in two groups, split at the longest wait between one arrival
    and the next: the divisions before it (``early``) and from it on (``late``), each in order of
    arrival. With the book's dates: the teams of late January, and those of 7-13 February."""
    ordered = arrival.sort_values()
    split = ordered.diff().dt.days.idxmax()
    return ordered.index[ordered < ordered[split]], ordered.index[ordered >= ordered[split]]


def _term(k: int) -> str:
    return f"lead{-k}" if k < 0 else f"lag{k}"


def event_frame(panel: pd.DataFrame, arrival: pd.Series, leads: int = LEADS, lags: int = LAGS) -> pd.DataFrame:
    """The division-days of the paired divisions from ``leads`` days before their own arrival to
    ``lags`` days after, with ``event_time``, ``day`` (since the lockdown), the outcomes ``growth``
    (:func:`pairing.analysis.dynamics.active_growth`, the 02-12 step taken out) and ``cure_rate``
    (:func:`pairing.analysis.dynamics.cure_rate`), computed on the whole panel before the window is cut."""
    arrival = arrival.rename("arrival")
    absent = sorted(set(arrival.index) - set(panel["adcode"]))
    if absent:
        raise DataError("the case panel", "every division with an arrival date is in the case panel",
                        detail=f"missing {', '.join(absent)}")
    if arrival.isna().any():
        raise DataError("arrival dates", "every division has an arrival date",
                        detail=f"none for {', '.join(arrival.index[arrival.isna()])}")
    frame = panel[panel["adcode"].isin(arrival.index)].copy()
    frame["growth"] = active_growth(frame)
    frame["cure_rate"] = cure_rate(frame)["recovered_per_100"]
    frame = frame.merge(arrival, left_on="adcode", right_index=True)
    frame["event_time"] = (frame["date"] - frame["arrival"]).dt.days
    frame["day"] = facts.lockdown_day(frame["date"])
    inside = frame["event_time"].between(-leads, lags)
    columns = ["adcode", "date", "day", "arrival", "event_time", "growth", "cure_rate"]
    return frame.loc[inside, columns].sort_values(["adcode", "date"]).reset_index(drop=True)


@dataclass(frozen=True)
class EventStudy:
    """The event-study estimates of one outcome."""

    outcome: str
    #: One row per day of event time: ``event_time``, ``estimate``, ``low``, ``high``, ``p`` and
    #: ``normalised`` (the ``REFERENCE`` days, set to zero, without interval).
    table: pd.DataFrame
    #: The mean of the estimates before arrival (other than the normalised days) and from the day of
    #: arrival on, each with its own interval.
    before: Coefficient
    after: Coefficient
    n_obs: int
    n_clusters: int
    draws: int
    weights: str
    seed: int


def _fit(frame: pd.DataFrame, outcome: str, terms: list[str]):
    return inference.fit(f"{outcome} ~ {' + '.join(terms)} | unit + day", frame, "unit")


def estimate(frame: pd.DataFrame, outcome: str, *, draws: int | None = None, seed: int | None = None,
             weights: str | None = None) -> EventStudy:
    """The event study of ``outcome`` (a column of :func:`event_frame`): division and calendar-day
    fixed effects, one indicator per day of event time except the day before arrival and the first day
    of the window (``REFERENCE``), clustered by
    division; each estimate's interval from the wild cluster bootstrap (``draws`` draws of
    ``weights`` weights, ``seed``; by default :mod:`pairing.analysis.inference`'s)."""
    draws = inference.DRAWS if draws is None else draws
    seed = inference.SEED if seed is None else seed
    weights = inference.WEIGHTS if weights is None else weights
    data = frame.dropna(subset=[outcome]).copy()
    data["unit"] = pd.factorize(data["adcode"])[0]  # the bootstrap needs numeric clusters
    first, last = int(frame["event_time"].min()), int(frame["event_time"].max())
    reference = (-1, first)  # REFERENCE for the book's window
    days = [k for k in range(first, last + 1) if k not in reference]
    missing = [k for k in days if not (data["event_time"] == k).any()]
    if missing:
        raise ValueError(f"no {outcome} on event days {missing}: each day of the window needs data")
    for k in days:
        data[_term(k)] = (data["event_time"] == k).astype(float)
    fit = _fit(data, outcome, [_term(k) for k in days])
    rows = [{"event_time": k, **inference.bootstrap(fit, _term(k), draws, seed, weights).__dict__, "normalised": False}
            for k in days]
    rows += [{"event_time": k, "estimate": 0.0, "low": np.nan, "high": np.nan, "p": np.nan, "normalised": True}
             for k in reference]
    table = pd.DataFrame(rows).sort_values("event_time").reset_index(drop=True)

    def mean_of(chosen: list[int]) -> Coefficient:
        # The same model written so that one coefficient is the mean of the chosen days' effects:
        # m * D_first carries the mean, and each other chosen day enters as D_k - D_first.
        first, rest = chosen[0], chosen[1:]
        shifted = data.assign(mean_term=len(chosen) * data[_term(first)],
                              **{f"{_term(k)}_d": data[_term(k)] - data[_term(first)] for k in rest})
        others = [_term(k) for k in days if k not in chosen]
        refit = _fit(shifted, outcome, ["mean_term", *[f"{_term(k)}_d" for k in rest], *others])
        return inference.bootstrap(refit, "mean_term", draws, seed, weights)

    return EventStudy(outcome, table, mean_of([k for k in days if k < 0]), mean_of([k for k in days if k >= 0]),
                      int(fit._N), int(data["unit"].nunique()), draws, weights, seed)


def comparisons(events: pd.DataFrame) -> pd.DataFrame:
    """What a not-yet-treated comparison could identify in ``events`` (:func:`event_frame`): per day
    of event time from arrival on (``event_time`` >= 0), the ``treated`` division-days, and the
    ``comparable`` ones, those on a calendar date on which at least one other division of the frame
    is observed before its own arrival (``event_time`` < 0); ``divisions``, how many divisions the
    comparable ones come from; and ``share`` = comparable / treated.

    Every division is eventually treated, so an estimator that compares only with divisions not yet
    treated (Sun and Abraham's with the last cohort as control, did2s, Callaway and Sant'Anna's
    not-yet-treated) can say nothing about an event day whose comparable count is zero: there the
    two-way fixed-effects estimate rests on comparisons with divisions already treated."""
    waiting = events.loc[events["event_time"] < 0, "date"].unique()
    after = events[events["event_time"] >= 0].assign(comparable=lambda f: f["date"].isin(waiting))
    grouped = after.groupby("event_time")
    table = pd.DataFrame({"treated": grouped.size(), "comparable": grouped["comparable"].sum().astype(int),
                          "divisions": after[after["comparable"]].groupby("event_time")["adcode"].nunique()})
    table["divisions"] = table["divisions"].fillna(0).astype(int)
    table["share"] = table["comparable"] / table["treated"]
    return table.reset_index()


def excludes_zero(coefficient: Coefficient) -> int:
    """+1 if the interval lies above zero, -1 if below, 0 if it contains zero."""
    return 1 if coefficient.low > 0 else -1 if coefficient.high < 0 else 0


def around_day(panel: pd.DataFrame, day: int = facts.TEAMS_AT_WORK_DAY, days: int = 7) -> pd.DataFrame:
    """Each outcome of :data:`OUTCOMES` (rows) for the divisions of ``panel`` summed (columns
    ``date``, ``confirmed``, ``cured``, ``active``): its mean over the ``days`` days up to ``day``
    (``before``: ``day`` - ``days`` + 1 to ``day``), over the ``days`` days after it (``after``:
    ``day`` + 1 to ``day`` + ``days``) and the ``change``, in the event study's units.

    The outcomes are computed as :func:`event_frame` computes them: ``growth`` by
    :func:`pairing.analysis.dynamics.active_growth` (the 02-12 step taken out; without it, each week's mean
    is log(1 + :func:`pairing.analysis.dynamics.growth_around`)), ``cure_rate`` by
    :func:`pairing.analysis.dynamics.cure_rate`."""
    summed = panel.groupby("date")[["confirmed", "cured", "active"]].sum().reset_index().assign(adcode="summed")
    summed["day"] = facts.lockdown_day(summed["date"])
    summed["growth"] = active_growth(summed)
    summed["cure_rate"] = cure_rate(summed)["recovered_per_100"]
    by_day = summed.set_index("day")
    before, after = list(range(day - days + 1, day + 1)), list(range(day + 1, day + days + 1))
    missing = [d for d in [*before, *after] if d not in by_day.index]
    if missing:
        raise ValueError(f"the panel has no data on days {missing} around day {day}")
    table = pd.DataFrame({"before": by_day.loc[before, list(OUTCOMES)].mean(),
                          "after": by_day.loc[after, list(OUTCOMES)].mean()})
    return table.assign(change=table["after"] - table["before"])


def claimed_effects(panel: pd.DataFrame, day: int = facts.TEAMS_AT_WORK_DAY, days: int = 7) -> dict[str, float]:
    """The effect the letter's claim implies, for each outcome of :data:`OUTCOMES`, in the event
    study's units: the ``change`` of :func:`around_day` across ``day`` (the letter's turning point,
    when it says the paired teams were at work). If the teams turned the curves on that day, this
    change is what they did; the event study's mean after arrival is compared with it."""
    return {outcome: float(change) for outcome, change in around_day(panel, day, days)["change"].items()}
