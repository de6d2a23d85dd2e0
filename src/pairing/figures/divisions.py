"""The figures of the divisions chapter: the map of Hubei's 17 divisions that opens it
(:func:`index_map`) and each division's figure (:func:`division_figure`): its patients under
treatment above Hubei's, and where it lies in Hubei.

The functions draw from the frames and values they are given (:mod:`pairing.report.divisions`
chooses the data and the words) and return the figure. A division's figure is drawn as wide as a
chapter page shows it at its own size (under 6.98 inches as saved: 768 pixels at 110 pixels an
inch), so that its smallest text, :data:`SMALLEST` points, is at least 11 pixels high on the page.
Its labels go where nothing crosses them: the day-22 line's at the line's top, on its right, so
that it names the line and not the days 20–21 band on its left; the peak's beside its dot but clear
of the band, the line and the other labels; the first team's under its triangle, in the gap
between the two panels, where no line runs; Wuhan's on the locator inside Wuhan but off the ring
round a small division. Each function also draws a phone's layout, given a phone's ``width``: the
map across the phone with its key under it, the locator under the curves.
"""

from __future__ import annotations

import geopandas as gpd
import matplotlib.pyplot as plt
from matplotlib import patheffects
import numpy as np
import pandas as pd
import shapely

from pairing import facts
from pairing.figures import plots

#: A division drawn smaller than this share of Hubei's area is ringed on its locator map, so it can be found.
SMALL_SHARE = 0.02
#: The size a division's figure is drawn at, in inches: as wide as the page shows it at its own size.
FIGSIZE = (6.75, 3.35)
#: The smallest text of a division's figure, in points (11.5 pixels at 110 pixels an inch).
SMALLEST = 7.5
#: The other sizes, in points.
TEXT_SIZE, LABEL_SIZE, NAME_SIZE = 8.0, 8.5, 9.0
#: Diameter of the ring round a small division, in points.
RING = 24
#: Clear space kept between a label and what it must not touch, in points.
CLEARANCE = 2.0
#: The gap between the day-22 line and its label on the line's right, in points.
DAY22_GAP = 3.0
#: The first team's triangle, on the time axis: above the days 20–21 band, the day-22 line and the
#: axis (their z-orders are 0, 2 and 2.5), outlined in near-black and haloed in white, so that it
#: shows whatever its colour and wherever it falls, in the band or on the line.
TEAM_MARKER = dict(marker="^", ms=7, mec="0.1", mew=0.8, clip_on=False, zorder=5,
                   path_effects=[patheffects.withStroke(linewidth=2.2, foreground="white")])
#: A division's figure as a phone shows it (:func:`division_figure` with a ``width``), from top to
#: bottom, in inches: the margin, its curve, the gap for the first team's label, Hubei's curve, the
#: gap for the days and their axis's name, the locator map, the margin; and the margins left and right.
PHONE_HEIGHTS = (0.04, 1.45, 0.3, 0.75, 0.62, 1.85, 0.02)
PHONE_LEFT, PHONE_RIGHT = 0.8, 0.04
#: The room a phone's index map leaves under the map for the key of numbered divisions, in inches.
PHONE_KEY_HEIGHT = 0.95


def _phone_width(width: float | None) -> float | None:
    """The width to draw a phone's figure at, in inches, or None for the page's: a ``width`` narrower
    than the page's figure (:data:`FIGSIZE`), less the margins of its saved image, so that the image
    is no wider than ``width`` and its text (:data:`SMALLEST` points) legible in a phone's column."""
    if width is None or width >= FIGSIZE[0]:
        return None
    return width - 2 * plt.rcParams["savefig.pad_inches"]


def index_map(frame: gpd.GeoDataFrame, names: dict[str, str], width: float | None = None) -> plt.Figure:
    """Hubei's 17 divisions (``frame``: adcode and geometry), each in its book colour and named in
    place by ``names`` (or numbered and named in the key where its name does not fit). With a phone's
    ``width`` (inches, :func:`_phone_width`) the map is as wide as the phone and the key under it."""
    inner = _phone_width(width)
    if inner is None:
        fig, ax = plt.subplots(figsize=(8, 5.2))
    else:
        x0, y0, x1, y1 = frame.total_bounds
        fig, ax = plt.subplots(figsize=(inner, inner * (y1 - y0) / (x1 - x0) + PHONE_KEY_HEIGHT))
        fig.subplots_adjust(left=0, right=1, top=1, bottom=0)
        ax.set_anchor("N")  # the map at the top, the room for the key under it
    plots.shapes(frame, ax, color=[plots.CITY_COLORS[c] for c in frame["adcode"]], edgecolor="white", linewidth=0.6)
    ax.set_axis_off()
    ax.set_aspect("equal")
    plots.label_divisions(ax, frame, names, fontsize=7.5)
    return fig


