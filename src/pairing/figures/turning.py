"""The figures of chapter 4, "Day 22: the turning point?": the letter's Fig. 3 redrawn, the curves on
one scale, the map of peak days, the growth before and after day 22, the change points, the
difference-in-differences and the event study.

Each function draws one figure from the frames the chapter computed and returns it with the frame
it plotted, which the chapter exports with :func:`pairing.figures.plots.save_figure`; captions and
alt texts stay in the chapter, beside the call.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from pairing import facts
from pairing.data import geo
from pairing.analysis.claims import Effect
from pairing.analysis.dynamics import COUNTS, OUTSIDE, TREND_FORMS
from pairing.analysis.eventstudy import EventStudy
from pairing.figures import plots

#: The letter's turning point and the last day its Fig. 3 shows (31 March).
TEAMS_DAY, LAST_DAY = facts.TEAMS_AT_WORK_DAY, facts.CROSS_SECTION_DAY
DAYS_AXIS = "day since lockdown (23 January 2020 = day 1)"

#: Width, in inches, at which a figure of this chapter is drawn: a page shows a figure at most 768 px
#: wide at 110 dpi (:func:`pairing.figures.plots.set_style`), so one about 7 in wide is shown at its
#: own size, a point being 110/72 px.
PAGE_WIDTH = 7.0
#: Font sizes in points at that width: none below 7.5 pt, so that no text is under 11 px on the page.
FONT = {"title": 8.5, "label": 8.5, "tick": 8, "legend": 8}


def _phone(width: float | None) -> bool:
    """Whether a figure is to be laid out for a phone: drawn narrower than the page's :data:`PAGE_WIDTH`
    (as at :data:`pairing.figures.plots.PHONE_WIDTH`), its text :data:`FONT`, its key under the plot."""
    return width is not None and width < PAGE_WIDTH


def _phone_axes(ax: plt.Axes, xlabel: str, ylabel: str) -> None:
    """A phone rendering's axis names and tick labels, in :data:`FONT`'s sizes."""
    ax.set_xlabel(xlabel, fontsize=FONT["label"])
    ax.set_ylabel(ylabel, fontsize=FONT["label"])
    ax.tick_params(labelsize=FONT["tick"])


#: The days axis as a phone shows it: the same words on two lines.
PHONE_DAYS_AXIS = "day since lockdown\n(23 January 2020 = day 1)"


def _days_axes_and_key(fig: plt.Figure, ax: plt.Axes, phone: bool, ylabel: str, phone_ylabel: str | None = None,
                       key_columns: int = 1) -> None:
    """Name a curves-by-day panel's axes and give its key: on the page, in the panel's top right; on a
    phone (:func:`_phone_axes`, ``phone_ylabel`` if the name needs other line breaks), under the plot in
    ``key_columns`` columns."""
    if phone:
        _phone_axes(ax, PHONE_DAYS_AXIS, phone_ylabel or ylabel)
        fig.legend(loc="outside lower center", ncols=key_columns, frameon=False, fontsize=FONT["legend"])
    else:
        ax.set_xlabel(DAYS_AXIS)
        ax.set_ylabel(ylabel)
        ax.legend(frameon=False, loc="upper right")


def letter_fig3(curves: pd.DataFrame, peaks: pd.DataFrame, names: pd.Series, columns: int = 3,
                width: float = PAGE_WIDTH) -> tuple[plt.Figure, pd.DataFrame]:
    """The letter's Fig. 3 redrawn: patients under treatment by day in one panel per division and one
    for the 16 outside Wuhan summed (``curves``, :func:`pairing.analysis.dynamics.with_outside_wuhan`,
    with ``name_en``), each on its own scale with its peak (``peaks``) marked, ordered by peak size
    after Wuhan and the sum; ``names`` titles the panels. ``columns`` panels a row, ``width`` inches
    wide: three at the page's width (:data:`PAGE_WIDTH`), the key above them and the axis's name up
    their side; two for a phone (:data:`pairing.figures.plots.PHONE_WIDTH`), the axis's name heading the figure (which
    leaves the width to the panels' titles) over the key, above the panels, one entry above the other
    (read before the eighteen panels it explains, not after them)."""
    others = peaks[~peaks["adcode"].isin([OUTSIDE, facts.WUHAN])]
    order = [facts.WUHAN, OUTSIDE] + others.sort_values("peak", ascending=False)["adcode"].tolist()
    plotted = curves[curves["day"].between(1, LAST_DAY)]
    narrow = width < PAGE_WIDTH
    nrows = -(-len(order) // columns)
    # Each row three-quarters as high as a panel is wide (1.75 in at the page's width), and room for the key.
    fig, axes = plt.subplots(nrows, columns, figsize=(width, 0.75 * width / columns * nrows + 0.8), sharex=True,
                             layout="constrained")
    for ax, adcode in zip(axes.flat, order):
        curve = plotted[plotted["adcode"] == adcode]
        peak = peaks.set_index("adcode").loc[adcode]
        color = plots.CITY_COLORS.get(adcode, "#444444")
        ax.plot(curve["day"], curve["active"], color=color, lw=1.6)
        ax.plot(peak["peak_day"], peak["peak"], "o", color=color, ms=4)
        ax.axvspan(19.5, 21.5, **plots.DAYS_20_21)
        ax.axvline(TEAMS_DAY, **plots.DAY_22)
        ax.set_title(f"{names[adcode]}\npeak {peak['peak']:,} on day {peak['peak_day']}", fontsize=FONT["title"],
                     linespacing=1.15)
        ax.tick_params(labelsize=FONT["tick"])
        ax.yaxis.set_major_formatter(plots.thousands())
        ax.set_ylim(bottom=0)
    for ax in axes.flat[len(order):]:
        ax.set_axis_off()
    for ax in axes.flat[max(len(order) - columns, 0):len(order)]:  # no panel below: label the days here
        ax.tick_params(labelbottom=True)
        ax.set_xlabel("day since lockdown", fontsize=FONT["label"])
    fig.legend(handles=[
        plt.Rectangle((0, 0), 1, 1, facecolor=plots.DAYS_20_21["color"],
                      label="11–12 Feb (days 20–21): mobilisation;\nclinical diagnoses counted"),
        plt.Line2D([], [], **{**plots.DAY_22, "label": "13 Feb (day 22):\nteams at work"}),
    ], loc="outside upper center", ncols=1 if narrow else 2, frameon=False, fontsize=FONT["legend"],
               # On a phone the axis's name heads the key (a suptitle and a key both above the panels collide
               # in the constrained layout); on the page it runs up the panels' side.
               **({"title": "patients under treatment", "title_fontsize": FONT["label"]} if narrow else {}))
    if not narrow:
        fig.supylabel("patients under treatment", fontsize=FONT["label"])
    return fig, plotted[["adcode", "name_en", "date", "day", *COUNTS]]


def normalised(curves: pd.DataFrame, peaks: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """The divisions' curves of :func:`letter_fig3` on one axis, each divided by its own peak: Wuhan
    black, Shennongjia dashed in its colour, the others grey. ``width`` (inches) below the page's
    lays it out for a phone (:func:`_phone`): the key under the plot, the axes' names on two lines."""
    plotted = curves[curves["day"].between(1, LAST_DAY)]
    share = plotted[plotted["adcode"] != OUTSIDE].merge(peaks[["adcode", "peak"]], on="adcode")
    share["share_of_peak"] = share["active"] / share["peak"]
    phone = _phone(width)
    fig, ax = plt.subplots(figsize=(width, 3.4) if phone else (8, 4.2), **({"layout": "constrained"} if phone else {}))
    for adcode, curve in share.groupby("adcode"):
        style = {facts.WUHAN: dict(color="black", lw=2.2, zorder=3, label="Wuhan"),
                 facts.SHENNONGJIA: dict(color=plots.CITY_COLORS[facts.SHENNONGJIA], lw=1.8, ls="--", zorder=3,
                                         label="Shennongjia")}.get(adcode, dict(color="0.6", lw=0.9, alpha=0.8))
        ax.plot(curve["day"], curve["share_of_peak"], **style)
    ax.plot([], [], color="0.6", lw=0.9, label="other 15 divisions")
    ax.axvline(TEAMS_DAY, **plots.DAY_22)
    ax.annotate("day 22", (TEAMS_DAY, 1.02), xytext=(3, 0), textcoords="offset points", fontsize=8)
    ax.set_xlim(1, LAST_DAY)
    _days_axes_and_key(fig, ax, phone, "patients under treatment\n(share of own peak)", key_columns=2)
    return fig, share[["adcode", "name_en", "date", "day", "active", "peak", "share_of_peak"]]


