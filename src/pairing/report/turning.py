"""Chapter 4, "Day 22: the turning point?": its numbers, words, guards and claims.

The chapter redraws the letter's Fig. 3 and tests its reading: when each division's curve turned
(peaks, growth against its earlier trend, change points), what else happened around day 22, a
difference-in-differences in the design of Yang et al. (:mod:`pairing.report.turning_did`) and an
event study around each division's own first team (:mod:`pairing.report.turning_events`); the claims
table that ends the chapter is :mod:`pairing.report.turning_claims`. This module holds the first part.

Each computation is done once, into a small bundle (:class:`Curves`, :class:`Growth`,
:class:`OtherEvents`, or a frame); ``*_numbers`` functions return the mapping of glue names to values
that a passage of the chapter uses (``chapter.glue(turning.peak_numbers(t))``, ``t`` the chapter's :class:`Curves`), and ``guard_*``
functions hold the guarded sentences of a passage, each with the chapter's own wording, against
the chapter's :class:`~pairing.report.prose.Prose`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from pairing import data, facts
from pairing.analysis import dynamics, eventstudy
from pairing.analysis.claims import READINGS, Effect
from pairing.analysis.dynamics import TrendCheck
from pairing.figures import interactive
from pairing.data import geo
from pairing.report import exhibits, populations
from pairing.report.prose import Prose, count_of, in_words, listed

#: The letter's turning point, 13 February: the paired teams at work.
TEAMS_DAY = facts.TEAMS_AT_WORK_DAY
#: The last day of the letter's Fig. 3 as the book draws it, 31 March.
LAST_DAY = facts.CROSS_SECTION_DAY
#: The 16 divisions other than Wuhan, summed (:func:`pairing.analysis.dynamics.with_outside_wuhan`).
OUTSIDE = dynamics.OUTSIDE
#: The day the step of 12 February (day 21) leaves a seven-day window.
STEP_LEAVES = facts.lockdown_day(facts.CRITERIA_CHANGE) + 7
#: The growth of the 16 summed on days 8-20 is the trend carried forward (day 21, the step of the change
#: of criteria, left out), and the week after day 22 is tested against it.
FIT_DAYS, TEST_DAYS = range(8, 21), list(range(TEAMS_DAY + 1, TEAMS_DAY + 8))
#: The change points: a division's window starts on its first day with this many patients under
#: treatment, and every window ends on this day (11 March).
MIN_ACTIVE, LAST_FIT_DAY = 10, 50
#: A step of the change of criteria worth the name: at least 5% of the division's later peak.
STEP_SHARE = 0.05


def _day(date: pd.Timestamp) -> str:
    return f"{date:%-d %B}"


#: The book's window for "around day 22" (:data:`pairing.facts.AROUND_DAYS`) in words: "two days".
AROUND_WORDS = in_words(facts.AROUND_DAYS, "day")


# ---------------------------------------------------------------------------------------------
# The curves of the letter's Fig. 3


@dataclass
class Curves:
    """Patients under treatment in Hubei's 17 divisions and in the 16 outside Wuhan summed."""

    cities: pd.DataFrame  # the curated city table
    hubei: pd.DataFrame  # the case panel of the 17 divisions
    names: pd.Series  # adcode (and OUTSIDE) -> English name
    curves: pd.DataFrame  # the 17 and OUTSIDE: date, adcode, counts, day, name_en
    peaks: pd.DataFrame  # dynamics.peaks of each curve, with name_en and days_from_22

    @cached_property
    def peak_of(self) -> pd.DataFrame:
        """:attr:`peaks` by adcode."""
        return self.peaks.set_index("adcode")

    @property
    def divisions(self) -> pd.DataFrame:
        """The peaks of the 17 divisions."""
        return self.peaks[self.peaks["adcode"] != OUTSIDE]

    @property
    def cities_16(self) -> pd.DataFrame:
        """The peaks of the 16 divisions outside Wuhan."""
        return self.divisions[self.divisions["adcode"] != facts.WUHAN]

    @cached_property
    def by_day(self) -> pd.DataFrame:
        """Patients under treatment, one column per curve, one row per day."""
        return self.curves.pivot(index="day", columns="adcode", values="active")

    @cached_property
    def confirmed_0331(self) -> pd.Series:
        """Confirmed cases by 31 March, by adcode."""
        return self.curves[self.curves["day"] == LAST_DAY].set_index("adcode")["confirmed"]

    @cached_property
    def net_peak_day(self) -> pd.Series:
        """The peak day of each of the 16 with the step of 12 February taken out."""
        panel = self.curves[self.curves["adcode"].isin(self.cities_16["adcode"])]
        return dynamics.peaks_net_of_step(panel).set_index("adcode")["peak_day"]


def load() -> Curves:
    """The case panel, the names and the curves with their peaks."""
    cities = data.load_cities()
    hubei = data.load_hubei_cases()
    names = cities.set_index("adcode")["name_en"]
    names[OUTSIDE] = "Hubei outside Wuhan"
    curves = dynamics.with_outside_wuhan(hubei)
    curves["name_en"] = curves["adcode"].map(names)
    peaks = dynamics.peaks(curves).assign(name_en=lambda f: f["adcode"].map(names))
    peaks["days_from_22"] = peaks["peak_day"] - TEAMS_DAY
    return Curves(cities, hubei, names, curves, peaks)


def _shennongjia_team() -> pd.Series:
    """The first pairing of Shennongjia to send a team."""
    pairings = data.load_pairings().set_index("city_adcode")
    return pairings.loc[[facts.SHENNONGJIA]].sort_values("first_team_date").iloc[0]


def _n_mid_february(t: Curves) -> int:
    return int(t.divisions["peak_date"].between("2020-02-10", "2020-02-20").sum())


