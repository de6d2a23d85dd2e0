"""Interactive figures that work offline: plotly, with its JavaScript served from the book itself.

The Sphinx hook (:mod:`pairing.sphinx_ext`) copies ``plotly.min.js`` from the installed plotly
package into the book's static files and adds it to the pages that hold a plotly figure, so no
page fetches anything from a CDN. Maps use plotly's MapLibre traces on a blank background
(``white-bg``): no tiles, glyphs or world outlines are requested.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import stats

#: Simplification of the division outlines, in degrees (about 500 m): the map stays faithful at
#: province scale while the page carries a tenth of the outline data.
OUTLINE_TOLERANCE = 0.005
MARKER = "plotly-graph-div"  # the class plotly gives every figure's div


def plotly_js() -> Path:
    """The minified plotly.js that ships inside the installed plotly package."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def active_per_10k(cases: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Patients under treatment per 10,000 residents (2019 year-end population), one row per
    division and day, with names for the hover text."""
    frame = cases.merge(cities[["adcode", "population_2019"]], on="adcode", how="left", validate="many_to_one")
    frame["active_per_10k"] = stats.per_10k(frame["active"], frame["population_2019"]).astype(float)
    return frame[["date", "adcode", "name_en", "name_zh", "active", "population_2019", "active_per_10k"]]


def day_slider_map(values: pd.DataFrame, divisions: gpd.GeoDataFrame, title: str) -> go.Figure:
    """A choropleth of ``values.active_per_10k`` by division with a day slider and a play button.

    One fixed colour scale for all days, on a square-root axis so that the smaller cities are not
    washed out by Wuhan (the colour bar is labelled in patients per 10,000, the hover gives exact
    values). Divisions without a population figure are drawn grey and say so. Each frame carries
    only the day's values; the outlines are sent once.
    """
    outlines = divisions.assign(geometry=divisions.simplify(OUTLINE_TOLERANCE, preserve_topology=True))
    geojson = outlines.set_index("adcode")[["geometry"]].__geo_interface__
    days = sorted(values["date"].unique())
    known = values.dropna(subset=["active_per_10k"])
    unknown = sorted(set(values["adcode"]) - set(known["adcode"]))
    top = float(known["active_per_10k"].max())
    ticks = [t for t in (0, 1, 2, 5, 10, 20, 30, 50, 100) if t <= top]
    center = outlines.union_all().centroid

    def day_values(day) -> dict:
        today = known[known["date"] == day].sort_values("adcode")
        return {"locations": today["adcode"].tolist(), "z": np.sqrt(today["active_per_10k"]).round(3).tolist(),
                "customdata": today[["name_en", "name_zh", "active", "active_per_10k"]].values.tolist()}

    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, featureidkey="id", **day_values(days[0]), zmin=0, zmax=float(np.sqrt(top)),
        colorscale="Reds", marker_line_color="white", marker_line_width=0.8,
        colorbar={"title": {"text": "per 10,000"}, "thickness": 14,
                  "tickvals": np.sqrt(ticks).tolist(), "ticktext": [str(t) for t in ticks]},
        hovertemplate="<b>%{customdata[0]} %{customdata[1]}</b><br>%{customdata[2]:,} under treatment"
                      "<br>%{customdata[3]:.1f} per 10,000<extra></extra>",
    ))
    if unknown:
        names = values.drop_duplicates("adcode").set_index("adcode").loc[unknown]
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="id", locations=unknown, z=[0] * len(unknown),
            colorscale=[[0, "#cccccc"], [1, "#cccccc"]], showscale=False, marker_line_color="white",
            marker_line_width=0.8, customdata=names[["name_en", "name_zh"]].values.tolist(),
            hovertemplate="<b>%{customdata[0]} %{customdata[1]}</b><br>no population figure on record<extra></extra>"))
    labels = [f"{pd.Timestamp(day):%-d %b}" for day in days]
    fig.frames = [go.Frame(data=[go.Choroplethmap(**day_values(day))], traces=[0], name=label)
                  for day, label in zip(days, labels)]
    animate = {"frame": {"duration": 150, "redraw": True}, "transition": {"duration": 0}, "mode": "immediate"}
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        map={"style": "white-bg", "center": {"lon": center.x, "lat": center.y}, "zoom": 5.4},
        height=540, margin={"l": 0, "r": 0, "t": 40, "b": 0},
        sliders=[{"active": 0, "x": 0.17, "len": 0.83, "currentvalue": {"prefix": "day: "}, "pad": {"t": 10},
                  "steps": [{"label": label, "method": "animate", "args": [[label], animate]} for label in labels]}],
        updatemenus=[{"type": "buttons", "direction": "left", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
                      "pad": {"t": 35},
                      "buttons": [{"label": "▶ play", "method": "animate", "args": [None, {**animate, "fromcurrent": True}]},
                                  {"label": "❚❚ pause", "method": "animate",
                                   "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]}]}],
    )
    return fig


def html(fig: go.Figure, description: str) -> str:
    """The figure as an HTML fragment for a notebook output: no plotly.js inside (the page loads
    the book's own copy) and no request to any other host; ``description`` is its text alternative."""
    body = fig.to_html(include_plotlyjs=False, full_html=False, config={"displaylogo": False, "responsive": True})
    return f'<div role="figure" aria-label="{escape(description)}">{body}</div>'
