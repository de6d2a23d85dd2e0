"""Style, fixed colours, choropleths and the one way figures are exported.

Every figure of the book goes through :func:`save_figure`, which writes
``<name>.svg``, a 300-dpi ``<name>.png`` and ``<name>.csv`` (the plotted data) into
``_build/exports/figures/`` (and a small ``thumbs/<name>.png``, and for a figure too wide for a phone its
phone rendering, ``phone/<name>.png``); the build publishes that folder at ``figures/`` in the site,
under names that do not change between builds, and notes it in the chapter's record
(:func:`pairing.data.usage.wrote`): the book's list of what it publishes is what was written.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from PIL import Image

from pairing import facts, paths
from pairing.data import usage
from pairing.figures.classes import classify, classify_apart, without_slivers

#: One colour per Hubei division across the whole book, Wuhan's black. Each stands out on white as
#: a thin line (contrast at least 3:1) and has chroma (grey means "not paired" and "no data" on the
#: book's maps, and is a group's colour); chosen among such colours to be as far apart as possible
#: (CIEDE2000, as most see them and as a deuteranope does), then given to the divisions so that
#: neighbours on a map (in Hubei, and the partner provinces on the pairing map) differ most.
#: tests/test_palette.py checks the thresholds.
CITY_COLORS = {
    "420100": "#000000",  # Wuhan
    "420200": "#598c00", "420300": "#00664d", "420500": "#404d1a", "420600": "#a600cc",
    "420700": "#e60d73", "420800": "#33998c", "420900": "#735900", "421000": "#001ae6",
    "421100": "#0d8cff", "421200": "#8073a6", "421300": "#e66666", "422800": "#734073",
    "429004": "#ff26d9", "429005": "#994d4d", "429006": "#004d99", "429021": "#ff4d00",
}
#: Colours of groups of divisions, none of them a division's own colour: Hubei as a whole, the
#: assisted cities together, the comparison cities outside Hubei.
GROUP_COLORS = {"Hubei": "#4d4d4d", "assisted": "#882255", "control": "#332288"}
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


def _published(name: str, kind: str, **details) -> None:
    """Note the export in the chapter's record, with the code cell that made it (which places a
    table under its section)."""
    usage.wrote(name, kind, cell=usage.cell, **details)


#: The widest a page shows a figure (the text column in a 1400 px window), in px; the page shows the
#: figure at ``figure.dpi`` (110) pixels an inch (:func:`page_image`).
COLUMN_PX = 768
#: The width a phone shows a figure at, in px: a 400 px screen less the page's margins and the
#: output cell's padding (as Chromium lays the page out). A figure's phone rendering
#: (:func:`save_figure`) must be legible there.
PHONE_COLUMN_PX = 352
#: The width, in inches, to draw a figure's phone rendering at: the phone's column at the page's
#: 110 dpi, so that it is shown at about its own size and fonts of 7.5 pt or more stay legible.
PHONE_WIDTH = 3.2
#: The smallest text a figure may show on the page, in px: :func:`save_figure` refuses a figure with less.
LEGIBLE_PX = 11


def shown_px(width_pt: float, font_pt: float, column_px: int = COLUMN_PX) -> float:
    """Text of ``font_pt`` points in a figure ``width_pt`` points wide, as a page ``column_px`` wide
    shows it, in px: the figure is shown min(column_px, W × dpi/72) px wide, so a font of s points
    appears s × min(column_px / W, dpi/72) px high."""
    return font_pt * min(column_px / width_pt, mpl.rcParams["figure.dpi"] / 72)


def shown_text_px(svg: str, column_px: int = COLUMN_PX) -> float:
    """The smallest text of a figure, as a page ``column_px`` wide shows it, in px (:func:`shown_px`),
    from its SVG (width and font sizes in points)."""
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", svg)]
    return shown_px(width, min(sizes, default=math.inf), column_px)


def _refuse_illegible(shown: float, name: str, where: str) -> None:
    if shown < LEGIBLE_PX:
        raise ValueError(f"figure {name}: its smallest text would show {shown:.1f} px high {where}; "
                         f"every figure's text must show at least {LEGIBLE_PX} px (draw it narrower or its text larger)")


def _legible_svg(fig: plt.Figure, name: str) -> str:
    """``fig`` as SVG, once its smallest text is known to show at least :data:`LEGIBLE_PX` on the page
    (:func:`shown_text_px`); else a ValueError saying so."""
    svg = io.StringIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    _refuse_illegible(shown_text_px(svg.getvalue()), name, "on the page")
    return svg.getvalue()


def _legible_phone(phone: plt.Figure, name: str) -> Image.Image:
    """``phone`` as a PNG at :data:`PHONE_DENSITY` times the page's density, once its smallest text is
    known to show at least :data:`LEGIBLE_PX` in a phone's column (:func:`shown_px`, measured on the
    figure's texts and the PNG's width: an SVG drawn only to measure took a third of a phone's cost)."""
    dpi = PHONE_DENSITY * mpl.rcParams["figure.dpi"]
    png = io.BytesIO()
    # A draw, so every text is laid out; uncompressed, since it is read back at once.
    phone.savefig(png, dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 0})
    sizes = [text.get_fontsize() for text in phone.findobj(mpl.text.Text) if text.get_visible() and text.get_text()]
    image = Image.open(png)
    _refuse_illegible(shown_px(image.width * 72 / dpi, min(sizes, default=math.inf), PHONE_COLUMN_PX), name,
                      f"on a phone ({PHONE_COLUMN_PX} px column)")
    return image


