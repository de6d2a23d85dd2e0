"""Chapter 4's event study around each division's own first team: the groups of arrivals, the
numbers, guarded words and tables of the section, and its evidence for the claims table
(:mod:`pairing.analysis.eventstudy` fits the model)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from pairing import data, facts
from pairing.analysis import eventstudy, inference
from pairing.analysis.claims import READINGS, Effect, verdict
from pairing.analysis.eventstudy import EventStudy
from pairing.analysis.inference import Coefficient
from pairing.report.prose import Prose, count_of, listed
from pairing.report.turning import EVENT_POWER, TEAMS_DAY, Curves, interval_words, outside_wuhan, power_note

#: How each outcome is named in a sentence, the scale the page shows it in (growth in log points, the log
#: change x100; the cure rate per 100) and its decimals.
OUTCOME_NAMES = {"growth": "growth", "cure_rate": "the cure rate"}
OUTCOME_SCALES = {"growth": 100, "cure_rate": 1}
OUTCOME_DECIMALS = {"growth": 1, "cure_rate": 2}
#: The units of the published estimates.
ES_UNITS = {"growth": (100, "log points (log change x100) of daily growth of patients under treatment"),
            "cure_rate": (1, "recoveries a day per 100 patients under treatment the day before")}


@dataclass
class Events:
    """The event study of growth and cure rate around each division's first team, and its benchmarks."""

    arrival: pd.Series  # eventstudy.arrivals: each paired division's first team
    frame: pd.DataFrame  # eventstudy.event_frame
    studies: dict[str, EventStudy]  # by outcome
    pairings: pd.DataFrame  # the curated pairings
    claimed: dict[str, float]  # the change across day 22 of the 16 summed: the benchmark
    claimed_hubei: dict[str, float]  # the same for Hubei with Wuhan: the alternative benchmark
    around: pd.DataFrame  # eventstudy.around_day of the paired divisions summed
    peak_day_of: pd.Series  # each division's peak day

    @property
    def growth_study(self) -> EventStudy:
        return self.studies["growth"]

    @property
    def cure_study(self) -> EventStudy:
        return self.studies["cure_rate"]

    @cached_property
    def ordered(self) -> pd.Series:
        """The arrivals in order."""
        return self.arrival.sort_values()

    @cached_property
    def groups(self) -> tuple[pd.Index, pd.Index]:
        """The early and the late divisions (:func:`pairing.analysis.eventstudy.groups`)."""
        return eventstudy.groups(self.arrival)

    @property
    def early(self) -> pd.Index:
        return self.groups[0]

    @property
    def late(self) -> pd.Index:
        return self.groups[1]

    @property
    def late_others(self) -> pd.Index:
        """The late divisions but Shennongjia, whose handful of patients says little about any team."""
        return self.late.drop(facts.SHENNONGJIA, errors="ignore")

    @property
    def peak_days_early(self) -> pd.Series:
        return self.peak_day_of[self.early]

    @property
    def peak_days_late(self) -> pd.Series:
        return self.peak_day_of[self.late_others]

    @cached_property
    def announced(self) -> pd.Series:
        """The date of the pairing list, by division."""
        return self.pairings.groupby("city_adcode")["announced"].min()

    @property
    def before_list(self) -> pd.Series:
        """The arrivals that predate the pairing list."""
        return self.ordered[self.ordered < self.announced[self.ordered.index]]

    @property
    def era(self) -> pd.DataFrame:
        """The early divisions' pairings whose first team came after the list."""
        p = self.pairings
        return p[p["city_adcode"].isin(self.early) & (p["first_team_date"] >= p["announced"])]

    @property
    def exits(self) -> pd.Series:
        """The day each early division leaves the window."""
        return self.ordered[self.early] + pd.Timedelta(days=eventstudy.LAGS)

    @cached_property
    def effects(self) -> dict[str, Effect]:
        """Each mean after arrival as evidence for the one rule: against the claimed change, with the mean before
        arrival as the reach of the differences the divisions may already have had."""
        return {o: Effect(s.after.estimate, s.after.low, s.after.high, claimed=self.claimed[o],
                          bias=(s.before.low, s.before.high)) for o, s in self.studies.items()}

    @cached_property
    def effects_hubei(self) -> dict[str, Effect]:
        """:attr:`effects` against Hubei's change across day 22."""
        return {o: Effect(s.after.estimate, s.after.low, s.after.high, claimed=self.claimed_hubei[o],
                          bias=(s.before.low, s.before.high)) for o, s in self.studies.items()}

    @property
    def readings(self) -> dict[str, str]:
        return {o: e.reading for o, e in self.effects.items()}

    @property
    def readings_hubei(self) -> dict[str, str]:
        return {o: e.reading for o, e in self.effects_hubei.items()}

    @property
    def verdict(self) -> str:
        return verdict(*self.effects.values())

    @property
    def reading(self) -> str:
        """What the two intervals say against the benchmark, in words."""
        readings = self.readings
        return ("; ".join(f"the interval for {OUTCOME_NAMES[o]} {READINGS[r]}" for o, r in readings.items())
                + ("; a claim of both is not shown when one of them is tested and not found" if
                   "ruled out" in readings.values() else ""))

    @cached_property
    def estimated(self) -> dict[str, pd.DataFrame]:
        """Each study's table without the days set to zero."""
        return {o: s.table[~s.table["normalised"]] for o, s in self.studies.items()}

    @cached_property
    def export(self) -> pd.DataFrame:
        """The figure's data: every day of both studies in the page's units, with the bootstrap's settings."""
        table = pd.concat([s.table.assign(outcome=o, units=ES_UNITS[o][1],
                                          **{c: s.table[c] * ES_UNITS[o][0] for c in ("estimate", "low", "high")})
                           for o, s in self.studies.items()], ignore_index=True)
        return table.assign(clusters=[self.studies[o].n_clusters for o in table["outcome"]],
                            observations=[self.studies[o].n_obs for o in table["outcome"]],
                            draws=inference.DRAWS, weights=inference.WEIGHTS, seed=inference.SEED)