def free_span(width: float, anchor: float, bounds: tuple[float, float], blocked: list[tuple[float, float]],
              gap: float) -> float | None:
    """Where a label ``width`` wide goes along a line, as its left end: the place nearest ``anchor``
    (the point it labels) that lies within ``bounds`` and keeps ``gap`` clear of every ``blocked``
    interval, or None if there is none. A label right beside the anchor (``gap`` away, on the right
    first, then on the left) is as near as one over it; places next to a blocked interval or
    against a bound come next, nearest first."""
    lo, hi = bounds
    candidates = [anchor + gap, anchor - gap - width, anchor - width / 2,
                  max(lo, anchor - width / 2), min(hi - width, anchor - width / 2)]
    for a, b in blocked:
        candidates += [b + gap, a - gap - width]
    candidates += [lo, hi - width]

    def clear(x: float) -> bool:
        return (lo - 1e-9 <= x and x + width <= hi + 1e-9
                and all(x + width + gap <= a + 1e-9 or x >= b + gap - 1e-9 for a, b in blocked))

    def distance(x: float) -> float:
        return round(max(x - anchor, anchor - (x + width), gap), 6)  # equals stay equal despite rounding errors

    fits = [x for x in candidates if clear(x)]
    return min(fits, key=distance) if fits else None  # min keeps the first of equals: the order above


def _points(fig: plt.Figure, value: float) -> float:
    """``value`` points in display units (pixels)."""
    return value * fig.dpi / 72


