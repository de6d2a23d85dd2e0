"""How much help, for how much need: the figures of the pairing chapter beside its map
(:mod:`pairing.figures.pairmap`): staff per resident and per patient on two maps of Hubei, staff
against patients for the cities whose counts are known, and the national timeline of medical staff
from outside Hubei.

Each function returns the figure and the frame it plotted.
"""

from __future__ import annotations

import textwrap

import geopandas as gpd
import numpy as np
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from pairing.data import geo
from pairing.figures import classes, plots

#: Label offsets (points) of the scatter's crowded cities: Jingmen, Huangshi and Yichang sit close
#: together, so Jingmen's label goes higher, Huangshi's beside its point and Yichang's below;
#: Xiaogan and Huanggang, at the right edge, are labelled on their left (a negative offset: the
#: label ends there), so that the figure keeps the page's width; every other (5, 3).
NEED_LABEL_OFFSETS = {"Jingmen": (5, 6), "Huangshi": (7, -4), "Yichang": (5, -12),
                      "Xiaogan": (-7, 1), "Huanggang": (-7, 1)}
#: The labels' size, points: 11 px on the page at the figure's width (see :func:`plots.set_style`).
LABEL_FONTSIZE = 8.0
#: The size of the axes' text on a phone (points): 8-point text there shows at 11.8 px.
PHONE_FONT = 8
#: On a phone, how many characters of a scatter label's partners go on a line.
PHONE_WRAP = 18


#: The staff map's two measures, top to bottom, each with its legend's title.
STAFF_MEASURES = {"staff_per_10k": "staff per 10,000 residents", "staff_per_peak_patient": "staff per patient at the peak"}
#: How the staff map classes each measure: quantiles in three classes, values written to two decimals.
STAFF_SCHEME, STAFF_CLASSES, STAFF_FMT = "Quantiles", 3, "{:.2f}"


def staff_classes(values: pd.Series) -> pd.Series:
    """The class of each of ``values`` (0 the lowest; missing where a value is) as the staff map draws
    it: :func:`pairing.figures.plots.choropleth`'s classes with the staff map's scheme, a far value apart and
    no class a sliver, so that near-equal values share a class."""
    classed = values.dropna().astype(float)
    found = classes.without_slivers(classed.to_numpy(), classes.classify_apart(classed.to_numpy(), STAFF_SCHEME,
                                                                               STAFF_CLASSES),
                                    plots.legend_step(STAFF_FMT))
    return pd.Series(found.yb, index=classed.index).reindex(values.index)


def staff_map(need: pd.DataFrame, names: dict[str, str], width: float | None = None
              ) -> tuple[plt.Figure, gpd.GeoDataFrame]:
    """Staff per 10,000 residents (top) and per patient at the peak (bottom), one map of Hubei each,
    stacked at the width of a page, quantiles in three classes; the divisions outside the pairing
    (absent from ``need``, a frame of :func:`pairing.analysis.aid.staff_need`) in a class of their
    own. Returns the figure and the divisions as drawn (``not_paired`` marks those outside the pairing;
    ``<measure>_class``, the class each is drawn in: :func:`staff_classes`).
    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws the same maps that
    wide (:func:`pairing.figures.plots.map_column`), naming the divisions whose names fit and numbering the rest in a key."""
    shapes = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).merge(need.rename(columns={"city_en": "name_en"}),
                                                                  on="adcode", how="left")
    shapes["name_en"] = shapes["adcode"].map(names)
    not_paired = sorted(set(shapes["adcode"]) - set(need["adcode"]))
    shapes["not_paired"] = shapes["adcode"].isin(not_paired)
    fig, axes, labels = plots.stacked_maps(shapes, 2, width, page=(7, 9.4, 0.16))
    for ax, (column, title) in zip(axes, STAFF_MEASURES.items()):
        plots.choropleth(shapes, column, ax, scheme=STAFF_SCHEME, k=STAFF_CLASSES, legend_title=title, fmt=STAFF_FMT,
                         categories={"not in the pairing": not_paired}, **labels)
        # The class each division is drawn in, for the words that name the most and the least.
        shapes[f"{column}_class"] = staff_classes(shapes[column].where(~shapes["not_paired"]))
    if width is not None:
        plots.stack_maps(fig, axes)
    return fig, shapes


