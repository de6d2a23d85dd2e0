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
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
import shapely.plotting
from matplotlib import patheffects
from matplotlib.legend_handler import HandlerTuple
from matplotlib.patches import ConnectionPatch, Patch

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

    # Extents first, so that the figure is as tall as its two panels need at the page's width.
    # The map of China goes down to Hainan Island: the islands of the South China Sea would double its height.
    hainan_island = max(china.set_index("adcode").geometry["460000"].geoms, key=lambda part: part.area)
    cx0, _, cx1, cy1 = china.total_bounds
    cy0 = hainan_island.bounds[1] - 1e5
    hx0, hy0, hx1, hy1 = hubei.total_bounds
    margin_x, margin_y = 0.37 * (hx1 - hx0), 0.04 * (hy1 - hy0)
    width, map_share = 8.0, 0.64
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
    points = china.set_index("adcode").geometry.representative_point()
    for code, sender_class in china.set_index("adcode")["sender_class"].items():
        if code not in names or sender_class == aid.SENDER_CLASSES[4]:
            continue
        paired = sender_class == aid.SENDER_CLASSES[0]
        beside = {"120000": (6, 0, "left"), "110000": (-6, 2, "right"), "310000": (6, 0, "left"),
                  "500000": (0, -8, "center")}.get(code)
        offset, ha = ((beside[0], beside[1]), beside[2]) if beside else ((0, 0), "center")
        china_ax.annotate(names[code], (points[code].x, points[code].y), xytext=offset, textcoords="offset points",
                          ha=ha, va="center", fontsize=7 if paired else 6.5, color="black" if paired else "0.3",
                          path_effects=HALO)
    china_ax.set_xlim(cx0, cx1)
    china_ax.set_ylim(cy0, cy1)
    china_ax.set_aspect("equal")
    china_ax.set_axis_off()

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
        f"paired with a Hubei city ({counts[aid.SENDER_CLASSES[0]]}),\nin that city's colour; striped:\n"
        "paired with several",
        f"sent medical teams,\nnot paired ({counts[aid.SENDER_CLASSES[1]]})",
        "sent disease-control staff only\n(" + ", ".join(unpaired_names[unpaired["province_adcode"][
            unpaired["team_kind"] == "disease control"]]) + ")",
        "no team found (Taiwan,\nHong Kong, Macao)" if set(china.loc[china["sender_class"] == aid.SENDER_CLASSES[3],
                                                                      "adcode"]) == geo.NOT_MAINLAND
        else f"no team found ({counts.get(aid.SENDER_CLASSES[3], 0)})",
        "Hubei, enlarged below",
    ]
    legend_ax.legend(handles, labels, loc="center left", frameon=False, fontsize=7.5, handlelength=2.6,
                     handleheight=1.6, labelspacing=1.0, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)})
    legend_ax.set_axis_off()

    # -- Hubei, enlarged, with the links -------------------------------------------------------
    # Wuhan, which had no partner, gets a label and a link of its own: from the whole country.
    country = pd.DataFrame([{"province_adcode": COUNTRY, "province_en": "the whole country",
                             "city_adcode": geo_wuhan, "city_en": names[geo_wuhan]}])
    linked = pd.concat([pairings[["province_adcode", "province_en", "city_adcode", "city_en"]], country],
                       ignore_index=True)
    layout = aid.link_layout(linked, hubei)
    gap = 0.04 * (hx1 - hx0)
    starts = {"left": hx0 - gap, "right": hx1 + gap}
    arcs = aid.pairing_arcs(linked, hubei, layout, starts, top=hy1, bottom=hy0)
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
    labels = arcs.groupby("province_adcode").agg(side=("side", "first"), y=("label_y", "first"),
                                                 cities=("city_en", list))
    for code, row in labels.iterrows():
        colors = {city_colors[c] for c in arcs.loc[arcs["province_adcode"] == code, "city_adcode"]}
        name = "Whole country" if code == COUNTRY else names[code]
        text = f"{name} → " + ", ".join(row.cities)
        if len(text) > 24:  # Shanxi's three cities: the rest on a second line
            text = f"{name} → {row.cities[0]},\n" + ", ".join(row.cities[1:])
        hubei_ax.annotate(text, (starts[row.side], row.y),
                          xytext=(-3 if row.side == "left" else 3, 0), textcoords="offset points",
                          ha="right" if row.side == "left" else "left", va="center", fontsize=7.5,
                          bbox={"boxstyle": "round,pad=0.25", "fc": "white",
                                "ec": colors.pop() if len(colors) == 1 else "0.4", "lw": 1.2})
    hubei_ax.set_xlim(hx0 - margin_x, hx1 + margin_x)
    hubei_ax.set_ylim(hy0 - margin_y, hy1 + margin_y)
    hubei_ax.set_aspect("equal")
    hubei_ax.set_axis_off()

    # Lines from Hubei on the map of China to its enlargement.
    sx0, sy0, sx1, sy1 = hubei_small.total_bounds
    for (xa, ya), (xb, yb) in [((sx0, sy0), (hx0, hy1)), ((sx1, sy0), (hx1, hy1))]:
        fig.add_artist(ConnectionPatch((xa, ya), (xb, yb), coordsA=china_ax.transData, coordsB=hubei_ax.transData,
                                       color="0.5", lw=0.6, linestyle=(0, (3, 2))))
    classes = china[["adcode", "sender_class"]].reset_index(drop=True)
    return PairingMap(fig, china_ax, hubei_ax, classes, arcs[arcs["province_adcode"] != COUNTRY].reset_index(drop=True))