def events(t: Curves, claimed: dict[str, float]) -> Events:
    """The event study of the case panel around each division's first team; ``claimed`` is the change
    across day 22 of the 16 summed (:attr:`pairing.report.turning.Growth.claimed`)."""
    arrival = eventstudy.arrivals(data.load_pairings())
    frame = eventstudy.event_frame(t.hubei, arrival)
    studies = {outcome: eventstudy.estimate(frame, outcome) for outcome in eventstudy.OUTCOMES}
    paired = t.hubei[t.hubei["adcode"].isin(arrival.index)]
    return Events(arrival, frame, studies, data.load_pairings(), claimed,
                  eventstudy.claimed_effects(t.hubei, TEAMS_DAY), eventstudy.around_day(paired, TEAMS_DAY),
                  t.divisions.set_index("adcode")["peak_day"])


def mean_phrase(coefficient: Coefficient, unit: str, places: int) -> str:
    """A mean with its interval and where the interval lies: "+1.2 log points (95% interval -3.4 to
    +5.6, containing zero)"."""
    where = {1: "above zero", -1: "below zero", 0: "containing zero"}[eventstudy.excludes_zero(coefficient)]
    return (f"{coefficient.estimate:+.{places}f}{unit} (95% interval {coefficient.low:+.{places}f} to "
            f"{coefficient.high:+.{places}f}, {where})")


def _scaled(coefficient: Coefficient, scale: float) -> Coefficient:
    return Coefficient(*(scale * getattr(coefficient, f) for f in ("estimate", "low", "high")), coefficient.p)


def design_numbers(t: Curves, ev: Events) -> dict[str, object]:
    """The dates of the two groups of arrivals, the pairing list, the window and the comparisons a
    heterogeneity-robust estimator could use."""
    ordered, early, late = ev.ordered, ev.early, ev.late
    names = t.names
    era = ev.era
    era_first, era_last = era["first_team_date"].min(), era["first_team_date"].max()
    exits = ev.exits
    comparable = eventstudy.comparisons(ev.frame).set_index("event_time")
    floor = int(comparable["divisions"].min())
    at_floor = list(comparable.index[comparable["divisions"] == floor])
    growth_study, cure_study = ev.growth_study, ev.cure_study
    return {
        "es_early_names": listed([names[c] for c in early]),
        "es_early_last": f"{ordered[early].max():%-d %B}",
        "es_gap_days": int(ordered.diff().dt.days.max()),
        "es_n_late": len(late),
        "es_n_late_count": count_of(len(late), len(ev.arrival), "divisions"),
        "es_late_first": f"{ordered[late].min():%-d %B}",
        "es_late_last": f"{ordered.max():%-d %B}",
        "es_list_date": f"{ev.announced.min():%-d %B}",
        "es_n_before_list": count_of(len(ev.before_list), len(ev.arrival), "divisions"),
        "es_before_list_names": listed([f"{names[c]} ({d:%-d %B})" for c, d in ev.before_list.items()]),
        "es_n_early_with_era": count_of(era["city_adcode"].nunique(), len(early)),
        "es_early_era_dates": f"{era_first:%-d}–{era_last:%-d %B}" if era_first != era_last else f"{era_first:%-d %B}",
        "es_early_exit_first": f"{exits.min():%-d}",
        "es_early_exit_last": f"{exits.max():%-d %B}",
        "es_late_span": int((ordered.max() - ordered[late].min()).days),
        "es_hardest": listed([names[c] for c in _hardest(t, ev)]),
        "es_robust_from": at_floor[0],
        "es_robust_divisions": floor,
        "es_robust_day0": int(comparable.at[0, "divisions"]),
        "es_n_clusters": growth_study.n_clusters, "es_draws": growth_study.draws, "es_seed": growth_study.seed,
        "es_leads": eventstudy.LEADS, "es_lags": eventstudy.LAGS,
        "es_n_obs_growth": growth_study.n_obs, "es_n_obs_cure": cure_study.n_obs,
    }


