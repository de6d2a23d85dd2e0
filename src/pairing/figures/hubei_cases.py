"""The data chapter's figures: Hubei's confirmed cases by division on a map, and the province's
patients under treatment by day. Each function draws one figure and returns it with the frame it
plots, for :func:`pairing.figures.plots.save_figure`."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from pairing.figures import plots

#: The two counting events the curve marks, with their labels (the 19 February one takes the number
#: of cases removed), and how high up the axis each label sits, as a share of the largest count.
COUNTING_EVENTS = [("2020-02-12", "12 Feb: clinical\ndiagnoses counted", 0.35),
                   ("2020-02-19", "19 Feb: {removed} cases\nremoved, re-added", 0.15)]
EVENT_COLOR = "#D55E00"
#: The size of the curve's text on a phone (points): 8-point text there shows at 11.8 px.
PHONE_FONT = 8
#: On a phone the events' labels lie above the curves, stacked (too narrow a plot to set them between
#: the curves as on the page): the height of each label's foot and of its two lines, and the top of the
#: axis, as multiples of the largest count.
PHONE_EVENT_HEIGHTS, PHONE_EVENT_ROOM, PHONE_TOP = (1.24, 1.05), 0.15, 1.42
#: The columns of the map's export: both populations and the rate over each.
MAP_COLUMNS = ["adcode", "name_en", "name_zh", "confirmed", "population", "population_basis", "population_grade",
               "confirmed_per_10k", "census_2020_population", "census_2020_grade", "confirmed_per_10k_census"]


def confirmed_map(mapped: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Confirmed cases per 10,000 residents (top, quantiles) and counted (bottom, Fisher–Jenks), k = 5,
    on ``mapped`` (:func:`pairing.analysis.casepanel.per_head`), stacked at the width of a page so
    that their labels read at the size of its text; the plotted frame is its :data:`MAP_COLUMNS`, by code.

    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws the same maps that
    wide (:func:`pairing.figures.plots.map_column`), naming the divisions whose names fit and numbering the rest in a key."""
    fig, axes, labels = plots.stacked_maps(mapped, 2, width, page=(7, 9.4, 0.16))
    plots.choropleth(mapped, "confirmed_per_10k", axes[0], scheme="Quantiles", k=5,
                     legend_title="confirmed cases per 10,000 residents", fmt="{:,.1f}", **labels)
    plots.choropleth(mapped, "confirmed", axes[1], scheme="FisherJenks", k=5, legend_title="confirmed cases",
                     fmt="{:,.0f}", **labels)
    if width is not None:
        plots.stack_maps(fig, axes)
    return fig, mapped[MAP_COLUMNS].sort_values("adcode")