def curve_numbers(t: Curves) -> dict[str, object]:
    """Shennongjia's numbers, Wuhan's peak against the next, and the divisions peaking in mid-February."""
    shennongjia = t.peak_of.loc[facts.SHENNONGJIA]
    team = _shennongjia_team()
    return {
        "n_shennongjia_confirmed": int(t.confirmed_0331[facts.SHENNONGJIA]),
        "wuhan_to_next_peak": float(t.peak_of.at[facts.WUHAN, "peak"] / t.cities_16["peak"].max()),
        "shennongjia_peak": int(shennongjia["peak"]),
        "shennongjia_peak_date": _day(shennongjia["peak_date"]),
        "shennongjia_peak_day": int(shennongjia["peak_day"]),
        "shennongjia_partner": team["province_en"],
        "shennongjia_team_date": _day(team["first_team_date"]),
        "n_mid_february": count_of(_n_mid_february(t), len(t.divisions), "divisions"),
    }


def guard_curves(prose: Prose, t: Curves) -> None:
    """What the two figures' alt texts and the paragraph after them say, checked."""
    shennongjia = t.peak_of.loc[facts.SHENNONGJIA]
    prose.guard(shennongjia["peak_date"] < _shennongjia_team()["first_team_date"],
                "[Shennongjia] peaked … before its own paired team … arrived")
    divisions, cities_16, by_day = t.divisions, t.cities_16, t.by_day
    others_15 = cities_16[cities_16["adcode"] != facts.SHENNONGJIA]
    n_mid_february = _n_mid_february(t)
    prose.guard(n_mid_february >= len(divisions) - 2,
                "The curves did turn around day 22 in almost every division … the number of patients under treatment stops "
                "rising in mid-February (between 10 and 20 February)",
                f"{n_mid_february} of {len(divisions)} peak between 10 and 20 February")
    wuhan_day = t.peak_of.loc[facts.WUHAN, "peak_day"]
    # (Shennongjia "earlier": the guard of its early peak, below.)
    prose.guard(others_15["peak_day"].between(20, 27).all() and wuhan_day > others_15["peak_day"].max(),
                "the 15 divisions besides Wuhan and Shennongjia all top out between about day 21 and day 26; Wuhan later "
                "… grey curves that all reach their maximum (1.0) between about day 21 and day 26",
                f"days {others_15['peak_day'].min()}–{others_15['peak_day'].max()}, Wuhan {wuhan_day}")
    prose.guard((by_day.loc[LAST_DAY, cities_16["adcode"]] <= 5).all() and by_day.loc[LAST_DAY, facts.WUHAN] > 100,
                "[almost every curve] falls close to zero by late March, except Wuhan")
    share_after_50 = (by_day.loc[50] / by_day.max())
    prose.guard(2 <= t.peak_of.at[facts.WUHAN, "peak_day"] - cities_16["peak_day"].median() <= 7  # "a few days"
                and share_after_50[facts.WUHAN] > share_after_50[cities_16["adcode"]].max(),
                "Wuhan, which peaks a few days later and falls more slowly")
    prose.guard(shennongjia["peak_day"] <= 14 and by_day.loc[25, facts.SHENNONGJIA] == 0,
                "Shennongjia … peaks early, around day 12, and is empty on day 25")


def letter_fig3_original(t: Curves) -> pd.DataFrame:
    """The letter's Fig. 3 beside the reproduction: every difference its words let us see
    (:func:`pairing.report.exhibits.differences`)."""
    return exhibits.differences("letter-fig3", [
        ("places", "Hubei's cities; which ones is not said, but Shennongjia's curve is one of them",
         f"all {len(t.divisions)} divisions, each in its own panel, and the 16 outside Wuhan summed", "unknown"),
        ("measure", "patients still undergoing treatment", "confirmed − cured − deaths, as of 24:00 each day", "form"),
        ("days", "13 February is the 22nd day after the lockdown of Wuhan",
         "23 January is day 1, so 13 February is day 22", "form"),
        ("period", "not stated", f"23 January to 31 March (day {LAST_DAY})", "unknown"),
        ("vertical scale", "not stated", "each panel its own; a second figure divides each curve by its own peak",
         "form"),
        ("data", "no source named", "daily case panel from two public scrapes of the bulletins, reconciled with "
                                   "Hubei's published totals (the data chapter)", "unknown"),
        ("marks", "the turning point, read off the curves",
         "day 22, the mobilisation (day 20) and the change of criteria (day 21) as lines; each curve's peak as a dot",
         "addition"),
    ])


def original_numbers(original: pd.DataFrame) -> dict[str, str]:
    """The exhibit's status and the kinds of its differences, in words."""
    return {"letter_fig3_status": exhibits.status(original), "letter_fig3_kinds": exhibits.kinds_phrase(original)}


# ---------------------------------------------------------------------------------------------
# Peaks


def peak_numbers(t: Curves) -> dict[str, object]:
    """When the divisions peaked, as counted and with the step of 12 February taken out."""
    cities_16, net = t.cities_16, t.net_peak_day
    peak_day = cities_16.set_index("adcode")["peak_day"]
    moved = peak_day.ne(net)
    wuhan, outside = t.peak_of.loc[facts.WUHAN], t.peak_of.loc[OUTSIDE]
    return {
        "n_peak_near_22": int((cities_16["days_from_22"].abs() <= facts.AROUND_DAYS).sum()),
        "n_peak_near_22_net": peaks_within(net, facts.AROUND_DAYS),
        "around_days": AROUND_WORDS,
        "peak_window_narrower": narrower_window(net),
        "peak_day_median_net": float(net.median()),
        "peak_moved_by_step": listed([f"{t.names[c]} (day {peak_day.at[c]} to day {net[c]})"
                                      for c in moved[moved].index]) if moved.any() else "none",
        "peak_day_median": float(cities_16["peak_day"].median()),
        "peak_day_min": int(cities_16["peak_day"].min()),
        "peak_day_max": int(cities_16["peak_day"].max()),
        "n_peak_after_22": int((cities_16["peak_day"] > TEAMS_DAY).sum()),
        "n_peak_before_22": int((cities_16["peak_day"] < TEAMS_DAY).sum()),
        "wuhan_peak_day": int(wuhan["peak_day"]),
        "wuhan_peak_date": _day(wuhan["peak_date"]),
        "wuhan_peak": int(wuhan["peak"]),
        "outside_peak_day": int(outside["peak_day"]),
        "outside_peak_date": _day(outside["peak_date"]),
        "outside_peak": int(outside["peak"]),
    }


