"""The pairing map (the letter's Fig. 2): who sent teams to Hubei, and which province was paired
with which city.

Two panels, one above the other, so that the figure reads at the width of a page:

* a map of China (Taiwan, Hong Kong and Macao included) with every provincial-level unit classed by
  what it sent (:func:`pairing.analysis.aid.sender_classes`); a paired province is filled with the colour of
  its Hubei city (:data:`pairing.figures.plots.CITY_COLORS`), striped when it has several;
* Hubei enlarged, each of its cities in its colour, with one curve per pairing from a label naming
  the province and its city to a point inside the city (:func:`pairing.analysis.aid.pairing_arcs`).

Every drawn province and link carries an id (``gid``): ``province-<adcode>``, ``city-<adcode>`` and
``link-<province adcode>-<city adcode>``; the SVG export keeps them, so a test can find what was
drawn.
"""

from __future__ import annotations

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

#: Fill of each class of :data:`pairing.analysis.aid.SENDER_CLASSES` but the first (paired provinces take
#: their city's colour): (face, hatch).
CLASS_STYLE = {
    aid.SENDER_CLASSES[1]: ("#d6d6d6", None),  # medical teams, not paired: light grey
    aid.SENDER_CLASSES[2]: ("white", "////"),  # disease-control staff only: white, grey hatching
    aid.SENDER_CLASSES[3]: ("white", None),  # no team found: white
}
EDGE = "0.45"
#: The label of Wuhan's link, which comes from the whole country, not from a partner province.
COUNTRY = "whole country"
CITY_ALPHA = 0.5
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
#: The figure's width (inches) and the size of all its text (points): drawn at the width the page
#: shows it, so that its smallest text is 11 px there (see :func:`pairing.figures.plots.set_style`).
WIDTH, FONTSIZE = 6.9, 7.5
#: The box around each label of a link beside the map of Hubei, its padding (in units of the font
#: size) and how far (points) the label stands from the start of its link.
LINK_PAD, LINK_OFFSET = 0.25, 3
LINK_BOX = {"boxstyle": f"round,pad={LINK_PAD}", "fc": "white", "lw": 1.2}


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


#: The municipalities too small for their names, named beside them: offset from the point inside
#: them (points) and the alignment of the name.
BESIDE = {"120000": (6, 0, "left"), "110000": (-6, 2, "right"), "310000": (6, 0, "left")}
#: Clear space kept around every province's name, in points (its white halo is 1.25).
NAME_MARGIN = 2.0