def division_figure(own: pd.DataFrame, hubei: pd.DataFrame, *, adcode: str, name: str, color: str,
                    peak: tuple[int, int], hubei_peak: tuple[int, int], shapes: gpd.GeoDataFrame,
                    team_day: int | None, last_day: int, width: float | None = None) -> plt.Figure:
    """A division's figure: its patients under treatment by day (``own``: day, active; in ``color``,
    on its own scale, its ``peak`` (day, count) marked and labelled) above Hubei's 17 together
    (``hubei``, ``hubei_peak``; their own scale), the days 20–21 band and the day-22 line marked as
    every figure of the book marks them, the first team's day (``team_day``, or None) as a triangle
    on the time axis; beside them, the division ``adcode`` highlighted on a map of Hubei (``shapes``:
    adcode and geometry, in an equal-area projection), Wuhan outlined and named.

    With a phone's ``width`` (inches, :func:`_phone_width`) the map goes under the curves, across the
    phone (:data:`PHONE_HEIGHTS`), and the days axis's name takes two lines."""
    inner = _phone_width(width)
    if inner is None:
        fig = plt.figure(figsize=FIGSIZE)
        grid = fig.add_gridspec(2, 2, width_ratios=[1.5, 1], height_ratios=[2, 1], hspace=0.24, wspace=0.03,
                                left=0.125, right=0.995, top=0.985, bottom=0.165)
        top = fig.add_subplot(grid[0, 0])
        bottom = fig.add_subplot(grid[1, 0], sharex=top)
        where = fig.add_subplot(grid[:, 1])
    else:
        height = sum(PHONE_HEIGHTS)
        fig = plt.figure(figsize=(inner, height))
        margin, own_h, team_gap, hubei_h, days_gap, map_h, _ = PHONE_HEIGHTS
        panel = (PHONE_LEFT / inner, (inner - PHONE_LEFT - PHONE_RIGHT) / inner)

        def box(y_top: float, h: float, left: float, w: float) -> tuple[float, float, float, float]:
            return left, (height - y_top - h) / height, w, h / height

        top = fig.add_axes(box(margin, own_h, *panel))
        bottom = fig.add_axes(box(margin + own_h + team_gap, hubei_h, *panel), sharex=top)
        where = fig.add_axes(box(height - PHONE_HEIGHTS[-1] - map_h, map_h, 0, 1))
    names = {}
    for ax, curve, line_color, label, (peak_day, peak_count) in [
            (top, own, color, name, peak), (bottom, hubei, plots.GROUP_COLORS["Hubei"], "all Hubei", hubei_peak)]:
        ax.axvspan(19.5, 21.5, **plots.DAYS_20_21)
        ax.axvline(facts.TEAMS_AT_WORK_DAY, **plots.DAY_22)
        ax.plot(curve["day"], curve["active"], color=line_color, lw=2 if ax is top else 1.4)
        ax.plot(peak_day, peak_count, "o", color=line_color, ms=4.5, zorder=3)
        ax.set_ylim(0, peak_count * 1.3 if peak_count else 1)
        ax.yaxis.set_major_locator(plt.MaxNLocator(3 if ax is top else 2, integer=True))
        ax.yaxis.set_major_formatter(plots.thousands())
        ax.tick_params(labelsize=SMALLEST)
        names[ax] = ax.text(0.99, 0.96, label, transform=ax.transAxes, ha="right", va="top", fontsize=NAME_SIZE,
                            fontweight="bold" if ax is top else "normal", color="0.15")
    top.tick_params(labelbottom=False)
    top.set_xlim(1, last_day)
    top.set_ylabel("patients under\ntreatment", fontsize=LABEL_SIZE)
    bottom.set_xlabel("day since the lockdown of Wuhan" + ("\n" if inner else " ") + "(23 January 2020 = day 1)",
                      fontsize=LABEL_SIZE)
    day22 = _day22_label(top)
    _peak_label(top, f"peak {peak[1]:,}, day {peak[0]}", peak, obstacles=[names[top], day22])
    if team_day is not None:  # the division's own date, beside the letter's one date for all
        if not 1 <= team_day <= last_day:
            raise ValueError(f"{name}: its first team's day {team_day} lies outside the figure's days 1 to {last_day}")
        top.plot(team_day, 0, **TEAM_MARKER, color=color)
        _team_label(top, f"first team, day {team_day}", team_day)
    _locator(where, shapes, adcode, color)
    return fig


def _day22_label(ax: plt.Axes) -> plt.Text:
    """Name the day-22 line at its top, just right of it: the days 20–21 band lies on its left, and
    the curves, which never rise above 1/1.3 of the panel (their peak sets its height), stay below."""
    return ax.annotate(f"day {facts.TEAMS_AT_WORK_DAY}", (facts.TEAMS_AT_WORK_DAY, 1), xycoords=("data", "axes fraction"),
                       xytext=(DAY22_GAP, -2), textcoords="offset points", fontsize=SMALLEST, ha="left", va="top",
                       color="0.25")


def _peak_label(ax: plt.Axes, text: str, peak: tuple[int, int], obstacles: list) -> plt.Text:
    """Label the peak just above its dot, on the side where the label crosses neither the days
    20–21 band nor the day-22 line nor another label (``obstacles``): the curve never rises above
    its peak, so nothing else is in the way. Where no place at the peak's height is clear (a
    narrow panel: a phone's), the label goes under the first obstacle, the panel's name, at the
    top right, where the curves have fallen."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    day, count = peak
    label = ax.annotate(text, (day, count), xytext=(0, 3), textcoords="offset points", fontsize=TEXT_SIZE,
                        ha="left", va="bottom")
    box = label.get_window_extent(renderer)
    to_px = ax.transData.transform
    anchor = to_px((day, count))[0]
    band = (to_px((19.5, 0))[0], to_px((facts.TEAMS_AT_WORK_DAY, 0))[0] + _points(fig, 0.5))
    blocked = [band]
    for other in obstacles:
        extent = other.get_window_extent(renderer)
        if extent.y1 > box.y0 - _points(fig, CLEARANCE) and extent.y0 < box.y1 + _points(fig, CLEARANCE):
            blocked.append((extent.x0, extent.x1))
    frame = ax.get_window_extent(renderer)
    left = free_span(box.width, anchor, (frame.x0 + _points(fig, 1), frame.x1 - _points(fig, 1)), blocked,
                     _points(fig, 4))
    if left is None:  # nowhere clear at the peak's height: under the name
        name = obstacles[0].get_window_extent(renderer)
        top = name.y0 - _points(fig, CLEARANCE) - box.height
        label.xyann = ((name.x1 - box.width - anchor) * 72 / fig.dpi, (top - to_px((day, count))[1]) * 72 / fig.dpi)
        return label
    label.xyann = ((left - anchor) * 72 / fig.dpi, 3)
    return label


def _team_label(ax: plt.Axes, text: str, day: int) -> plt.Text:
    """Label the first team's triangle just under it, below the panel's time axis, where neither
    the day-22 line nor a curve runs; moved sideways only as far as keeps it within the panel."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    label = ax.annotate(text, (day, 0), xytext=(0, -6), textcoords="offset points", fontsize=SMALLEST,
                        ha="center", va="top", color="0.15", annotation_clip=False)
    box, frame = label.get_window_extent(renderer), ax.get_window_extent(renderer)
    shift = max(0.0, frame.x0 - box.x0) - max(0.0, box.x1 - frame.x1)
    label.xyann = (shift * 72 / fig.dpi, -6)
    return label


