"""Chapter 4's difference-in-differences check, in the design of Yang et al. (2020): its estimates,
numbers, guarded words and table (:mod:`pairing.analysis.did` fits the model)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from pairing.analysis import did
from pairing.analysis.claims import READINGS, Effect
from pairing.analysis.did import Estimate
from pairing.report.prose import Prose, p_value

#: The outcomes, each with its label on the page.
OUTCOMES = {"recovered": "recoveries a day",
            "recovered_per_100": "recoveries a day per 100 under treatment",
            "log_active": "log(1 + patients under treatment)"}
#: The policy starts: the pairing list (10 February), the mobilisation (11 February) and the letter's day 22,
#: the main one.
STARTS = [pd.Timestamp(d) for d in ("2020-02-10", "2020-02-11", "2020-02-13")]
MAIN_START = STARTS[-1]


@dataclass
class DidCheck:
    """The design's panel, every estimate and what the cure rate is compared with."""

    design: pd.DataFrame  # did.did_frame of the case panel
    estimates: dict[tuple[str, pd.Timestamp, str], Estimate]  # did.estimates
    claimed_cure_rate: float  # the rise in the cure rate the letter's claim implies
    rate_allowance: tuple[float, float]  # what a difference in pre-trends could shift the cure rate by

    def effect(self, outcome: str) -> Estimate:
        """The effect on ``outcome`` from the main start."""
        return self.estimates[(outcome, MAIN_START, "effect")]

    def pre_trend(self, outcome: str) -> Estimate:
        """The difference in trends of ``outcome`` before the main start."""
        return self.estimates[(outcome, MAIN_START, "pre-trend")]

    @property
    def main(self) -> Estimate:
        return self.effect("recovered")

    @property
    def trend(self) -> Estimate:
        return self.pre_trend("recovered")

    @property
    def rate(self) -> Estimate:
        return self.effect("recovered_per_100")

    @cached_property
    def results(self) -> pd.DataFrame:
        """Every estimate, one row each, labelled as the page shows them."""
        return pd.DataFrame([{"outcome": OUTCOMES[outcome], "policy from": f"{start:%-d %b}", "kind": kind,
                              **result.__dict__} for (outcome, start, kind), result in self.estimates.items()])

    @cached_property
    def rate_effect(self) -> Effect:
        """The cure rate against the rise the claim implies, with what the pre-trends could do."""
        rate = self.rate
        return Effect(rate.estimate, rate.low, rate.high, claimed=self.claimed_cure_rate, bias=self.rate_allowance)

    @cached_property
    def means(self) -> pd.DataFrame:
        """Mean recoveries a day and cure rate by group and date."""
        return self.design.groupby(["treated", "date"])[["recovered", "recovered_per_100"]].mean().reset_index()

    @property
    def before(self) -> pd.Series:
        """Mean patients under treatment per city before the main start, by group (1 assisted, 0 controls)."""
        return self.design[self.design["date"] < MAIN_START].groupby("treated")["active"].mean()

    @property
    def log_effect(self) -> pd.Series:
        """The row of the effect on log patients under treatment from the main start."""
        return self.results.query("kind == 'effect' and outcome.str.startswith('log') and `policy from` == '13 Feb'").iloc[0]


def did_check(cases: pd.DataFrame, claimed_cure_rate: float) -> DidCheck:
    """The design fitted to the case panel of Hubei and the control cities (``cases``)."""
    design = did.did_frame(cases)
    estimates = did.estimates(design, list(OUTCOMES), STARTS, MAIN_START)
    allowance = did.trend_allowance(design, "recovered_per_100", MAIN_START)
    return DidCheck(design, estimates, claimed_cure_rate, allowance)