def _hardest(t: Curves, ev: Events) -> pd.Series:
    """The two divisions outside Wuhan with most patients under treatment on the day the early group was
    complete."""
    hubei = t.hubei
    on_day = hubei[(hubei["date"] == ev.ordered[ev.early].max()) & (hubei["adcode"] != facts.WUHAN)]
    return on_day.nlargest(2, "active")["adcode"]


def guard_design(prose: Prose, t: Curves, ev: Events) -> None:
    """The section's words on the dates, the window, who got the first teams and the comparisons."""
    ordered, early, late = ev.ordered, ev.early, ev.late
    announced = ev.announced
    prose.guard(announced.nunique() == 1 and f"{announced.min():%-d %B}" == "10 February",
                "the pairing list of 10 February [one announcement date]")
    prose.guard(set(early) <= set(ev.before_list.index), "Those early teams came from the province later paired with the division, but before the pairing existed")
    era = ev.era
    era_first, era_last = era["first_team_date"].min(), era["first_team_date"].max()
    prose.guard(len(era) > 0 and era_first >= ordered[late].min() and era_last <= ordered.max(),
                "[the early divisions' pairing-era teams came] when the late group's did")
    exits = ev.exits
    prose.guard(exits.max() < ordered.max() and exits.min() > ordered[late].min() - pd.Timedelta(days=3),
                "the early divisions leave the sample between … around the time the late group's teams came")
    gap_medians = (ordered[late].median() - ordered[early].median()).days
    prose.guard(gap_medians >= 14, "A team two or three weeks earlier", f"{gap_medians} days between the groups' medians")
    prose.guard(_hardest(t, ev).isin(early).all(),
                "the first went in late January to … the two hardest hit outside Wuhan")
    prose.guard(set(ev.frame.loc[ev.frame["event_time"] == -eventstudy.LEADS, "adcode"]) <= set(late),
                "only the late divisions are seen ten days before arrival")
    comparable = eventstudy.comparisons(ev.frame).set_index("event_time")
    floor = int(comparable["divisions"].min())
    at_floor = list(comparable.index[comparable["divisions"] == floor])
    prose.guard(floor == len(early) and at_floor == list(range(at_floor[0], eventstudy.LAGS + 1)),
                "from day … after arrival on only …, the early group, compared with the late group before its teams came")
    prose.guard(ev.growth_study.n_clusters == ev.cure_study.n_clusters == 16 and len(ev.arrival) == 16,
                "… division-days of the sixteen paired divisions")


def group_peak_numbers(points: pd.DataFrame, ev: Events) -> dict[str, object]:
    """Peaks by group (did the divisions with a team from late January turn earlier?) and the spread of
    the change points."""
    numbers = {}
    for key, days in [("early", ev.peak_days_early), ("late", ev.peak_days_late)]:
        numbers |= {f"es_peak_{key}_min": int(days.min()), f"es_peak_{key}_max": int(days.max()),
                    f"es_peak_{key}_median": float(days.median())}
    points_16 = outside_wuhan(points)
    return numbers | {"es_change_min": int(points_16["day"].min()), "es_change_max": int(points_16["day"].max())}


