"""Style, fixed colours, choropleths and the one way figures are exported.

Every figure of the book goes through :func:`save_figure`, which writes
``<name>.svg``, a 300-dpi ``<name>.png`` and ``<name>.csv`` (the plotted data) into
``_build/exports/figures/`` (and a small ``thumbs/<name>.png``); the build publishes that folder at ``figures/`` in the site,
under names that do not change between builds.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import paths

#: One colour per Hubei division across the whole book (Okabe–Ito first, then tab20 shades).
CITY_COLORS = {
    "420100": "#000000",  # Wuhan
    "420200": "#E69F00", "420300": "#56B4E9", "420500": "#009E73", "420600": "#F0E442",
    "420700": "#0072B2", "420800": "#D55E00", "420900": "#CC79A7", "421000": "#8c564b",
    "421100": "#9467bd", "421200": "#17becf", "421300": "#bcbd22", "422800": "#7f7f7f",
    "429004": "#aec7e8", "429005": "#ff9896", "429006": "#98df8a", "429021": "#c49c94",
}
NO_DATA = {"color": "white", "edgecolor": "0.4", "hatch": "///", "label": "no data"}


def set_style() -> None:
    """Sizes, resolution and fonts, set once for every figure."""
    plt.rcdefaults()
    mpl.rcParams.update({
        "figure.figsize": (8, 4.5), "figure.dpi": 110, "savefig.dpi": 300, "savefig.bbox": "tight",
        "font.size": 10, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.alpha": 0.3, "lines.linewidth": 2,
        "font.family": ["DejaVu Sans"], "svg.hashsalt": "pairing", "svg.fonttype": "none",
    })


def save_figure(fig: plt.Figure, name: str, data: pd.DataFrame, folder: Path | None = None) -> list[Path]:
    """Write ``name``.svg, .png and .csv (the plotted ``data``) under stable names.

    ``name`` is the figure's label without the ``fig-`` prefix, e.g. ``"data-hubei-active"``.
    """
    folder = Path(folder or paths.FIGURES)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{name}.{ext}" for ext in ("svg", "png", "csv")]
    fig.savefig(written[0], metadata={"Date": None})
    fig.savefig(written[1], metadata={"Software": None})
    # A light thumbnail for the "Figures" page, so that page stays small.
    (folder / "thumbs").mkdir(exist_ok=True)
    fig.savefig(folder / "thumbs" / f"{name}.png", dpi=40, metadata={"Software": None})
    data.to_csv(written[2], index=False, date_format="%Y-%m-%d")
    return written


def save_table(table: pd.DataFrame, name: str, folder: Path | None = None) -> Path:
    """Write a reproduced table as ``name``.csv beside the figures, under a stable name."""
    folder = Path(folder or paths.FIGURES)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.csv"
    table.to_csv(target, index=False, date_format="%Y-%m-%d")
    return target


def fitted_line(ax: plt.Axes, x: pd.Series, y: pd.Series, color: str = "0.25", level: float = 0.95) -> None:
    """Least-squares line of ``y`` on ``x`` with its pointwise confidence band for the mean
    (statsmodels OLS), drawn across the range of ``x``."""
    import statsmodels.api as sm

    fit = sm.OLS(np.asarray(y, dtype=float), sm.add_constant(np.asarray(x, dtype=float))).fit()
    grid = np.linspace(np.min(x), np.max(x), 100)
    band = fit.get_prediction(sm.add_constant(grid)).summary_frame(alpha=1 - level)
    ax.plot(grid, band["mean"], color=color, lw=1.4, zorder=2)
    ax.fill_between(grid, band["mean_ci_lower"], band["mean_ci_upper"], color=color, alpha=0.15, lw=0, zorder=1)


#: Where :func:`label_points` tries a label, in points from its marker, in order of preference.
LABEL_OFFSETS = [(4, 3), (4, -11), (-4, 3), (-4, -11), (4, 9), (-4, 9), (4, -17), (-4, -17)]


def label_points(ax: plt.Axes, x, y, labels, fontsize: float = 7.5) -> None:
    """Label scatter points, each at the first offset of :data:`LABEL_OFFSETS` whose text
    overlaps neither another point's marker nor a label already placed (else at the first
    offset). Call it once the axes' limits are final."""
    renderer = ax.figure.canvas.get_renderer()
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    markers = [mpl.transforms.Bbox.from_extents(mx - 5, my - 5, mx + 5, my + 5) for mx, my in ax.transData.transform(xy)]
    placed = []
    for i, ((px, py), text) in enumerate(zip(xy, labels)):
        obstacles = placed + markers[:i] + markers[i + 1:]

        def place(dx: float, dy: float):
            label = ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                                ha="left" if dx > 0 else "right", annotation_clip=False)
            return label, label.get_window_extent(renderer).expanded(1.1, 1.3)

        for dx, dy in LABEL_OFFSETS:
            label, box = place(dx, dy)
            if not any(box.overlaps(other) for other in obstacles):
                break
            label.remove()
        else:  # nowhere free: the first place
            label, box = place(*LABEL_OFFSETS[0])
        placed.append(box)