def peaks_within(net: pd.Series, days: int) -> int:
    """How many divisions peaked (net of the step) within ``days`` of day 22."""
    return int(((net - TEAMS_DAY).abs() <= days).sum())


#: "Around day 22" read a day narrower than the book's window (:data:`pairing.facts.AROUND_DAYS`): the
#: letter gives no window, so the claim is judged under both readings.
NARROWER_DAYS = facts.AROUND_DAYS - 1


def narrower_window(net: pd.Series) -> str:
    """How the count of peaks around day 22 (net of the step) fares a day narrower than the book's
    window: the letter gives none, so the verdict's dependence on the choice is said."""
    near, n = peaks_within(net, NARROWER_DAYS), len(net)
    share = ("still more than half" if near > n / 2
             else "not more than half, so the claim holds under one reading of “around” and not the other")
    return f"within {in_words(NARROWER_DAYS, 'day')} of it, {near} of {n}: {share}"


def guard_peaks(prose: Prose, t: Curves) -> None:
    """The peaks paragraph's and the peak map's words."""
    cities_16, net = t.cities_16, t.net_peak_day
    moved = cities_16.set_index("adcode")["peak_day"].ne(net)
    prose.guard(moved.any() and (net[moved] < TEAMS_DAY).all(), "taking the book's own estimate of the cases it added at once out of every later day moves … earlier")
    prose.guard(cities_16.loc[cities_16["peak_day"].idxmin(), "adcode"] == facts.SHENNONGJIA,
                "the earliest [peak] on day … (Shennongjia)")
    by_name = t.divisions.set_index("name_en")["peak_day"]
    as_mapped = (by_name.idxmin() == "Shennongjia" and by_name["Shennongjia"] < TEAMS_DAY - 5
                 and set(by_name[by_name.between(TEAMS_DAY - 2, TEAMS_DAY - 1)].index) == {"Enshi", "Jingmen", "Jingzhou"}
                 and set(by_name[by_name >= 25].index) == {"Wuhan", "Xiaogan", "Ezhou", "Tianmen", "Qianjiang"}
                 and by_name.between(TEAMS_DAY, TEAMS_DAY + 2).sum() > (by_name > TEAMS_DAY + 2).sum())
    prose.guard(as_mapped, "Shennongjia … peaked first, well before day 22; Enshi, Jingmen and Jingzhou peaked a day or "
                "two before day 22; most others on day 22 or within two days after it; Wuhan, its neighbours Xiaogan and "
                "Ezhou, and Tianmen and Qianjiang to the west from day 25 on")
    prose.guard(as_mapped and by_name.between(TEAMS_DAY, TEAMS_DAY + 2).sum() == 8,
                "Shennongjia peaked first, eight divisions on day 22 or within two days after it, Wuhan and "
                "four others from day 25 on")


def peak_table(t: Curves) -> pd.DataFrame:
    """Every curve's peak, earliest first, as the page shows it."""
    return (t.peaks.sort_values(["peak_day", "peak"], ascending=[True, False])
            .assign(peak_date=lambda f: f["peak_date"].dt.strftime("%-d %b"))
            [["name_en", "peak_date", "peak_day", "days_from_22", "peak"]]
            .rename(columns={"name_en": "division", "peak_date": "peak date", "peak_day": "day",
                             "days_from_22": "days from day 22", "peak": "patients under treatment at peak"}))


# ---------------------------------------------------------------------------------------------
# Day by day on the map

#: How many divisions after the darkest the day map's headline names (:func:`day_map_words`).
DAY_MAP_NAMED = 3
#: The day map's headline, as its caption in the chapter gives it (a caption cannot be glued): the words
#: :func:`day_map_words` makes from the data, which :func:`guard_day_map` holds it to.
DAY_MAP_WORDS = ("Wuhan is darkest by far, then its neighbours Ezhou and Xiaogan, and Suizhou; the whole province "
                 "fades from mid-February, Wuhan last")


def _neighbours(adcode: str) -> set[str]:
    """The English names of the divisions that share a border with ``adcode`` (within 500 m, in Hubei's
    equal-area projection, so that outlines drawn apart by the data's rounding still meet)."""
    shapes = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).set_index("adcode").geometry
    near = shapes[shapes.intersects(shapes[adcode].buffer(500))].index.drop(adcode)
    return set(data.load_cities().set_index("adcode").loc[near, "name_en"])


def day_map_words(per_10k: pd.DataFrame) -> str:
    """What the day map shows, from its values: the division darkest at its peak ("by far" when its peak
    per head is at least twice the next), the :data:`DAY_MAP_NAMED` next darkest, each said to be its
    neighbour or not (:func:`_neighbours`), and the division that stays above 1 per 10,000 longest."""
    peak = per_10k.groupby("name_en")["active_per_10k"].max().dropna().sort_values(ascending=False)
    first, following = peak.index[0], list(peak.index[1:1 + DAY_MAP_NAMED])
    adcode = per_10k.loc[per_10k["name_en"] == first, "adcode"].iloc[0]
    near = _neighbours(adcode)
    beside, apart = [n for n in following if n in near], [n for n in following if n not in near]
    then = ", and ".join(part for part in [
        (f"its neighbour {beside[0]}" if len(beside) == 1 else f"its neighbours {listed(beside)}") if beside else "",
        listed(apart) if apart else ""] if part)
    last = per_10k[per_10k["active_per_10k"] >= 1].groupby("name_en")["date"].max().idxmax()
    by_far = " by far" if peak.iloc[0] >= 2 * peak.iloc[1] else ""
    return f"{first} is darkest{by_far}, then {then}; the whole province fades from mid-February, {last} last"