def did_numbers(d: DidCheck) -> dict[str, object]:
    """The numbers of the section and of its paragraphs."""
    main, trend, rate, rate_trend = d.main, d.trend, d.rate, d.pre_trend("recovered_per_100")
    other_starts = d.results.query("kind == 'effect' and outcome == 'recoveries a day' and `policy from` != '13 Feb'")
    log_trend = d.pre_trend("log_active")
    log_effect = d.log_effect
    before = d.before
    return {
        "did_n_obs": main.n_obs, "did_n_clusters": main.n_clusters, "did_n_controls": len(did.CONTROLS),
        "did_estimate": main.estimate, "did_low": main.low, "did_high": main.high, "did_p": main.p,
        "did_p_text": p_value(main.p),
        "did_range_low": float(other_starts["estimate"].min()),
        "did_range_high": float(other_starts["estimate"].max()),
        "did_published_pre_trend": did.PUBLISHED_PRE_TREND, "did_published_n_obs": did.PUBLISHED_N_OBS,
        "did_published_pre_trend_p": did.PUBLISHED_PRE_TREND_P, "did_published": did.PUBLISHED_EFFECT,
        "did_trend": trend.estimate, "did_trend_low": trend.low, "did_trend_high": trend.high, "did_trend_p": trend.p,
        "did_trend_p_text": p_value(trend.p),
        "did_rate": rate.estimate, "did_rate_low": rate.low, "did_rate_high": rate.high,
        "did_rate_trend_p": rate_trend.p, "did_rate_trend_p_text": p_value(rate_trend.p),
        "did_rate_trend_low": rate_trend.low, "did_rate_trend_high": rate_trend.high,
        "did_rate_allow_low": d.rate_allowance[0], "did_rate_allow_high": d.rate_allowance[1],
        "did_rate_claimed": d.claimed_cure_rate, "did_rate_reading": READINGS[d.rate_effect.reading],
        "did_log_active": float(log_effect["estimate"]),
        "did_log_active_pct": float(np.expm1(log_effect["estimate"]) * 100),
        "did_pre_mean_assisted": float(before[1]), "did_pre_mean_control": float(before[0]),
        "did_log_trend_p": log_trend.p, "did_log_trend_p_text": p_value(log_trend.p),
    }


def guard_did(prose: Prose, d: DidCheck) -> None:
    """The section's words, and the ledger page's promise."""
    main, trend, rate_trend = d.main, d.trend, d.pre_trend("recovered_per_100")
    prose.guard(main.n_obs == did.PUBLISHED_N_OBS == 17 * 34,
                "The panel has the design's … city-days, 17 cities over 34 days", f"{main.n_obs} city-days")
    # The ledger page promises that a chapter says when a claim is left out by an interval too wide to have found
    # it; this page says it for the trends and the event study, so the difference-in-differences must not need it.
    rate_effect = d.rate_effect
    prose.guard(not (rate_effect.reading == "ruled out" and not rate_effect.could_find),
                "[ledger] where it happens the chapter says so", f"the cure-rate DiD reads {rate_effect.reading}")
    log_trend = d.pre_trend("log_active")
    log_estimates = d.results.query("kind == 'effect' and outcome.str.startswith('log')")["estimate"]
    prose.guard(log_trend.p < 0.05 and log_estimates.max() - log_estimates.min() < 0.1,
                "its pre-trend check fails too … and it barely moves with the start date")
    prose.guard(main.low <= did.PUBLISHED_EFFECT <= main.high,
                "the estimated effect on recoveries is … close to the 39.36 of Yang et al.")
    prose.guard(trend.p < 0.05 and trend.low <= did.PUBLISHED_PRE_TREND <= trend.high,
                "The pre-trend check does not pass … which is about the size Yang et al. report … but … clearly different "
                "from zero")
    before = d.before
    prose.guard(before[1] > 3 * before[0], "the assisted cities had many more patients")
    prose.guard(rate_trend.p >= 0.05, "Its pre-trend check passes", f"p = {rate_trend.p:.3f}")
    log_effect = d.log_effect
    prose.guard(log_effect["estimate"] > 0 and log_effect["low"] > 0,
                "Patients under treatment themselves rose relatively more in the assisted cities")
    # Recoveries a day are the rise in the cumulative count (dynamics.cure_rate): below zero only where it fell.
    prose.guard((d.means[["recovered", "recovered_per_100"]] < 0).any().any(),
                "[Fig. 4.8] Below zero: a city's published count revised down")
    by_group = d.means.pivot(index="date", columns="treated", values=["recovered", "recovered_per_100"])
    prose.guard(40 <= by_group[("recovered", 1)].max() <= 80 and by_group[("recovered", 0)].max() < 15
                and (by_group[("recovered_per_100", 0)] > by_group[("recovered_per_100", 1)]).mean() > 0.5
                and all(by_group[("recovered_per_100", g)].iloc[-7:].mean()
                        > by_group[("recovered_per_100", g)].iloc[:14].mean() for g in (0, 1)),
                "in the assisted Hubei cities they climb … to about 60 a day …; the control cities stay below "
                "15 a day. Recoveries per 100 under treatment: both groups rise, the controls higher on most days")


def did_table(d: DidCheck) -> pd.DataFrame:
    """Every estimate as the page shows it."""
    return (d.results.assign(interval=lambda f: [f"{lo:.2f} to {hi:.2f}" for lo, hi in zip(f["low"], f["high"])])
            [["outcome", "kind", "policy from", "estimate", "interval", "p", "n_obs"]]
            .rename(columns={"interval": "95% interval", "n_obs": "city-days"}))
