"""Difference-in-differences in the design of Yang et al. (2020): Hubei's 11 assisted
prefecture-level cities against 6 cities of neighbouring provinces, 23 January - 25 February 2020.

The model is two-way fixed effects (city and calendar date, absorbed by :func:`pyfixest.feols`);
intervals and p-values come from the book's wild cluster bootstrap-t by city
(:func:`pairing.analysis.inference.bootstrap`: with 17 clusters, conventional clustered errors would be too
narrow). Yang et al. used a pooled regression with covariates (health resources, GDP per capita,
population, land area); constant city traits such as these are absorbed by the city effects here.

Every assisted city starts on the same date, so the two-way fixed-effects estimate is a plain
comparison of assisted with control cities before and after it: no city already treated serves
as a control, and the staggered-timing bias of two-way fixed effects does not arise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pairing import facts
from pairing.analysis import inference
from pairing.analysis.dynamics import cure_rate

#: The 11 assisted prefecture-level cities of Yang et al. (Enshi prefecture and the three
#: sub-prefectural cities and Shennongjia were excluded there for their administrative level).
ASSISTED = {"420200": "Huangshi", "420600": "Xiangyang", "420300": "Shiyan", "421000": "Jingzhou",
            "420500": "Yichang", "420800": "Jingmen", "420700": "Ezhou", "420900": "Xiaogan",
            "421100": "Huanggang", "421200": "Xianning", "421300": "Suizhou"}
#: Their control cities: Xinyang (Henan); Xinyu and Jiujiang (Jiangxi); Changde, Yueyang, Shaoyang (Hunan).
CONTROLS = {"411500": "Xinyang", "360500": "Xinyu", "360400": "Jiujiang", "430700": "Changde",
            "430600": "Yueyang", "430500": "Shaoyang"}
WINDOW = (pd.Timestamp("2020-01-23"), pd.Timestamp("2020-02-25"))
#: Yang et al.'s reported effect: +39.36 recoveries a day; pre-trend beta 0.72 (p = 0.10).
PUBLISHED_EFFECT = 39.36
PUBLISHED_PRE_TREND = 0.72  # Yang et al.'s test of pre-policy trends (p = 0.10)
PUBLISHED_PRE_TREND_P = 0.10
PUBLISHED_N_OBS = 578  # 17 cities x 34 days, 23 January - 25 February 2020


def did_frame(panel: pd.DataFrame) -> pd.DataFrame:
    """The city-day panel of the design, with the outcomes.

    ``recovered`` and ``recovered_per_100`` (the cure rate) are those of
    :func:`pairing.analysis.dynamics.cure_rate`; ``log_active`` is log(1 + patients under treatment).
    """
    units = {**ASSISTED, **CONTROLS}
    frame = panel[panel["adcode"].isin(units)].sort_values(["adcode", "date"]).copy()
    frame[["recovered", "recovered_per_100"]] = cure_rate(frame)
    frame["log_active"] = np.log1p(frame["active"])
    frame["city"] = frame["adcode"].map(units)
    frame["treated"] = frame["adcode"].isin(ASSISTED).astype(int)
    frame["day"] = facts.lockdown_day(frame["date"])
    inside = frame["date"].between(*WINDOW)
    return frame.loc[inside, ["adcode", "city", "date", "day", "treated", "cured", "active",
                              "recovered", "recovered_per_100", "log_active"]].reset_index(drop=True)


@dataclass(frozen=True)
class Estimate:
    """One coefficient with its wild-cluster-bootstrap 95% interval, p-value, sample and draws."""

    estimate: float
    low: float
    high: float
    p: float
    n_obs: int
    n_clusters: int
    draws: int = inference.DRAWS


def _fit(outcome: str, term: str, frame: pd.DataFrame, draws: int | None, seed: int | None) -> Estimate:
    draws = inference.DRAWS if draws is None else draws
    frame = frame.dropna(subset=[outcome]).assign(unit=lambda f: pd.factorize(f["adcode"])[0],
                                                  period=lambda f: pd.factorize(f["date"])[0])
    model = inference.fit(f"{outcome} ~ {term} | unit + period", frame, "unit")
    result = inference.bootstrap(model, term, draws=draws, seed=inference.SEED if seed is None else seed)
    return Estimate(result.estimate, result.low, result.high, result.p, int(model._N),
                    int(frame["unit"].nunique()), draws)


def did(frame: pd.DataFrame, outcome: str, post_from: pd.Timestamp, *, draws: int | None = None,
        seed: int | None = None) -> Estimate:
    """The policy effect on ``outcome``: coefficient of assisted x (date >= ``post_from``), with city
    and date effects; interval and p-value from :func:`pairing.analysis.inference.bootstrap` by city."""
    frame = frame.assign(assisted_after=(frame["treated"] * (frame["date"] >= post_from)).astype(float))
    return _fit(outcome, "assisted_after", frame, draws, seed)


def pre_trend(frame: pd.DataFrame, outcome: str, post_from: pd.Timestamp, *, draws: int | None = None,
              seed: int | None = None) -> Estimate:
    """Before ``post_from`` only: the difference in daily linear trend, assisted minus control
    (coefficient of assisted x day, with city and date effects; interval and p-value from
    :func:`pairing.analysis.inference.bootstrap` by city). Zero if trends were parallel."""
    before = frame[frame["date"] < post_from].assign(assisted_day=lambda f: (f["treated"] * f["day"]).astype(float))
    return _fit(outcome, "assisted_day", before, draws, seed)


def trend_allowance(frame: pd.DataFrame, outcome: str, post_from: pd.Timestamp, *, draws: int | None = None,
                    seed: int | None = None) -> tuple[float, float]:
    """What the pre-trend check leaves open: the 95% interval of :func:`pre_trend` carried over the
    days between the mean day before ``post_from`` and the mean day after. A difference in trends
    this large cannot be ruled out, so an effect inside this range cannot be told from it."""
    trend = pre_trend(frame, outcome, post_from, draws=draws, seed=seed)
    days = frame.dropna(subset=[outcome])["day"]
    after = frame.dropna(subset=[outcome])["date"] >= post_from
    gap = days[after].mean() - days[~after].mean()
    return float(trend.low * gap), float(trend.high * gap)


def estimates(frame: pd.DataFrame, outcomes: list[str], starts: list[pd.Timestamp], trend_from: pd.Timestamp, *,
              draws: int | None = None, seed: int | None = None) -> dict[tuple[str, pd.Timestamp, str], Estimate]:
    """Every estimate of the design, keyed ``(outcome, start, kind)``: for each of ``outcomes``, the
    effect (:func:`did`) with the policy starting on each of ``starts``, then (kind ``"pre-trend"``)
    the difference in trends before ``trend_from`` (:func:`pre_trend`), in that order."""
    found = {}
    for outcome in outcomes:
        for start in starts:
            found[(outcome, start, "effect")] = did(frame, outcome, start, draws=draws, seed=seed)
        found[(outcome, trend_from, "pre-trend")] = pre_trend(frame, outcome, trend_from, draws=draws, seed=seed)
    return found