def day_map_values(t: Curves) -> pd.DataFrame:
    """Patients under treatment per 10,000 residents, by division and day, to 31 March."""
    return interactive.active_per_10k(t.hubei[t.hubei["date"] <= "2020-03-31"], t.cities)


def day_map_numbers(t: Curves, per_10k: pd.DataFrame) -> dict[str, object]:
    """The highest rates, in Hubei and outside Wuhan, and what the rates divide by."""
    highest = per_10k.loc[per_10k["active_per_10k"].idxmax()]
    outside = per_10k[per_10k["adcode"] != facts.WUHAN]
    outside_top = outside.loc[outside["active_per_10k"].idxmax()]
    return {"map_top_name": highest["name_en"], "map_top_value": float(highest["active_per_10k"]),
            "map_top_date": _day(highest["date"]), "map_outside_top_name": outside_top["name_en"],
            "map_outside_top_value": float(outside_top["active_per_10k"]),
            "map_population_note": populations.population_note(t.cities)}


def guard_day_map(prose: Prose, per_10k: pd.DataFrame) -> None:
    """The map's caption, which must say what :func:`day_map_words` finds, and its "mid-February": the
    divisions' peaks per head, but Shennongjia's, from 10 to 20 February."""
    found = day_map_words(per_10k)
    prose.guard(found == DAY_MAP_WORDS, DAY_MAP_WORDS, f"the data say: {found}")
    peaks = per_10k.loc[per_10k.groupby("name_en")["active_per_10k"].idxmax()]
    peaks = peaks[peaks["adcode"] != facts.SHENNONGJIA]
    prose.guard(peaks["date"].between("2020-02-10", "2020-02-20").all(), "the whole province fades from mid-February",
                f"peaks per head from {peaks['date'].min():%-d %B} to {peaks['date'].max():%-d %B}")


def day_map(t: Curves, per_10k: pd.DataFrame) -> str:
    """The day map (:func:`pairing.figures.interactive.day_slider_map`), opening on day 22, with its
    description. Its caption is the chapter's, in the figure metadata of the cell that shows it, so
    that Sphinx numbers the map as it numbers every other figure; the caption's headline is
    :data:`DAY_MAP_WORDS`, which :func:`guard_day_map` holds to the words the data give."""
    return interactive.day_slider_map(
        per_10k, geo.hubei_divisions(), element_id="turning-day-map", start=facts.TEAMS_AT_WORK,
        description="Map of Hubei's 17 divisions, patients under treatment per 10,000 residents, one frame per "
                    "day from 23 January to 31 March 2020, opening on 13 February. " + DAY_MAP_WORDS + ".")


# ---------------------------------------------------------------------------------------------
# Growth before and after day 22, and against its earlier trend


#: Where an interval leaves the claimed change out although it is too wide to have found it, the
#: chapter says why: the estimate lies on the other side of zero (:func:`power_note`). How the trend
#: test and the event study say it.
TREND_POWER = ("Against {name} the interval leaves the claimed fall out although it is too wide to have told a "
               "fall that size from none: it is left out because growth came out above that projection (by "
               "{estimate:+.{places}f}), on the other side of zero.")
EVENT_POWER = ("The interval for {name} is too wide to have told the claimed change from none (that would take "
               "about {detectable:.{places}f}, against a claimed {claimed:.{places}f}); it leaves the claimed change "
               "out because its estimate ({estimate:+.{places}f}) lies on the other side of zero.")

#: What an interval holds, by its reading (:data:`pairing.analysis.claims.READINGS`), said by what
#: decides it: zero and the ``{change}`` the claim implies ("the rise in the cure rate the claim implies",
#: "the claimed rise"), each in the interval or not. A sentence's subject is the interval.
INTERVAL_WORDS = {
    "as claimed": "leaves out zero, on the claim's side, and holds {change}",
    "other size": "leaves out zero, on the claim's side, and {change}",
    "against": "leaves out zero and {change}, lying on the other side of zero",
    "biased as claimed": "leaves out zero, on the claim's side, but its estimate lies within what the comparison's "
                         "own bias could produce",
    "biased against": "leaves out zero and {change}, lying on the other side of zero, but its estimate lies within "
                      "what the comparison's own bias could produce",
    "undecided": "holds both zero and {change}, so it cannot tell them apart",
    "ruled out": "holds zero but leaves out {change}",
}
#: The readings in which an interval leaves out the effect the claim implies without finding it either.
NOT_FOUND_READINGS = ("ruled out", "against", "biased against")


def interval_words(effect: Effect, change: str) -> str:
    """What ``effect``'s interval holds (:data:`INTERVAL_WORDS`), ``change`` naming the claimed effect
    ("the claimed rise")."""
    return INTERVAL_WORDS[effect.reading].format(change=change)


def power_note(effects: Mapping[str, Effect], sentence: str, names: Mapping[str, str],
               scales: Mapping[str, float], places: Mapping[str, int]) -> str:
    """For each of ``effects`` whose interval leaves the claimed effect out although it is too wide to
    have found it (reading "ruled out", :attr:`~pairing.analysis.claims.Effect.could_find` false), the
    ``sentence`` that says so, each after a space; empty when there is none. ``sentence`` is a format
    with ``name`` (from ``names``) and the effect's ``estimate``, ``detectable`` and ``claimed`` (the
    last two as sizes), each times the effect's scale and written to its number of ``places``."""
    return "".join(
        " " + sentence.format(name=names[key], estimate=e.estimate * scales[key],
                              detectable=abs(e.detectable * scales[key]), claimed=abs(e.claimed * scales[key]),
                              places=places[key])
        for key, e in effects.items() if e.reading == "ruled out" and not e.could_find)


