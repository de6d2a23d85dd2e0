"""Chapter 4's claims table: the letter's Fig. 3 and its reading, statement by statement, each row with
the evidence the chapter found for it (:mod:`pairing.analysis.claims` decides the verdicts), and the
closing paragraphs' words on it."""

from __future__ import annotations

import pandas as pd

from pairing import facts
from pairing.analysis import dynamics
from pairing.analysis.claims import Bracket, Fact, Share, claim
from pairing.report import ledger, turning
from pairing.report.prose import Prose, p_value
from pairing.report.turning import OUTSIDE, TEAMS_DAY, Curves, Growth, outside_wuhan
from pairing.report.turning_did import DidCheck
from pairing.report.turning_events import Events


def _areas(t: Curves) -> dict[str, list[str]]:
    """The areas whose confirmed cases the third claim counts."""
    return {"Hubei": list(t.divisions["adcode"]), "Wuhan": [facts.WUHAN],
            "the 16 other divisions": list(t.cities_16["adcode"])}


#: How the book reads the letter's "rapidly", which it does not measure: confirmed cases rising in the
#: week after day 22 by at least this share of their rise in the week before.
RAPIDLY_SHARE = 0.5
_SHARE = {0.5: "half"}[RAPIDLY_SHARE]
RAPIDLY_WORDS = f"at least {_SHARE} the rise of the week before"


def rises(t: Curves) -> pd.DataFrame:
    """Confirmed cases' rise in the week before day 22 and the week after, in each of :func:`_areas`, in
    percent of the cases at the start of each week, the step of 12 February taken out
    (:func:`pairing.analysis.dynamics.weekly_rise`): the evidence of the third claim."""
    return dynamics.weekly_rise(t.hubei, _areas(t), TEAMS_DAY)


def rising_facts(rose: pd.DataFrame) -> tuple[Fact, Fact]:
    """The third claim's two parts in Hubei (``rose``: :func:`rises`): still rising, and rapidly
    (:data:`RAPIDLY_SHARE`)."""
    hubei = rose.loc["Hubei"]
    return (Fact(hubei["after"] > 0, "still rising in Hubei"),
            Fact(hubei["after"] >= hubei["before"] * RAPIDLY_SHARE, f"rapidly: {RAPIDLY_WORDS}"))


def rising_numbers(t: Curves) -> dict[str, object]:
    """What the third claim's rule found, for the chapter's words: Hubei's rise in the week after day 22 and
    the week before, and the reading of "still rising rapidly" from the same facts as the claims table."""
    found = rises(t)
    still, rapidly = rising_facts(found)
    reading = ("no longer rising" if not still.holds else
               "still rising, and rapidly as the book reads it" if rapidly.holds else
               f"still rising, but less than {_SHARE} as fast, so not rapidly as the book reads it")
    return {"rise_hubei_after": float(found.at["Hubei", "after"]), "rise_hubei_before": float(found.at["Hubei", "before"]),
            "rapidly_rule": RAPIDLY_WORDS, "rise_reading": reading}