def active_curve(daily: pd.DataFrame, removed: int, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Hubei's patients under treatment by day, with cumulative confirmed cases for scale and the
    counting events marked (``removed``: the cases removed on 19 February); ``daily`` is
    :func:`pairing.analysis.casepanel.hubei_daily`, also the plotted frame.

    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws it that wide, its
    text at :data:`PHONE_FONT`, a date a month and the key under the axes."""
    narrow = width is not None
    fig, ax = plt.subplots(**({"figsize": (width, width), "layout": plots.phone_layout()} if narrow else {}))
    ax.plot(daily["date"], daily["confirmed"], color="0.6", lw=1.5, label="confirmed (cumulative)")
    ax.plot(daily["date"], daily["active"], color=plots.GROUP_COLORS["Hubei"], label="under treatment")
    top = daily["confirmed"].max()
    lines, labels = [], []
    for (day, text, height), above in zip(COUNTING_EVENTS, PHONE_EVENT_HEIGHTS):
        # On a phone, over the curves: each event's line stops at its label, the first's above the second's.
        lines.append(ax.axvline(pd.Timestamp(day), color=EVENT_COLOR, lw=1, ls="--",
                                **({"ymax": (above + PHONE_EVENT_ROOM) / PHONE_TOP} if narrow else {})))
        labels.append(ax.annotate(text.format(removed=removed), (pd.Timestamp(day), top * (above if narrow else height)),
                                  xytext=(4, 0), textcoords="offset points", fontsize=8, color=EVENT_COLOR,
                                  va="bottom" if narrow else "baseline"))
    ax.set_ylabel("people", **({"fontsize": PHONE_FONT} if narrow else {}))
    ax.yaxis.set_major_formatter(plots.thousands())
    if narrow:
        ax.set_ylim(0, top * PHONE_TOP)
        ax.yaxis.set_major_locator(mticker.FixedLocator(range(0, int(top) + 1, 20_000)))
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
        ax.tick_params(labelsize=PHONE_FONT)
        ax.set_xlabel("date (2020)", fontsize=PHONE_FONT)
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=PHONE_FONT, handlelength=1.5,
                   columnspacing=1.0)
    else:
        ax.set_xlabel("date (2020)")
        plots.date_axis(ax)
        ax.legend(frameon=False, loc="center right")
    if narrow:
        _labels_stacked_clear(fig, labels, lines)
    else:
        _labels_clear_of_lines(fig, labels, lines)
    return fig, daily


def _labels_clear_of_lines(fig: plt.Figure, labels: list, lines: list) -> None:
    """Keep each event's label clear of the curves by :func:`curve_clearance` and of the other events'
    lines by :data:`EVENT_LABEL_CLEARANCE`, and inside the axes (:func:`clear_place`): where a line runs
    through it, try it left of its own line, then each side at :data:`EVENT_LABEL_HEIGHTS`, and keep the
    first place clear (a fresh reader found the 19 February line through the 12 February label, issue 27)."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = labels[0].axes
    top = max(ax.get_ylim())
    for label, own in zip(labels, lines):
        x, height = label.xy
        places = [(height, 1), (height, -1)] + [(share * top, side) for share in EVENT_LABEL_HEIGHTS for side in (1, -1)]
        clear_place(label, own, [(x, y, side) for y, side in places], renderer)


def _labels_stacked_clear(fig: plt.Figure, labels: list, lines: list) -> None:
    """A phone's events' labels over the curves, stacked: from the lowest up, each label rises from its
    height (:data:`PHONE_EVENT_HEIGHTS`) by :data:`PHONE_EVENT_STEP` until it keeps clear of the curves
    and of the other events' lines (:func:`clear_place`), and its own line stops at its top, so that
    the label above clears it in turn; where the top one finds no place inside the axes, the axes grow
    by :data:`PHONE_EVENT_STEP` and the labels are placed again (a fresh reader found the 19 February
    label sitting on the cumulative curve, issue 27)."""
    renderer = fig.canvas.get_renderer()
    ax = labels[0].axes
    heights = [label.xy[1] for label in labels]
    for _ in range(PHONE_EVENT_GROWTH):
        fig.draw_without_rendering()
        top = max(ax.get_ylim())
        placed = []
        for label, own, height in sorted(zip(labels, lines, heights), key=lambda trio: trio[2]):
            x = label.xy[0]
            steps = int((top - height) / (PHONE_EVENT_STEP * top)) + 1
            placed.append(clear_place(label, own, [(x, height + k * PHONE_EVENT_STEP * top, 1) for k in range(steps)],
                                      renderer))
            own.set_ydata([0, ax.transAxes.inverted().transform((0, label.get_window_extent(renderer).y1))[1]])
        if all(placed):
            return
        ax.set_ylim(0, top * (1 + PHONE_EVENT_STEP))


def clear_place(label, own, places: list, renderer) -> bool:
    """Put ``label`` (an annotation of an event, beside its ``own`` line) at the first of ``places``
    ((x, y) in data units and the side of its line, 1 right or -1 left) where its box, inside the axes,
    keeps :func:`curve_clearance` from every curve and :data:`EVENT_LABEL_CLEARANCE` from every other
    event's line (:func:`crosses`); with none clear, at the first (the tests say so). Whether one was."""
    ax = label.axes
    fig = ax.figure
    offset = abs(label.xyann[0])
    others = [line for line in ax.get_lines() if line is not own]
    for x, y, side in places + places[:1]:
        label.xy = (x, y)
        label.xyann = (side * offset, label.xyann[1])
        label.set(ha="left" if side > 0 else "right")
        box = label.get_window_extent(renderer)
        inside = ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1 and ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1
        if inside and not any(crosses(box.padded(clearance(label, line) * fig.dpi / 72), line) for line in others):
            return True
    return False


def clearance(label, line) -> float:
    """The room, in points, ``label`` keeps from ``line``: :func:`curve_clearance` from a curve (a
    line in the key), :data:`EVENT_LABEL_CLEARANCE` from another event's line."""
    return curve_clearance(label) if not line.get_label().startswith("_") else EVENT_LABEL_CLEARANCE


def curve_clearance(label) -> float:
    """The room, in points, an event's label keeps from a curve: a line of its own text, so that it
    reads as the event's and not as sitting on the curve (3 points were not enough, issue 27)."""
    return label.get_fontsize() * LINE_SPACING


#: Heights (shares of the axis's top) at which an event's label may go when a line runs through it,
#: and the room it keeps from another event's line (points).
EVENT_LABEL_HEIGHTS = (0.6, 0.8, 0.45, 0.25, 0.05)
EVENT_LABEL_CLEARANCE = 3
#: The height of a line of text, in multiples of its size (matplotlib's line spacing).
LINE_SPACING = 1.2
#: The step by which a phone's event label rises until it is clear (a share of the axis's top).
PHONE_EVENT_STEP = 0.005
#: The most times a phone's axes grow to make room for its events' labels.
PHONE_EVENT_GROWTH = 40


def crosses(box, line) -> bool:
    """Whether ``line`` (any Line2D of the axes: a curve or an event's line) runs through ``box``
    (display units)."""
    path = line.get_transform().transform_path(line.get_path())
    return path.intersects_bbox(box, filled=False)