#: The room a phone's map leaves under the map for the key of its numbered divisions, in inches
#: (:func:`pairing.figures.plots.label_divisions` puts the key in the free space nearest them).
PHONE_KEY_HEIGHT = 0.95


def peak_map(divisions: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Hubei's divisions by the day of their peak (``divisions``: :func:`pairing.analysis.dynamics.peaks`
    with ``name_en``), in classes around day 22, in Hubei's equal-area projection. ``width`` (inches)
    below the page's draws it for a phone (:func:`_phone`): the map as wide as the phone, less the
    margins its saved image adds, so that its text (:data:`pairing.figures.plots.MAP_FONTSIZE`) stays
    legible; the legend under it in as many rows as it needs, its title on two lines; the divisions
    named where their names fit, numbered in the key elsewhere (:func:`pairing.figures.plots.label_divisions`)."""
    shapes = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).merge(divisions, on="adcode")
    title = "peak of patients under treatment, day since lockdown"
    if _phone(width):
        # The map as wide as the phone's image less its margins; under it, inside the axes, room
        # for the key of numbered divisions, and under the axes the legend.
        inner = width - 2 * plt.rcParams["savefig.pad_inches"]
        x0, y0, x1, y1 = shapes.total_bounds
        axes_height, legend_height = inner * (y1 - y0) / (x1 - x0) + PHONE_KEY_HEIGHT, 1.1
        fig, ax = plt.subplots(figsize=(inner, axes_height + legend_height))
        fig.subplots_adjust(left=0, right=1, top=1, bottom=legend_height / (axes_height + legend_height))
        ax.set_anchor("N")  # the map at the top of its axes, the room for the key under it
        title = title.replace(", ", ",\n")
    else:
        fig, ax = plt.subplots(figsize=(7, 5.2))
        fig.subplots_adjust(left=0.01, right=0.99)  # the legend may take the page's width, in one row
    plots.choropleth(shapes, "peak_day", ax, bins=[19, 21, 22, 24, 40], cmap="RdYlBu_r", legend_title=title,
                     class_labels=["day 19 or before", "days 20–21", "day 22 (13 Feb)", "days 23–24", "day 25 or later"])
    return fig, divisions[["adcode", "name_en", "peak_date", "peak_day", "peak"]]


def growth(trailing: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """The trailing seven-day growth of patients under treatment (``trailing``: the curves with
    ``growth_7d_pct``, days 8-50): each division outside Wuhan grey, their sum and Wuhan in colour,
    the axis cut at -30% and 60%. ``width`` (inches) below the page's lays it out for a phone
    (:func:`_phone`): the key under the plot, the axes' names on two lines."""
    phone = _phone(width)
    fig, ax = plt.subplots(figsize=(width, 3.5) if phone else (8, 4.2), **({"layout": "constrained"} if phone else {}))
    for adcode, curve in trailing.groupby("adcode"):
        style = {facts.WUHAN: dict(color="black", lw=2, label="Wuhan", zorder=3),
                 OUTSIDE: dict(color=plots.GROUP_COLORS["assisted"], lw=2.4, label="16 outside Wuhan, summed",
                               zorder=3)}.get(adcode, dict(color="0.65", lw=0.8))
        ax.plot(curve["day"], curve["growth_7d_pct"], **style)
    ax.plot([], [], color="0.65", lw=0.8, label="each division outside Wuhan")
    ax.axhline(0, color="0.2", lw=0.8)
    ax.axvline(TEAMS_DAY, **plots.DAY_22)
    ax.set_ylim(-30, 60)
    _days_axes_and_key(fig, ax, phone, "daily growth over past 7 days (%)", "daily growth over\npast 7 days (%)")
    return fig, trailing[["adcode", "name_en", "date", "day", "active", "growth_7d_pct"]]


