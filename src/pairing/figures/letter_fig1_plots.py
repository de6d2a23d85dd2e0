"""The figures of the personnel chapter (``notebooks/02_personnel.md``): the letter's Fig. 1
reproduced, its deaths-per-head variant, the correlations under every variant, and the three
measures on the map. Each function returns the figure and the data it plots, for
:func:`pairing.figures.plots.save_figure`; the panel titles (words) are the report's
(:func:`pairing.report.letter_fig1.titles`)."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely

from pairing import facts
from pairing.analysis import personnel
from pairing.figures import plots

PERSONNEL_AXIS = "doctors per 1000 residents before the pandemic"
#: Where the cases of every figure come from, as the export of the reproduced figure says.
CASES_SOURCE = "daily case panel, 31 March 2020 (canghailan/Wuhan-2019-nCoV, DXY-COVID-19-Data)"


#: The scatters' markers: their area (points²) and the opacity of their fill (:func:`scatter`).
MARKER_SIZE, FILL_ALPHA = 42, 0.75
#: The size of the scatters' axis text on a phone (points): 8-point text there shows at 11.8 px.
PHONE_FONT = 8
#: How many characters an axis's name may take a line on a phone.
PHONE_WRAP = 30


def scatter(ax: plt.Axes, points: pd.DataFrame, outcome: str, title: str, ylabel: str, narrow: bool = False) -> None:
    """One panel of the letter's Fig. 1: ``outcome`` against doctors per 1000 with the least-squares
    line and its band, each division in its colour, Shennongjia (the letter's own value) an open diamond.
    ``narrow``: a phone's panel, its axes' names wrapped and in :data:`PHONE_FONT`, a tick every half
    doctor, a tenth of the axis below zero (room for the name of a point at zero, Shennongjia's, off
    the fitted line's end). Its points are not yet named: :func:`name_points` names them once the
    figure's layout is final."""
    plots.fitted_line(ax, points["personnel_per_1000"], points[outcome])
    for _, row in points.iterrows():
        letter = row["adcode"] == facts.SHENNONGJIA
        where = {"x": row["personnel_per_1000"], "y": row[outcome], "s": MARKER_SIZE, "clip_on": False,
                 "marker": "D" if letter else "o"}
        # Every fill, see-through, under every outline: a point under another shows its whole outline,
        # and its colour through the other's (Ezhou's under Huanggang's, a fresh reader's finding).
        ax.scatter(**where, zorder=3, edgecolor="none", gid=f"point-{row['adcode']}",
                   facecolor="white" if letter else mpl.colors.to_rgba(plots.CITY_COLORS[row["adcode"]], FILL_ALPHA))
        ax.scatter(**where, zorder=3.5, facecolor="none", edgecolor="0.2", linewidth=0.8,
                   gid=f"point-{row['adcode']}-outline")
    ax.set_ylim(bottom=-0.1 * np.nanmax(points[outcome]) if narrow else 0)
    ax.set_xlim(1.65, 3.15)
    if narrow:
        ax.xaxis.set_major_locator(plt.MultipleLocator(0.5))
        ax.tick_params(labelsize=PHONE_FONT)
        ax.set_title(textwrap.fill(title, PHONE_WRAP + 6), fontsize=8.5)
        ax.set_xlabel(textwrap.fill(PERSONNEL_AXIS, PHONE_WRAP), fontsize=PHONE_FONT)
        ax.set_ylabel(textwrap.fill(ylabel, PHONE_WRAP), fontsize=PHONE_FONT)
        return
    ax.set_title(title, fontsize=8.5)
    ax.set_xlabel(PERSONNEL_AXIS)
    ax.set_ylabel(ylabel)


#: Where :func:`lead_crowded` tries a crowded point's name: how far from the point (points) and in
#: which directions (degrees, the first preferred); the clearance (points) it keeps from the other
#: markers and names and from the fitted line (the label placer's).
LEADER_DISTANCES, LEADER_ANGLES = (9, 13, 18, 24, 31, 40, 50), tuple(range(0, 360, 15))
LEADER_CLEARANCE = plots.LABEL_CLEARANCE
#: How much nearer its own point a name without a leader line must lie than any other's to read as its
#: own (:func:`reads_as_own`): by a marker's width (points) and by half. "Suizhou", 3.6 points from its
#: point and 8 from Jingzhou's, level with Jingzhou's, read as Jingzhou's on a phone (a fresh reader's
#: finding). A name with a leader line reads as its point's by the line.
NEARER, NEARER_RATIO = np.sqrt(MARKER_SIZE), 2.0


def reads_as_own(box: mpl.transforms.Bbox, centres: np.ndarray, i: int, px: float) -> bool:
    """Whether a name's ``box`` (display units) reads as point ``i``'s among ``centres`` without a leader
    line: every other point more than :data:`NEARER` points farther from it than its own, and more than
    :data:`NEARER_RATIO` times as far."""
    shape = shapely.box(*box.extents)
    gaps = [shape.distance(shapely.Point(c)) for c in centres]
    return all(gap > max(NEARER_RATIO * gaps[i], gaps[i] + NEARER * px) for j, gap in enumerate(gaps) if j != i)


#: A leader line, from the side of a name next to its point to the point's marker.
LEADER = {"color": "0.35", "lw": 0.6, "solid_capstyle": "butt", "zorder": 3.6}


def text_box(label: mpl.text.Text, renderer) -> mpl.transforms.Bbox:
    """The box of a name's text alone: an annotation's own extent takes in its leader line."""
    if isinstance(label, mpl.text.Annotation):
        label.update_positions(renderer)  # where its offset puts the text
    return mpl.text.Text.get_window_extent(label, renderer)


def crowded(ax: plt.Axes, points: pd.DataFrame, outcome: str) -> list[int]:
    """The positions in ``points`` of the points whose marker touches another's, as ``ax`` shows them."""
    centres = ax.transData.transform(points[["personnel_per_1000", outcome]].to_numpy(dtype=float))
    reach = (np.sqrt(MARKER_SIZE) + 0.8) * ax.figure.dpi / 72  # two radii and their edges
    near = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1)) < reach
    np.fill_diagonal(near, False)
    return list(np.flatnonzero(near.any(axis=1)))


