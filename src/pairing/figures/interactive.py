"""Interactive figures that work offline and weigh little: an SVG map with a day slider.

The map is one HTML fragment: the divisions as SVG paths (projected, simplified), each day's
colours and values as JSON, and a short script (``daymap.js``, inlined) that recolours the paths
when the slider moves or the play button runs. Nothing is fetched from anywhere, no library is
loaded, and without JavaScript the map still shows its starting day.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from pairing import data
from pairing.data import geo
from pairing.analysis import stats

#: Simplification of the division outlines in metres, on top of :mod:`pairing.data.geo`'s: invisible at
#: page width, and the page carries a third of the outline's points.
OUTLINE_TOLERANCE_M = 500
NO_DATA = "#cccccc"
WIDTH = 640  # SVG user units across the map; the figure scales to the page
MARKER = "pairing-daymap"  # the class of every map's <figure>


def active_per_10k(cases: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Patients under treatment per 10,000 residents (over :func:`pairing.data.per_head_population`,
    whose basis and the census count it kept are columns too), one row per division and day, with
    names for the hover text; missing where no population is on record."""
    per_head = data.per_head_population(cities)[["adcode", "population", "population_basis", "census_2020_population"]]
    frame = cases.merge(per_head, on="adcode", how="left", validate="many_to_one")
    frame["active_per_10k"] = stats.per_10k(frame["active"], frame["population"]).astype(float)
    return frame[["date", "adcode", "name_en", "name_zh", "active", "population", "population_basis",
                  "census_2020_population", "active_per_10k"]]


def sqrt_colours(values: pd.Series, top: float, cmap: str = "Reds") -> pd.Series:
    """Hex colours on a square-root scale from 0 to ``top`` (so small values stay visible beside
    a very large one); grey where a value is missing."""
    scale = colormaps[cmap]
    shade = np.sqrt(values.clip(lower=0) / top).clip(upper=1)
    return pd.Series([NO_DATA if np.isnan(s) else to_hex(scale(0.08 + 0.92 * s)) for s in shade], index=values.index)


def svg_paths(divisions: gpd.GeoDataFrame) -> tuple[dict[str, str], float]:
    """Each division's outline as an SVG path, projected to Hubei's Albers, simplified so that
    neighbours still share their borders, and scaled to :data:`WIDTH`; and the map's height."""
    projected = divisions.to_crs(geo.HUBEI_ALBERS)
    projected = projected.set_geometry(projected.simplify_coverage(OUTLINE_TOLERANCE_M))
    xmin, ymin, xmax, ymax = projected.total_bounds
    scale = WIDTH / (xmax - xmin)

    def ring(coords) -> str:
        points = [f"{(x - xmin) * scale:.1f},{(ymax - y) * scale:.1f}" for x, y in coords]
        return "M" + "L".join(points) + "Z"

    paths = {}
    for adcode, shape in zip(projected["adcode"], projected.geometry):
        polygons = getattr(shape, "geoms", [shape])
        paths[adcode] = "".join(ring(p.exterior.coords) + "".join(ring(i.coords) for i in p.interiors) for p in polygons)
    return paths, (ymax - ymin) * scale