def turning_days(points: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Each curve's change point with its interval (a bar) and its peak (a diamond), latest on top
    (``points``: :func:`pairing.analysis.dynamics.turning_days` with ``name_en`` and ``peak_day``).
    ``width`` (inches) below the page's lays it out for a phone (:func:`_phone`): the key under
    the plot, one entry a row, the days axis's name on two lines."""
    ordered = points.sort_values("day", ascending=False).reset_index(drop=True)
    phone = _phone(width)
    fig, ax = plt.subplots(figsize=(width, 5.2) if phone else (7.5, 6), **({"layout": "constrained"} if phone else {}))
    y = np.arange(len(ordered))
    ax.hlines(y, ordered["low"], ordered["high"], color="0.4", lw=2.5)
    # The peak's hollow diamond is drawn larger than the change point's dot, so that on a shared day
    # (Shiyan's) the diamond rings the dot rather than hiding it; day 22's line runs behind both.
    ax.plot(ordered["day"], y, "o", color="#0072B2", ms=5, zorder=4, label="change point (95% interval)")
    ax.plot(ordered["peak_day"], y, "D", color="none", markeredgecolor="black", ms=8, zorder=3, label="peak")
    ax.axvline(TEAMS_DAY, **{**plots.DAY_22, "zorder": 1}, label="day 22 (13 February)")
    ax.set_yticks(y, ordered["name_en"])
    ax.grid(axis="y", visible=False)
    if phone:
        _phone_axes(ax, PHONE_DAYS_AXIS, "")
        fig.legend(loc="outside lower center", ncols=1, frameon=False, fontsize=FONT["legend"])
    else:
        ax.set_xlabel(DAYS_AXIS)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8)
    return fig, ordered.drop(columns="contains_22")