def save_figure(fig: plt.Figure, name: str, data: pd.DataFrame, folder: Path | None = None, *,
                caption: str = "", alt: str = "", phone: plt.Figure | None = None, show: bool = True,
                glued: str | None = None) -> list[Path]:
    """Write ``name``.svg, .png and .csv (the plotted ``data``) under stable names.

    ``name`` is the figure's label without the ``fig-`` prefix, e.g. ``"data-hubei-active"``. Its
    caption and alt text are the chapter's, in the metadata of the cell labelled ``fig-<name>``;
    ``caption`` and ``alt`` are given only by a figure whose cell does not hold them (a division's
    section, made by a template).

    ``phone`` is the same figure laid out for a phone (a small multiple in fewer columns, narrower,
    same data and fonts), required of a figure whose text a phone would shrink below :data:`LEGIBLE_PX`:
    it must be legible in a column of :data:`PHONE_COLUMN_PX`; it is written as ``phone/<name>.png`` at
    :data:`PHONE_DENSITY` times the page's density, in 256 colours, and closed, and the record notes
    its density, so that the page shows it on narrow screens (:mod:`pairing.book.sphinx_ext`).
    Nothing is written when either rendering is refused.

    The figure is then closed, and in a notebook shown under its cell (unless ``show`` is false) as
    :func:`page_image` makes it: from the 300 dpi PNG, so that it is drawn twice (SVG, PNG), not three
    times, as the inline backend would have it. ``glued``: the name it is glued under instead, for a
    page that places it with ``{glue:figure}`` (a division's section, made by a template).
    """
    folder = Path(folder or paths.FIGURES)
    written = [folder / f"{name}.{ext}" for ext in ("svg", "png", "csv")]
    svg = _legible_svg(fig, name)
    if phone is not None:
        phone_png = _legible_phone(phone, name)
        plt.close(phone)
    elif (shown := shown_text_px(svg, PHONE_COLUMN_PX)) < LEGIBLE_PX:
        raise ValueError(f"figure {name}: on a phone ({PHONE_COLUMN_PX} px column) its smallest text would show "
                         f"{shown:.1f} px high; give it a phone rendering (save_figure(..., phone=...)) legible there")
    folder.mkdir(parents=True, exist_ok=True)
    written[0].write_text(svg, encoding="utf-8")
    # The SVG's drawing laid the figure out: the PNG keeps that layout rather than computing its own
    # (a small multiple's constrained layout costs seconds), so the two show the same layout.
    fig.set_layout_engine("none")
    png = io.BytesIO()
    fig.savefig(png, format="png", metadata={"Software": None})
    written[1].write_bytes(png.getvalue())
    with Image.open(png) as drawn:  # decoded and scaled once, for the page image and its thumbnail
        on_page = _scaled(drawn, mpl.rcParams["figure.dpi"])
    thumbnail(on_page, folder / "thumbs" / f"{name}.png")
    data.to_csv(written[2], index=False, date_format="%Y-%m-%d")
    if phone is not None:
        written.append(folder / "phone" / f"{name}.png")
        written[3].parent.mkdir(exist_ok=True)
        in_256_colours(phone_png, written[3])
    _published(name, "figure", **({"caption": caption, "alt": alt} if caption else {}),
               **({"phone_density": PHONE_DENSITY} if phone is not None else {}))
    plt.close(fig)
    if glued:
        from myst_nb import glue  # only where a notebook runs

        glue(glued, page_image(on_page), display=False)
    elif show and _in_notebook():
        from IPython.display import display  # IPython only where a notebook runs

        display(page_image(on_page))
    return written


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def page_image(png: Path | Image.Image):
    """The figure as a page shows it: its 300 dpi PNG (a file, or an image decoded or scaled from one)
    at the page's density (``figure.dpi``), on white, as an IPython image. In full colour: scaled down,
    a figure has too many blended colours for a palette of 256, which turned the divisions' small
    markers grey. Compressed at zlib's default level: the smallest file (``optimize``) took four times
    as long for 2% fewer bytes."""
    from IPython.display import Image as Shown

    page = io.BytesIO()
    scaled = _scaled(png, mpl.rcParams["figure.dpi"])
    Image.alpha_composite(Image.new("RGBA", scaled.size, "white"), scaled).convert("RGB").save(page, format="PNG",
                                                                                                compress_level=6)
    return Shown(data=page.getvalue(), format="png")


#: The resolution of the "Figures" page's thumbnails, so that page stays small.
THUMBNAIL_DPI = 40
#: Device pixels to the px of a phone rendering (:func:`save_figure`): phones have two or three.
PHONE_DENSITY = 2


def thumbnail(png: Path | Image.Image, target: Path) -> None:
    """``png`` scaled down from the resolution it records to :data:`THUMBNAIL_DPI`: a resize, not a
    second drawing of the figure (a drawing costs seconds for the small multiples)."""
    target.parent.mkdir(exist_ok=True)
    in_256_colours(_scaled(png, THUMBNAIL_DPI), target)


def _scaled(png: Path | Image.Image, dpi: float) -> Image.Image:
    """``png`` (a file, or an image decoded from one) resized from the resolution it records to
    ``dpi``, which the result records in turn (a thumbnail is scaled from the page's image, a
    seventh of the pixels of the 300 dpi one)."""
    with Image.open(png) if isinstance(png, Path) else contextlib.nullcontext(png) as image:
        scale = dpi / round(image.info["dpi"][0])
        scaled = image.convert("RGBA").resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                                              Image.Resampling.LANCZOS)
    scaled.info["dpi"] = (dpi, dpi)
    return scaled


def in_256_colours(image: Image.Image, target: Path | io.BytesIO) -> None:
    """Write ``image`` to ``target`` (a file or a buffer) as a PNG on white and in 256 colours: a third
    of the bytes of a figure's PNG, with no visible loss (the figures are drawn on white, in few colours).
    At zlib's default level, as :func:`page_image`."""
    on_white = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA"))
    on_white.convert("RGB").quantize(256).save(target, format="PNG", compress_level=6)


def save_table(table: pd.DataFrame, name: str, folder: Path | None = None) -> Path:
    """Write a reproduced table as ``name``.csv beside the figures, under a stable name."""
    folder = Path(folder or paths.FIGURES)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.csv"
    table.to_csv(target, index=False, date_format="%Y-%m-%d")
    _published(name, "table")
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