def astray(ax: plt.Axes, points: pd.DataFrame, outcome: str) -> list[int]:
    """The positions in ``points`` of the points whose name, as placed on ``ax``, does not read as theirs
    (:func:`reads_as_own`: a reader could take it for another's) or comes within
    :data:`LEADER_CLEARANCE` of the fitted line (which would run through it)."""
    renderer = ax.figure.canvas.get_renderer()
    px = ax.figure.dpi / 72
    centres = ax.transData.transform(points[["personnel_per_1000", outcome]].to_numpy(dtype=float))
    line = fitted(ax)
    labels = {text.get_text(): text for text in ax.texts}
    found = []
    for i, name in enumerate(points["name_en"]):
        if name not in labels:
            continue
        box = text_box(labels[name], renderer)
        if not reads_as_own(box, centres, i, px) or shapely.box(*box.extents).distance(line) < LEADER_CLEARANCE * px:
            found.append(i)
    return found


def fitted(ax: plt.Axes) -> shapely.LineString:
    """The fitted line (:func:`scatter` draws it first) as ``ax`` shows it, in display units, to its ends."""
    fit = ax.lines[0]
    return shapely.LineString(ax.transData.transform(np.column_stack([fit.get_xdata(), fit.get_ydata()])))


def lead_crowded(ax: plt.Axes, points: pd.DataFrame, outcome: str) -> None:
    """Name again, each with a leader line, the points whose markers touch (:func:`crowded`) and those
    whose name does not read as theirs or touches the fitted line (:func:`astray`): the name
    at the nearest of :data:`LEADER_DISTANCES` and :data:`LEADER_ANGLES` where it lies inside the axes,
    clear of every marker, every other name and the fitted line (the line says whose name it is),
    and its leader passes no other marker or name (it may cross the fitted line). Call it once the other
    names are placed (:func:`pairing.figures.plots.label_points`) and the layout is final."""
    renderer = ax.figure.canvas.get_renderer()
    px = ax.figure.dpi / 72
    xy = points[["personnel_per_1000", outcome]].to_numpy(dtype=float)
    centres = ax.transData.transform(xy)
    radius, clearance = (np.sqrt(MARKER_SIZE) / 2 + 0.4) * px, LEADER_CLEARANCE * px
    names = list(points["name_en"])
    labels = {text.get_text(): text for text in ax.texts}
    moving = sorted(set(crowded(ax, points, outcome)) | set(astray(ax, points, outcome)))
    fontsize = labels[names[moving[0]]].get_fontsize() if moving else 0
    frame = shapely.box(*ax.get_window_extent(renderer).extents)
    line = fitted(ax)
    discs = [shapely.Point(c).buffer(radius + clearance) for c in centres]
    for i in moving:
        # Clear of every other name as it stands (a crowded point's name not yet moved too).
        taken = [shapely.box(*text_box(text, renderer).extents) for name, text in labels.items() if name != names[i]]
        others = [disc for j, disc in enumerate(discs) if j != i]
        markers = [shapely.Point(c).buffer(radius) for j, c in enumerate(centres) if j != i]
        for distance in LEADER_DISTANCES:
            for angle in LEADER_ANGLES:
                dx, dy = np.cos(np.radians(angle)), np.sin(np.radians(angle))
                ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
                va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
                relpos = ({"left": 0, "center": 0.5, "right": 1}[ha], {"bottom": 0, "center": 0.5, "top": 1}[va])
                label = ax.annotate(names[i], xy[i], xytext=(distance * dx, distance * dy), textcoords="offset points",
                                    fontsize=fontsize, ha=ha, va=va, annotation_clip=False)
                box = text_box(label, renderer)
                shape = shapely.box(*box.extents)
                start = (box.x0 + relpos[0] * box.width, box.y0 + relpos[1] * box.height)
                toward = np.subtract(start, centres[i])
                edge = centres[i] + toward / max(np.hypot(*toward), 1e-9) * radius  # the leader ends at the marker
                leader = shapely.LineString([start, edge])
                fits = (frame.contains(shape) and not any(shape.intersects(other) for other in others + taken)
                        and shape.distance(line) >= clearance
                        and not any(leader.intersects(other) for other in markers + taken))
                if fits:
                    break
                label.remove()
            else:
                continue
            break
        else:  # nowhere free: the name stays where it was (a test would see it)
            continue
        labels.pop(names[i]).remove()
        label.set_in_layout(False)
        labels[names[i]] = label
        # The leader, in points from the point, so that it moves with it: a line of its own, apart from the
        # name (whose extent, measured against the fitted line and the other names, is the text's alone).
        ends = (np.array([start, edge]) - centres[i]) / px
        at_point = (mpl.transforms.Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
                    + mpl.transforms.ScaledTranslation(*xy[i], ax.transData))
        ax.add_line(mpl.lines.Line2D(ends[:, 0], ends[:, 1], transform=at_point, gid=f"leader-{names[i]}", **LEADER))