def staff_against_need(need: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Staff sent against patients under treatment on the day of the pairing list, both axes
    logarithmic, for the cities of ``need`` whose staff count is known; each point in its city's
    colour, filled for a total and open for a lower bound, labelled with the city and its partners.
    Returns the figure and the cities plotted.

    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws it that wide: the
    partners under the city's name, the labels placed together inside the axes
    (:func:`pairing.figures.plots.label_points` ``within``), the key under the plot, the axes' text at
    :data:`PHONE_FONT`."""
    narrow = width is not None
    known = need[need["staff_sent"].notna()]
    fig, ax = plt.subplots(figsize=(width, 1.6 * width) if narrow else (7, 4.6),
                           **({"layout": plots.phone_layout()} if narrow else {}))
    for status in ("total", "at least"):
        part = known[known["staff_status"] == status]
        ax.scatter(part["active_0210"], part["staff_sent"].astype(float), s=40,
                   facecolors=[plots.CITY_COLORS[c] for c in part["adcode"]] if status == "total" else "none",
                   edgecolors=[plots.CITY_COLORS[c] for c in part["adcode"]], linewidths=1.5)
    # The legend says what filled and open mean; the colours are the cities' own, named by the labels.
    ax.scatter([], [], s=40, facecolors="0.45", edgecolors="0.45", linewidths=1.5, label="total known")
    ax.scatter([], [], s=40, facecolors="none", edgecolors="0.45", linewidths=1.5, label="lower bound")
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(plots.thousands())
        axis.set_minor_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}" if str(int(v))[0] in "25" else ""))
    if narrow:
        ax.margins(x=0.2, y=0.2)  # room inside the axes for the labels of the points at its edges
        ax.tick_params(which="both", labelsize=PHONE_FONT)
        ax.set_xlabel(textwrap.fill("patients under treatment on 10 February 2020", 30), fontsize=PHONE_FONT)
        ax.set_ylabel("staff sent by partner province(s)", fontsize=PHONE_FONT)
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=PHONE_FONT)
        fig.canvas.draw()  # the limits and the layout are final before the labels are placed
        plots.label_points(ax, known["active_0210"], known["staff_sent"].astype(float),
                           [f"{row['city_en']}\n" + textwrap.fill(f"({row['partners']})", PHONE_WRAP)
                            for _, row in known.iterrows()], fontsize=LABEL_FONTSIZE, within=True)
        return fig, known
    for _, row in known.iterrows():
        offset = NEED_LABEL_OFFSETS.get(row["city_en"], (5, 3))
        ax.annotate(f"{row['city_en']} ({row['partners']})", (row["active_0210"], float(row["staff_sent"])),
                    xytext=offset, textcoords="offset points", fontsize=LABEL_FONTSIZE,
                    ha="right" if offset[0] < 0 else "left", va="center" if offset[0] < 0 else "baseline")
    ax.set_xlabel("patients under treatment on 10 February 2020")
    ax.set_ylabel("staff sent by partner province(s)")
    ax.legend(frameon=False, loc="lower right")
    return fig, known


def timeline(aid_timeline: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Medical staff from outside Hubei in the province as reported at each date, with Wuhan's and
    the other cities' shares where a report gives them, and the letter's figure for Wuhan as a star.
    Returns the figure and the reports plotted (measures ``"in Hubei"`` and ``"in Wuhan"``).

    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws it that wide: the
    numbers placed together inside the axes (:func:`pairing.figures.plots.label_points` ``within``),
    the key under the plot in two columns, the axes' text at :data:`PHONE_FONT`."""
    narrow = width is not None
    series = aid_timeline[aid_timeline["measure"].isin(["in Hubei", "in Wuhan"])]
    fig, ax = plt.subplots(figsize=(width, 1.25 * width) if narrow else (7, 4.2),
                           **({"layout": plots.phone_layout()} if narrow else {}))
    in_hubei = series[series["measure"] == "in Hubei"]
    ax.plot(in_hubei["as_of"], in_hubei["staff"], "o-", color="0.3", label="all Hubei")
    ax.plot(in_hubei["as_of"], in_hubei["staff_wuhan"], "s--", color="black", label="Wuhan (where reported)")
    ax.plot(in_hubei["as_of"], in_hubei["staff_other_cities"], "^--", color=plots.GROUP_COLORS["assisted"],
            label="other cities (where reported)")
    letter = series[series["measure"] == "in Wuhan"]
    ax.plot(letter["as_of"], letter["staff"], "*", color="#D55E00", ms=12, label="Wuhan, the letter's figure")
    numbers = [("more than " if pd.notna(row["qualifier"]) else "") + f"{row['staff']:,}" for _, row in in_hubei.iterrows()]
    if not narrow:
        for (_, row), number in zip(in_hubei.iterrows(), numbers):
            ax.annotate(number, (row["as_of"], row["staff"]), xytext=(-4, 6), textcoords="offset points",
                        fontsize=LABEL_FONTSIZE, ha="right")
    # Room on the left for the first report's number, which sits above and before its point.
    ax.set_xlim(left=series["as_of"].min() - pd.Timedelta(days=12 if narrow else 5))
    plots.date_axis(ax)
    ax.yaxis.set_major_formatter(plots.thousands())
    if narrow:
        ax.set_ylim(top=series["staff"].max() * 1.12)  # room above the last report for its number
        ax.set_xlim(right=series["as_of"].max() + pd.Timedelta(days=3))
        ax.tick_params(labelsize=PHONE_FONT)
        ax.set_ylabel("medical staff from outside Hubei", fontsize=PHONE_FONT)
        ax.set_xlabel("date (2020)", fontsize=PHONE_FONT)
        handles, names = ax.get_legend_handles_labels()
        fig.legend(handles, [textwrap.fill(name, 16) for name in names], loc="outside lower center", ncols=2,
                   frameon=False, fontsize=PHONE_FONT)
        fig.canvas.draw()  # the limits and the layout are final before the numbers are placed
        # Clear of the other series' markers and of the line through the reports.
        days = mdates.date2num(in_hubei["as_of"])
        along = np.linspace(0, 1, 12)[1:-1]
        line = (np.concatenate([a + (b - a) * along for a, b in zip(days[:-1], days[1:])]),
                np.concatenate([a + (b - a) * along for a, b in zip(in_hubei["staff"].iloc[:-1], in_hubei["staff"].iloc[1:])]))
        others = pd.concat([in_hubei[["as_of", "staff_wuhan"]].set_axis(["as_of", "staff"], axis=1),
                            in_hubei[["as_of", "staff_other_cities"]].set_axis(["as_of", "staff"], axis=1),
                            letter[["as_of", "staff"]]]).dropna()
        plots.label_points(ax, days, in_hubei["staff"], numbers, fontsize=LABEL_FONTSIZE, within=True,
                           markers=(mdates.date2num(others["as_of"]), others["staff"].astype(float)), lines=line)
    else:
        ax.set_ylabel("medical staff from outside Hubei")
        ax.set_xlabel("date (2020)")
        ax.legend(frameon=False, loc="lower right")
    return fig, series