@dataclass
class Growth:
    """Growth of patients under treatment around day 22, and the claim's benchmark."""

    around: pd.DataFrame  # dynamics.growth_around each curve, with name_en
    claimed: dict[str, float]  # the change across day 22 of the 16 summed: the effect the claim implies
    curves: pd.DataFrame  # the curves with their trailing seven-day growth, growth_7d_pct
    daily: pd.Series  # the day-to-day growth of the 16 summed
    checks: dict[str, TrendCheck]  # the week after day 22 against each trend carried forward

    @property
    def rolling(self) -> pd.Series:
        """The trailing seven-day growth of the 16 summed, by day."""
        return self.curves[self.curves["adcode"] == OUTSIDE].set_index("day")["growth_7d_pct"]

    def median_trailing(self, codes) -> pd.Series:
        """The day-by-day median of the trailing growth of the divisions ``codes``."""
        return self.curves[self.curves["adcode"].isin(codes)].groupby("day")["growth_7d_pct"].median()

    @property
    def trailing(self) -> pd.DataFrame:
        """The curves with their trailing growth on days 8-50, as the growth figure draws them."""
        return self.curves[self.curves["day"].between(8, 50)]

    @cached_property
    def effects(self) -> dict[str, Effect]:
        """Each departure from a trend carried forward as evidence for the one rule, against the claimed change."""
        return {form: Effect(c.departure, c.departure_low, c.departure_high, claimed=self.claimed["growth"])
                for form, c in self.checks.items()}


def growth(t: Curves) -> Growth:
    """Growth around day 22; the trailing growth of the figure; the trend checks of the 16 summed."""
    around = dynamics.growth_around(t.curves, day=TEAMS_DAY, days=7).assign(name_en=lambda f: f["adcode"].map(t.names))
    # The effect the letter's claim implies, the benchmark of every test in this chapter: if the teams turned
    # the curves on day 22, the change across that day (growth and cure rate of the 16 summed, the 02-12 step
    # taken out) is what they did.
    claimed = eventstudy.claimed_effects(t.hubei[t.hubei["adcode"].isin(t.cities_16["adcode"])], TEAMS_DAY)
    curves = t.curves.assign(growth_7d_pct=dynamics.trailing_growth(t.curves, days=7) * 100)
    daily = dynamics.daily_growth(t.by_day[OUTSIDE])
    checks = {form: dynamics.growth_against_trend(daily, FIT_DAYS, TEST_DAYS, form=form)
              for form in dynamics.TREND_FORMS}
    return Growth(around, claimed, curves, daily, checks)


def log_points(rate: float) -> float:
    """A compound daily growth ``rate`` (0.047 for 4.7% a day) in the chapter's one unit of growth, log
    points a day: 100 × log(1 + rate), the mean of the days' log changes ×100 over the same days."""
    with np.errstate(divide="ignore"):  # a fall to none is -inf log points
        return float(100 * np.log1p(rate))


def growth_words(rate: float) -> str:
    """A compound daily growth ``rate`` as the chapter states a level of growth: in log points a day,
    with the percentage a day beside it, "4.6 log points a day (about 4.7%)"."""
    return f"{log_points(rate):.1f} log points a day (about {rate * 100:.1f}%)"


def growth_numbers(t: Curves, g: Growth) -> dict[str, object]:
    """Growth in the week before and after day 22, and when each measure of it reaches zero. The levels
    are said in log points a day with their percentage (:func:`growth_words`), the medians in log points."""
    growth_16 = g.around[~g.around["adcode"].isin([facts.WUHAN, OUTSIDE])].dropna()
    outside = g.around.set_index("adcode").loc[OUTSIDE]
    logged = growth_16[["before", "after"]].apply(lambda rates: rates.map(log_points))
    return {
        "outside_growth_before_words": growth_words(outside["before"]),
        "outside_growth_after_words": growth_words(outside["after"]),
        "growth_before_median_log": float(logged["before"].median()),
        "growth_after_median_log": float(logged["after"].median()),
        "n_growth_cities": len(growth_16),
        "n_growth_slower": int((growth_16["after"] < growth_16["before"]).sum()),
        "n_growth_negative_after": int((growth_16["after"] < 0).sum()),
        "trailing_zero_day": dynamics.first_day_at_or_below(g.rolling, 0, after=8),
        "daily_zero_day": dynamics.first_day_at_or_below(g.daily, 0, after=8),
        "median_trailing_zero_day": dynamics.first_day_at_or_below(g.median_trailing(t.cities_16["adcode"]), 0,
                                                                   after=8),
        "step_leaves_window_day": STEP_LEAVES,
    }


def guard_growth(prose: Prose, t: Curves, g: Growth) -> None:
    """The growth paragraph's words: when growth turned negative, and that it had been falling."""
    prose.guard(dynamics.first_day_at_or_below(g.daily, 0, after=8) == t.peak_of.at[OUTSIDE, "peak_day"] + 1,
                "the day-to-day growth of the 16 first turns negative on day …, the day after their peak")
    falling = g.daily.loc[8:20].rolling(3).mean().dropna()
    prose.guard((falling.diff().dropna() < 0).mean() > 0.8 and g.daily.loc[8] > 4 * g.daily.loc[20],
                "growth had been falling since late January", f"3-day means {falling.round(3).tolist()}")
    prose.guard(dynamics.first_day_at_or_below(g.rolling, 0, after=8) == STEP_LEAVES,
                "for the 16 together it first reaches zero on day … which is also the day the step of 12 February leaves its "
                "window")
    prose.guard(len({c.noise for c in g.checks.values()}) == 1, "Each comes with a 95% interval from [one bootstrap]")
    observed, after = g.checks["linear"].observed * 100, log_points(g.around.set_index("adcode").at[OUTSIDE, "after"])
    prose.guard(abs(observed - after) < 1e-9, "the observed growth averaged … log points a day, the growth of the week "
                "after given above", f"{observed} and {after}")