def name_points(fig: plt.Figure, panels: list[tuple[plt.Axes, pd.DataFrame, str]], narrow: bool = True) -> None:
    """Name the points of the panels (``(axes, points, outcome)``) once the figure is laid out: the layout
    fits the axes to their titles and ticks, and the names are placed for the axes as they are, clear of
    the fitted line (:func:`pairing.figures.plots.label_points`; on a phone, ``narrow``, placed together
    inside each panel), then those that crowd, do not read as their point's or touch the line again
    with a leader line (:func:`lead_crowded`)."""
    fig.canvas.draw()
    for ax, points, outcome in panels:
        fit = ax.lines[0]  # the fitted line (scatter draws it first): no name across it
        plots.label_points(ax, points["personnel_per_1000"], points[outcome], points["name_en"], within=narrow,
                           lines=(fit.get_xdata(), fit.get_ydata()))
        lead_crowded(ax, points, outcome)


def letter_fig1(points: pd.DataFrame, titles: dict[str, str], cities: pd.DataFrame,
                width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """The letter's Fig. 1 in the book's reading: mortality (%) and the diagnosis rate against doctors
    per 1000 for the divisions of ``points`` (:func:`pairing.analysis.personnel.figure_data`), each
    panel titled from ``titles`` (by outcome), one above the other on the same axis of doctors so
    that the figure reads at the width of a page. The data come with each value's source.
    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws the same panels that
    wide (:func:`scatter`'s ``narrow``)."""
    points = points.assign(mortality_pct=points["mortality"] * 100)
    narrow = width is not None
    fig, axes = plt.subplots(2, 1, figsize=(width, 3.4 * width) if narrow else (7, 8.4), sharex=True,
                             **({"layout": plots.phone_layout()} if narrow else {}))
    outcomes = [("mortality_pct", "mortality by 31 March (%)"),
                ("diagnosis_rate", "confirmed per 1000 residents by 31 March")]
    for ax, (outcome, label) in zip(axes, outcomes):
        scatter(ax, points, outcome, titles[outcome.replace("_pct", "")], label, narrow)
    axes[0].set_xlabel("")  # the axis of doctors is named once, under both
    if not narrow:
        fig.tight_layout(h_pad=1.5)
    name_points(fig, [(ax, points, outcome) for ax, (outcome, _) in zip(axes, outcomes)], narrow)
    exported = points[["adcode", "name_en", "confirmed", "deaths", "population", "mortality", "diagnosis_rate",
                       "personnel_per_1000", "personnel_source"]].assign(
        cases_source=CASES_SOURCE,
        population_source=lambda f: f["adcode"].map(cities.set_index("adcode")["population_2019_source"]))
    return fig, exported


def death_rate(points: pd.DataFrame, title: str, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """The variant reading the letter's "mortality" as deaths per 100,000 residents; ``width`` as
    :func:`letter_fig1`'s."""
    narrow = width is not None
    fig, ax = plt.subplots(figsize=(width, 1.8 * width) if narrow else (5.6, 4.6),
                           **({"layout": plots.phone_layout()} if narrow else {}))
    scatter(ax, points, "death_rate", title, "deaths per 100,000 residents by 31 March", narrow)
    if not narrow:
        fig.tight_layout()
    name_points(fig, [(ax, points, "death_rate")], narrow)
    return fig, points[["adcode", "name_en", "deaths", "population", "death_rate", "personnel_per_1000",
                        "personnel_source"]]


#: On a phone, how many characters of a variant's name go on a line above its row, how high a row
#: with a one-line name is (the unit of the axis: the markers of a row are 0.24 apart) and a further
#: line of the name, and how far above the row's middle its name starts: clear of the upper marker
#: and its interval's caps (a fresh reader saw names printed over the bars, issue 27), and nearer its
#: own row than the row above.
PHONE_VARIANT_WRAP, PHONE_ROW, PHONE_LINE, PHONE_NAME_RISE = 48, 1.6, 0.36, 0.45


def sensitivity(variants: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Forest plots, one per outcome stacked, each with its own x tick labels: Pearson's r (filled) and
    Spearman's ρ (open) with their bootstrap intervals under each variant of ``variants``
    (:func:`pairing.report.letter_fig1.sensitivity`), n beside each row; the key on top.

    ``width`` (inches; :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws the same plots that
    wide: each variant named above its row, with its n, so that the intervals take the whole width,
    a tick every half, the text at :data:`PHONE_FONT` or more."""
    narrow = width is not None
    labels = [name for name, _ in personnel.VARIANTS.values()]
    if narrow:
        # Each row as high as its name, wrapped above it, needs.
        first = variants[variants["outcome"] == next(iter(personnel.OUTCOMES))].set_index("key").loc[list(personnel.VARIANTS)]
        names = [textwrap.fill(f"{label} (n={n})", PHONE_VARIANT_WRAP) for label, n in zip(labels, first["n"])]
        heights = [PHONE_ROW + PHONE_LINE * name.count("\n") for name in names]
        positions = np.cumsum(heights[::-1])[::-1] - np.array(heights)  # the first variant at the top
        fig, axes = plt.subplots(len(personnel.OUTCOMES), 1, figsize=(width, 0.24 * width * sum(heights) + 1.2),
                                 sharex=True, layout=plots.phone_layout())
    else:
        positions = np.arange(len(labels))[::-1]
        fig, axes = plt.subplots(len(personnel.OUTCOMES), 1, figsize=(7.5, 12.4), sharex=True)
    for ax, outcome in zip(axes, personnel.OUTCOMES):
        ax.tick_params(labelbottom=True)  # each panel read on its own, a screen apart from the others
        rows = variants[variants["outcome"] == outcome].set_index("key").loc[list(personnel.VARIANTS)]
        for offset, method, coefficient, face in [(0.12, "pearson", "pearson_r", "0.2"),
                                                  (-0.12, "spearman", "spearman_rho", "white")]:
            ax.errorbar(rows[coefficient], positions + offset,
                        xerr=[rows[coefficient] - rows[f"{method}_low"], rows[f"{method}_high"] - rows[coefficient]],
                        fmt="o", color="0.2", mfc=face, ms=5, lw=1, capsize=2,
                        label={"pearson": "Pearson r", "spearman": "Spearman ρ"}[method])
        ax.axvline(0, color="0.45", lw=1)
        ax.set_xlim(-1.05, 1.05)
        if narrow:
            for y, label, n in zip(positions, labels, rows["n"]):
                ax.text(-1.03, y + PHONE_NAME_RISE, textwrap.fill(f"{label} (n={n})", PHONE_VARIANT_WRAP), fontsize=7.5,
                        va="bottom", ha="left", linespacing=1.1, zorder=3,  # over the grid and the zero line
                        bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"})
            ax.set_ylim(-0.35, positions[0] + heights[0] - 0.2)
            ax.set_yticks([])
            ax.grid(axis="y", visible=False)
            ax.xaxis.set_major_locator(plt.MultipleLocator(0.5))
            ax.tick_params(labelsize=PHONE_FONT)
            ax.set_title(personnel.OUTCOMES[outcome], fontsize=8.5)
        else:
            for y, n in zip(positions, rows["n"]):
                ax.text(1.03, y, f"n={n}", fontsize=8, va="center", transform=ax.get_yaxis_transform())
            ax.set_title(personnel.OUTCOMES[outcome], fontsize=10)
            ax.set_yticks(positions, [textwrap.fill(label, 34) for label in labels], fontsize=8.5)
    axes[-1].set_xlabel("correlation with personnel per 1000", **({"fontsize": PHONE_FONT} if narrow else {}))
    handles, names = axes[0].get_legend_handles_labels()
    # The key on top, where a reader starts (at the bottom it was a screen below the first panel).
    if narrow:
        fig.legend(handles, names, loc="outside upper center", ncol=2, fontsize=PHONE_FONT, frameon=False)
    else:
        fig.legend(handles, names, loc="upper center", ncol=2, fontsize=9, frameon=False)
        fig.tight_layout(rect=(0, 0, 1, 0.975))
    return fig, variants


#: The colours of the doctors map: yellow-green-blue, whose classes step in lightness and hue (CIELAB L*
#: 89, 69, 40, 13). Blues' first two, a pale and a light blue (L* 89 and 71), could not be told apart
#: on a phone (a fresh reader's finding); tests/test_letter_fig1_chapter.py holds every map's classes
#: apart, also as a reader with deuteranopia or protanopia sees them.
DOCTORS_CMAP = "YlGnBu"
#: The three maps, top to bottom: column, legend title, number format.
MAPS = [("personnel_per_1000", "doctors per 1000 residents", "{:.2f}"),
        ("diagnosis_rate", "confirmed per 1000 residents", "{:.2f}"),
        ("mortality_pct", "deaths per 100 confirmed", "{:.1f}")]


def maps(mapped: pd.DataFrame, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Doctors per 1000, the diagnosis rate and deaths per 100 confirmed on Hubei's divisions
    (``mapped``: :func:`pairing.analysis.personnel.map_values` on their shapes, equal-area), each
    classed in quartiles; the data, without the shapes, by ``adcode``. ``width`` (inches;
    :data:`pairing.figures.plots.PHONE_WIDTH` for a phone) draws the same maps that wide
    (:func:`pairing.figures.plots.map_column`), naming the divisions whose names fit and numbering the
    others in a key (:func:`pairing.figures.plots.label_divisions`)."""
    mapped = mapped.assign(mortality_pct=mapped["mortality"] * 100)
    fig, axes, labels = plots.stacked_maps(mapped, 3, width, page=(7.2, 14.5, 0.1))
    for ax, (column, title, fmt) in zip(axes, MAPS):
        plots.choropleth(mapped, column, ax, scheme="Quantiles", k=4, legend_title=title, fmt=fmt,
                         cmap=DOCTORS_CMAP if column == "personnel_per_1000" else "YlOrRd", **labels)
    if width is not None:
        plots.stack_maps(fig, axes)
    plotted = pd.DataFrame(mapped[["adcode", "name_en", "personnel_per_1000", "personnel_source", "confirmed", "deaths",
                                   "population", "diagnosis_rate", "mortality"]]).sort_values("adcode")
    return fig, plotted
