"""The pairing map (the letter's Fig. 2): who sent teams to Hubei, and which province was paired
with which city.

Two panels, one above the other, so that the figure reads at the width of a page:

* a map of China with every provincial-level unit (Taiwan, Hong Kong and Macao included) filled and
  named, classed by what it sent (:func:`pairing.analysis.aid.sender_classes`): a paired province in
  the colour of its Hubei city (:data:`pairing.figures.plots.CITY_COLORS`), striped when it has
  several; and, as Chinese national maps give them, the South China Sea Islands and China's maritime
  boundary line in an inset at the lower right;
* Hubei enlarged, each of its cities in the same colour, with one curve per pairing from a label naming
  the province and its city to a point inside the city (:func:`pairing.analysis.aid.pairing_arcs`).

Every drawn province and link carries an id (``gid``): ``province-<adcode>``, ``city-<adcode>`` and
``link-<province adcode>-<city adcode>``; the SVG export keeps them, so a test can find what was
drawn.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import geopandas as gpd
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
import shapely.ops
import shapely.plotting
from matplotlib import patheffects
from matplotlib.legend_handler import HandlerTuple
from matplotlib.patches import Patch

from pairing import facts
from pairing.data import geo
from pairing.analysis import aid

#: The fill of the units that sent no team to a city (paired provinces take their city's colour):
#: the palest land of the map, so that every city colour stands apart from it, also as a reader with
#: deuteranopia or protanopia sees it (:func:`seen_as`; tests/test_pairmap.py).
NOT_PAIRED = "#f0f0f0"
#: The fill of the units outside the mainland's dispatch of teams (Taiwan, Hong Kong and Macao): a pale
#: sand, filled as land like every other unit.
OUTSIDE = "#f2e8cf"
#: Fill of each class of :data:`pairing.analysis.aid.SENDER_CLASSES` but paired (in its city's colour)
#: and Hubei (each of its cities in its colour): (face, hatch).
CLASS_STYLE = {
    aid.MEDICAL: (NOT_PAIRED, None),
    aid.DISEASE_CONTROL: (NOT_PAIRED, "////"),  # hatched
    aid.OUTSIDE_DISPATCH: (OUTSIDE, None),
    aid.NO_TEAM: ("white", "...."),  # a unit of the mainland no source names: white, dotted
}
EDGE = "0.45"
#: The English names of the units outside the book's table of provinces (the mainland's 31).
OUTSIDE_MAINLAND = {"710000": "Taiwan", "810000": "Hong Kong", "820000": "Macao"}
#: The label of Wuhan's link, which comes from the whole country, not from a partner province.
COUNTRY = "whole country"
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
#: The figure's width (inches) and the size of all its text (points): drawn at the width the page
#: shows it, so that its smallest text is 11 px there (see :func:`pairing.figures.plots.set_style`).
WIDTH, FONTSIZE = 6.9, 7.5
#: The longest line of the legend, in characters: it fits the column beside the map of China.
LEGEND_WRAP = 22
#: The box around each label of a link beside the map of Hubei, its padding (in units of the font
#: size) and how far (points) the label stands from the start of its link.
LINK_PAD, LINK_OFFSET = 0.25, 3
LINK_BOX = {"boxstyle": f"round,pad={LINK_PAD}", "fc": "white", "lw": 1.2}
#: The scale of the South China Sea inset, as a share of the map of China's.
INSET_SCALE = 0.75


# -- colour as a reader with a colour vision deficiency sees it --------------------------------------

#: Machado, Oliveira & Fernandes (2009), severity 1: the linear-RGB matrices of the two common
#: red-green dichromacies.
DICHROMACY = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def seen_as(color, deficiency: str | None = None) -> np.ndarray:
    """The sRGB (0–1) of ``color`` as a reader with ``deficiency`` (a key of :data:`DICHROMACY`, or
    None for normal vision) sees it."""
    rgb = np.array(mpl.colors.to_rgb(color))
    if deficiency is None:
        return rgb
    seen = np.clip(DICHROMACY[deficiency] @ _linear(rgb), 0, 1)
    return np.where(seen <= 0.0031308, 12.92 * seen, 1.055 * seen ** (1 / 2.4) - 0.055)


def lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour (0–1)."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ _linear(rgb)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def color_difference(a: np.ndarray, b: np.ndarray) -> float:
    """The CIEDE2000 difference of two sRGB colours (0–1): about 1 is the least an eye tells apart
    side by side; two areas apart on a map need many times that."""
    return ciede2000(lab(a), lab(b))


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """The CIEDE2000 difference of two CIELAB colours (Sharma, Wu & Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    h_mean = (h1 + h2 if c1 * c2 == 0 else (h1 + h2) / 2 if abs(h1 - h2) <= 180
              else (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2)
    t = (1 - 0.17 * np.cos(np.radians(h_mean - 30)) + 0.24 * np.cos(np.radians(2 * h_mean))
         + 0.32 * np.cos(np.radians(3 * h_mean + 6)) - 0.20 * np.cos(np.radians(4 * h_mean - 63)))
    rotation = (-2 * np.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7))
                * np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2)))))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    dl, dc, dhue = (l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h
    return float(np.sqrt(dl ** 2 + dc ** 2 + dhue ** 2 + rotation * dc * dhue))


def link_label(province: str, cities: list[str]) -> str:
    """The label of a province's links: ``"Guangxi → Shiyan"``; a long one (Shanxi's three
    cities) goes on to a second line."""
    text = f"{province} → " + ", ".join(cities)
    if len(text) > 24:
        text = f"{province} → {cities[0]},\n" + ", ".join(cities[1:])
    return text


def text_width(texts: list[str], fontsize: float) -> float:
    """The width, in inches, of the widest of ``texts`` at ``fontsize`` as the renderer draws it."""
    scratch = plt.figure()
    renderer = scratch.canvas.get_renderer()
    widest = max(scratch.text(0, 0, text, fontsize=fontsize).get_window_extent(renderer).width for text in texts)
    plt.close(scratch)
    return widest / scratch.dpi


#: The units too small for their names, named beside them: offset from the point inside them
#: (points) and the alignment of the name.
BESIDE = {"120000": (6, 0, "left"), "110000": (-11, 10, "right"), "310000": (6, 0, "left"),
          "810000": (5, -3, "left"), "820000": (-3, -7, "right")}
#: The units of :data:`BESIDE` that other provinces enclose, so that their name, beside them, lies
#: over a neighbour's land (Beijing's, over Hebei): a short leader line joins the name to its unit.
LEADER = {"110000"}
LEADER_STYLE = {"color": "0.15", "lw": 0.7, "solid_capstyle": "butt", "zorder": 2.6}
#: Clear space kept around every province's name, in points (its white halo is 1.25).
NAME_MARGIN = 2.0


def area_inside(xs: np.ndarray, ys: np.ndarray, half_width: float, half_height: float, polygon) -> np.ndarray:
    """The area inside ``polygon`` of each box centred at (``xs``, ``ys``), ``2 × half_width`` by
    ``2 × half_height``: each against the part of ``polygon`` in a window two boxes wide and two
    tall around it, cut once for all the boxes centred in the window, rather than against the whole
    outline (an overlay takes time in proportion to the vertices)."""
    areas = np.zeros(len(xs))
    if not len(xs):
        return areas
    column = np.floor((xs - xs.min()) / (2 * half_width)).astype(int)
    row = np.floor((ys - ys.min()) / (2 * half_height)).astype(int)
    for cell in set(zip(column, row)):
        members = (column == cell[0]) & (row == cell[1])
        left, low = xs.min() + cell[0] * 2 * half_width, ys.min() + cell[1] * 2 * half_height
        window = shapely.box(left - half_width, low - half_height, left + 3 * half_width, low + 3 * half_height)
        part = shapely.intersection(polygon, window)
        boxes = shapely.box(xs[members] - half_width, ys[members] - half_height, xs[members] + half_width,
                            ys[members] + half_height)
        areas[members] = shapely.area(shapely.intersection(boxes, part))
    return areas


def _without_islets(geometry, smallest: float):
    """``geometry``'s polygons of area ``smallest`` or more, and its largest whatever its area."""
    parts = shapely.get_parts(geometry)
    areas = shapely.area(parts)
    return shapely.multipolygons(parts[(areas >= smallest) | (areas == areas.max())])


def name_provinces(ax: plt.Axes, shapes: gpd.GeoSeries, labels: dict[str, str], avoid=None,
                   fitting: bool = False, name_margin: float = NAME_MARGIN,
                   must_name: frozenset | set = frozenset()) -> dict[str, mpl.text.Text]:
    """Write each province's name (``labels``: adcode -> name; ``shapes``: geometries by adcode, in
    the axes' data units), dark with a white halo, where it overlaps no other name nor anything of
    ``avoid`` (a shapely geometry).

    A unit of :data:`BESIDE` is named beside its point (joined to it by a leader line if it is of
    :data:`LEADER`); any other province at the place nearest its visual centre (pole of
    inaccessibility) where at least 70% of its name lies inside it, else half, else its centre, else
    beside it (part of the name over it); the provinces with the fewest places of the first two
    kinds are named first. Call it once the axes' size and limits are final.

    ``fitting`` (a phone's small map): a name only where it fits, the first two kinds of place, or
    beside its unit over no other unit's land (the sea's: Taiwan, Hainan, Shanghai), and inside the
    axes' limits (the phone's map fills the figure's width); a unit with no
    such place, those of :data:`BESIDE` among them if their name lies over a neighbour, goes unnamed,
    but for those of ``must_name`` (the paired provinces, which a reader looks for by name): these are
    named first, in place where their name fits (half over its unit only if the rest lies over no other
    unit of ``must_name``, whose name it would seem), and a unit of them that fits nowhere gets its name
    beside it with a leader line (:func:`_name_with_leader`), before the other units are named where
    they still fit. Each name on a phone takes, of its places of the best kind, the nearest its centre
    that leaves every unit still to be named a place of the kind it had. ``name_margin``: the clear
    space around a name, in points. Returns the names drawn, by adcode."""
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    per_pixel = 1 / abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    per_point = per_pixel * ax.figure.dpi / 72
    margin = name_margin * per_point

    def half_size(text: str) -> tuple[float, float]:
        probe = ax.text(0, 0, text, fontsize=FONTSIZE, ha="center", va="center")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        return extent.width * per_pixel / 2 + margin, extent.height * per_pixel / 2 + margin

    (fx0, fx1), (fy0, fy1) = ax.get_xlim(), ax.get_ylim()
    frame = shapely.box(fx0, fy0, fx1, fy1)

    def clear_of(boxes: np.ndarray, other) -> np.ndarray:
        if other is None or other.is_empty:
            return np.ones(len(boxes), bool)
        shapely.prepare(other)
        return ~shapely.intersects(other, boxes)

    drawn: dict[str, mpl.text.Text] = {}

    def draw_name(code: str, x: float, y: float, ha: str = "center") -> None:
        drawn[code] = ax.text(x, y, labels[code], ha=ha, va="center", fontsize=FONTSIZE, color="black",
                              path_effects=HALO)

    placed: list = []  # boxes of the names drawn, margins included
    points = shapes.representative_point()
    # The land of every unit but one (for ``fitting``: a name beside its unit must lie over none of it).
    # Outlines simplified to the margin, which is all the test can tell apart, and without the islets
    # smaller than the margin squared (but a unit's largest part), which a name's halo covers:
    # buffering the full outlines took seconds, and their two thousand islets most of it.
    simple = {code: _without_islets(geom.simplify(margin), margin ** 2) for code, geom in shapes.items()} if fitting else {}
    land = shapely.union_all(list(simple.values())) if fitting else None

    def others_land(code: str):
        return land.difference(simple[code].buffer(margin)) if fitting else None

    def paired_land(code: str):
        """The land of the units of ``must_name`` but ``code``, short of the margin."""
        return shapely.union_all([simple[other].buffer(-margin) for other in must_name if other != code])

    must_name = set(must_name) & set(labels) if fitting else set()
    for code, (dx, dy, ha) in BESIDE.items():
        if code not in labels or code in must_name:  # those a reader must find: their own rule, below
            continue
        w, h = half_size(labels[code])
        x, y = points[code].x + dx * per_point, points[code].y + dy * per_point
        cx = {"left": x + w - margin, "right": x - w + margin, "center": x}[ha]
        box = shapely.box(cx - w, y - h, cx + w, y + h)
        if fitting and (not shapely.contains(frame, box) or not clear_of(np.array([box]), others_land(code))[0]
                        or not clear_of(np.array([box]), shapely.union_all(placed) if placed else None)[0]):
            continue
        placed.append(box)
        draw_name(code, x, y, ha)
        if code in LEADER:  # from inside the unit to the name's nearer end, short of its halo
            end = np.array([x, y]) + np.sign([points[code].x - x, points[code].y - y]) * 2 * per_point
            ax.plot([points[code].x, end[0]], [points[code].y, end[1]], **LEADER_STYLE)

    options = {}
    for code in labels:
        if code in BESIDE and code not in must_name:
            continue
        w, h = half_size(labels[code])
        main = max(getattr(shapes[code], "geoms", [shapes[code]]), key=lambda part: part.area)
        pole = shapely.ops.polylabel(main, tolerance=h / 4)
        shapely.prepare(main)  # for the predicates
        x0, y0, x1, y1 = main.bounds
        gx, gy = np.meshgrid(np.arange(x0 - w, x1 + w, h / 3), np.arange(y0 - h, y1 + h, h / 3))
        xs, ys = np.concatenate([[pole.x], gx.ravel()]), np.concatenate([[pole.y], gy.ravel()])
        inside = shapely.contains_xy(main, xs, ys)
        tw, th = w - margin, h - margin  # what lies inside is measured on the text, without its margin
        text_boxes = shapely.box(xs - tw, ys - th, xs + tw, ys + th)
        share = shapely.contains_properly(main, text_boxes).astype(float)  # 1 if wholly inside
        # The share decides only for a name centred inside and across the outline: measured for those alone.
        across = inside & (share == 0)
        share[across] = area_inside(xs[across], ys[across], tw, th, main) / (4 * tw * th)
        # Centred inside, or beside with a corner of the name over it.
        keep = inside | shapely.intersects(main, text_boxes)
        order = np.flatnonzero(keep)[np.argsort(np.hypot(xs[keep] - pole.x, ys[keep] - pole.y), kind="stable")]
        xs, ys, inside, share = xs[order], ys[order], inside[order], share[order]
        boxes = shapely.box(xs - w, ys - h, xs + w, ys + h)
        allowed = clear_of(boxes, avoid)
        if fitting:  # beside the unit, over the sea only, and on the map
            sea = clear_of(boxes, others_land(code))
            allowed &= ((inside & (share >= 0.5)) | sea) & shapely.contains(frame, boxes)
            if code in must_name:  # half over another paired unit, a name would read as that unit's
                allowed &= (inside & (share >= 0.7)) | sea | clear_of(boxes, paired_land(code))
        options[code] = (xs, ys, boxes, share, inside, allowed)

    def name_in_place(remaining: list[str]) -> None:
        while remaining:
            ranked = {}
            taken = shapely.union_all(placed) if placed else None
            for code in remaining:
                _, _, boxes, share, inside, allowed = options[code]
                free = allowed & clear_of(boxes, taken)
                rules = [free & inside & (share >= 0.7), free & inside & (share >= 0.5), free & inside, free]
                if fitting:
                    rules = [rules[0], rules[1], free]  # ``allowed`` kept only the places that fit
                ranked[code] = (next((np.flatnonzero(rule) for rule in rules if rule.any()), np.array([], int)),
                                int((free & inside & (share >= 0.5)).sum()))
            code = min(remaining, key=lambda code: (ranked[code][1], shapes[code].area))
            remaining.remove(code)
            xs, ys, boxes, *_ = options[code]
            if fitting and not len(ranked[code][0]):
                continue  # nowhere it fits: unnamed
            i = ranked[code][0][0] if len(ranked[code][0]) else 0  # nowhere free: at the pole (a test would see it)
            if fitting and len(ranked[code][0]) > 1:
                # Of the places of its best kind, the nearest its centre that leaves each unit still to be
                # named a place of the kind it has now (Guizhou's nearest took all of Hunan's).
                rule = ranked[code][0]
                kind = {other: ranked[other][0] for other in remaining if len(ranked[other][0])}
                stranded = np.zeros(len(rule), int)
                for other, theirs in kind.items():
                    stranded += shapely.intersects(boxes[rule][:, None], options[other][2][theirs][None, :]).all(axis=1)
                i = rule[int(np.argmin(stranded))]
            placed.append(boxes[i])
            draw_name(code, xs[i], ys[i])

    first = [code for code in options if code in must_name]
    name_in_place(list(first))
    for code in sorted((code for code in first if code not in drawn), key=lambda code: shapes[code].area):
        # The smallest first: they have the fewest places near them.
        _name_with_leader(ax, code, labels[code], shapes[code], half_size, placed, avoid, frame, others_land,
                          paired_land, per_point, margin, draw_name)
    name_in_place([code for code in options if code not in must_name])
    return drawn


#: Where :func:`_name_with_leader` tries a name: its nearer edge this far (points) from the point inside
#: its unit, in each of these directions (degrees); what a place costs, in points added to its distance,
#: over another unit's land, and over another paired unit's (whose name it would seem).
LEADER_DISTANCES, LEADER_ANGLES = (5, 8, 12, 17, 23, 30, 38, 47, 57), tuple(range(0, 360, 15))
OVER_LAND, OVER_PAIRED = 8, 30
#: The dot that ends a leader line inside its unit.
LEADER_DOT = {"marker": "o", "ms": 2.4, "color": LEADER_STYLE["color"], "markeredgecolor": "white",
              "markeredgewidth": 0.5, "zorder": 2.7}


def _name_with_leader(ax, code, text, shape, half_size, placed, avoid, frame, others_land, paired_land, per_point,
                      margin, draw_name) -> bool:
    """Name a unit whose name fits nowhere in or beside it (a phone's small map): at the nearest place
    of :data:`LEADER_DISTANCES` × :data:`LEADER_ANGLES` from a point inside it (its largest part's
    visual centre) where the name lies inside the axes, clear of ``avoid``, of the names and leader
    lines ``placed`` so far, with its leader line from that point to the name's nearer edge crossing
    none of them either; the cheapest: its distance, plus :data:`OVER_LAND` over another unit's land or
    :data:`OVER_PAIRED` over another paired unit's, plus the points of the leader line across another
    paired unit. Appends the name's box and leader to ``placed``.
    Returns whether it found a place (unnamed if not: a test sees it)."""
    w, h = half_size(text)  # the name's margin included
    main = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
    pole = shapely.ops.polylabel(main, tolerance=min(w, h) / 8)
    if not main.contains(pole):
        pole = main.representative_point()
    taken = shapely.union_all(placed) if placed else shapely.Polygon()
    blocked = taken if avoid is None else shapely.union_all([taken, avoid])
    shapely.prepare(blocked)
    land, paired = others_land(code), paired_land(code)
    shapely.prepare(land)
    shapely.prepare(paired)
    best = None
    for distance in LEADER_DISTANCES:
        for angle in LEADER_ANGLES:
            ux, uy = np.cos(np.radians(angle)), np.sin(np.radians(angle))
            reach = distance * per_point + abs(ux) * w + abs(uy) * h  # to the box's centre
            cx, cy = pole.x + ux * reach, pole.y + uy * reach
            box = shapely.box(cx - w, cy - h, cx + w, cy + h)
            if not frame.contains(box) or blocked.intersects(box):
                continue
            text_box = shapely.box(cx - w + margin, cy - h + margin, cx + w - margin, cy + h - margin)
            end = shapely.ops.nearest_points(text_box, pole)[0]
            length = pole.distance(end)
            if length <= 2 * per_point:
                continue
            # The line stops short of the name's halo.
            stop = (end.x + (pole.x - end.x) * 2 * per_point / length, end.y + (pole.y - end.y) * 2 * per_point / length)
            leader = shapely.LineString([(pole.x, pole.y), stop])
            if blocked.intersects(leader):
                continue
            cost = distance + (OVER_PAIRED if paired.intersects(box) else OVER_LAND if land.intersects(box) else 0)
            cost += leader.intersection(paired).length / per_point  # each point of it across another paired unit
            if best is None or cost < best[0]:
                best = (cost, cx, cy, box, leader)
    if best is None:
        return False
    _, cx, cy, box, leader = best
    placed.extend([box, leader.buffer(margin / 2)])
    draw_name(code, cx, cy)
    (xa, ya), (xb, yb) = leader.coords
    ax.plot([xa, xb], [ya, yb], gid=f"leader-{code}", **LEADER_STYLE)
    ax.plot([xa], [ya], gid=f"leader-dot-{code}", **LEADER_DOT)
    return True


@dataclass
class PairingMap:
    fig: plt.Figure
    china: plt.Axes
    hubei: plt.Axes
    classes: pd.DataFrame  # adcode, sender_class: every unit drawn on the map of China
    arcs: gpd.GeoDataFrame  # one curve per pairing, in the CRS of the Hubei panel
    south_china_sea: plt.Axes  # the inset of the South China Sea Islands
    #: The maps of Hubei with links: ``hubei`` alone on the page; on a phone, one for each column of
    #: labels, the left column's first.
    hubei_panels: tuple[plt.Axes, ...] = ()
    legend: plt.Axes | None = None  # the axes holding the legend


def stripes(geometry, n_colors: int, width: float, angle: float = 45.0) -> list:
    """``geometry`` cut into parallel bands ``width`` wide at ``angle`` degrees, grouped into
    ``n_colors`` parts (band i goes to part i mod n_colors): the pieces of a striped fill."""
    xmin, ymin, xmax, ymax = geometry.bounds
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half = np.hypot(xmax - xmin, ymax - ymin)
    parts = [[] for _ in range(n_colors)]
    for i, offset in enumerate(np.arange(-half, half, width)):
        band = shapely.box(cx - half, cy + offset, cx + half, cy + offset + width)
        band = shapely.affinity.rotate(band, angle, origin=(cx, cy))
        parts[i % n_colors].append(band)
    return [shapely.intersection(geometry, shapely.union_all(part)) for part in parts]


def _fill(ax, geometry, gid: str | None, **style) -> None:
    """Draw a (multi)polygon as one patch named ``gid``. Faster than GeoSeries.plot, which redraws
    the figure at each call, and than ``add_patch``, which walks every vertex to widen the data
    limits: the limits of these axes are set, not found."""
    if geometry.is_empty:
        return
    if "color" in style:  # a fill colour: the edge is drawn only where one is given
        style["facecolor"] = style.pop("color")
        style.setdefault("edgecolor", "none")
    patch = shapely.plotting.patch_from_polygon(geometry, **style)
    patch.set_gid(gid)
    ax.add_artist(patch)


def _draw_units(ax, units: gpd.GeoDataFrame, cities: gpd.GeoDataFrame, cities_of: pd.Series,
                city_colors: dict[str, str], gid_prefix: str = "", island_edge: float | None = None) -> None:
    """Every unit of ``units`` (adcode, sender_class, geometry) filled by its class: a paired province
    in its city's colour (striped for several), Hubei as its ``cities``, outlined in black.

    ``island_edge`` (points), for a map at a small scale: a paired unit's edge drawn that thick in its
    own colour rather than white, so that islands too small to fill are still seen (the other units'
    grey edge shows theirs)."""
    stripe_width = 6e4
    for row in units.itertuples():
        gid = f"{gid_prefix}province-{row.adcode}"
        if row.sender_class == aid.PAIRED:
            colors = [city_colors[c] for c in cities_of[row.adcode]]
            if len(colors) == 1:
                _fill(ax, row.geometry, gid, color=colors[0], edgecolor=colors[0] if island_edge else "white",
                      linewidth=island_edge or 0.5)
            else:
                for i, (color, piece) in enumerate(zip(colors, stripes(row.geometry, len(colors), stripe_width))):
                    _fill(ax, piece, f"{gid}-stripe-{i + 1}", color=color, linewidth=0)
                _fill(ax, row.geometry, gid, facecolor="none", edgecolor="white", linewidth=0.5)
        elif row.sender_class == aid.HUBEI:
            for city in cities.itertuples():
                _fill(ax, city.geometry, f"{gid_prefix}city-{city.adcode}", color=city_colors[city.adcode], linewidth=0)
            _fill(ax, row.geometry, gid, facecolor="none", edgecolor="black", linewidth=1.0)
        else:
            face, hatch = CLASS_STYLE[row.sender_class]
            _fill(ax, row.geometry, gid, facecolor=face, edgecolor=EDGE, linewidth=0.5, hatch=hatch)


def _china_panel(ax: plt.Axes, china: gpd.GeoDataFrame, hubei_small: gpd.GeoDataFrame, cities_of: pd.Series,
                 city_colors: dict[str, str], limits: tuple[float, float, float, float]) -> None:
    """The map of China: every unit filled by its class (:func:`_draw_units`), within ``limits``
    (x0, y0, x1, y1), no axes."""
    _draw_units(ax, china, hubei_small, cities_of, city_colors)
    ax.set_xlim(limits[0], limits[2])
    ax.set_ylim(limits[1], limits[3])
    ax.set_aspect("equal")
    ax.set_axis_off()


def _inset(fig: plt.Figure, rect: list[float], china: gpd.GeoDataFrame, hubei_small: gpd.GeoDataFrame,
           cities_of: pd.Series, city_colors: dict[str, str], sea_line, frame_bounds, china_ax: plt.Axes) -> plt.Axes:
    """The inset of the South China Sea Islands at ``rect`` (figure fractions), framed by
    ``frame_bounds``; the maritime boundary line drawn on it and on the map of China."""
    sx0, sy0, sx1, sy1 = frame_bounds
    sea_ax = fig.add_axes(rect)
    frame = shapely.box(sx0, sy0, sx1, sy1)
    in_frame = china[china.intersects(frame)].copy()
    in_frame["geometry"] = in_frame.geometry.clip_by_rect(sx0, sy0, sx1, sy1)
    _draw_units(sea_ax, in_frame, hubei_small, cities_of, city_colors, gid_prefix="inset-", island_edge=1.0)
    for ax in (china_ax, sea_ax):  # the dashes near Taiwan fall within the map of China too
        for dash in sea_line.geoms:
            ax.plot(*dash.xy, color="0.3", lw=0.9, solid_capstyle="butt", gid="maritime-boundary")
    sea_ax.text(1, 1, "South China Sea Islands", transform=sea_ax.transAxes, ha="right", va="bottom",
                fontsize=FONTSIZE)
    sea_ax.set_xlim(sx0, sx1)
    sea_ax.set_ylim(sy0, sy1)
    sea_ax.set_aspect("equal")
    sea_ax.set_xticks([])
    sea_ax.set_yticks([])
    for spine in sea_ax.spines.values():
        spine.set(visible=True, color=EDGE, linewidth=0.6)
    return sea_ax


def legend_labels(classes: pd.DataFrame, names: dict[str, str]) -> dict[str, str]:
    """The legend's text for each class of :data:`pairing.analysis.aid.SENDER_CLASSES` the map draws
    (``classes``: adcode, sender_class), in that order: the class's own name, with the count or the
    names of its units."""
    units = classes.groupby("sender_class", sort=False)["adcode"].agg(list)

    def named(kind: str) -> str:
        return ", ".join(names[code] for code in units[kind])

    texts = {  # each worded only for a class drawn
        aid.PAIRED: lambda: f"paired with a Hubei city ({len(units[aid.PAIRED])}), in that city's colour; striped: "
                            "paired with several",
        aid.MEDICAL: lambda: f"sent {aid.MEDICAL} ({len(units[aid.MEDICAL])})",
        aid.DISEASE_CONTROL: lambda: f"sent {aid.DISEASE_CONTROL} ({named(aid.DISEASE_CONTROL)})",
        aid.OUTSIDE_DISPATCH: lambda: f"{aid.OUTSIDE_DISPATCH} ({named(aid.OUTSIDE_DISPATCH)})",
        aid.NO_TEAM: lambda: f"{aid.NO_TEAM} ({named(aid.NO_TEAM)})",
        aid.HUBEI: lambda: "Hubei, enlarged below",
    }
    return {kind: texts[kind]() for kind in aid.SENDER_CLASSES if kind in units}


def _legend(ax: plt.Axes, china: gpd.GeoDataFrame, pairings: pd.DataFrame, names: dict[str, str],
            city_colors: dict[str, str], wrap: int) -> None:
    """The classes of the map of China, one entry each (:func:`legend_labels`), their text wrapped at
    ``wrap`` characters."""
    paired_colors = [city_colors[c] for c in sorted(pairings["city_adcode"].unique())[:4]]
    labels = legend_labels(china[["adcode", "sender_class"]], names)
    handles = []
    for kind in labels:
        if kind == aid.PAIRED:
            handles.append(tuple(Patch(facecolor=c, edgecolor="none") for c in paired_colors))
        elif kind == aid.HUBEI:
            handles.append(Patch(facecolor="none", edgecolor="black", linewidth=1.0))
        else:
            face, hatch = CLASS_STYLE[kind]
            handles.append(Patch(facecolor=face, edgecolor=EDGE, hatch=hatch))
    ax.legend(handles, [textwrap.fill(label, wrap) for label in labels.values()], loc="upper left", frameon=False,
              fontsize=FONTSIZE, handlelength=2.6, handleheight=1.6, labelspacing=0.8,
              handler_map={tuple: HandlerTuple(ndivide=None, pad=0)})
    ax.set_axis_off()


def _hubei_panel(ax: plt.Axes, hubei: gpd.GeoDataFrame, arcs: gpd.GeoDataFrame, link_labels: pd.DataFrame,
                 starts: dict[str, float], city_colors: dict[str, str], limits: tuple[float, float, float, float]) -> None:
    """Hubei enlarged, each city in its colour, with a line in the city's colour from each label of
    ``link_labels`` (at ``starts`` of its side) to a point inside the city (``arcs``), within
    ``limits`` (x0, y0, x1, y1), no axes."""
    for city in hubei.itertuples():
        _fill(ax, city.geometry, f"city-{city.adcode}", color=city_colors[city.adcode],
              edgecolor="white", linewidth=0.8)
    for arc in arcs.itertuples():
        xs, ys = arc.geometry.xy
        whole_country = arc.province_adcode == COUNTRY
        color = city_colors[arc.city_adcode]
        # A line in its city's colour, edged in dark grey; Wuhan's, black like Wuhan, edged in white.
        edge = "white" if whole_country else "0.2"
        line, = ax.plot(xs, ys, color=color, lw=1.6, solid_capstyle="round", zorder=3,
                        linestyle=(0, (4, 2)) if whole_country else "-",
                        path_effects=[patheffects.withStroke(linewidth=2.8, foreground=edge)])
        line.set_gid("link-whole-country" if whole_country else f"link-{arc.province_adcode}-{arc.city_adcode}")
        ax.plot(xs[-1], ys[-1], "o", ms=4.5, color=color, markeredgecolor=edge, markeredgewidth=0.8, zorder=4)
    for code, row in link_labels.iterrows():
        colors = {city_colors[c] for c in arcs.loc[arcs["province_adcode"] == code, "city_adcode"]}
        ax.annotate(row.text, (starts[row.side], row.y),
                    xytext=(-LINK_OFFSET if row.side == "left" else LINK_OFFSET, 0), textcoords="offset points",
                    ha="right" if row.side == "left" else "left", va="center", fontsize=FONTSIZE,
                    bbox={**LINK_BOX, "ec": colors.pop() if len(colors) == 1 else "0.4"})
    ax.set_xlim(limits[0], limits[2])
    ax.set_ylim(limits[1], limits[3])
    ax.set_aspect("equal")
    ax.set_axis_off()


def _link_labels(arcs: gpd.GeoDataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One label per province of ``arcs``: its side, height and text (:func:`link_label`)."""
    link_labels = arcs.groupby("province_adcode").agg(side=("side", "first"), y=("label_y", "first"),
                                                      cities=("city_en", list))
    link_labels["text"] = [link_label("Whole country" if code == COUNTRY else names[code], row.cities)
                           for code, row in link_labels.iterrows()]
    return link_labels


def _label_width(texts: list[str]) -> float:
    """The widest of the link labels ``texts`` with its box, its offset and a margin, in inches."""
    return text_width(texts, FONTSIZE) + (2 * LINK_PAD * FONTSIZE + LINK_BOX["lw"] + LINK_OFFSET) / 72 + 0.05


#: On a phone: the scale of the South China Sea inset as a share of the map of China's (larger than
#: the page's :data:`INSET_SCALE`, the map being smaller), the characters of a legend line, and the
#: space (inches) between two link labels' boxes.
PHONE_INSET_SCALE, PHONE_LEGEND_WRAP, PHONE_LABEL_GAP = 1.0, 24, 0.03
#: The clear space around a province's name on a phone's map of China, in points: its halo's and
#: a little more (the page's :data:`NAME_MARGIN` leaves few names room at the phone's scale).
PHONE_NAME_MARGIN = 1.4


def draw(pairings: pd.DataFrame, unpaired: pd.DataFrame, names: dict[str, str],
         city_colors: dict[str, str], width: float | None = None) -> PairingMap:
    """Draw the pairing map.

    ``pairings`` is the pairing list (``data.load_pairings()``), ``unpaired`` the other senders
    (``data.load_unpaired_senders()``), ``names`` the English name of every province and Hubei
    division by adcode, ``city_colors`` the book's colour of each Hubei division.

    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH`) draws the phone's layout
    (:func:`_draw_phone`): the same panels one above the other, that wide.
    """
    geo_wuhan = facts.WUHAN
    names = {**OUTSIDE_MAINLAND, **names}
    china = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS)
    china["sender_class"] = aid.sender_classes(china["adcode"], pairings, unpaired)
    hubei_small = geo.hubei_divisions().to_crs(geo.CHINA_ALBERS)
    hubei = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    sea_line = gpd.GeoSeries([geo.maritime_boundary()], crs="EPSG:4326").to_crs(geo.CHINA_ALBERS).iloc[0]

    # The links beside the map of Hubei first: Wuhan, which had no partner, gets a label and a link
    # of its own, from the whole country. Their positions are in the map's units; their labels'
    # width, in inches, sets how much of the page's width the map of Hubei can take.
    country = pd.DataFrame([{"province_adcode": COUNTRY, "province_en": "the whole country",
                             "city_adcode": geo_wuhan, "city_en": names[geo_wuhan]}])
    linked = pd.concat([pairings[["province_adcode", "province_en", "city_adcode", "city_en"]], country],
                       ignore_index=True)
    layout = aid.link_layout(linked, hubei)
    hx0, hy0, hx1, hy1 = hubei.total_bounds
    gap = 0.04 * (hx1 - hx0)
    starts = {"left": hx0 - gap, "right": hx1 + gap}
    # The map of China goes down to Hainan Island; the islands of the South China Sea, which would
    # double its height, are in the inset.
    hainan_island = max(china.set_index("adcode").geometry["460000"].geoms, key=lambda part: part.area)
    cx0, _, cx1, cy1 = china.total_bounds
    cy0 = hainan_island.bounds[1] - 1e5
    cities_of = pairings.groupby("province_adcode")["city_adcode"].agg(sorted)
    sea_bounds = sea_line.buffer(6e4).bounds
    # Every unit but Hubei named, none over Hubei, whose cities are drawn in it.
    shapes = china.set_index("adcode")
    named = {code: names[code] for code, sender_class in shapes["sender_class"].items()
             if sender_class != aid.HUBEI}
    classes = china[["adcode", "sender_class"]].reset_index(drop=True)
    if width is not None:
        return _draw_phone(width, pairings, unpaired, names, city_colors, china, hubei_small, hubei, sea_line,
                           linked, layout, cities_of, sea_bounds, (cx0, cy0, cx1, cy1), named, classes)

    arcs = aid.pairing_arcs(linked, hubei, layout, starts, top=hy1, bottom=hy0)
    link_labels = _link_labels(arcs, names)
    label_width = _label_width(list(link_labels["text"]))

    # Extents next, so that the figure is as tall as its two panels need at the page's width.
    width, map_share = WIDTH, 0.7
    scale = (width - 2 * label_width) / (hx1 - hx0 + 2 * gap)  # inches per unit of the map of Hubei
    margin_x, margin_y = gap + label_width / scale, 0.04 * (hy1 - hy0)
    top = width * map_share * (cy1 - cy0) / (cx1 - cx0)
    bottom = width * (hy1 - hy0 + 2 * margin_y) / (hx1 - hx0 + 2 * margin_x)
    height = top + bottom + 0.15
    fig = plt.figure(figsize=(width, height))
    grid = fig.add_gridspec(2, 2, height_ratios=[top, bottom], width_ratios=[map_share, 1 - map_share],
                            hspace=0.15 / ((top + bottom) / 2), wspace=0.0, left=0.0, right=1.0, top=1.0, bottom=0.0)
    china_ax, legend_ax, hubei_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])

    _china_panel(china_ax, china, hubei_small, cities_of, city_colors, (cx0, cy0, cx1, cy1))
    # The South China Sea Islands, at the lower right as on Chinese national maps, at a smaller scale.
    sx0, sy0, sx1, sy1 = sea_bounds
    inset_w, inset_h = (INSET_SCALE * top / (cy1 - cy0) * extent for extent in (sx1 - sx0, sy1 - sy0))
    sea_ax = _inset(fig, [(width - inset_w - 0.02) / width, (bottom + 0.15) / height, inset_w / width, inset_h / height],
                    china, hubei_small, cities_of, city_colors, sea_line, sea_bounds, china_ax)
    _legend(legend_ax, china, pairings, names, city_colors, LEGEND_WRAP)
    _hubei_panel(hubei_ax, hubei, arcs, link_labels, starts, city_colors,
                 (hx0 - margin_x, hy0 - margin_y, hx1 + margin_x, hy1 + margin_y))

    # Lines from Hubei on the map of China to its enlargement, drawn with the map of China (its
    # units, past its frame) so that the names, drawn after them with their halo, stay whole.
    bx0, by0, bx1, by1 = hubei_small.total_bounds
    hubei_ax.apply_aspect()
    for (xa, ya), (xb, yb) in [((bx0, by0), (hx0, hy1)), ((bx1, by0), (hx1, hy1))]:
        end = china_ax.transData.inverted().transform(hubei_ax.transData.transform((xb, yb)))
        china_ax.plot([xa, end[0]], [ya, end[1]], color="0.5", lw=0.6, linestyle=(0, (3, 2)), clip_on=False,
                      zorder=2.5)
    name_provinces(china_ax, shapes.geometry, named, avoid=shapely.union_all(list(hubei_small.geometry)))
    return PairingMap(fig, china_ax, hubei_ax, classes, arcs[arcs["province_adcode"] != COUNTRY].reset_index(drop=True),
                      sea_ax, (hubei_ax,), legend_ax)


def _draw_phone(width, pairings, unpaired, names, city_colors, china, hubei_small, hubei, sea_line, linked, layout,
                cities_of, sea_bounds, china_limits, named, classes) -> PairingMap:
    """The pairing map laid out for a phone, ``width`` inches wide, each panel the whole width (less
    the saved figure's pad): the map of China, its names only where they fit
    (:func:`name_provinces` ``fitting``); under it the legend beside the inset of the South China Sea
    Islands; then Hubei twice, with the labels of the left column and their links, then those of the
    right (two columns of labels beside one map would leave it no width)."""
    pad = mpl.rcParams["savefig.pad_inches"]
    wide = width - 2 * pad - 0.04  # and a little: text measures a shade wider at the SVG's 72 dpi
    cx0, cy0, cx1, cy1 = china_limits
    china_h = wide * (cy1 - cy0) / (cx1 - cx0)
    sx0, sy0, sx1, sy1 = sea_bounds
    inset_w, inset_h = (PHONE_INSET_SCALE * wide / (cx1 - cx0) * extent for extent in (sx1 - sx0, sy1 - sy0))
    title_h = 0.35  # room above the inset for its title, level with the legend's second line (the first is longer)
    legend_h = max(inset_h + title_h, 1.6)
    # The two maps of Hubei: each beside one column of labels, as tall as the map or the column.
    hx0, hy0, hx1, hy1 = hubei.total_bounds
    gap = 0.04 * (hx1 - hx0)
    panels = []
    for side in ("left", "right"):
        part = layout[layout["side"] == side]
        links = linked[linked["province_adcode"].isin(part["province_adcode"])]
        texts = _link_labels(aid.pairing_arcs(links, hubei, part, {side: 0.0}, top=hy1, bottom=hy0), names)["text"]
        label_width = _label_width(list(texts))
        scale = (wide - label_width) / (hx1 - hx0 + 2 * gap)  # inches per unit of this map
        # The labels are evenly spaced: as far apart as the two tallest need (a label of two lines beside one of one).
        lines = 1 + max(text.count("\n") for text in texts)
        step = ((1 + lines) / 2 * 1.2 * FONTSIZE + 2 * LINK_PAD * FONTSIZE + LINK_BOX["lw"]) / 72 + PHONE_LABEL_GAP
        column = (len(part) - 1) * step / scale  # from the first label's centre to the last's, in the map's units
        middle = (hy0 + hy1) / 2
        top, bottom = max(hy1, middle + column / 2), min(hy0, middle - column / 2)
        start = hx0 - gap if side == "left" else hx1 + gap
        arcs = aid.pairing_arcs(links, hubei, part, {side: start}, top=top, bottom=bottom)
        margin_y = 0.15 / scale
        limits = ((hx0 - gap - label_width / scale, bottom - margin_y, hx1 + gap, top + margin_y) if side == "left"
                  else (hx0 - gap, bottom - margin_y, hx1 + gap + label_width / scale, top + margin_y))
        panels.append((side, arcs, {side: start}, limits, (limits[3] - limits[1]) * scale))
    space = 0.25
    height = china_h + space + legend_h + sum(space + tall for *_, tall in panels)
    fig = plt.figure(figsize=(width, height))

    def at(top: float, tall: float, left: float = pad, wide_: float = wide) -> list[float]:
        return [left / width, 1 - (top + tall) / height, wide_ / width, tall / height]

    china_ax = fig.add_axes(at(0, china_h))
    _china_panel(china_ax, china, hubei_small, cities_of, city_colors, china_limits)
    legend_top = china_h + space
    legend_ax = fig.add_axes(at(legend_top, legend_h, pad, wide - inset_w))
    sea_ax = _inset(fig, at(legend_top + title_h, inset_h, pad + wide - inset_w, inset_w), china, hubei_small,
                    cities_of, city_colors, sea_line, sea_bounds, china_ax)
    _legend(legend_ax, china, pairings, names, city_colors, PHONE_LEGEND_WRAP)
    top = legend_top + legend_h
    hubei_axes, all_arcs = [], []
    for side, arcs, starts, limits, tall in panels:
        ax = fig.add_axes(at(top + space, tall))
        _hubei_panel(ax, hubei, arcs, _link_labels(arcs, names), starts, city_colors, limits)
        hubei_axes.append(ax)
        all_arcs.append(arcs)
        top += space + tall
    shapes = china.set_index("adcode").geometry
    name_provinces(china_ax, shapes, named, avoid=shapely.union_all(list(hubei_small.geometry)), fitting=True,
                   name_margin=PHONE_NAME_MARGIN, must_name=set(cities_of.index))
    arcs = pd.concat(all_arcs, ignore_index=True)
    return PairingMap(fig, china_ax, hubei_axes[0], classes, arcs[arcs["province_adcode"] != COUNTRY].reset_index(drop=True),
                      sea_ax, tuple(hubei_axes), legend_ax)