#: How far toward white Fig. 4.7 draws the control cities' line (a share of the way).
DID_CONTROL_TINT = 0.4


def did_recoveries(means: pd.DataFrame, start: pd.Timestamp,
                   width: float = PAGE_WIDTH) -> tuple[plt.Figure, pd.DataFrame]:
    """The difference-in-differences design by group (``means``: the mean ``recovered`` and
    ``recovered_per_100`` by ``treated`` and ``date``): recoveries a day and per 100 under
    treatment, each in a panel named by its axis, the policy ``start`` marked. At the page's width
    (:data:`PAGE_WIDTH`) the panels stand side by side; narrower (a phone, :func:`_phone`) one
    above the other, sharing the dates, the axes' names on two lines."""
    phone = _phone(width)
    if phone:
        fig, (left, right) = plt.subplots(2, 1, figsize=(width, 4.6), sharex=True, layout="constrained")
    else:
        fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.4), layout="constrained")
    # The controls' indigo, a shade lighter: as dark as the assisted cities' wine, the two lines were
    # one grey in print and to a colour-blind reader (issue 27); lightened, they differ by ~22 L*.
    control = plots.mpl.colors.to_rgb(plots.GROUP_COLORS["control"])
    control = tuple(c + DID_CONTROL_TINT * (1 - c) for c in control)
    for treated, label, color in [(1, "11 assisted Hubei cities", plots.GROUP_COLORS["assisted"]),
                                  (0, "6 control cities", control)]:
        group = means[means["treated"] == treated]
        left.plot(group["date"], group["recovered"], color=color, label=label, lw=1.6)
        right.plot(group["date"], group["recovered_per_100"], color=color, label=label, lw=1.6)
    ylabels = (["recoveries a day\n(mean per city)", "recoveries per 100\nunder treatment"] if phone else
               ["recoveries a day (mean per city)", "recoveries per 100 under treatment"])
    for ax, ylabel in zip((left, right), ylabels):
        ax.axvline(start, **plots.DAY_22, label=did_start_label(start))
        ax.set_ylabel(ylabel, fontsize=FONT["label"])
        plots.date_axis(ax)
        if not phone or ax is right:
            ax.set_xlabel("date (2020)", fontsize=FONT["label"])
        ax.tick_params(labelsize=FONT["tick"])
    # The policy start's dashed line keyed beside the groups, on the page and on a phone (a fresh reader
    # found it unnamed on a phone, issue 27).
    fig.legend(handles=left.get_lines()[:3], loc="outside upper center", ncols=1 if phone else 3, frameon=False,
               fontsize=FONT["legend"])
    return fig, means.assign(group=means["treated"].map({1: "assisted", 0: "control"}))