def guard_group_peaks(prose: Prose, points: pd.DataFrame, ev: Events) -> None:
    """The paragraph on peaks by group."""
    early, late = ev.peak_days_early, ev.peak_days_late
    prose.guard(facts.SHENNONGJIA in ev.late and abs(early.median() - late.median()) <= 2,
                "By the medians, a team two or three weeks earlier did not bring the peak two or three weeks earlier "
                "[Shennongjia, late, left out]", f"medians {early.median()} and {late.median()}")
    prose.guard(early.min() <= late.max() and late.min() <= early.max(), "the two ranges overlap")
    points_16 = outside_wuhan(points)
    prose.guard(points_16["day"].max() - points_16["day"].min() >= 7,
                "the change points of the curves spread from day … to day …, so the data do not show every curve turning "
                "together on the province's calendar either")


def estimate_numbers(ev: Events) -> dict[str, object]:
    """What the estimates say, worded from their intervals, and the benchmark they are read against."""
    growth_study, cure_study = ev.growth_study, ev.cure_study
    numbers = {
        "es_growth_before": mean_phrase(_scaled(growth_study.before, 100), " log points", 1),
        "es_growth_after": mean_phrase(_scaled(growth_study.after, 100), " log points", 1),
        "es_cure_before": mean_phrase(cure_study.before, "", 2),
        "es_cure_after": mean_phrase(cure_study.after, "", 2),
    }
    for outcome, key in [("growth", "growth"), ("cure_rate", "cure")]:
        table = ev.estimated[outcome]
        pre, post = table[table["event_time"] < 0], table[table["event_time"] >= 0]
        covers = (table["low"] <= 0) & (table["high"] >= 0)
        numbers |= {
            f"es_{key}_pre_cover": count_of(int(covers[pre.index].sum()), len(pre),
                                            "days before arrival" if key == "growth" else ""),
            f"es_{key}_post_cover": count_of(int(covers[post.index].sum()), len(post),
                                             "days from arrival on" if key == "growth" else ""),
            f"es_{key}_post_direction": count_of(int((post["estimate"] * eventstudy.OUTCOMES[outcome][1] > 0).sum()),
                                                 len(post)),
        }
    growth_pre, growth_post, cure_post = _pre("growth", ev), _post("growth", ev), _post("cure_rate", ev)
    numbers |= {
        "es_growth_pre_half_min": float((growth_pre["high"] - growth_pre["low"]).min() / 2 * 100),
        "es_growth_pre_half_max": float((growth_pre["high"] - growth_pre["low"]).max() / 2 * 100),
        # The widest interval after arrival, for what the data cannot rule out.
        "es_growth_post_low": float(growth_post["low"].min() * 100),
        "es_growth_post_high": float(growth_post["high"].max() * 100),
        "es_cure_post_low": float(cure_post["low"].min()),
        "es_cure_post_high": float(cure_post["high"].max()),
        "es_cure_post_lower": count_of(int((cure_post["estimate"] < 0).sum()), len(cure_post)),
    }
    for outcome, key, scale in [("growth", "growth", 100), ("cure_rate", "cure", 1)]:
        for column in ("before", "after", "change"):
            numbers[f"es_claim_{key}_{column}"] = float(ev.around.at[outcome, column] * scale)
        numbers[f"es_claim_{key}_hubei"] = float(ev.claimed_hubei[outcome] * scale)
    return numbers | verdict_numbers(ev)


def _pre(outcome: str, ev: Events) -> pd.DataFrame:
    table = ev.estimated[outcome]
    return table[table["event_time"] < 0]


def _post(outcome: str, ev: Events) -> pd.DataFrame:
    table = ev.estimated[outcome]
    return table[table["event_time"] >= 0]


def verdict_numbers(ev: Events) -> dict[str, str]:
    """The intervals against the benchmarks, the power statement and the verdict, in words."""
    readings, readings_hubei, claimed_hubei = ev.readings, ev.readings_hubei, ev.claimed_hubei
    cure_margin = (ev.cure_study.after.high - ev.claimed["cure_rate"]) if readings["cure_rate"] == "ruled out" else None
    return {
        "es_growth_benchmark": READINGS[readings["growth"]],
        "es_cure_benchmark": READINGS[readings["cure_rate"]],
        # Where an interval leaves the claimed change out without the precision to have found it, say why.
        "es_power": power_note(ev.effects, EVENT_POWER, OUTCOME_NAMES, OUTCOME_SCALES, OUTCOME_DECIMALS),
        "es_cure_sensitivity":
            ("The claimed rise is left out by a narrow margin, and the benchmark matters: with Wuhan included, "
             f"Hubei's cure rate rose by {claimed_hubei['cure_rate']:+.2f} across day 22, which the interval "
             + ("contains." if readings_hubei["cure_rate"] == "undecided" else "also leaves out."))
            if cure_margin is not None and cure_margin > -1 else
            f"With Wuhan included, Hubei's cure rate changed by {claimed_hubei['cure_rate']:+.2f} across day 22; the "
            f"interval reads the same against it." if readings_hubei["cure_rate"] == readings["cure_rate"] else
            f"With Wuhan included, Hubei's cure rate changed by {claimed_hubei['cure_rate']:+.2f} across day 22, and "
            f"against that the interval {READINGS[readings_hubei['cure_rate']]}.",
        "es_verdict": ev.verdict,
        "es_verdict_hubei": verdict(*ev.effects_hubei.values()),
        "es_reading": ev.reading,
    }


