"""The shape of each division's epidemic curve: days since the lockdown, peaks, growth rates,
turning days (change points) and the step of the 2020-02-12 change of criteria.

Pure computations on the case panel (columns ``date``, ``adcode``, counts); no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Day 1 of the letter's day count: Wuhan was locked down at 10:00 on 23 January 2020.
LOCKDOWN = pd.Timestamp("2020-01-23")
#: The letter's turning point: paired medical teams at work in their cities (13 February 2020).
TEAMS_AT_WORK_DAY = 22
CRITERIA_CHANGE = pd.Timestamp("2020-02-12")


def lockdown_day(dates: pd.Series | pd.Timestamp) -> pd.Series | int:
    """Day since the lockdown, counting 23 January 2020 as day 1 (the letter's convention)."""
    if isinstance(dates, pd.Timestamp):
        return (dates - LOCKDOWN).days + 1
    return (pd.to_datetime(dates) - LOCKDOWN).dt.days + 1


def day_date(day: int) -> pd.Timestamp:
    """The calendar date of a lockdown day (inverse of :func:`lockdown_day`)."""
    return LOCKDOWN + pd.Timedelta(days=day - 1)


def peaks(panel: pd.DataFrame, column: str = "active") -> pd.DataFrame:
    """Each unit's peak of ``column``: first and last day at the maximum and its size.

    One row per ``adcode`` with ``peak``, ``peak_date``, ``peak_day`` (first day at the
    maximum), ``last_peak_date`` (differs only when the maximum is held on several days).
    """
    rows = []
    for adcode, unit in panel.sort_values("date").groupby("adcode"):
        top = unit[column].max()
        at_top = unit.loc[unit[column] == top, "date"]
        rows.append({"adcode": adcode, "peak": int(top), "peak_date": at_top.min(),
                     "last_peak_date": at_top.max(), "peak_day": lockdown_day(at_top.min())})
    return pd.DataFrame(rows)


def growth_around(panel: pd.DataFrame, day: int = TEAMS_AT_WORK_DAY, days: int = 7,
                  column: str = "active") -> pd.DataFrame:
    """Average day-on-day growth of ``column`` over the ``days`` days before and after ``day``.

    The average is compound: ``before`` = (x[day] / x[day - days]) ** (1 / days) - 1 and
    ``after`` = (x[day + days] / x[day]) ** (1 / days) - 1, so a single noisy day cannot
    dominate it. Missing (not infinite) where the starting value is zero.
    """
    wide = panel.assign(day=lockdown_day(panel["date"])).pivot(index="day", columns="adcode", values=column)
    start, turn, end = (wide.loc[d].astype(float) for d in (day - days, day, day + days))
    with np.errstate(divide="ignore", invalid="ignore"):
        before = (turn / start.where(start > 0)) ** (1 / days) - 1
        after = (end / turn.where(turn > 0)) ** (1 / days) - 1
    return pd.DataFrame({"before": before, "after": after, "change": after - before}).reset_index()


@dataclass(frozen=True)
class TurningDay:
    """A change point with its bootstrap interval, in lockdown days."""

    day: int
    low: float
    high: float
    first_day: int
    last_day: int


def _break_indices(y: np.ndarray, days: np.ndarray, min_size: int) -> np.ndarray:
    """For each row of ``y``, the index of the first observation of the second regime of the
    two-segment linear fit (level and slope on ``days``) with the least total squared error,
    each segment at least ``min_size`` long; ties go to the earliest break.

    This is exactly ruptures' ``Dynp(model="linear", jump=1)`` with one break (a test checks it),
    computed for every candidate break and every row at once from cumulative sums.
    """
    y = np.atleast_2d(y)
    d = days - days.mean()  # centred: the sums below lose no precision
    n = y.shape[1]

    def prefix(values):  # cumulative sums with a leading 0, so a segment [a, b) is c[b] - c[a]
        return np.concatenate([np.zeros(values.shape[:-1] + (1,)), np.cumsum(values, axis=-1)], axis=-1)

    ones, sd, sdd = prefix(np.ones(n)), prefix(d), prefix(d * d)
    sy, sdy, syy = prefix(y), prefix(y * d), prefix(y * y)
    breaks = np.arange(min_size, n - min_size + 1)

    def sse(a, b):  # squared error of the least-squares line on [a, b), per row and break
        count, s_d, s_dd = ones[b] - ones[a], sd[b] - sd[a], sdd[b] - sdd[a]
        s_y, s_dy, s_yy = sy[:, b] - sy[:, a], sdy[:, b] - sdy[:, a], syy[:, b] - syy[:, a]
        return (s_yy - s_y ** 2 / count) - (s_dy - s_d * s_y / count) ** 2 / (s_dd - s_d ** 2 / count)

    cost = sse(np.zeros_like(breaks), breaks) + sse(breaks, np.full_like(breaks, n))
    return breaks[np.argmin(cost, axis=1)]


def turning_day(series: pd.Series, *, min_size: int = 5, n_boot: int = 200, block: int = 5,
                seed: int = 0) -> TurningDay:
    """Where the trend of log(1 + ``series``) changes: one change point, by exact search.

    ``series`` is indexed by lockdown day. The model is two straight lines in log(1 + x) against
    the day, each with its own level and slope (so a one-day jump such as the 02-12 step can also
    attract the break). The interval is the 2.5-97.5 percentile range of the change point
    re-estimated on ``n_boot`` moving-block bootstraps of the residuals (blocks of ``block`` days
    keep their autocorrelation).
    """
    days = series.index.to_numpy(dtype=float)
    y = np.log1p(series.to_numpy(dtype=float))
    k = int(_break_indices(y, days, min_size)[0])
    design = np.column_stack([np.ones_like(days), days])
    fitted = np.empty_like(y)
    for a, b in ((0, k), (k, len(y))):
        coef, *_ = np.linalg.lstsq(design[a:b], y[a:b], rcond=None)
        fitted[a:b] = design[a:b] @ coef
    residuals = y - fitted
    rng = np.random.default_rng(seed)
    n = len(y)
    resampled = np.empty((n_boot, n))
    for i in range(n_boot):
        starts = rng.integers(0, n - block + 1, size=n // block + 1)
        resampled[i] = np.concatenate([residuals[s:s + block] for s in starts])[:n]
    boot = days[_break_indices(fitted + resampled, days, min_size)]
    low, high = np.percentile(boot, [2.5, 97.5])
    return TurningDay(int(days[k]), float(low), float(high), int(days[0]), int(days[-1]))


def turning_days(panel: pd.DataFrame, *, last_day: int = 50, min_active: int = 10, **options) -> pd.DataFrame:
    """:func:`turning_day` of patients under treatment for every unit of ``panel``.

    Each unit's window runs from its first day with at least ``min_active`` patients under
    treatment (earlier days are dominated by the first handful of cases) to ``last_day``.
    Units that never reach ``min_active`` use their whole window.
    """
    rows = []
    for adcode, unit in panel.groupby("adcode"):
        series = unit.set_index(lockdown_day(unit["date"]))["active"].sort_index().loc[:last_day]
        reached = series[series >= min_active]
        if not reached.empty:
            series = series.loc[reached.index.min():]
        point = turning_day(series, **options)
        rows.append({"adcode": adcode, **point.__dict__})
    return pd.DataFrame(rows)


def criteria_step(panel: pd.DataFrame, baseline_days: int = 3) -> pd.DataFrame:
    """How much of the 2020-02-12 rise in confirmed cases the change of criteria explains.

    ``increase`` is the rise in cumulative confirmed cases on 02-12; ``baseline`` the mean daily
    rise of the ``baseline_days`` days before; ``excess`` = increase - baseline (floored at 0)
    is an estimate of the clinically diagnosed cases added at once, since no city breakdown of
    them is in the data. It stays in the count of patients under treatment from then on.
    """
    wide = panel.pivot(index="date", columns="adcode", values="confirmed").sort_index()
    rises = wide.diff()
    increase = rises.loc[CRITERIA_CHANGE]
    baseline = rises.loc[CRITERIA_CHANGE - pd.Timedelta(days=baseline_days):CRITERIA_CHANGE - pd.Timedelta(days=1)].mean()
    return pd.DataFrame({"increase": increase, "baseline": baseline,
                         "excess": (increase - baseline).clip(lower=0)}).reset_index()


def net_of_step(panel: pd.DataFrame, column: str = "active") -> pd.Series:
    """``column`` (patients under treatment by default) with the estimated step of the 2020-02-12
    change of criteria (:func:`criteria_step`'s ``excess``) taken out from that day on, aligned with
    ``panel``'s rows: the counts as they would stand had the clinically diagnosed cases added at
    once not been counted. An upper bound on the step's weight in later days, since some of those
    patients recovered; what it is for is dating peaks without the change of counting."""
    excess = panel["adcode"].map(criteria_step(panel).set_index("adcode")["excess"]).fillna(0)
    return panel[column] - excess.where(panel["date"] >= CRITERIA_CHANGE, 0)


def new_cases(panel: pd.DataFrame) -> pd.DataFrame:
    """Daily new confirmed cases, one column per ``adcode`` (rows: dates), with the estimated
    one-day step of the 2020-02-12 change of criteria (:func:`criteria_step`) taken out, so that
    a change of counting does not pass for a surge. The first day is missing."""
    daily = panel.pivot(index="date", columns="adcode", values="confirmed").sort_index().diff()
    if CRITERIA_CHANGE in daily.index:
        daily.loc[CRITERIA_CHANGE] -= criteria_step(panel).set_index("adcode")["excess"]
    return daily


def active_growth(panel: pd.DataFrame) -> pd.Series:
    """Each unit's day-on-day growth of patients under treatment, log(active[t] / active[t - 1])
    (:func:`daily_growth`), aligned with ``panel``'s rows, with the estimated one-day step of the
    2020-02-12 change of criteria (:func:`criteria_step`) taken out of that day's growth, as
    :func:`new_cases` takes it out of that day's new cases: the cases it added stay under
    treatment, so only the growth of 02-12 itself is inflated. Missing where either day is zero."""
    ordered = panel.sort_values(["adcode", "date"])
    active = ordered["active"].astype(float)
    if (ordered["date"] == CRITERIA_CHANGE).any():
        excess = ordered["adcode"].map(criteria_step(panel).set_index("adcode")["excess"])
        active = active - excess.where(ordered["date"] == CRITERIA_CHANGE, 0)
    previous = ordered.groupby("adcode")["active"].shift().astype(float)
    growth = np.log(active.where(active > 0) / previous.where(previous > 0))
    return growth.reindex(panel.index)


def cure_rate(panel: pd.DataFrame) -> pd.DataFrame:
    """Each unit's daily recoveries, aligned with ``panel``'s rows: ``recovered`` is the day's rise
    in cumulative recoveries (a published downward revision gives a negative value, kept as
    published; on a unit's first day, the cumulative count itself) and ``recovered_per_100`` the
    day's recoveries per 100 patients under treatment the day before (missing where none were),
    the book's cure rate."""
    ordered = panel.sort_values(["adcode", "date"])
    by_unit = ordered.groupby("adcode")
    recovered = by_unit["cured"].diff().fillna(ordered["cured"]).astype(float)
    previous = by_unit["active"].shift()
    per_100 = recovered / previous.where(previous > 0) * 100
    return pd.DataFrame({"recovered": recovered, "recovered_per_100": per_100}).reindex(panel.index)


def new_cases_smoothed(panel: pd.DataFrame, days: int = 7) -> pd.DataFrame:
    """:func:`new_cases` as a centred ``days``-day mean, so that a peak is dated on its day rather
    than half a window late; the book dates every peak of new cases this way."""
    return new_cases(panel).rolling(days, center=True).mean()


def trailing_growth(panel: pd.DataFrame, days: int = 7, column: str = "active") -> pd.Series:
    """Average day-on-day growth of ``column`` over the past ``days`` days, compound, aligned
    with ``panel``'s rows; missing where the value ``days`` days earlier was zero or absent."""
    ordered = panel.sort_values("date")
    earlier = ordered.groupby("adcode")[column].shift(days).astype(float)
    growth = (ordered[column] / earlier.where(earlier > 0)) ** (1 / days) - 1
    return growth.reindex(panel.index)


def daily_growth(series: pd.Series) -> pd.Series:
    """Day-on-day growth of ``series`` (indexed by day), as log(x[t] / x[t - 1]): small values
    read as a share a day. Missing where either day is zero."""
    values = series.astype(float).where(series > 0)
    return np.log(values).diff()


@dataclass(frozen=True)
class TrendCheck:
    """Observed growth after a day against the growth the earlier trend predicts for it."""

    form: str
    observed: float
    expected: float
    low: float
    high: float

    @property
    def reading(self) -> str:
        """"below the trend", "above the trend" or "within the trend" (95% interval)."""
        return ("below the trend" if self.observed < self.low else
                "above the trend" if self.observed > self.high else "within the trend")


TREND_FORMS = ("linear", "exponential")


def growth_against_trend(growth: pd.Series, fit_days: range, test_days: list[int], form: str = "linear",
                         n_boot: int = 2000, seed: int = 0) -> TrendCheck:
    """Mean daily growth on ``test_days`` against the trend of ``fit_days`` extrapolated.

    ``growth`` is indexed by day (:func:`daily_growth`). ``form`` is how the earlier decline is
    carried forward: ``"linear"`` (growth falls by the same amount each day) or ``"exponential"``
    (by the same share each day; growth must be positive on ``fit_days``). The two bracket what a
    steadily slowing epidemic does, and they can disagree, so a chapter reports both. The 95%
    interval comes from resampling the fit's residuals (refit on each resample, plus resampled
    noise on the test days), so it covers both the uncertain trend and the day-to-day noise.
    """
    if form not in TREND_FORMS:
        raise ValueError(f"form is one of {TREND_FORMS}, not {form!r}")
    fit = growth.loc[list(fit_days)].astype(float)
    if fit.isna().any() or (form == "exponential" and (fit <= 0).any()):
        raise ValueError(f"growth on days {list(fit_days)} must be known (and positive for an exponential trend)")
    x = fit.index.to_numpy(dtype=float)
    y = fit.to_numpy() if form == "linear" else np.log(fit.to_numpy())
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ coef
    test = np.column_stack([np.ones(len(test_days)), np.asarray(test_days, dtype=float)])
    back = (lambda v: v) if form == "linear" else np.exp
    rng = np.random.default_rng(seed)
    # Every replicate at once: refit on resampled residuals, then add noise for the test days.
    boot_y = design @ coef + rng.choice(residuals, size=(n_boot, len(y)))
    boot_coef = np.linalg.lstsq(design, boot_y.T, rcond=None)[0]
    predicted = (test @ boot_coef).T + rng.choice(residuals, size=(n_boot, len(test_days)))
    means = back(predicted).mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return TrendCheck(form, float(growth.loc[test_days].mean()), float(back(test @ coef).mean()),
                      float(low), float(high))


def first_day_at_or_below(series: pd.Series, threshold: float = 0.0, after: int | None = None) -> int | None:
    """The first day (index) on which ``series`` is at or below ``threshold``, optionally only
    among days after ``after``; None if it never is."""
    candidates = series if after is None else series.loc[series.index > after]
    hits = candidates[candidates <= threshold]
    return None if hits.empty else int(hits.index[0])


def revisions_on(panel: pd.DataFrame, flags: pd.DataFrame, date: pd.Timestamp | str) -> pd.DataFrame:
    """The units whose confirmed cases were revised down on ``date`` (``revision`` flags), with the
    count the day before, on the day, the cases removed, and the first later day on which the
    count is back at or above its level of the day before (``restored_date``, missing if never)
    and how many days that took."""
    date = pd.Timestamp(date)
    revised = flags[(flags["flag"] == "revision") & (flags["column"] == "confirmed")
                    & (flags["date_start"] == date)]["adcode"].unique()
    wide = panel[panel["adcode"].isin(revised)].pivot(index="date", columns="adcode", values="confirmed").sort_index()
    rows = []
    for adcode in wide.columns:
        series = wide[adcode]
        before, on = int(series.loc[date - pd.Timedelta(days=1)]), int(series.loc[date])
        later = series.loc[series.index > date]
        back = later[later >= before]
        restored = back.index[0] if not back.empty else pd.NaT
        rows.append({"adcode": adcode, "before": before, "on_the_day": on, "removed": before - on,
                     "restored_date": restored,
                     "days_to_restore": (restored - date).days if not back.empty else pd.NA})
    return pd.DataFrame(rows, columns=["adcode", "before", "on_the_day", "removed", "restored_date", "days_to_restore"])