def date_axis(ax: plt.Axes) -> None:
    """Readable dates on the x axis: a tick every two weeks, labelled like '15 Feb'."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=[1, 15]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))


def choropleth(frame: gpd.GeoDataFrame, column: str, ax: plt.Axes, *, scheme: str = "Quantiles", k: int = 5,
               legend_title: str = "", cmap: str = "YlOrRd", label_column: str | None = "name_en",
               fmt: str = "{:,.0f}", bins: list[float] | None = None,
               class_labels: list[str] | None = None) -> plt.Axes:
    """A classified choropleth with a titled legend, "no data" hatched, labels at
    representative points and no axes. ``frame`` should already be in an equal-area CRS.

    ``bins`` (upper class bounds) override ``scheme`` and ``k``; ``class_labels`` replace the
    legend's interval labels, one per class."""
    extra = {"scheme": "UserDefined", "classification_kwds": {"bins": bins}} if bins else {"scheme": scheme, "k": k}
    legend_kwds = {"title": legend_title, "loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "ncol": 3,
                   "fontsize": 7.5, "title_fontsize": 8, "fmt": fmt, "frameon": False}
    if class_labels:
        legend_kwds["labels"] = class_labels
        del legend_kwds["fmt"]  # geopandas passes it on to matplotlib when labels are given
    with warnings.catch_warnings():
        # mapclassify notes that the optional numba accelerator is absent; the result is the same.
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        frame.plot(column=column, ax=ax, cmap=cmap, edgecolor="0.3", linewidth=0.4, legend=True,
                   missing_kwds=NO_DATA, legend_kwds=legend_kwds, **extra)
    if label_column:
        label_divisions(ax, frame, dict(zip(frame["adcode"], frame[label_column])))
    ax.set_axis_off()
    return ax


#: Divisions too small on a map of Hubei to hold their own label: Huangshi, Ezhou, and the three
#: province-administered cities of the centre. Their labels go in a row above the map.
SMALL_DIVISIONS = ["420200", "420700", "429004", "429005", "429006"]


def label_divisions(ax: plt.Axes, frame: gpd.GeoDataFrame, labels: dict[str, str], fontsize: float = 6) -> None:
    """Label each division at a point inside it; the small central ones in a row above the
    map, in west-to-east order, each with a thin leader line to its division."""
    box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7}
    points = frame.set_index("adcode").geometry.representative_point()
    xmin, ymin, xmax, ymax = frame.total_bounds
    small = sorted((code for code in SMALL_DIVISIONS if code in labels), key=lambda code: points[code].x)
    row_y = ymax + 0.10 * (ymax - ymin)
    row_x = np.linspace(xmin + 0.25 * (xmax - xmin), xmax - 0.15 * (xmax - xmin), len(small))
    for code, x in zip(small, row_x):
        ax.annotate(labels[code], (points[code].x, points[code].y), xytext=(x, row_y), ha="center", va="bottom",
                    fontsize=fontsize, bbox=box, arrowprops={"arrowstyle": "-", "color": "0.35", "lw": 0.6})
    for code, text in labels.items():
        if code not in small:
            ax.annotate(text, (points[code].x, points[code].y), ha="center", va="center", fontsize=fontsize, bbox=box)
    if small:
        ax.set_ylim(top=ymax + 0.2 * (ymax - ymin))