def did_start_label(start: pd.Timestamp) -> str:
    """How Fig. 4.7's key names its dashed line: the policy's ``start``."""
    return f"{start.day} {start:%B}: the policy start"


#: The longest line, in characters, of a row's name on a phone's trend test (:func:`trend_departures`): at
#: :data:`FONT`'s tick size a phone's figure gives its names about a third of its width, some 15 characters.
PHONE_NAME_CHARS = 15


def trend_departures(effects: dict[str, Effect], width: float = PAGE_WIDTH) -> tuple[plt.Figure, pd.DataFrame]:
    """The day-22 trend test as its verdict reads it: for each way of carrying the earlier trend forward
    (:data:`pairing.analysis.dynamics.TREND_FORMS`, by key of ``effects``), how far the growth of the
    week after day 22 departed from it, in log points a day, with its 95% interval, beside zero and
    the change the claim implies. Returns the figure and the plotted frame. ``width`` (inches) below the
    page's lays it out for a phone (:func:`_phone`): the key in one column, the axis's name on two lines
    and each row's name wrapped at :data:`PHONE_NAME_CHARS`."""
    plotted = pd.DataFrame([{"trend": TREND_FORMS[form].name, "departure": effect.estimate * 100,
                             "low": effect.low * 100, "high": effect.high * 100, "claimed": effect.claimed * 100}
                            for form, effect in effects.items()])
    phone = _phone(width)
    fig, ax = plt.subplots(figsize=(width, 1.3 + 0.45 * len(plotted) + (0.5 if phone else 0)), layout="constrained")
    rows = np.arange(len(plotted))[::-1]
    ax.errorbar(plotted["departure"], rows, xerr=[plotted["departure"] - plotted["low"],
                                                  plotted["high"] - plotted["departure"]],
                fmt="o", ms=5, color=plots.GROUP_COLORS["assisted"], elinewidth=1.6, capsize=0,
                label="departure from the trend (95% interval)")
    ax.axvline(0, color="0.2", lw=0.8)
    ax.axvline(plotted["claimed"].iloc[0], color="black", lw=1.2, ls="--", label="the change the claim implies")
    names = [textwrap.fill(name, PHONE_NAME_CHARS) if phone else name for name in plotted["trend"]]
    ax.set_yticks(rows, labels=names)
    ax.set_ylim(rows.min() - 0.6, rows.max() + 0.6)
    ax.set_xlabel(("growth in the week after day 22\nagainst the trend, log points a day" if phone else
                   "growth in the week after day 22 against the trend (log points a day)"), fontsize=FONT["label"])
    ax.tick_params(labelsize=FONT["tick"])
    ax.grid(axis="y", visible=False)
    handles, labels = ax.get_legend_handles_labels()  # the departures first, then what they are read against
    fig.legend(handles[::-1], labels[::-1], loc="outside upper center", ncols=1 if phone else 2, frameon=False,
               fontsize=FONT["legend"])
    return fig, plotted