def guard_trend_figure(prose: Prose, g: Growth) -> None:
    """The trend test figure's caption and alt text."""
    prose.guard(all(effect.high > 0 and effect.claimed < effect.low for effect in g.effects.values()),
                "In the week after day 22 growth fell no faster than either earlier trend predicted, and the change "
                "the claim implies lies outside both intervals")
    prose.guard(g.effects["linear"].low > 0 and g.effects["floor"].low < 0 < g.effects["floor"].high
                and all(effect.estimate > 0 for effect in g.effects.values()),
                "[alt] Both dots lie to the right of zero … the straight line's interval lies wholly above zero, the "
                "decay's spans zero")


def _of(k: int, n: int, one: str, plural: str) -> str:
    """How many of ``n`` trends or intervals, as a sentence says it: "neither interval", "both intervals",
    "one of the two trends", "1 of the 3 intervals" (``one`` and ``plural`` the noun)."""
    if n == 2:
        return {0: f"neither {one}", 1: f"one of the two {plural}", 2: f"both {plural}"}[k]
    return count_of(k, n, plural)


def trend_summary(effects: Mapping[str, Effect]) -> str:
    """The trend test in one sentence, for the findings page (the chapter gives each trend's reading in
    full, ``trend_verdict``): against how many of the trends carried forward growth in the week after
    day 22 fell measurably faster (the interval of its departure wholly below zero), and how many of the
    intervals hold the change the claim implies."""
    n = len(effects)
    faster = sum(e.high < 0 for e in effects.values())
    holds = sum(e.low <= e.claimed <= e.high for e in effects.values())
    change = "fall" if next(iter(effects.values())).claimed < 0 else "rise"
    if faster == 0:
        first = ("growth in the week after day 22 did not fall measurably faster than "
                 + ("either" if n == 2 else "any of them") + " predicted")
    else:
        first = f"growth in the week after day 22 fell measurably faster than {_of(faster, n, 'trend', 'trends')} predicted"
    verb = "holds" if holds == 1 or (n == 2 and holds == 0) else "hold"
    return f"{first}, and {_of(holds, n, 'interval', 'intervals')} {verb} the {change} the claim implies"


def trend_numbers(g: Growth) -> dict[str, object]:
    """The week after day 22 against each trend carried forward: expected, interval, reading, power
    and the verdict sentence."""
    numbers: dict[str, object] = {}
    for form, check in g.checks.items():
        numbers |= {f"trend_{form}_expected": check.expected * 100, f"trend_{form}_low": check.low * 100,
                    f"trend_{form}_high": check.high * 100, f"trend_{form}_reading": check.reading,
                    f"trend_name_{form}": dynamics.TREND_FORMS[form].words,
                    f"trend_{form}_detectable": g.effects[form].detectable * 100}
    assumed = max(c.autocorrelation for c in g.checks.values())
    readings = {form: effect.reading for form, effect in g.effects.items()}
    short = {form: trend.name for form, trend in dynamics.TREND_FORMS.items()}
    return numbers | {
        "trend_observed": g.checks["linear"].observed * 100,
        "trend_noise": dynamics.TREND_NOISES[g.checks["linear"].noise],
        "trend_autocorrelation": "the residuals show none here, so none is assumed" if assumed == 0 else
                                 f"assumed here: a lag-1 autocorrelation of up to {assumed:.2f}",
        "trend_claimed": g.claimed["growth"] * 100,
        "trend_n_forms": {2: "two", 3: "three"}.get(len(g.effects), str(len(g.effects))),
        "trend_summary": trend_summary(g.effects),
        "trend_power": power_note(g.effects, TREND_POWER, short, dict.fromkeys(g.effects, 100),
                                  dict.fromkeys(g.effects, 1)),
        "trend_verdict": f"Against both trends the departure {READINGS[readings['linear']]}."
                         if len(set(readings.values())) == 1 else "The two trends read it differently: " + "; ".join(
                             f"against {dynamics.TREND_FORMS[form].words} the departure {READINGS[r]}"
                             for form, r in readings.items()) + ".",
    }


def guard_growth_figure(prose: Prose, t: Curves, g: Growth) -> None:
    """The growth figure's caption and alt text."""
    trailing = g.trailing
    prose.guard(trailing["growth_7d_pct"].max() > 60 and trailing["growth_7d_pct"].min() <= -99
                and trailing.loc[trailing["growth_7d_pct"].idxmin(), "adcode"] == facts.SHENNONGJIA,
                "The vertical axis is cut …: the earliest growth and Shennongjia's fall to −100% … lie beyond it")
    rolling = g.rolling
    wuhan_trailing = trailing[trailing["adcode"] == facts.WUHAN].set_index("day")["growth_7d_pct"]
    median_trailing = g.median_trailing(t.cities_16["adcode"])
    prose.guard(70 <= rolling.loc[8] <= 90 and wuhan_trailing.loc[21] > wuhan_trailing.loc[20]
                and wuhan_trailing.loc[28] < wuhan_trailing.loc[27] - 3
                and TEAMS_DAY < dynamics.first_day_at_or_below(rolling, 0, after=8) <= TEAMS_DAY + 7
                and TEAMS_DAY < dynamics.first_day_at_or_below(median_trailing, 0, after=8) <= TEAMS_DAY + 7
                and (trailing[trailing["adcode"] == OUTSIDE].set_index("day")["growth_7d_pct"].loc[TEAMS_DAY + 7:] < 0).all(),
                "the sum of the 16 near 80 percent a day on day 8 … Wuhan's bumps up while the step … is in its window … "
                "Most reach zero in the week after day 22 (the sum of the 16 on day 28) and stay negative from then on",
                f"sum of the 16: day {dynamics.first_day_at_or_below(rolling, 0, after=8)}")