def claims(t: Curves, g: Growth, points: pd.DataFrame, did_check: DidCheck, events: Events) -> pd.DataFrame:
    """The letter's Fig. 3, statement by statement: each row with the evidence for the one rule
    (:func:`pairing.analysis.claims.claim`), checked by :func:`pairing.report.ledger.checked`; the
    chapter's curves, growth, change points (:func:`pairing.report.turning.change_points`),
    difference-in-differences and event study."""
    cities_16, net = t.cities_16, t.net_peak_day
    n16 = len(cities_16)
    n_near = int((cities_16["days_from_22"].abs() <= facts.AROUND_DAYS).sum())
    outside_peak, wuhan_peak = t.peak_of.loc[OUTSIDE], t.peak_of.loc[facts.WUHAN]
    points_16 = outside_wuhan(points)
    n_turned_before = int((points_16["high"] < TEAMS_DAY).sum())
    n_turned_after = int((points_16["low"] > TEAMS_DAY).sum())
    summed_turn = points.set_index("adcode").loc[OUTSIDE]
    trend_effects = g.effects
    # "The total number of confirmed cases was still increasing rapidly": the week after day 22 against the
    # week before, as a share of the cases at the start of each week (the 02-12 step taken out).
    areas = _areas(t)
    rose = rises(t)
    pairings, early, first_team, left_with_list = turning.teams()
    shennongjia = t.peak_of.loc[facts.SHENNONGJIA]
    confirmed_shennongjia = int(t.confirmed_0331[facts.SHENNONGJIA])
    d, ev = did_check, events
    main, trend, rate, allowance = d.main, d.trend, d.rate, d.rate_allowance
    growth_study, cure_study = ev.growth_study, ev.cure_study
    early_days, late_days = ev.peak_days_early, ev.peak_days_late
    return ledger.checked(pd.DataFrame([
        claim("letter", "¶4; Fig. 3",
              "the 22nd day after the lockdown of Wuhan was the turning point in fighting the epidemic (Fig. 3)",
              "Patients under treatment peaked around day 22 (13 February)",
              f"with the 12 February step of counting taken out, {turning.peaks_within(net, facts.AROUND_DAYS)} of {n16} divisions outside "
              f"Wuhan peaked within {facts.AROUND_DAYS} days of day 22 (median day {net.median():g}; "
              f"{turning.narrower_window(net)}); as counted, {n_near} (median day "
              f"{cities_16['peak_day'].median():g}); the 16 together on day {outside_peak['peak_day']}, Wuhan on day "
              f"{wuhan_peak['peak_day']}",
              # "Around" under the book's window and a day narrower: the letter gives none.
              Share(turning.peaks_within(net, facts.AROUND_DAYS), n16, "most"),
              Share(turning.peaks_within(net, turning.NARROWER_DAYS), n16, "most"),
              Fact(abs(net.median() - TEAMS_DAY) <= facts.AROUND_DAYS,
                   f"the median peak, net of the step, within {facts.AROUND_DAYS} days of day 22")),
        claim("letter", "abstract; ¶4",
              "implementing “pairing assistance” is a turning point in China’s fight against epidemics | "
              "clearly showed that the 22nd day after the lockdown of Wuhan was the turning point",
              "Day 22 was a turning point: the curves changed course on that day",
              "growth after day 22 departed from the earlier trend by " + "; ".join(
                  f"{e.estimate * 100:+.1f} log points a day ({e.low * 100:+.1f} to {e.high * 100:+.1f}) against "
                  f"{dynamics.TREND_FORMS[form].name}" for form, e in trend_effects.items())
              + f", against a claimed {g.claimed['growth'] * 100:+.1f}; change-point intervals include day 22 for "
                f"{int(points_16['contains_22'].sum())} of {len(points_16)} divisions, {n_turned_before} end before "
                f"it and {n_turned_after} start after it; the 16 summed turned on day {summed_turn['day']} "
                f"({summed_turn['low']:.0f}–{summed_turn['high']:.0f})",
              Bracket(tuple(trend_effects.values())),
              Share(int(points_16["contains_22"].sum()), len(points_16), "most",
                    against=n_turned_before + n_turned_after)),
        claim("letter", "¶4", "although the total number of confirmed cases was still increasing rapidly at that time",
              "The total number of confirmed cases was still rising rapidly at that time",
              "with the 12 February step of counting taken out of every area, confirmed cases rose " + "; ".join(
                  f"{rose.at[area, 'after']:.0f}% in the week after day 22 against {rose.at[area, 'before']:.0f}% "
                  f"in the week before in {area}" for area in areas)
              + f"; “rapidly” is read here as {RAPIDLY_WORDS} (the letter gives no measure)",
              *rising_facts(rose)),
        claim("letter", "¶4",
              "illustrating the evident effect of “pairing assistance” on increasing the cure rate and relieving the "
              "pressure on health services system",
              "The turn shows the effect of pairing assistance on the cure rate",
              f"difference-in-differences against 6 control cities: {main.estimate:+.1f} recoveries a day "
              f"({main.low:.1f} to {main.high:.1f}) but pre-trends differ ({p_value(trend.p)}); the cure rate "
              f"(recoveries a day per 100 under treatment): {rate.estimate:+.2f} ({rate.low:+.2f} to "
              f"{rate.high:+.2f}) against a claimed {g.claimed['cure_rate']:+.2f}, with a difference in pre-trends "
              f"able to shift it by {allowance[0]:+.1f} to {allowance[1]:+.1f}",
              d.rate_effect),
        claim("letter", "¶4",
              "the smallest number of patients (only 11 confirmed cases), so it shows a different curve pattern",
              "Shennongjia had only 11 confirmed cases and a different curve",
              f"{confirmed_shennongjia} confirmed by 31 March; peak of {int(shennongjia['peak'])} on day "
              f"{int(shennongjia['peak_day'])}",
              Fact(confirmed_shennongjia == 11, "11 confirmed by 31 March"),
              Fact(shennongjia["peak_day"] < TEAMS_DAY - 5, "peaked well before day 22")),
        claim("letter", "¶4",
              "was started on Feb 11, 2020, while the “pairing assistance” medical personnel got to work in pairing "
              "cities from Feb 13, 2020",
              "Paired teams got to work from 13 February; their mobilisation started on 11 February",
              f"the pairing list dates from 10 February and {len(left_with_list)} pairings' first teams left on 11–13 "
              f"February, but {len(early)} of {len(pairings)} pairings had a first team dispatched or in place before "
              f"11 February, the earliest on {first_team['first_team_date']:%-d %B} ({first_team['city_en']})",
              Fact(len(left_with_list) > 0, "first teams left on 11–13 February"),
              Fact(len(early) == 0, "no first team before 11 February")),
        claim("letter", "abstract; ¶4",
              "implementing “pairing assistance” is a turning point in China’s fight against epidemics | "
              "illustrating the evident effect of “pairing assistance” on increasing the cure rate",
              "The paired teams turned each city's epidemic: once they were at work, growth of patients under "
              "treatment fell and the cure rate rose",
              f"tested as: each division's first team from its partner province, whenever it came (for "
              f"{len(ev.before_list)} of {len(ev.arrival)} divisions before the pairing list of "
              f"{ev.announced.min():%-d %B}), not the programme of 13 February; event study around those dates "
              f"({growth_study.n_clusters} divisions, wild cluster bootstrap, {growth_study.draws:,} draws): mean "
              f"difference from the first team on {growth_study.after.estimate * 100:+.1f} log points of daily growth "
              f"({growth_study.after.low * 100:+.1f} to {growth_study.after.high * 100:+.1f}) against a claimed "
              f"{ev.claimed['growth'] * 100:+.1f} (the change across day 22 of the 16 summed), and "
              f"{cure_study.after.estimate:+.2f} recoveries per 100 under treatment ({cure_study.after.low:+.2f} to "
              f"{cure_study.after.high:+.2f}) against a claimed {ev.claimed['cure_rate']:+.2f} "
              f"({ev.claimed_hubei['cure_rate']:+.2f} for Hubei with Wuhan); before the first team "
              f"{growth_study.before.estimate * 100:+.1f} ({growth_study.before.low * 100:+.1f} to "
              f"{growth_study.before.high * 100:+.1f}) and {cure_study.before.estimate:+.2f} "
              f"({cure_study.before.low:+.2f} to {cure_study.before.high:+.2f}); divisions with a team from late "
              f"January peaked on days {early_days.min()}–{early_days.max()} (median {early_days.median():g}), the "
              f"others, Shennongjia left out, on days {late_days.min()}–{late_days.max()} (median "
              f"{late_days.median():g})",
              *ev.effects.values(), section="sec-turning-event-study"),
    ]), "notebooks/04_turning_point.md")