def name_provinces(ax: plt.Axes, shapes: gpd.GeoSeries, labels: dict[str, tuple[str, str]],
                   avoid=None) -> dict[str, mpl.text.Text]:
    """Write each province's name (``labels``: adcode -> (name, colour); ``shapes``: geometries by
    adcode, in the axes' data units), with a white halo, where it overlaps no other name nor
    anything of ``avoid`` (a shapely geometry).

    A municipality of :data:`BESIDE` is named beside its point; any other province at the place
    nearest its visual centre (pole of inaccessibility) where at least 70% of its name lies inside
    it, else half, else its centre, else beside it (part of the name over it); the provinces with
    the fewest places of the first two kinds are named first. Call it once the axes' size and limits
    are final. Returns the names drawn, by adcode."""
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    per_pixel = 1 / abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    per_point = per_pixel * ax.figure.dpi / 72
    margin = NAME_MARGIN * per_point

    def half_size(text: str) -> tuple[float, float]:
        probe = ax.text(0, 0, text, fontsize=FONTSIZE, ha="center", va="center")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        return extent.width * per_pixel / 2 + margin, extent.height * per_pixel / 2 + margin

    placed: list = []  # boxes of the names drawn, margins included

    def clear_of(boxes: np.ndarray, others: list) -> np.ndarray:
        clear = np.ones(len(boxes), bool)
        for other in others:
            if other is not None and not other.is_empty:
                clear &= ~shapely.intersects(boxes, other)
        return clear

    drawn: dict[str, mpl.text.Text] = {}

    def draw_name(code: str, x: float, y: float, ha: str = "center") -> None:
        text, color = labels[code]
        drawn[code] = ax.text(x, y, text, ha=ha, va="center", fontsize=FONTSIZE, color=color, path_effects=HALO)

    points = shapes.representative_point()
    for code, (dx, dy, ha) in BESIDE.items():
        if code not in labels:
            continue
        w, h = half_size(labels[code][0])
        x, y = points[code].x + dx * per_point, points[code].y + dy * per_point
        cx = {"left": x + w - margin, "right": x - w + margin, "center": x}[ha]
        placed.append(shapely.box(cx - w, y - h, cx + w, y + h))
        draw_name(code, x, y, ha)

    options = {}
    for code in labels:
        if code in BESIDE:
            continue
        w, h = half_size(labels[code][0])
        geom = shapes[code]
        main = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
        pole = shapely.ops.polylabel(main, tolerance=h / 4)
        x0, y0, x1, y1 = main.bounds
        gx, gy = np.meshgrid(np.arange(x0 - w, x1 + w, h / 3), np.arange(y0 - h, y1 + h, h / 3))
        xs, ys = np.concatenate([[pole.x], gx.ravel()]), np.concatenate([[pole.y], gy.ravel()])
        inside = shapely.contains_xy(main, xs, ys)
        tw, th = w - margin, h - margin  # what lies inside is measured on the text, without its margin
        text_boxes = shapely.box(xs - tw, ys - th, xs + tw, ys + th)
        share = shapely.area(shapely.intersection(text_boxes, main)) / (4 * tw * th)
        keep = inside | (share > 0)  # centred inside, or beside with a corner of the name over it
        order = np.flatnonzero(keep)[np.argsort(np.hypot(xs[keep] - pole.x, ys[keep] - pole.y), kind="stable")]
        xs, ys, inside, share = xs[order], ys[order], inside[order], share[order]
        boxes = shapely.box(xs - w, ys - h, xs + w, ys + h)
        options[code] = (xs, ys, boxes, share, inside, clear_of(boxes, [avoid]))
    remaining = list(options)
    while remaining:
        ranked = {}
        for code in remaining:
            _, _, boxes, share, inside, allowed = options[code]
            free = allowed & clear_of(boxes, [shapely.union_all(placed)] if placed else [])
            rules = [free & inside & (share >= 0.7), free & inside & (share >= 0.5), free & inside, free]
            ranked[code] = (next((np.flatnonzero(rule) for rule in rules if rule.any()), np.array([], int)),
                            int((free & inside & (share >= 0.5)).sum()))
        code = min(remaining, key=lambda code: (ranked[code][1], shapes[code].area))
        remaining.remove(code)
        xs, ys, boxes, *_ = options[code]
        i = ranked[code][0][0] if len(ranked[code][0]) else 0  # nowhere free: at the pole (a test would see it)
        placed.append(boxes[i])
        draw_name(code, xs[i], ys[i])
    return drawn


@dataclass
class PairingMap:
    fig: plt.Figure
    china: plt.Axes
    hubei: plt.Axes
    classes: pd.DataFrame  # adcode, sender_class: every unit drawn on the map of China
    arcs: gpd.GeoDataFrame  # one curve per pairing, in the CRS of the Hubei panel


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


def _fill(ax, geometry, gid: str, **style) -> None:
    """Draw a (multi)polygon as one patch named ``gid`` (faster than GeoSeries.plot, which redraws
    the figure at each call)."""
    if geometry.is_empty:
        return
    if "color" in style:  # a fill colour: the edge is drawn only where one is given
        style["facecolor"] = style.pop("color")
        style.setdefault("edgecolor", "none")
    patch = shapely.plotting.patch_from_polygon(geometry, **style)
    patch.set_gid(gid)
    ax.add_patch(patch)