def findings_numbers(ev: Events) -> dict[str, str]:
    """The findings page's sentences on the divisions' own teams, worded here: the peaks by when the
    team came, and the event study."""
    early, late = ev.peak_days_early, ev.peak_days_late
    return {"es_findings_peaks": f"The divisions whose first team came in late January peaked on days "
                                 f"{early.min()}–{early.max()} (median {early.median():g}), those whose team came in "
                                 f"February on days {late.min()}–{late.max()} (median {late.median():g}; Shennongjia, "
                                 f"with a handful of patients, left out), so by the medians an earlier team did not "
                                 f"bring an earlier peak.",
            "es_findings_study": f"In an event study around each division's first team from its partner province "
                                 f"(whenever it came, not the paired programme of 13 February), {ev.reading}.",
            "es_findings_intervals": intervals_in_brief(ev)}


def _change(claimed: float) -> str:
    """The change the claim implies, briefly: "the claimed rise" or "the claimed fall"."""
    return f"the claimed {'rise' if claimed > 0 else 'fall'}"


def intervals_in_brief(ev: Events) -> str:
    """What each of the event study's intervals of the mean from arrival on holds, zero and the change
    the claim implies (:func:`pairing.report.turning.interval_words`): "its interval for growth holds both
    zero and the claimed fall, so it cannot tell them apart, and its interval for the cure rate holds zero
    but leaves out the claimed rise"."""
    return ", and ".join(f"its interval for {OUTCOME_NAMES[o]} {interval_words(e, _change(e.claimed))}"
                         for o, e in ev.effects.items())


def guard_estimates(prose: Prose, t: Curves, ev: Events) -> None:
    """The paragraphs on the estimates before and after arrival, and the benchmark."""
    growth_pre = _pre("growth", ev)
    prose.guard(((growth_pre["high"] - growth_pre["low"]) / 2 > abs(float(ev.around.at["growth", "change"]))).all(),
                "each reaching further either side of its estimate than the change the claim implies … would pass unseen")
    growth_post, cure_post = _post("growth", ev), _post("cure_rate", ev)
    prose.guard((growth_post["estimate"] < 0).mean() > 0.5 and (cure_post["estimate"] < 0).mean() > 0.5,
                "the point estimates of growth are below … as the letter's reading expects, but the cure rate is below "
                "too")
    prose.guard(set(ev.arrival.index) == set(t.cities_16["adcode"]),
                "For the sixteen paired divisions summed")
    prose.guard(ev.claimed["growth"] < 0 < ev.claimed["cure_rate"], "the interval leaves out the rise the claim implies … Against the rise of … that the letter's claim implies "
                "(the change across day 22, above)")


def figure_numbers(ev: Events) -> dict[str, str]:
    """The days from arrival on whose cure-rate interval leaves out the claimed rise."""
    post_cure = ev.cure_study.table[ev.cure_study.table["event_time"] >= 0]
    return {"es_cure_post_below_claim": count_of(int((post_cure["high"] < ev.claimed["cure_rate"]).sum()),
                                                 len(post_cure), "days from arrival on")}


def _widths_after(study: EventStudy) -> pd.Series:
    """The width of each interval from the day of arrival on."""
    after = study.table["event_time"] >= 0
    return study.table.loc[after, "high"] - study.table.loc[after, "low"]