def _locator(ax: plt.Axes, shapes: gpd.GeoDataFrame, adcode: str, color: str) -> None:
    """The division highlighted on a map of Hubei, ringed if small; Wuhan outlined and named."""
    plots.shapes(shapes, ax, color="0.9", edgecolor="white", linewidth=0.5)
    here = shapes[shapes["adcode"] == adcode]
    plots.shapes(here, ax, color=color, edgecolor="0.1", linewidth=0.9)
    ring = None
    if here.area.iloc[0] < SMALL_SHARE * shapes.area.sum():  # a small division is ringed, so the eye finds it
        ring = here.geometry.representative_point().iloc[0]
        ax.plot(ring.x, ring.y, "o", ms=RING, mfc="none", mec="0.1", mew=1.2)
    ax.set_axis_off()
    ax.set_aspect("equal")
    if adcode == facts.WUHAN:
        return
    wuhan = shapes[shapes["adcode"] == facts.WUHAN]
    plots.shapes(wuhan.boundary, ax, color="0.35", linewidth=0.6)
    x, y = _inside_label_point(ax, "Wuhan", wuhan.geometry.iloc[0], avoid=here.geometry.iloc[0], ring=ring)
    ax.annotate("Wuhan", (x, y), ha="center", va="center", fontsize=SMALLEST, color="0.2", bbox=plots.LABEL_BOX)


def _inside_label_point(ax: plt.Axes, text: str, geom, avoid, ring) -> tuple[float, float]:
    """Where a label of ``geom`` goes: the point of ``geom`` nearest its representative point whose
    label (with its box) touches neither the ``avoid`` shape nor the disc of the ring about
    ``ring`` (a point, or None)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    probe = ax.text(0, 0, text, fontsize=SMALLEST, ha="center", va="center", bbox=plots.LABEL_BOX)
    probe.draw(renderer)  # which sets its box about it
    extent = probe.get_bbox_patch().get_window_extent(renderer)
    probe.remove()
    per_px = abs(ax.transData.inverted().transform((1, 0))[0] - ax.transData.inverted().transform((0, 0))[0])
    margin = _points(fig, CLEARANCE) * per_px
    half_w, half_h = extent.width / 2 * per_px + margin, extent.height / 2 * per_px + margin
    start = geom.representative_point()
    x0, y0, x1, y1 = geom.bounds
    step = min(x1 - x0, y1 - y0) / 25
    xs, ys = np.meshgrid(np.arange(x0, x1 + step, step), np.arange(y0, y1 + step, step))
    points = shapely.points(xs.ravel(), ys.ravel())
    points = points[shapely.contains(geom, points)]
    order = np.argsort(shapely.distance(points, start), kind="stable")
    radius = _points(fig, RING / 2 + 0.6) * per_px  # the ring's outer edge
    for point in [start, *points[order]]:
        box = shapely.box(point.x - half_w, point.y - half_h, point.x + half_w, point.y + half_h)
        if box.intersects(avoid):
            continue
        if ring is not None and box.distance(ring) < radius:
            continue
        return point.x, point.y
    return start.x, start.y