def draw(pairings: pd.DataFrame, unpaired: pd.DataFrame, names: dict[str, str],
         city_colors: dict[str, str]) -> PairingMap:
    """Draw the pairing map.

    ``pairings`` is the pairing list (``data.load_pairings()``), ``unpaired`` the other senders
    (``data.load_unpaired_senders()``), ``names`` the English name of every province and Hubei
    division by adcode, ``city_colors`` the book's colour of each Hubei division.
    """
    geo_wuhan = facts.WUHAN
    china = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS)
    china["sender_class"] = aid.sender_classes(china["adcode"], pairings, unpaired)
    hubei_small = geo.hubei_divisions().to_crs(geo.CHINA_ALBERS)
    hubei = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)

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
    arcs = aid.pairing_arcs(linked, hubei, layout, starts, top=hy1, bottom=hy0)
    link_labels = arcs.groupby("province_adcode").agg(side=("side", "first"), y=("label_y", "first"),
                                                      cities=("city_en", list))
    link_labels["text"] = [link_label("Whole country" if code == COUNTRY else names[code], row.cities)
                           for code, row in link_labels.iterrows()]
    # The widest label with its box, its offset and a margin, in inches.
    label_width = (text_width(list(link_labels["text"]), FONTSIZE)
                   + (2 * LINK_PAD * FONTSIZE + LINK_BOX["lw"] + LINK_OFFSET) / 72 + 0.05)

    # Extents next, so that the figure is as tall as its two panels need at the page's width.
    # The map of China goes down to Hainan Island: the islands of the South China Sea would double its height.
    hainan_island = max(china.set_index("adcode").geometry["460000"].geoms, key=lambda part: part.area)
    cx0, _, cx1, cy1 = china.total_bounds
    cy0 = hainan_island.bounds[1] - 1e5
    width, map_share = WIDTH, 0.7
    scale = (width - 2 * label_width) / (hx1 - hx0 + 2 * gap)  # inches per unit of the map of Hubei
    margin_x, margin_y = gap + label_width / scale, 0.04 * (hy1 - hy0)
    top = width * map_share * (cy1 - cy0) / (cx1 - cx0)
    bottom = width * (hy1 - hy0 + 2 * margin_y) / (hx1 - hx0 + 2 * margin_x)
    fig = plt.figure(figsize=(width, top + bottom + 0.15))
    grid = fig.add_gridspec(2, 2, height_ratios=[top, bottom], width_ratios=[map_share, 1 - map_share],
                            hspace=0.15 / ((top + bottom) / 2), wspace=0.0, left=0.0, right=1.0, top=1.0, bottom=0.0)
    china_ax, legend_ax, hubei_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])

    # -- the map of China --------------------------------------------------------------------
    cities_of = pairings.groupby("province_adcode")["city_adcode"].agg(sorted)
    stripe_width = 6e4
    for row in china.itertuples():
        gid = f"province-{row.adcode}"
        if row.sender_class == aid.SENDER_CLASSES[0]:
            colors = [city_colors[c] for c in cities_of[row.adcode]]
            if len(colors) == 1:
                _fill(china_ax, row.geometry, gid, color=colors[0], edgecolor="white", linewidth=0.5)
            else:
                for i, (color, piece) in enumerate(zip(colors, stripes(row.geometry, len(colors), stripe_width))):
                    _fill(china_ax, piece, f"{gid}-stripe-{i + 1}", color=color, linewidth=0)
                _fill(china_ax, row.geometry, gid, facecolor="none", edgecolor="white", linewidth=0.5)
        elif row.sender_class == aid.SENDER_CLASSES[4]:
            for city in hubei_small.itertuples():
                _fill(china_ax, city.geometry, f"city-{city.adcode}", color=city_colors[city.adcode],
                      alpha=CITY_ALPHA, linewidth=0)
            _fill(china_ax, row.geometry, gid, facecolor="none", edgecolor="black", linewidth=1.0)
        else:
            face, hatch = CLASS_STYLE[row.sender_class]
            _fill(china_ax, row.geometry, gid, facecolor=face, edgecolor=EDGE, linewidth=0.5,
                  hatch=hatch)
    china_ax.set_xlim(cx0, cx1)
    china_ax.set_ylim(cy0, cy1)
    china_ax.set_aspect("equal")
    china_ax.set_axis_off()
    # Every unit but Hubei named where it has a name (the mainland's 31), paired ones in black, none
    # over Hubei, whose cities are drawn in it; once the lines to its enlargement are drawn (below).
    shapes = china.set_index("adcode")
    named = {code: (names[code], "black" if sender_class == aid.SENDER_CLASSES[0] else "0.3")
             for code, sender_class in shapes["sender_class"].items()
             if code in names and sender_class != aid.SENDER_CLASSES[4]}
    names_at = (china_ax, shapes.geometry, named)

    # -- the legend ----------------------------------------------------------------------------
    counts = china["sender_class"].value_counts()
    paired_colors = [city_colors[c] for c in sorted(pairings["city_adcode"].unique())[:4]]
    handles = [
        tuple(Patch(facecolor=c, edgecolor="none") for c in paired_colors),
        Patch(facecolor=CLASS_STYLE[aid.SENDER_CLASSES[1]][0], edgecolor=EDGE),
        Patch(facecolor="white", edgecolor=EDGE, hatch=CLASS_STYLE[aid.SENDER_CLASSES[2]][1]),
        Patch(facecolor="white", edgecolor=EDGE),
        Patch(facecolor="none", edgecolor="black", linewidth=1.0),
    ]
    unpaired_names = unpaired.set_index("province_adcode")["province_en"]
    labels = [
        f"paired with a Hubei\ncity ({counts[aid.SENDER_CLASSES[0]]}), in that\ncity's colour; striped:\n"
        "paired with several",
        f"sent medical teams,\nnot paired ({counts[aid.SENDER_CLASSES[1]]})",
        "sent disease-control\nstaff only (" + ", ".join(unpaired_names[unpaired["province_adcode"][
            unpaired["team_kind"] == "disease control"]]) + ")",
        "no team found (Taiwan,\nHong Kong, Macao)" if set(china.loc[china["sender_class"] == aid.SENDER_CLASSES[3],
                                                                      "adcode"]) == geo.NOT_MAINLAND
        else f"no team found ({counts.get(aid.SENDER_CLASSES[3], 0)})",
        "Hubei, enlarged below",
    ]
    legend_ax.legend(handles, labels, loc="center left", frameon=False, fontsize=FONTSIZE, handlelength=2.6,
                     handleheight=1.6, labelspacing=1.0, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)})
    legend_ax.set_axis_off()

    # -- Hubei, enlarged, with the links -------------------------------------------------------
    for city in hubei.itertuples():
        _fill(hubei_ax, city.geometry, f"city-{city.adcode}", color=city_colors[city.adcode],
              alpha=CITY_ALPHA, edgecolor="white", linewidth=0.8)
    for arc in arcs.itertuples():
        xs, ys = arc.geometry.xy
        whole_country = arc.province_adcode == COUNTRY
        color = city_colors[arc.city_adcode]
        line, = hubei_ax.plot(xs, ys, color=color, lw=1.6, solid_capstyle="round", zorder=3,
                              linestyle=(0, (4, 2)) if whole_country else "-",
                              path_effects=[] if whole_country else
                              [patheffects.withStroke(linewidth=2.8, foreground="0.2")])
        line.set_gid("link-whole-country" if whole_country else f"link-{arc.province_adcode}-{arc.city_adcode}")
        hubei_ax.plot(xs[-1], ys[-1], "o", ms=4.5, color=color, markeredgecolor="0.2", markeredgewidth=0.8, zorder=4)
    for code, row in link_labels.iterrows():
        colors = {city_colors[c] for c in arcs.loc[arcs["province_adcode"] == code, "city_adcode"]}
        hubei_ax.annotate(row.text, (starts[row.side], row.y),
                          xytext=(-LINK_OFFSET if row.side == "left" else LINK_OFFSET, 0), textcoords="offset points",
                          ha="right" if row.side == "left" else "left", va="center", fontsize=FONTSIZE,
                          bbox={**LINK_BOX, "ec": colors.pop() if len(colors) == 1 else "0.4"})
    hubei_ax.set_xlim(hx0 - margin_x, hx1 + margin_x)
    hubei_ax.set_ylim(hy0 - margin_y, hy1 + margin_y)
    hubei_ax.set_aspect("equal")
    hubei_ax.set_axis_off()

    # Lines from Hubei on the map of China to its enlargement, drawn with the map of China (its
    # units, past its frame) so that the names, drawn after them with their halo, stay whole.
    sx0, sy0, sx1, sy1 = hubei_small.total_bounds
    hubei_ax.apply_aspect()
    for (xa, ya), (xb, yb) in [((sx0, sy0), (hx0, hy1)), ((sx1, sy0), (hx1, hy1))]:
        end = china_ax.transData.inverted().transform(hubei_ax.transData.transform((xb, yb)))
        china_ax.plot([xa, end[0]], [ya, end[1]], color="0.5", lw=0.6, linestyle=(0, (3, 2)), clip_on=False,
                      zorder=2.5)
    name_provinces(*names_at, avoid=shapely.union_all(list(hubei_small.geometry)))
    classes = china[["adcode", "sender_class"]].reset_index(drop=True)
    return PairingMap(fig, china_ax, hubei_ax, classes, arcs[arcs["province_adcode"] != COUNTRY].reset_index(drop=True))