def _legend(top: float, y: float, element_id: str, any_missing: bool, cmap: str = "Reds") -> str:
    """A horizontal colour bar with ticks in patients per 10,000 (square-root spaced), and the grey
    of a division without a population when the map has one."""
    ticks = [t for t in (0, 1, 2, 5, 10, 20, 30, 50, 100) if t <= top]
    x0, width = WIDTH * 0.55, WIDTH * 0.42
    stops = "".join(f'<stop offset="{s:.2f}" stop-color="{to_hex(colormaps[cmap](0.08 + 0.92 * s))}"/>'
                    for s in np.linspace(0, 1, 11))
    marks = "".join(
        f'<line x1="{x0 + width * np.sqrt(t / top):.1f}" x2="{x0 + width * np.sqrt(t / top):.1f}" '
        f'y1="{y + 12}" y2="{y + 16}" stroke="#333"/>'
        f'<text x="{x0 + width * np.sqrt(t / top):.1f}" y="{y + 27}" text-anchor="middle">{t}</text>' for t in ticks)
    return (f'<defs><linearGradient id="{element_id}-ramp">{stops}</linearGradient></defs>'
            f'<text x="{x0}" y="{y - 4}">patients under treatment per 10,000</text>'
            f'<rect x="{x0}" y="{y}" width="{width}" height="12" fill="url(#{element_id}-ramp)"/>{marks}'
            + (f'<rect x="{WIDTH * 0.02}" y="{y}" width="14" height="12" fill="{NO_DATA}"/>'
               f'<text x="{WIDTH * 0.02 + 20}" y="{y + 10}">no population on record</text>' if any_missing else ""))


def day_slider_map(values: pd.DataFrame, divisions: gpd.GeoDataFrame, *, element_id: str, description: str,
                   caption: str = "", start: pd.Timestamp | None = None) -> str:
    """The map as an HTML fragment: ``values.active_per_10k`` by division, one frame per day,
    with a slider, a play button and a live readout; ``description`` is its text alternative and
    ``caption`` (plain text) its visible caption.

    One colour scale for all days (:func:`sqrt_colours`, 0 to the largest value), so that days
    can be compared. The page shows ``start`` (default: the first day) before any script runs.
    """
    days = sorted(values["date"].unique())
    top = float(values["active_per_10k"].max())
    paths, height = svg_paths(divisions)
    wide = {column: values.pivot(index="date", columns="adcode", values=column).reindex(days)
            for column in ("active", "active_per_10k")}
    colours = wide["active_per_10k"].apply(lambda column: sqrt_colours(column, top))
    names = values.drop_duplicates("adcode").set_index("adcode")
    first = days.index(pd.Timestamp(start)) if start is not None else 0
    data = {
        "days": [f"{pd.Timestamp(d):%-d %B %Y}" for d in days],
        "divisions": {code: {"name": f"{names.at[code, 'name_en']} {names.at[code, 'name_zh']}",
                             "fill": colours[code].tolist(),
                             "active": wide["active"][code].astype(int).tolist(),
                             "per10k": [None if np.isnan(v) else round(float(v), 2) for v in wide["active_per_10k"][code]]}
                      for code in paths},
    }
    shapes = "".join(
        f'<path data-adcode="{code}" d="{d}" fill="{colours[code].iloc[first]}" tabindex="0">'
        f'<title>{escape(data["divisions"][code]["name"])}</title></path>' for code, d in paths.items())
    legend_y = height + 30
    svg = (f'<svg viewBox="0 0 {WIDTH} {legend_y + 40:.0f}" role="group" aria-labelledby="{element_id}-title" '
           f'font-size="11" font-family="sans-serif"><title id="{element_id}-title">{escape(description)}</title>'
           f'<g stroke="white" stroke-width="0.8">{shapes}</g>{_legend(top, legend_y, element_id, values["active_per_10k"].isna().any())}</svg>')
    controls = (f'<div class="{MARKER}-controls" style="display:flex;gap:0.75em;align-items:center">'
                f'<button type="button">▶ play</button>'
                f'<input type="range" min="0" max="{len(days) - 1}" value="{first}" aria-label="day" style="flex:1">'
                f'<output>{data["days"][first]}</output></div>'
                f'<p class="{MARKER}-readout" aria-live="polite">Hover over or focus a division for its numbers.</p>')
    # "</" inside a script element would end it early.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    script = resources.files("pairing.figures").joinpath("daymap.js").read_text(encoding="utf-8")
    return (f'<figure class="{MARKER}" id="{element_id}">{svg}{controls}'
            f'<script type="application/json">{payload}</script>'
            f'<script>{script}</script>'
            + (f'<figcaption>{escape(caption)}</figcaption>' if caption else "") + '</figure>')
