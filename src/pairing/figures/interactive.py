"""Interactive figures that work offline and weigh little: an SVG map with a day slider.

The map is one HTML fragment: the divisions as SVG paths (projected, simplified), a legend, a slider
marked at the letter's day 22, each day's colours and values as JSON, and a short script
(``daymap.js``, inlined) that recolours the paths when the slider moves or the play button runs and
keeps the readout on the division pointed at or tapped. The divisions are labelled by the static
maps' rule (:func:`pairing.figures.plots.label_divisions`): a name that fits on its division stands
there; any other division shows its number (:data:`pairing.figures.plots.DIVISION_NUMBERS`, the same
on every map of the book) at its middle, and a key under the map, in HTML so that its text keeps the
page's size on a phone, names the numbers shown. What fits depends on the map's width on the screen,
so the script decides, at one text size whatever the width. Nothing is fetched from anywhere, no
library is loaded, and without JavaScript the map still shows its starting day with every division
numbered and the whole key.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import colormaps
from matplotlib.colors import to_hex

from pairing import data, facts
from pairing.data import geo
from pairing.analysis import stats
from pairing.figures.plots import DIVISION_NUMBERS

#: Simplification of the division outlines in metres, on top of :mod:`pairing.data.geo`'s: invisible at
#: page width, and the page carries a third of the outline's points.
OUTLINE_TOLERANCE_M = 500
NO_DATA = "#cccccc"
WIDTH = 640  # SVG user units across the map; the figure scales to the page
MARKER = "pairing-daymap"  # the class of every map's <figure>
#: What the readout says while no division is pointed at or chosen.
HINT = "Hover or tap a division for its numbers; a tapped one stays as the days change."
#: Legend ticks in patients per 10,000 (those up to the map's largest value are drawn).
TICKS = (0, 1, 2, 5, 10, 20, 30, 50, 100)
#: The width of the range input's thumb in Chromium and Firefox: the slider's mark is laid out on the
#: track less half a thumb at each end, where the thumb's centre travels.
THUMB_PX = 16


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


def _on_page(divisions: gpd.GeoDataFrame) -> tuple[gpd.GeoSeries, float]:
    """The outlines projected to Hubei's Albers, simplified so that neighbours still share their
    borders, in SVG units (:data:`WIDTH` across, y down); and the map's height."""
    projected = divisions.to_crs(geo.HUBEI_ALBERS)
    outlines = projected.simplify_coverage(OUTLINE_TOLERANCE_M)
    xmin, ymin, xmax, ymax = outlines.total_bounds
    scale = WIDTH / (xmax - xmin)
    on_page = outlines.affine_transform([scale, 0, 0, -scale, -xmin * scale, ymax * scale])
    return gpd.GeoSeries(on_page.values, index=projected["adcode"].values), (ymax - ymin) * scale


def svg_paths(divisions: gpd.GeoDataFrame) -> tuple[dict[str, str], float]:
    """Each division's outline as an SVG path, projected to Hubei's Albers, simplified so that
    neighbours still share their borders, and scaled to :data:`WIDTH`; and the map's height."""
    outlines, height = _on_page(divisions)

    def ring(coords) -> str:
        return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z"

    paths = {}
    for adcode, shape in outlines.items():
        polygons = getattr(shape, "geoms", [shape])
        paths[adcode] = "".join(ring(p.exterior.coords) + "".join(ring(i.coords) for i in p.interiors) for p in polygons)
    return paths, height