#: The first four rows of the claims table, which read one sentence of ¶4 part by part.
CLAIM_KEYS = ["peak", "change", "rising", "cure"]


def claim_numbers(table: pd.DataFrame, events: Events) -> dict[str, str]:
    """The verdicts the closing paragraphs name."""
    return {**{f"verdict_{key}": table.iloc[i]["verdict"] for i, key in enumerate(CLAIM_KEYS)},
            "verdict_event_study": events.verdict}


def cure_numbers(did_check: DidCheck, events: Events) -> dict[str, str]:
    """The closing list's words on the cure rate: what each comparison's interval holds, zero and the
    rise the claim implies (:func:`pairing.report.turning.interval_words`), under a head chosen from the
    two readings."""
    effects = {"against similar cities outside Hubei": did_check.rate_effect,
               "against the divisions still waiting for their first team": events.effects["cure_rate"]}
    readings = {e.reading for e in effects.values()}
    change = "that rise"  # the head names it
    head = ("neither comparison finds the rise in the cure rate the claim implies"
            if readings <= set(turning.NOT_FOUND_READINGS) else
            "neither comparison can tell the rise in the cure rate the claim implies from none"
            if readings == {"undecided"} else "the two comparisons read the rise in the cure rate the claim implies")
    return {"cure_comparisons": head + ": " + "; ".join(
        f"{against}, the interval {turning.interval_words(effect, change)}" for against, effect in effects.items())}


def guard_claims(prose: Prose, table: pd.DataFrame, did_check: DidCheck, events: Events) -> None:
    """The closing paragraphs' words on the rows and on the two comparisons."""
    prose.guard(table.iloc[:4]["where"].str.contains("¶4").all() and len(table) == 7
                and table.iloc[6]["verdict"] == events.verdict,
                "The first four rows read one sentence of ¶4 … the last row …")
    against = turning.NOT_FOUND_READINGS
    prose.guard(did_check.rate_effect.reading in against and events.effects["cure_rate"].reading in against,
                "neither comparison finds the rise in the cure rate the letter credits to the paired teams [the "
                "chapter's opening]",
                f"{did_check.rate_effect.reading}, {events.effects['cure_rate'].reading}")