def event_study(studies: dict[str, EventStudy], claimed: dict[str, float], width: float = PAGE_WIDTH) -> plt.Figure:
    """The event study's estimates by day since each division's first team, growth (in log points)
    and cure rate, each in a panel named by its axis, with its interval; the days set to zero as
    open circles. The verdict's evidence beside them: the mean from arrival on with its interval (a
    band) and the change the claim implies (``claimed``, by outcome, in the estimates' units: a
    dashed line). At the page's width (:data:`PAGE_WIDTH`) the panels stand side by side, growth on
    the left; narrower (a phone, :func:`_phone`) growth above the cure rate, sharing the days, the
    axes' names on three lines and the key in one column."""
    phone = _phone(width)
    if phone:
        fig, axes = plt.subplots(2, 1, figsize=(width, 5.0), sharex=True, layout="constrained")
    else:
        fig, axes = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.6), sharex=True, layout="constrained")
    panels = [("growth", 100, "daily growth of patients under treatment\n(log points)"),
              ("cure_rate", 1, "recoveries a day per 100 under treatment\n(difference)")]
    if phone:  # the same names, on three lines
        panels = [("growth", 100, "daily growth of patients\nunder treatment\n(log points)"),
                  ("cure_rate", 1, "recoveries a day\nper 100 under treatment\n(difference)")]
    for ax, (outcome, scale, ylabel) in zip(axes, panels):
        table = studies[outcome].table
        shown = table[~table["normalised"]]
        ax.errorbar(shown["event_time"], shown["estimate"] * scale,
                    yerr=[(shown["estimate"] - shown["low"]) * scale, (shown["high"] - shown["estimate"]) * scale],
                    fmt="o", ms=3, color=plots.GROUP_COLORS["assisted"], ecolor=plots.GROUP_COLORS["assisted"],
                    elinewidth=1, capsize=0, label="estimate (95% bootstrap interval)")
        fixed = table[table["normalised"]]
        ax.plot(fixed["event_time"], fixed["estimate"], "o", ms=4, mfc="white", mec="black", label="set to zero")
        after, days_after = studies[outcome].after, [0, table["event_time"].max()]
        ax.fill_between(days_after, after.low * scale, after.high * scale, color=plots.GROUP_COLORS["assisted"],
                        alpha=0.15, lw=0, label="mean from arrival on (95% interval)")
        ax.plot(days_after, [claimed[outcome] * scale] * 2, color="black", lw=1.2, ls="--",
                label="the change the claim implies")
        ax.axhline(0, color="0.2", lw=0.8)
        ax.axvline(-0.5, color="0.3", lw=1, ls=":")
        if not phone or ax is axes[-1]:
            ax.set_xlabel("days since the division's first team\n(dispatched or arrived, as reported)",
                          fontsize=FONT["label"])
        ax.set_ylabel(ylabel, fontsize=FONT["label"])
        ax.tick_params(labelsize=FONT["tick"])
    keyed = dict(zip(*reversed(axes[0].get_legend_handles_labels())))
    order = ["estimate (95% bootstrap interval)", "set to zero", "mean from arrival on (95% interval)",
             "the change the claim implies"]  # the estimates first, then what the verdict weighs
    fig.legend([keyed[label] for label in order], order, loc="outside upper center", ncols=1 if phone else 2,
               frameon=False, fontsize=FONT["legend"])
    return fig