# ---------------------------------------------------------------------------------------------
# Change points


def change_points(t: Curves) -> pd.DataFrame:
    """Each curve's change point (:func:`pairing.analysis.dynamics.turning_days`, 200 moving-block
    bootstraps, seed 2020) with its name, peak day, whether its interval holds day 22 and its distance
    from it."""
    points = dynamics.turning_days(t.curves, last_day=LAST_FIT_DAY, min_active=MIN_ACTIVE, n_boot=200, seed=2020)
    points = points.merge(t.peaks[["adcode", "name_en", "peak_day"]], on="adcode")
    points["contains_22"] = points["low"].le(TEAMS_DAY) & points["high"].ge(TEAMS_DAY)
    points["distance_from_22"] = points["day"] - TEAMS_DAY
    return points


def outside_wuhan(points: pd.DataFrame) -> pd.DataFrame:
    """The rows of the 16 divisions outside Wuhan (not Wuhan, not their sum)."""
    return points[~points["adcode"].isin([facts.WUHAN, OUTSIDE])]


def change_point_numbers(t: Curves, points: pd.DataFrame) -> dict[str, object]:
    """How the change points lie around day 22."""
    never = t.divisions[t.divisions["peak"] < MIN_ACTIVE]
    points_16 = outside_wuhan(points)
    numbers = {
        "min_active": MIN_ACTIVE,
        "whole_window_divisions": listed([f"{row.name_en}, never more than {row.peak}" for row in never.itertuples()]),
        "n_turning_contains_22": int(points_16["contains_22"].sum()),
        "n_turning_cities": len(points_16),
        "turning_median_abs_distance": float(points_16["distance_from_22"].abs().median()),
        "n_turning_before_22": int((points_16["high"] < TEAMS_DAY).sum()),
        "n_turning_after_22": int((points_16["low"] > TEAMS_DAY).sum()),
    }
    for adcode, key in [(OUTSIDE, "outside"), (facts.WUHAN, "wuhan")]:
        row = points.set_index("adcode").loc[adcode]
        numbers |= {f"turning_{key}_day": int(row["day"]), f"turning_{key}_low": float(row["low"]),
                    f"turning_{key}_high": float(row["high"])}
    return numbers


def guard_change_points(prose: Prose, points: pd.DataFrame) -> None:
    """The change points' paragraph and the figure's alt text."""
    points_16 = outside_wuhan(points)
    on_22 = int((points_16["day"] == TEAMS_DAY).sum())
    prose.guard(on_22 < len(points_16) / 2 and (points_16["day"] < TEAMS_DAY).any()
                and (points_16["day"] > TEAMS_DAY).any(),
                "The estimated change points scatter around day 22 rather than sit on it",
                f"{on_22} of {len(points_16)} on day 22")
    prose.guard(points_16["contains_22"].mean() < 1 and (points_16["high"] < TEAMS_DAY).sum() >= 3
                and points[["low", "high"]].stack().between(14, 33).mean() > 0.9,
                "Most bars lie between days 14 and 33 and many, but not all, cross the dashed day-22 line; several end "
                "before it")


def change_point_table(points: pd.DataFrame) -> pd.DataFrame:
    """The change points as the page shows them, earliest first."""
    return (points.sort_values("day")
            .assign(interval=lambda f: [f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(f["low"], f["high"])],
                    window=lambda f: [f"{a}–{b}" for a, b in zip(f["first_day"], f["last_day"])])
            [["name_en", "day", "interval", "peak_day", "distance_from_22", "window"]]
            .rename(columns={"name_en": "division", "day": "change point (day)", "interval": "95% interval",
                             "peak_day": "peak (day)", "distance_from_22": "change point − 22",
                             "window": "days fitted"}))


# ---------------------------------------------------------------------------------------------
# What else happened around day 22


@dataclass
class OtherEvents:
    """The change of criteria of 12 February, the revisions of 13-19 February and the peaks of new
    diagnoses."""

    step: pd.DataFrame  # dynamics.criteria_step of the 17, with name_en, peak and share_of_peak
    deduction: pd.DataFrame  # dynamics.revisions_on 19 February
    week_revisions: pd.DataFrame  # the downward revisions of confirmed cases on 13-18 February
    lag: pd.DataFrame  # by adcode: the peak days of new diagnoses and of patients under treatment, and the lag
    peak_days: pd.DataFrame  # adcode, peak_day of the 17

    @property
    def lifted(self) -> pd.DataFrame:
        """The divisions whose step is at least :data:`STEP_SHARE` of their later peak, with their peak day."""
        return self.step[self.step["share_of_peak"] >= STEP_SHARE].merge(self.peak_days, on="adcode")

    @property
    def removed_week(self) -> int:
        """The cases the revisions of 13-18 February removed."""
        found = self.week_revisions["detail"].str.extract(r"from (\d+) to (\d+)").astype(int)
        return found.pipe(lambda d: (d[0] - d[1]).sum())

    @property
    def lag_16(self) -> pd.DataFrame:
        """:attr:`lag` of the divisions outside Wuhan other than Shennongjia."""
        return self.lag.drop(index=[facts.WUHAN, facts.SHENNONGJIA])