def guard_figure(prose: Prose, ev: Events) -> None:
    """The event-study figure's caption and alt text, and the paragraph after it."""
    studies = ev.studies
    every_post_crosses = all(((s.table["low"] <= 0) & (s.table["high"] >= 0))[s.table["event_time"] >= 0].all()
                             for s in studies.values())
    pre_rows = {o: s.table[(s.table["event_time"] < 0) & ~s.table["normalised"]] for o, s in studies.items()}
    prose.guard(every_post_crosses and all(((t["low"] <= 0) & (t["high"] >= 0)).all() for t in pre_rows.values())
                and all(_widths_after(s).iloc[-1] > _widths_after(s).iloc[0] for s in studies.values()),
                "The bars before that day sit across the zero line; after it the bars widen with the days, and every one "
                "of them crosses zero in both panels")
    # The alt text's cure-rate pattern: from the day after the last post-arrival estimate nearer zero than
    # half the lowest, every estimate in a narrow band.
    cure_table = ev.cure_study.table
    cure_after_days = cure_table[cure_table["event_time"] >= 0].set_index("event_time")["estimate"]
    near_zero = cure_after_days[cure_after_days > cure_after_days.min() / 2]
    steady_from = int(near_zero.index.max()) + 1 if len(near_zero) else 0
    steady = cure_after_days.loc[steady_from:]
    prose.guard(steady_from == 5 and round(steady.max()) == -4 and round(steady.min()) == -6 and every_post_crosses,
                "[alt] from day 5 on, every [cure-rate] estimate lies between about −4 and −6 … every interval still "
                "reaches above it", f"from day {steady_from}: {steady.min():.2f} to {steady.max():.2f}")
    prose.guard(all(eventstudy.excludes_zero(s.before) == 0 for s in studies.values()),
                "Before arrival, nothing marks the divisions as already apart … their means are [within chance of zero]")
    post_growth = ev.growth_study.table[ev.growth_study.table["event_time"] >= 0]
    prose.guard(all(eventstudy.excludes_zero(s.after) == 0 for s in studies.values())
                and ((post_growth["low"] < min(0, 2 * ev.claimed["growth"])) & (post_growth["high"] > 0)).all(),
                "a sizeable effect either way and no effect at all are both inside every day's interval for growth")
    prose.guard(ev.cure_study.after.high < ev.claimed["cure_rate"],
                "[alt] the dashed line of the rise the claim implies lies above the band of the mean from arrival on")
    growth_study = ev.growth_study
    prose.guard(growth_study.n_clusters == 16 and eventstudy.LEADS == 10,
                "[caption] the wild cluster bootstrap over the 16 divisions … the 10th day before")


def estimates_table(ev: Events) -> pd.DataFrame:
    """One row per day as the page shows it: growth in log points (as in the figure), the cure rate per
    100 under treatment."""
    columns = {}
    for outcome, name, scale in [("growth", "growth (log points)", 100), ("cure_rate", "cure rate (per 100)", 1)]:
        shown = ev.studies[outcome].table.set_index("event_time")
        shown = shown[~shown["normalised"]]
        short = name.split(" (")[0]
        columns[name] = shown["estimate"] * scale
        columns[f"{short} 95% interval"] = [f"{lo * scale:.1f} to {hi * scale:.1f}"
                                            for lo, hi in zip(shown["low"], shown["high"])]
        columns[f"p ({short})"] = shown["p"]
    return pd.DataFrame(columns).rename_axis("days since first team").reset_index()


def published_estimates(ev: Events) -> pd.DataFrame:
    """The published table: the rows shown, then the means before and after arrival and the benchmark
    the verdict compares the mean after with, all in the page's units."""
    summary = []
    for outcome, study in ev.studies.items():
        scale, units = ES_UNITS[outcome]
        for row, coefficient in [("mean before arrival", study.before), ("mean from arrival on", study.after)]:
            summary.append({"outcome": outcome, "units": units, "row": row, "estimate": coefficient.estimate * scale,
                            "low": coefficient.low * scale, "high": coefficient.high * scale, "p": coefficient.p,
                            "reading": ev.readings[outcome] if row.startswith("mean from") else ""})
        for area, value in [("16 paired divisions summed", ev.claimed[outcome]), ("Hubei", ev.claimed_hubei[outcome])]:
            summary.append({"outcome": outcome, "units": units, "estimate": value * scale,
                            "row": f"claimed effect: change across day {TEAMS_DAY}, {area}",
                            "reading": "the benchmark" if area.startswith("16") else "alternative benchmark"})
    export = ev.export
    published = pd.concat([export[~export["normalised"]].assign(row="day")
                           [["outcome", "units", "row", "event_time", "estimate", "low", "high", "p"]],
                           pd.DataFrame(summary)], ignore_index=True)
    published["event_time"] = published["event_time"].astype("Int64")
    return published.assign(clusters=ev.growth_study.n_clusters, draws=inference.DRAWS,
                            weights=inference.WEIGHTS, seed=inference.SEED)