def name_spots(divisions: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each division's name or number goes, in SVG units: the point farthest inside from its
    border (``x``, ``y``: the division's middle, where its number stands and which no other name may
    cover), that distance (``radius``) and the division's width along the line of text through that
    point (``across``), by which ``daymap.js`` tells whether the name fits on the division."""
    outlines, _ = _on_page(divisions)
    rows = []
    for adcode, shape in outlines.items():
        circle = shapely.maximum_inscribed_circle(shape, 0.1)
        centre = shapely.get_point(circle, 0)
        line = shapely.LineString([(-1, centre.y), (WIDTH + 1, centre.y)]).intersection(shape)
        across = min(getattr(line, "geoms", [line]), key=centre.distance).length
        rows.append({"adcode": adcode, "x": round(centre.x, 1), "y": round(centre.y, 1),
                     "radius": round(circle.length, 1), "across": round(across, 1)})
    return pd.DataFrame(rows)


def _labels(spots: pd.DataFrame, names: pd.Series) -> str:
    """Each division's name and its number (:data:`DIVISION_NUMBERS`) as SVG text at its middle.
    Without a script every division shows its number (the key lists them all) and no name; ``daymap.js``
    then shows the names that fit on their divisions at the map's width, in place of their numbers."""
    common = (f'aria-hidden="true" pointer-events="none" font-size="12" fill="#222" stroke="white" stroke-width="3" '
              f'stroke-linejoin="round" paint-order="stroke" text-anchor="middle" dominant-baseline="central"')
    texts = "".join(f'<text data-adcode="{s.adcode}" x="{s.x}" y="{s.y}" data-radius="{s.radius}" '
                    f'data-across="{s.across}" display="none">{escape(names[s.adcode])}</text>' for s in spots.itertuples())
    numbers = "".join(f'<text data-adcode="{s.adcode}" x="{s.x}" y="{s.y}">{DIVISION_NUMBERS[s.adcode]}</text>'
                      for s in spots.itertuples())
    return (f'<g class="{MARKER}-names" {common}>{texts}</g>'
            f'<g class="{MARKER}-numbers" {common} font-weight="bold">{numbers}</g>')


def _key(names: pd.Series) -> str:
    """The numbers and names of the map's divisions, in number order, as page text under the map:
    every entry shows without a script; ``daymap.js`` hides those of the divisions named on the map,
    and the key when none is left."""
    entries = "".join(f'<li data-adcode="{code}" style="white-space:nowrap"><b>{DIVISION_NUMBERS[code]}</b> '
                      f'{escape(names[code])}</li>' for code in sorted(names.index, key=DIVISION_NUMBERS.get))
    return (f'<ul class="{MARKER}-key" style="list-style:none;margin:0.3em 0 0.5em;padding:0;font-size:0.85em;'
            f'display:flex;flex-wrap:wrap;gap:0 1em">{entries}</ul>')


def _legend(top: float, any_missing: bool, cmap: str = "Reds") -> str:
    """A colour bar with ticks in patients per 10,000 (square-root spaced), and the grey of a
    division without a population when the map has one. HTML, not SVG: its text keeps the page's
    size when the map shrinks to a phone's width."""
    ramp = ", ".join(f"{to_hex(colormaps[cmap](0.08 + 0.92 * s))} {100 * s:.0f}%" for s in np.linspace(0, 1, 11))
    ticks = "".join(
        f'<span style="position:absolute;left:{100 * np.sqrt(t / top):.1f}%;transform:translateX(-50%);'
        f'display:flex;flex-direction:column;align-items:center"><span style="width:1px;height:0.35em;'
        f'background:currentColor"></span>{t}</span>' for t in TICKS if t <= top)
    missing = (f'<div><span style="display:inline-block;width:1.2em;height:0.8em;background:{NO_DATA};'
               f'vertical-align:-0.05em;margin-right:0.4em"></span>no population on record</div>' if any_missing else "")
    return (f'<div class="{MARKER}-legend" style="font-size:0.85em;max-width:22em;margin-bottom:0.5em">'
            f'<div>patients under treatment per 10,000</div>'
            f'<div style="height:0.8em;background:linear-gradient(to right, {ramp})"></div>'
            f'<div style="position:relative;height:1.6em">{ticks}</div>{missing}</div>')


def _controls(days: list[str], first: int, mark: tuple[int, str] | None) -> str:
    """Play button and date on one line, the slider across the figure under them, and ``mark``
    (a day's index and label) under the slider's track, where the thumb's centre stands on that day:
    a button that goes to it."""
    mark_html = ""
    if mark is not None:
        (mark, mark_label), share = mark, mark[0] / (len(days) - 1)
        mark_html = (f'<div style="position:relative;height:1.8em;margin:0 {THUMB_PX / 2:g}px;font-size:0.85em">'
                     f'<button type="button" class="{MARKER}-mark" data-day="{mark}" title="go to {days[mark]}" '
                     f'style="position:absolute;left:{100 * share:.3f}%;transform:translateX(-50%);display:flex;'
                     f'flex-direction:column;align-items:center;border:0;padding:0;background:none;color:inherit;'
                     f'font:inherit;cursor:pointer"><span style="width:2px;height:0.5em;background:currentColor">'
                     f'</span>{escape(mark_label)}</button></div>')
    return (f'<div class="{MARKER}-controls" style="display:flex;flex-wrap:wrap;gap:0.25em 0.75em;align-items:center">'
            f'<button type="button">▶ play</button><output>{days[first]}</output>'
            f'<div style="flex:1 0 100%"><input type="range" min="0" max="{len(days) - 1}" value="{first}" '
            f'aria-label="day" style="display:block;width:100%;margin:0.4em 0 0">{mark_html}</div></div>'
            f'<p class="{MARKER}-readout" aria-live="polite">{HINT}</p>')


def day_slider_map(values: pd.DataFrame, divisions: gpd.GeoDataFrame, *, element_id: str, description: str,
                   caption: str = "", start: pd.Timestamp | None = None,
                   mark: pd.Timestamp | None = facts.TEAMS_AT_WORK) -> str:
    """The map as an HTML fragment: ``values.active_per_10k`` by division, one frame per day,
    with a slider, a play button and a live readout; ``description`` is its text alternative and
    ``caption`` (plain text) its visible caption.

    One colour scale for all days (:func:`sqrt_colours`, 0 to the largest value), so that days
    can be compared. The page shows ``start`` (default: the first day) before any script runs.
    The slider is marked at ``mark`` (default: the letter's day 22), labelled with its day of the
    letter's count, when that day is on the map. Each division is named on the map where its name
    fits, else numbered at its middle and named in the key under the map (:func:`_labels`, :func:`_key`).
    """
    if unknown := sorted(set(divisions["adcode"]) - set(DIVISION_NUMBERS)):
        raise ValueError(f"day_slider_map: {unknown} are not divisions of Hubei, which alone have numbers")
    days = sorted(values["date"].unique())
    top = float(values["active_per_10k"].max())
    paths, height = svg_paths(divisions)
    wide = {column: values.pivot(index="date", columns="adcode", values=column).reindex(days)
            for column in ("active", "active_per_10k")}
    colours = wide["active_per_10k"].apply(lambda column: sqrt_colours(column, top))
    names = values.drop_duplicates("adcode").set_index("adcode")
    first = days.index(pd.Timestamp(start)) if start is not None else 0
    marked = ((days.index(pd.Timestamp(mark)), f"day {facts.lockdown_day(pd.Timestamp(mark))}")
              if mark is not None and pd.Timestamp(mark) in days else None)
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
    # The outline of the division pointed at or chosen, drawn over its neighbours' borders.
    current = (f'<path class="{MARKER}-current" d="" fill="none" stroke="#111" stroke-width="2.5" '
               f'vector-effect="non-scaling-stroke" pointer-events="none"/>')
    svg = (f'<svg viewBox="0 0 {WIDTH} {height:.0f}" role="group" aria-labelledby="{element_id}-title" '
           f'font-family="sans-serif" style="display:block;width:100%;height:auto">'
           f'<title id="{element_id}-title">{escape(description)}</title>'
           f'<g stroke="white" stroke-width="0.8">{shapes}</g>{current}'
           f'{_labels(name_spots(divisions), names["name_en"])}</svg>')
    legend = _legend(top, values["active_per_10k"].isna().any())
    # "</" inside a script element would end it early.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    script = resources.files("pairing.figures").joinpath("daymap.js").read_text(encoding="utf-8")
    key = _key(names.loc[list(paths), "name_en"])
    return (f'<figure class="{MARKER}" id="{element_id}">{legend}{svg}{key}{_controls(data["days"], first, marked)}'
            f'<script type="application/json">{payload}</script>'
            f'<script>{script}</script>'
            + (f'<figcaption>{escape(caption)}</figcaption>' if caption else "") + '</figure>')