def other_events(t: Curves) -> OtherEvents:
    """The step, the revisions and the lag between new diagnoses and patients under treatment."""
    step = dynamics.criteria_step(t.hubei).merge(t.divisions[["adcode", "name_en", "peak"]], on="adcode")
    step["share_of_peak"] = step["excess"] / step["peak"]
    flags = data.load_case_flags()
    revisions = flags[(flags["flag"] == "revision") & flags["adcode"].str.startswith("42")
                      & flags["column"].eq("confirmed")]
    deduction = dynamics.revisions_on(t.hubei, flags, "2020-02-19")
    week_revisions = revisions[revisions["date_start"].between("2020-02-13", "2020-02-18")]
    # When did new diagnoses peak? Daily new confirmed cases, with the estimated 02-12 step taken out,
    # as a seven-day centred mean.
    smoothed = dynamics.new_cases_smoothed(t.hubei)
    lag = pd.DataFrame({"new_case_peak_day": facts.lockdown_day(pd.Series(smoothed.idxmax())),
                        "active_peak_day": t.divisions.set_index("adcode")["peak_day"]})
    lag["lag_days"] = lag["active_peak_day"] - lag["new_case_peak_day"]
    return OtherEvents(step, deduction, week_revisions, lag, t.divisions[["adcode", "peak_day"]])


def other_event_numbers(t: Curves, o: OtherEvents) -> dict[str, object]:
    """The step of 12 February, the revisions and the lag, in numbers and names."""
    step = o.step.set_index("adcode")
    step_16 = o.step[o.step["adcode"] != facts.WUHAN]
    largest = step_16.loc[step_16["share_of_peak"].idxmax()]
    lifted = o.lifted
    near_22 = lifted[lifted["peak_day"].sub(TEAMS_DAY).abs() <= facts.AROUND_DAYS]
    restored_after = o.deduction["days_to_restore"]
    lag_16 = o.lag_16
    return {
        "step_wuhan_excess": float(step.at[facts.WUHAN, "excess"]),
        "step_wuhan_share": float(step.at[facts.WUHAN, "share_of_peak"] * 100),
        "step_outside_excess": float(step_16["excess"].sum()),
        "step_outside_share": float(step_16["excess"].sum() / t.peak_of.at[OUTSIDE, "peak"] * 100),
        "step_largest_city": largest["name_en"],
        "step_largest_share": float(largest["share_of_peak"] * 100),
        "step_share_pct": STEP_SHARE * 100,
        "n_step_lifted": count_of(len(lifted), len(o.step), "divisions"),
        "step_lifted_names": listed(lifted.sort_values("share_of_peak", ascending=False)["name_en"]),
        "step_near_22_names": listed(near_22["name_en"]) if len(near_22) else "none of them",
        "n_revised_0219": len(o.deduction),
        "removed_0219": int(o.deduction["removed"].sum()),
        "restored_0219": "the next day" if restored_after.notna().all() and (restored_after == 1).all()
                         else "over the following days",
        "n_revisions_0213_0218": len(o.week_revisions),
        "removed_0213_0219": int(o.removed_week + o.deduction["removed"].sum()),
        "new_case_peak_median": float(lag_16["new_case_peak_day"].median()),
        "new_case_peak_min": int(lag_16["new_case_peak_day"].min()),
        "new_case_peak_max": int(lag_16["new_case_peak_day"].max()),
        "lag_median": float(lag_16["lag_days"].median()),
        "n_new_case_peak_before_22": int((lag_16["new_case_peak_day"] < TEAMS_DAY).sum()),
        "n_lag_cities": len(lag_16),
    }


def guard_other_events(prose: Prose, t: Curves, o: OtherEvents) -> None:
    """The revisions are small; new diagnoses peaked first."""
    under_treatment = t.peak_of.at[OUTSIDE, "peak"] + t.peak_of.at[facts.WUHAN, "peak"]
    prose.guard(o.removed_week + o.deduction["removed"].sum() < 0.01 * under_treatment and under_treatment > 20_000,
                "small beside the tens of thousands under treatment")
    lag_16 = o.lag_16
    prose.guard((lag_16["new_case_peak_day"] < TEAMS_DAY).mean() > 0.5 and (lag_16["lag_days"] > 0).all(),
                "… peaked before day 22. Patients under treatment peaked a median of … days after new diagnoses … the turn "
                "of the curves was set in train by the fall of new diagnoses, which began before the teams of 13 "
                "February could change anything")


# ---------------------------------------------------------------------------------------------
# The teams before day 22


def teams() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.DataFrame]:
    """The pairings; those with a first team before the mobilisation of 11 February; the first of all;
    those whose first team left with the list, on 11-13 February."""
    pairings = data.load_pairings()
    early = pairings[pairings["first_team_date"] < pd.Timestamp("2020-02-11")]
    first_team = pairings.loc[pairings["first_team_date"].idxmin()]
    left_with_list = pairings[pairings["first_team_date"].between("2020-02-11", "2020-02-13")]
    return pairings, early, first_team, left_with_list


def team_numbers() -> dict[str, str]:
    """The letter's premise, teams at work from 13 February, against each pairing's first team."""
    pairings, early, first_team, _ = teams()
    return {
        "n_pairings_team_before_mobilisation": count_of(len(early), len(pairings), "pairings"),
        "first_team": f"{first_team['city_en']} ({first_team['province_en']}, {_day(first_team['first_team_date'])})",
        "cities_team_before_mobilisation": listed(sorted(early["city_en"].unique())),
        "last_first_team_date": _day(pairings["first_team_date"].max()),
        "first_first_team_date": _day(pairings["first_team_date"].min()),
    }


def guard_teams(prose: Prose) -> None:
    """The findings page's words on the first teams."""
    pairings = teams()[0]
    prose.guard((pairings["first_team_date"].max() - pairings["first_team_date"].min()).days <= 21,
                "first teams dispatched or arriving (as reported) within three weeks of each other [findings page]")