def label_points(ax: plt.Axes, x, y, labels, fontsize: float = 7.5, within: bool = False, markers=None,
                 lines=None) -> None:
    """Label scatter points, each at the first offset of :data:`LABEL_OFFSETS` whose text
    overlaps neither another point's marker nor a label already placed (else at the first offset);
    given ``lines``, also clear of them by :data:`LABEL_CLEARANCE` and inside the axes. Call it once
    the axes' limits and place are final.

    ``within`` (a phone's narrow panel, where the points crowd): the labels are placed together
    (:func:`_label_points_within`), inside the axes, each nearer its own point than any other (the
    other series' ``markers`` included) and clear of the ``lines`` (points along them); both are x and
    y in data units."""
    if within:
        _label_points_within(ax, x, y, labels, fontsize, markers, lines)
        return
    renderer = ax.figure.canvas.get_renderer()
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    markers = [mpl.transforms.Bbox.from_extents(mx - 5, my - 5, mx + 5, my + 5) for mx, my in ax.transData.transform(xy)]
    placed = []
    drawn_line = (shapely.LineString(ax.transData.transform(np.column_stack([np.asarray(v, dtype=float) for v in lines])))
                  if lines is not None and len(lines[0]) > 1 else None)
    clearance = LABEL_CLEARANCE * ax.figure.dpi / 72
    frame = ax.get_window_extent(renderer)
    for i, ((px, py), text) in enumerate(zip(xy, labels)):
        obstacles = placed + markers[:i] + markers[i + 1:]

        def place(dx: float, dy: float):
            label = ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                                ha="left" if dx > 0 else "right", annotation_clip=False)
            return label, label.get_window_extent(renderer).expanded(1.1, 1.3)

        for dx, dy in LABEL_OFFSETS:
            label, box = place(dx, dy)
            if not any(box.overlaps(other) for other in obstacles) and (
                    drawn_line is None or (shapely.box(*box.extents).distance(drawn_line) >= clearance
                                           and frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1))):
                break
            label.remove()
        else:  # nowhere free: the first place
            label, box = place(*LABEL_OFFSETS[0])
        placed.append(box)


#: The places :func:`_label_points_within` tries, in order of preference: the offset (points) of the
#: corner or side of the label that lies at the marker, and the label's alignment there. Beside the
#: marker's four corners, level with it on either side, centred above and below it, then further out,
#: twice (the farthest at :data:`FAR_COST`).
LABEL_PLACES = [(dx * k, dy * k, ha, va) for k in (1, 2.5, 4) for dx, dy, ha, va in [
    (3, 2, "left", "bottom"), (3, -2, "left", "top"), (-3, 2, "right", "bottom"), (-3, -2, "right", "top"),
    (6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"), (0, -6, "center", "top")]]
#: How far (points) a label keeps from the other points' markers in :func:`_label_points_within`.
LABEL_CLEARANCE = 3
#: What a label's area outside the axes costs in :func:`_label_points_within`, against its area over a
#: marker or another label: outside, it would run into the ticks or out of the figure.
OUTSIDE_COST = 20
#: What a label costs at the farthest of :data:`LABEL_PLACES` (its last eight), as px² of overlap: so
#: far from its point it is taken only to keep off a line or another point (which cost 1000).
FAR_COST = 300


def _area(a, b) -> float:
    """The area two boxes share (px²)."""
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


def _gap(box, x: float, y: float) -> float:
    """How far the point (``x``, ``y``) lies from ``box`` (px; 0 inside)."""
    return float(np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)))


def _label_points_within(ax: plt.Axes, x, y, labels, fontsize: float, markers=None, lines=None) -> None:
    """Label scatter points in a small panel: each label at one of :data:`LABEL_PLACES` (lines of a
    label aligned on the side next to its point), chosen for all of them together so that, as far as
    can be, no label overlaps another label, a marker (the others' with :data:`LABEL_CLEARANCE`) or
    the axes' edge or a point along the ``lines`` (and none comes within :data:`LABEL_CLEARANCE` of
    a line where the axes show it, its ends included), and none lies nearer another point than its own,
    the other series' ``markers`` included (so that it reads as that point's); ties go to the earlier
    place. ``markers`` and ``lines`` are x and y in data units. A few rounds of moving each label to its best place given
    the others'. Call it once the axes' limits and place are final (after the layout's first draw)."""
    renderer = ax.figure.canvas.get_renderer()
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    centres = ax.transData.transform(xy)
    clearance = LABEL_CLEARANCE * ax.figure.dpi / 72

    def shown(points) -> np.ndarray:
        return (np.empty((0, 2)) if points is None
                else ax.transData.transform(np.column_stack([np.asarray(v, dtype=float) for v in points])))

    def square(mx: float, my: float, pad: float = 0):
        return mpl.transforms.Bbox.from_extents(mx - 5 - pad, my - 5 - pad, mx + 5 + pad, my + 5 + pad)

    own_markers = [square(mx, my) for mx, my in centres]
    series = shown(markers)  # the other series' markers: kept clear of, and not nearer than a label's own
    others = [square(mx, my, clearance) for mx, my in np.vstack([series, shown(lines)])]
    frame = ax.get_window_extent(renderer)
    # The line as the axes show it, to its ends: a label kept LABEL_CLEARANCE from all of it.
    drawn_line = (shapely.LineString(shown(lines)).intersection(shapely.box(*frame.extents))
                  if lines is not None and len(lines[0]) > 1 else shapely.LineString())
    texts = list(labels)

    def annotate(i: int, place: tuple):
        dx, dy, ha, va = place
        return ax.annotate(texts[i], xy[i], xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                           ha=ha, va=va, multialignment=ha, annotation_clip=False)

    boxes, costs = [], []  # per point: each place's box, and what it costs on its own
    for i in range(len(texts)):
        own_boxes, own_costs = [], []
        for rank, place in enumerate(LABEL_PLACES):
            label = annotate(i, place)
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            label.remove()
            own = _gap(box, *centres[i])
            cost = _area(box, own_markers[i]) + sum(_area(box, marker.padded(clearance))
                                                   for j, marker in enumerate(own_markers) if j != i)
            cost += sum(_area(box, other) for other in others)
            cost += 1000.0 * (not drawn_line.is_empty and shapely.box(*box.extents).distance(drawn_line) < clearance)
            cost += OUTSIDE_COST * (box.width * box.height - _area(box, frame))  # outside the axes
            cost += sum(1000.0 for j, (mx, my) in enumerate(centres) if j != i and _gap(box, mx, my) <= own + clearance)
            cost += sum(1000.0 for mx, my in series if _gap(box, mx, my) <= own + clearance)
            own_boxes.append(box)
            own_costs.append(cost + rank * 0.01 + FAR_COST * (rank >= len(LABEL_PLACES) - 8))
        boxes.append(own_boxes)
        costs.append(own_costs)
    chosen = [int(np.argmin(c)) for c in costs]
    for _ in range(10):
        moved = False
        for i in range(len(texts)):
            total = [costs[i][k] + sum(_area(boxes[i][k], boxes[j][chosen[j]]) for j in range(len(texts)) if j != i)
                     for k in range(len(LABEL_PLACES))]
            best = int(np.argmin(total))
            if total[best] < total[chosen[i]] - 1e-9:
                chosen[i], moved = best, True
        if not moved:
            break
    for i, k in enumerate(chosen):
        annotate(i, LABEL_PLACES[k]).set_in_layout(False)  # placed for the axes as they are: a layout keeps them


#: The letter's turning point, 13 February (day 22), as every figure marks it: a thin black dashed
#: line, apart from the divisions' colours and from Wuhan's solid black curve.
DAY_22 = dict(color="black", lw=1.0, ls=(0, (4, 2)), zorder=2)
#: Days 20 and 21 (11 February: mass mobilisation of the paired teams; 12 February: clinically
#: diagnosed cases counted), as a pale band behind the curves: two events a day apart, one mark.
DAYS_20_21 = dict(color="0.88", lw=0, zorder=0)


def thousands() -> mpl.ticker.Formatter:
    """Tick labels as whole numbers with thousands separators ("30,000"), a new formatter for each axis."""
    return mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")


def date_axis(ax: plt.Axes) -> None:
    """Readable dates on the x axis: a tick every two weeks, labelled like '15 Feb'."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=[1, 15]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))


#: How :func:`choropleth` draws a set of divisions it names apart from the classes and from
#: missing data (for example Wuhan, "not in the pairing"): light solid greys, one per category,
#: never hatched, so that "not part of this" does not read as "no data".
CATEGORY_COLORS = ["#d4d4d4", "#a3a3a3", "#737373"]
#: The palest a class of :func:`choropleth` may be, as relative luminance (0 black, 1 white): a
#: paler class reads as the white of the page, of "no data" and of the labels' boxes.
LIGHTEST_CLASS = 0.75
#: The smallest text of a map (labels, numbers, key, legend), in points: 11 px on the page at a
#: figure width of 7.27 in or less (see :func:`set_style`).
MAP_FONTSIZE = 7.5


def luminance(color) -> float:
    """Relative luminance of ``color`` (WCAG 2: linear sRGB weighted 0.2126, 0.7152, 0.0722)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in mpl.colors.to_rgb(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def class_colors(cmap: str, n: int, lightest: float = LIGHTEST_CLASS) -> list[tuple[float, float, float, float]]:
    """``n`` colours of the colormap ``cmap``, evenly spaced from end to end, none paler than
    ``lightest`` (:func:`luminance`), all of them the colormap's own.

    A colormap whose pale end is paler than that (a sequential one: YlOrRd, Blues) is entered
    where it first is dark enough, so the classes keep its darkest colour; a class that still falls
    where the colormap is too pale (the middle of a diverging one, RdYlBu) takes the nearest of its
    colours that is not."""
    colormap = mpl.colormaps[cmap]
    grid = np.linspace(0, 1, 401)
    light = np.array([luminance(colormap(t)) for t in grid]) > lightest
    if light.all():
        raise ValueError(f"colormap {cmap!r} has no colour darker than luminance {lightest}")
    start = grid[np.argmin(light)] if light[0] else 0.0
    stop = grid[len(grid) - 1 - np.argmin(light[::-1])] if light[-1] else 1.0
    dark = grid[~light]
    positions = np.linspace(start, stop, n) if n > 1 else np.array([start])
    return [colormap(t if luminance(colormap(t)) <= lightest else dark[np.argmin(np.abs(dark - t))]) for t in positions]


def legend_in_rows(ax: plt.Axes, handles: list, title: str = "", fontsize: float = MAP_FONTSIZE,
                   title_fontsize: float = 8.0, width: float | None = None) -> mpl.legend.Legend:
    """The legend of ``handles`` below ``ax``, read left to right and row after row, in as few rows
    as fit within ``width`` (in inches; by default the width of the axes' slot), the rows as even
    as they can be (7 entries: 4 and 3, not 6 and 1)."""
    renderer = ax.figure.canvas.get_renderer()
    available = (width * ax.figure.dpi if width is not None
                 else ax.get_position(original=True).width * ax.figure.bbox.width)
    n, tried = len(handles), set()
    for rows in range(1, n + 1):
        columns = -(-n // rows)
        if columns in tried:
            continue
        tried.add(columns)
        # Matplotlib fills a legend column by column: give it the columns of the rows wanted.
        order = [i for column in range(columns) for i in range(column, n, columns)]
        legend = ax.legend(handles=[handles[i] for i in order], title=title, loc="upper center",
                           bbox_to_anchor=(0.5, 0.0), ncol=columns, fontsize=fontsize, title_fontsize=title_fontsize,
                           frameon=False, handlelength=2.2, columnspacing=1.6)
        if legend.get_window_extent(renderer).width <= available or columns == 1:
            return legend
    raise AssertionError("unreachable: one column always fits")


def class_ranges(values: pd.Series, classes: np.ndarray, n_classes: int, fmt: str = "{:,.0f}",
                 bins: list[float] | None = None) -> list[str]:
    """Legend text for each of ``n_classes`` classes: the range of the values in it, lowest to
    highest with an en dash ("0.7–2.1", "1,016–1,580"), or the one value a class holds.

    ``classes`` gives each value's class (0-based). The ranges are those of the values drawn, so
    no boundary is shared between two classes and none is ambiguous. A class that holds no value
    (possible with user-defined ``bins``) is labelled by its bounds and "(none)".
    """
    values = np.asarray(values, dtype=float)
    classes = np.asarray(classes)
    texts = []
    for i in range(n_classes):
        inside = values[classes == i]
        if inside.size:
            low, high = fmt.format(inside.min()), fmt.format(inside.max())
            texts.append(low if low == high else f"{low}–{high}")
        else:
            low = fmt.format(bins[i - 1]) if bins is not None and i > 0 else "…"
            high = fmt.format(bins[i]) if bins is not None else "…"
            texts.append(f"{low}–{high} (none)")
    return texts


def legend_step(fmt: str) -> float:
    """The smallest difference the number format ``fmt`` writes: 0.01 for ``"{:.2f}"``, 1 for ``"{:,.0f}"``."""
    return 10.0 ** -len(fmt.format(0.5).partition(".")[2])


def choropleth(frame: gpd.GeoDataFrame, column: str, ax: plt.Axes, *, scheme: str = "Quantiles", k: int = 5,
               legend_title: str = "", cmap: str = "YlOrRd", label_column: str | None = "name_en",
               fmt: str = "{:,.0f}", bins: list[float] | None = None, class_labels: list[str] | None = None,
               categories: dict[str, list[str]] | None = None, fontsize: float = MAP_FONTSIZE,
               inside: float = 0.9, cover: float = 0.4) -> plt.Axes:
    """A classified choropleth with a titled legend, "no data" hatched, every division labelled
    (:func:`label_divisions`) and no axes. ``frame`` should already be in an equal-area CRS and
    have an ``adcode`` column.

    The classes come from the ``scheme`` with ``k`` classes (:func:`pairing.figures.classes.classify`),
    a largest value far above the rest in a class of its own (:func:`pairing.figures.classes.classify_apart`),
    none of them a sliver the legend could not show as a range (a few values less than a step of
    ``fmt`` apart: :func:`pairing.figures.classes.without_slivers`), or from ``bins`` (upper class
    bounds), which override both. The legend gives each class the range of its values
    in ``fmt`` (:func:`class_ranges`) unless ``class_labels`` (one per class) are given.
    ``categories`` maps a name to the adcodes of divisions drawn apart, whatever their value, in
    a light solid grey (:data:`CATEGORY_COLORS`) named in the legend (e.g. ``{"not in the
    pairing": ["420100"]}``); the other divisions without a value are hatched "no data".
    ``inside`` and ``cover`` are :func:`label_divisions`'s; a phone's map takes
    :data:`PHONE_LABELS`.

    The classes take the colours of ``cmap`` none of them near-white (:func:`class_colors`); the
    legend, below the map, reads left to right in rows (:func:`legend_in_rows`), the classes from
    the least to the most, then the categories and "no data".
    """
    if len(categories or {}) > len(CATEGORY_COLORS):
        raise ValueError(f"choropleth of {column!r}: at most {len(CATEGORY_COLORS)} categories")
    frame = frame.reset_index(drop=True)
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    category = pd.Series(pd.NA, index=frame.index, dtype=object)
    for name, codes in (categories or {}).items():
        category[frame["adcode"].isin(list(codes)) & category.isna()] = name
    classed = values.notna() & category.isna()
    missing = values.isna() & category.isna()
    if bins is None:  # a scheme's classes, not bounds given by hand: a far value apart, none the legend
        # cannot show as a range
        classifier = without_slivers(values[classed].to_numpy(), classify_apart(values[classed].to_numpy(), scheme, k),
                                     legend_step(fmt))
    else:
        classifier = classify(values[classed].to_numpy(), bins=bins)
    n_classes = len(classifier.bins)
    colors = class_colors(cmap, n_classes)
    if class_labels is not None and len(class_labels) != n_classes:
        raise ValueError(f"choropleth of {column!r}: {len(class_labels)} class labels for {n_classes} classes")
    texts = class_labels or class_ranges(values[classed], classifier.yb, n_classes, fmt, bins)

    edges = {"edgecolor": "0.3", "linewidth": 0.4}
    handles = []
    if classed.any():
        shapes(frame[classed], ax, color=[colors[c] for c in classifier.yb], **edges)
    handles += [mpl.patches.Patch(facecolor=color, label=text, **edges) for color, text in zip(colors, texts)]
    for name, color in zip(categories or {}, CATEGORY_COLORS):
        if (category == name).any():
            shapes(frame[category == name], ax, color=color, **edges)
            handles.append(mpl.patches.Patch(facecolor=color, label=name, **edges))
    if missing.any():
        style = {key: value for key, value in NO_DATA.items() if key != "label"}
        shapes(frame[missing], ax, linewidth=0.4, **style)
        handles.append(mpl.patches.Patch(facecolor=style["color"], edgecolor=style["edgecolor"], hatch=style["hatch"],
                                         linewidth=0.4, label=NO_DATA["label"]))
    legend_in_rows(ax, handles, title=legend_title)
    ax.set_axis_off()
    if label_column:
        label_divisions(ax, frame, dict(zip(frame["adcode"], frame[label_column])), fontsize=fontsize,
                        inside=inside, cover=cover)
    return ax


#: How a phone's map names its divisions (:func:`label_divisions`, numbering and keying the others as
#: the page's maps do): a name mostly inside its division (70%, not 90%) and its box over at most 60%
#: of it, so that the larger divisions around the small ones, Wuhan among them, are named at the
#: phone's scale.
PHONE_LABELS = {"inside": 0.7, "cover": 0.6}


def phone_layout() -> mpl.layout_engine.ConstrainedLayoutEngine:
    """The layout of a phone's rendering of a chart (``plt.subplots(layout=phone_layout())``):
    matplotlib's constrained layout, keeping everything the saved figure's pad
    (``savefig.pad_inches``) inside the width it is drawn at, so that it is saved no wider."""
    return mpl.layout_engine.ConstrainedLayoutEngine(w_pad=mpl.rcParams["savefig.pad_inches"])


#: The room :func:`map_column` leaves under each map, inside its axes, for the key of the divisions
#: it numbers, as a share of the map's height: there the key does not shrink the map.
KEY_ROOM = 0.6


def map_column(frame: gpd.GeoDataFrame, n: int, width: float) -> tuple[plt.Figure, list[plt.Axes]]:
    """A figure of ``n`` maps of ``frame``'s extent one above the other, each the figure's ``width``
    (inches) wide at the map's own proportions: the phone's layout of a page's stacked maps. Draw them
    (:func:`choropleth` with :data:`PHONE_LABELS`), then close the gaps with :func:`stack_maps`. The
    maps leave the saved figure's pad (``savefig.pad_inches``, each side) within ``width``; each map's
    axes hold :data:`KEY_ROOM` under it for a key."""
    x0, y0, x1, y1 = frame.total_bounds
    pad = mpl.rcParams["savefig.pad_inches"]
    wide = width - 2 * pad
    tall = wide * (y1 - y0) / (x1 - x0)
    band = 3 * tall  # a map, the room for its key, and room enough for any legend while they are drawn
    fig = plt.figure(figsize=(width, n * band))
    axes = []
    for i in range(n):
        ax = fig.add_axes([pad / width, 1 - (i * band + (1 + KEY_ROOM) * tall) / (n * band), wide / width,
                           (1 + KEY_ROOM) * tall / (n * band)])
        ax.set_anchor("N")  # the map at the top of its axes, the room for the key under it
        axes.append(ax)
    return fig, axes


def stacked_maps(frame: gpd.GeoDataFrame, n: int, width: float | None,
                 page: tuple[float, float, float]) -> tuple[plt.Figure, list[plt.Axes], dict]:
    """``n`` maps of ``frame`` one above the other, and the labelling :func:`choropleth` gives them: for
    the page (``width`` None) a figure ``page`` = (width, height, space between maps as a share of one)
    with the default labels; for a phone (``width`` inches) :func:`map_column`'s with :data:`PHONE_LABELS`."""
    if width is None:
        # The labels are fitted to each map's final size, so the panels are spaced here, not by tight_layout afterwards.
        fig, axes = plt.subplots(n, 1, figsize=page[:2], gridspec_kw={"hspace": page[2]})
        return fig, list(axes), {}
    fig, axes = map_column(frame, n, width)
    return fig, axes, PHONE_LABELS


def stack_maps(fig: plt.Figure, axes: list[plt.Axes], gap: float = 0.25) -> plt.Figure:
    """The drawn maps of :func:`map_column` moved together, each with what it draws around it (its
    legend below), ``gap`` inches apart, and the figure cut to their height. The maps keep their
    size, so what was fitted to it (the labels) stays fitted."""
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    extents = []  # (room above the map, its height, room below), inches
    for ax in axes:
        ax.apply_aspect()
        box, whole = ax.get_window_extent(renderer), ax.get_tightbbox(renderer)
        extents.append((max(whole.y1 - box.y1, 0) / dpi, box.height / dpi, max(box.y0 - whole.y0, 0) / dpi,
                        ax.get_position(original=True)))
    height = sum(above + tall + below for above, tall, below, _ in extents) + gap * (len(axes) - 1)
    fig.set_size_inches(fig.get_figwidth(), height)
    top = height
    for ax, (above, tall, below, position) in zip(axes, extents):
        left, wide = position.x0, position.width
        top -= above
        ax.set_position([left, (top - tall) / height, wide, tall / height])
        top -= tall + below + gap
    return fig


def shapes(frame: gpd.GeoDataFrame | gpd.GeoSeries, ax: plt.Axes, **style) -> plt.Axes:
    """``frame.plot(ax=ax, **style)`` without the drawing geopandas does after each layer it adds
    (``canvas.draw_idle``, a full render of the figure on the book's canvases: seconds per map, for
    an image nobody sees). The figure is drawn once, when it is shown or saved."""
    canvas = ax.figure.canvas
    canvas.draw_idle = lambda *args, **kwargs: None  # shadows the method on this canvas only
    try:
        return frame.plot(ax=ax, **style)
    finally:
        del canvas.draw_idle


#: The white box behind every label and number of :func:`label_divisions` (``pad`` is in units of
#: the font size).
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75}
LABEL_BOX_PAD = 0.15
#: Clear space kept around every label, number and key, in points.
LABEL_MARGIN = 1.0


@dataclass
class DivisionLabels:
    """What :func:`label_divisions` drew: the divisions named in place, the divisions numbered
    on the map (named in the key) and the key."""

    named: dict[str, mpl.text.Text] = field(default_factory=dict)
    numbered: dict[str, mpl.text.Text] = field(default_factory=dict)
    key: list[mpl.text.Text] = field(default_factory=list)

    @property
    def texts(self) -> list[mpl.text.Text]:
        return [*self.named.values(), *self.numbered.values(), *self.key]


#: Each division's number on every map that numbers it: its place in the book's one order of the
#: 17 divisions, west to east (:data:`pairing.facts.DIVISIONS_WEST_TO_EAST`), so that "15" is Ezhou
#: wherever a reader meets it.
DIVISION_NUMBERS = {code: n for n, code in enumerate(facts.DIVISIONS_WEST_TO_EAST, start=1)}


def label_divisions(ax: plt.Axes, frame: gpd.GeoDataFrame, labels: dict[str, str], fontsize: float = MAP_FONTSIZE,
                    inside: float = 0.9, cover: float = 0.4) -> DivisionLabels:
    """Name each division in place where its label fits; number the others and name them in a key:
    no division is left unnamed, on the page or on a phone.

    ``labels`` maps adcodes of ``frame`` to their text (several lines allowed). A label goes at
    the point nearest its division's visual centre (pole of inaccessibility) where at least
    ``inside`` of its box lies in the division, the box covers at most ``cover`` of the division
    (so the division's colour stays visible) and it overlaps no other label. A division with no
    such place gets a bold number instead, its own on every map (:data:`DIVISION_NUMBERS`), and
    the key lists the numbers in order with their labels (continuation lines in brackets); if
    that is more than half of them, every division is numbered, so that the key is the whole
    list. The key goes in the free space of the axes nearest the numbered divisions, or, if there
    is none, below the map. No leader lines: nothing is drawn across another division.

    Call it once the axes' size and limits are final, since what fits depends on the map's scale
    on the page.
    """
    renderer = ax.figure.canvas.get_renderer()
    geoms = frame.set_index("adcode").geometry
    labels = {code: text for code, text in labels.items() if code in geoms.index}
    if unknown := sorted(set(labels) - set(DIVISION_NUMBERS)):
        raise ValueError(f"label_divisions: {unknown} are not divisions of Hubei, which alone have numbers")
    for attempt in range(3):
        ax.apply_aspect()
        drawn, key_height = _place_labels(ax, renderer, geoms, labels, fontsize, inside, cover, below=attempt == 2)
        if drawn is not None:
            return drawn
        # No free space for the key: make room below the map (which may shrink it) and start again.
        ymin, ymax = ax.get_ylim()
        ax.set_ylim(min(ymin, geoms.total_bounds[1] - 1.3 * key_height), ymax)
    raise AssertionError("unreachable: the last attempt places the key below the map")


def _place_labels(ax, renderer, geoms, labels, fontsize, inside, cover, below, number_all=False):
    """One placement at the axes' current scale: (what was drawn, None), or (None, the key's
    height in data units) when the key finds no free space and ``below`` is false."""
    per_point = ax.figure.dpi / 72 / abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    xmin, xmax = sorted(ax.get_xlim())
    ymin, ymax = sorted(ax.get_ylim())
    limits = shapely.box(xmin, ymin, xmax, ymax)

    def half_size(text: str, weight: str = "normal") -> tuple[float, float]:
        probe = ax.text(0, 0, text, fontsize=fontsize, fontweight=weight, ha="center", va="center")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        pad = LABEL_BOX_PAD * fontsize + LABEL_MARGIN  # points
        return (extent.width * 72 / ax.figure.dpi / 2 + pad) * per_point, \
               (extent.height * 72 / ax.figure.dpi / 2 + pad) * per_point

    def candidates(code: str, size: tuple[float, float], min_inside: float, max_cover: float | None):
        """Centres where a label of half ``size`` (box and margin included) fits the division,
        nearest its pole first. What lies inside is measured on the text, what it covers on its box."""
        geom = geoms[code]
        main = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
        pole = shapely.ops.polylabel(main, tolerance=size[1] / 4)
        x0, y0, x1, y1 = geom.bounds
        step = max(size[1] / 4, np.sqrt((x1 - x0) * (y1 - y0) / 600))  # at most about 600 places to try
        geom = geom.simplify(step / 4)
        gx, gy = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step))
        xs, ys = np.concatenate([[pole.x], gx.ravel()]), np.concatenate([[pole.y], gy.ravel()])
        keep = shapely.contains_xy(geom, xs, ys)
        xs, ys = xs[keep], ys[keep]
        pad = (LABEL_BOX_PAD * fontsize + LABEL_MARGIN) * per_point
        tw, th = size[0] - pad, size[1] - pad
        core = shapely.box(xs - tw, ys - th, xs + tw, ys + th)
        share = shapely.area(shapely.intersection(core, geom)) / (4 * tw * th)
        whole = shapely.box(xs - size[0], ys - size[1], xs + size[0], ys + size[1])
        fits = (share >= min_inside) & shapely.within(whole, limits)
        if max_cover is not None:  # the white box hides the colour: measured with its pad
            box_pad = LABEL_BOX_PAD * fontsize * per_point
            fits &= 4 * (tw + box_pad) * (th + box_pad) <= max_cover * geom.area
        order = np.argsort(np.hypot(xs - pole.x, ys - pole.y), kind="stable")
        order = order[fits[order]]
        return np.column_stack([xs[order], ys[order]]), pole

    placed = np.empty((0, 4))

    def free(centres: np.ndarray, size) -> np.ndarray:
        """Which of the boxes centred at ``centres`` overlap none placed so far."""
        if not len(placed):
            return np.ones(len(centres), bool)
        lo, hi = centres - size, centres + size
        overlap = ((lo[:, None, 0] < placed[None, :, 2]) & (hi[:, None, 0] > placed[None, :, 0])
                   & (lo[:, None, 1] < placed[None, :, 3]) & (hi[:, None, 1] > placed[None, :, 1]))
        return ~overlap.any(axis=1)

    def take(centre, size) -> None:
        nonlocal placed
        (x, y), (w, h) = centre, size
        placed = np.vstack([placed, [x - w, y - h, x + w, y + h]])

    digits = "0" * len(str(max(DIVISION_NUMBERS.values())))  # the widest number, so every map keeps its room
    number_size = half_size(digits, "bold")
    label_sizes = {code: half_size(text) for code, text in labels.items()}
    options = {code: candidates(code, label_sizes[code], inside, cover) for code in labels}
    if number_all:
        options = {code: (np.empty((0, 2)), pole) for code, (_, pole) in options.items()}
    poles = {code: options[code][1] for code in labels}
    positions: dict[str, tuple[float, float]] = {}
    numbered: dict[str, tuple[float, float]] = {}

    def number(code: str) -> None:
        """The number at the free place nearest the pole with half of it inside, else with its
        centre inside, else at the pole."""
        for share in (0.5, 0.0):
            spots, pole = candidates(code, number_size, share, None)
            spots = spots[free(spots, number_size)]
            if len(spots):
                break
        centre = tuple(spots[0]) if len(spots) else (pole.x, pole.y)
        numbered[code] = centre
        take(centre, number_size)

    for code in labels:  # the divisions whose label fits nowhere: numbers first, they cannot move far
        if not len(options[code][0]):
            number(code)
    remaining = [code for code in labels if code not in numbered]
    while remaining:
        # The label with the fewest free places goes first, at the place nearest its pole that
        # leaves every other label somewhere to go, if there is one.
        spots = {code: options[code][0][free(options[code][0], label_sizes[code])] for code in remaining}
        code = min(remaining, key=lambda code: len(spots[code]))
        remaining.remove(code)
        if not len(spots[code]):
            number(code)
            continue
        mine, size = spots[code], np.asarray(label_sizes[code])
        stranded = np.zeros(len(mine), int)
        for other in remaining:
            theirs, reach = spots[other], size + np.asarray(label_sizes[other])
            if len(theirs):
                blocked = (np.abs(mine[:, None, :] - theirs[None, :, :]) < reach).all(axis=2)
                stranded += blocked.all(axis=1)
        positions[code] = tuple(mine[int(np.argmin(stranded))])  # argmin takes the first, the nearest
        take(positions[code], label_sizes[code])

    if len(numbered) > len(labels) / 2 and not number_all:
        # Mostly numbers: number every division, so that the key is the whole list.
        return _place_labels(ax, renderer, geoms, labels, fontsize, inside, cover, below, number_all=True)
    order = sorted(numbered, key=DIVISION_NUMBERS.get)
    key = []
    if order:
        entries = []
        for code in order:
            first, *rest = labels[code].split("\n")
            entries.append((str(DIVISION_NUMBERS[code]), first + (f" ({' '.join(rest)})" if rest else "")))
        number_width = 2 * half_size(digits, "bold")[0] - 2 * LABEL_MARGIN * per_point
        line = 1.3 * fontsize * per_point
        gap, space = 1.2 * fontsize * per_point, 0.35 * fontsize * per_point
        name_widths = [2 * half_size(name)[0] - 2 * (LABEL_BOX_PAD * fontsize + LABEL_MARGIN) * per_point
                       for _, name in entries]
        layouts = []  # (columns of entry indices, half width, half height), one to five columns
        for n_columns in range(1, min(5, len(entries)) + 1):
            rows = -(-len(entries) // n_columns)
            columns = [list(range(i, min(i + rows, len(entries)))) for i in range(0, len(entries), rows)]
            if len(columns) < n_columns:
                continue
            widths = [number_width + space + max(name_widths[i] for i in column) for column in columns]
            margin = LABEL_MARGIN * per_point
            layouts.append((columns, widths, (sum(widths) + gap * (len(columns) - 1)) / 2 + margin,
                            rows * line / 2 + margin))
        target = np.mean([[poles[code].x, poles[code].y] for code in order], axis=0)
        # The map's outline, simplified to a few points' tolerance and widened by as much.
        outline = shapely.union_all(list(geoms)).simplify(line / 4)
        land = outline.buffer(LABEL_MARGIN * per_point + line / 4)
        shapely.prepare(land)
        best = None
        for columns, widths, *size in layouts:
            gx, gy = np.meshgrid(np.arange(xmin + size[0], xmax - size[0], line / 2),
                                 np.arange(ymin + size[1], ymax - size[1], line / 2))
            centres = np.column_stack([gx.ravel(), gy.ravel()])
            if not len(centres):
                continue
            boxes = shapely.box(*(centres - size).T, *(centres + size).T)
            clear = ~shapely.intersects(boxes, land) & free(centres, size)
            if clear.any():
                distance = np.hypot(*(centres[clear] - target).T)
                i = int(np.argmin(distance))
                if best is None or distance[i] < best[0]:
                    best = (distance[i], columns, widths, size, tuple(centres[clear][i]))
        if best is None:
            fitting = [layout for layout in layouts if 2 * layout[2] <= xmax - xmin] or layouts[:1]
            columns, widths, *size = min(fitting, key=lambda layout: layout[3])
            if not below:
                return None, 2 * size[1]
            best = (0, columns, widths, size, ((xmin + xmax) / 2, geoms.total_bounds[1] - size[1]))
        _, columns, widths, size, (cx, cy) = best
        left, top = cx - size[0] + LABEL_MARGIN * per_point, cy + size[1] - LABEL_MARGIN * per_point
        for column, width in zip(columns, widths):
            for row, i in enumerate(column):
                y = top - (row + 0.5) * line
                number, name = entries[i]
                key.append(ax.text(left + number_width, y, number, fontsize=fontsize, fontweight="bold",
                                   ha="right", va="center"))
                key.append(ax.text(left + number_width + space, y, name, fontsize=fontsize, ha="left", va="center"))
            left += width + gap
    drawn = DivisionLabels(key=key)
    for code, (x, y) in positions.items():
        drawn.named[code] = ax.text(x, y, labels[code], fontsize=fontsize, ha="center", va="center", bbox=LABEL_BOX)
    for code in order:
        x, y = numbered[code]
        drawn.numbered[code] = ax.text(x, y, str(DIVISION_NUMBERS[code]), fontsize=fontsize, fontweight="bold",
                                       ha="center", va="center", bbox=LABEL_BOX)
    return drawn, None
