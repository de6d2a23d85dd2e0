"""The article's Figure 1 as the book draws it: the actors as boxes on a grid (a row per level), the
interactions as edges routed around the boxes (:func:`grid_diagram`, drawn by :func:`draw_diagram`
and :func:`figure1`), with the geometry that tests use to show no edge crosses a box
(:func:`box_crossings`)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Polygon

from pairing.analysis.network import ARTICLE_TYPES
from pairing.data.schemas import PAR_LEVELS

# -- the diagram of Figure 1: boxes on a grid, edges routed around them ----------------------

#: Colours of the interaction types (Okabe–Ito). The first three are the types of the article's
#: Table 1; the last is this book's own label for links the article describes but does not type.
TYPE_COLORS = {"authority compliance": "#D55E00", "resource coordination": "#0072B2",
               "knowledge sharing": "#009E73", "interagency coordination": "#CC79A7"}
#: Fill of an actor's box by its side.
SIDE_FILLS = {"assisting": "#FCEBD9", "coordinating": "#EEEEEE", "assisted": "#DDEBF7"}

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """An actor's box, in inches (y grows upward)."""

    actor_id: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> Point:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Route:
    """One interaction drawn as a polyline of horizontal and vertical segments, from the edge of
    the source's box to the edge of the target's box (where the arrowhead goes)."""

    index: int  # the interaction's position in the table
    source: str
    target: str
    points: tuple[Point, ...]

    @property
    def segments(self) -> list[tuple[Point, Point]]:
        return list(zip(self.points, self.points[1:]))


@dataclass(frozen=True)
class Diagram:
    """Boxes and routes of a grid diagram, and the centre line of each row (level)."""

    boxes: dict[str, Box]
    routes: list[Route]
    rows: dict[str, float]
    extent: tuple[float, float, float, float]  # x0, y0, x1, y1 of everything drawn


@dataclass
class _Edge:
    index: int
    source: str
    target: str
    kind: str  # "row": straight along a row; "channel": through the channels (and a gap) between rows
    source_side: str  # "top", "bottom", "left" or "right"
    target_side: str
    channels: tuple[int, ...] = ()  # the channel(s) the edge runs along: one, or two joined by a gap lane
    gap: int | None = None  # the gap between columns whose lane joins the two channels


def grid_diagram(actors: pd.DataFrame, interactions: pd.DataFrame, columns: dict[str, int],
                 box: tuple[float, float] = (1.3, 0.6), min_gap: float = 0.3, spacing: float = 0.085,
                 padding: float = 0.13, rows: dict[str, int] | None = None,
                 heights: dict[int, float] | None = None) -> Diagram:
    """Lay the actors out on a grid, one row per level (:data:`~pairing.data.schemas.PAR_LEVELS`, top
    down) and in the column ``columns`` gives each, and route every interaction around the boxes.
    ``rows`` gives each actor a row of its own choosing instead (0 at the top), so that a level may
    take several rows (a narrow layout, fewer columns); a level's rows must lie above the next level's.

    An edge between two boxes of a row with none between them is a straight line; any other edge
    leaves its source through the top or bottom, runs along the channel between two rows, and, if
    it must cross a row, climbs or drops through a lane in the gap between two columns to the
    channel next to its target. Channels and gaps hold no box, so no edge crosses a box; each edge
    has its own track in a channel, its own lane in a gap and its own place on a box's side, and
    the order of tracks, lanes and places is chosen to keep crossings of edges few. Sizes are in
    inches: ``box`` (width, height), the narrowest ``min_gap`` between columns, the ``spacing`` of
    parallel edges and the ``padding`` between a box and the first track beside it; ``heights`` gives a
    row (by number, 0 at the top) boxes of a height of its own instead of ``box``'s.
    """
    ids = list(actors["actor_id"])
    missing = [a for a in ids if a not in columns]
    if missing:
        raise ValueError(f"no column given for {', '.join(missing)}")
    levels = [level for level in PAR_LEVELS if level in set(actors["level"])]
    level_of = dict(zip(ids, actors["level"]))
    if rows is None:
        row_of = {a: levels.index(level_of[a]) for a in ids}
    else:
        missing = [a for a in ids if a not in rows]
        if missing:
            raise ValueError(f"no row given for {', '.join(missing)}")
        row_of = {a: int(rows[a]) for a in ids}
        spans = [(min(row_of[a] for a in ids if level_of[a] == level), max(row_of[a] for a in ids if level_of[a] == level))
                 for level in levels]
        if any(low <= high for (_, high), (low, _) in zip(spans, spans[1:])):
            raise ValueError("a level's rows must all lie above the next level's")
    cell = {a: (int(columns[a]), row_of[a]) for a in ids}
    n_rows = max(r for _, r in cell.values()) + 1
    if len(set(cell.values())) < len(cell):
        raise ValueError("two actors share a cell of the grid")
    occupied = set(cell.values())
    n_columns = max(c for c, _ in cell.values()) + 1

    edges = []
    for index, (source, target) in enumerate(zip(interactions["source_actor"], interactions["target_actor"])):
        (cs, rs), (ct, rt) = cell[source], cell[target]
        if rs == rt and not any((c, rs) in occupied for c in range(min(cs, ct) + 1, max(cs, ct))):
            sides = ("right", "left") if ct > cs else ("left", "right")
            edges.append(_Edge(index, source, target, "row", *sides))
            continue
        if rt > rs:
            sides, first, last = ("bottom", "top"), rs + 1, rt
        elif rt < rs:
            sides, first, last = ("top", "bottom"), rs, rt + 1
        else:  # same row, boxes between: along the channel above the top row, else below
            sides, first = (("top", "top"), 0) if rs == 0 else (("bottom", "bottom"), rs + 1)
            last = first
        if first == last:
            edges.append(_Edge(index, source, target, "channel", *sides, channels=(first,)))
        else:
            gap = cs if cs == ct else ct if cs < ct else ct + 1  # beside the target, on the source's side
            edges.append(_Edge(index, source, target, "channel", *sides, channels=(first, last), gap=gap))

    # The orders to choose: places on each side of each box, tracks in each channel, lanes in each gap.
    ports: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for e in edges:
        ports.setdefault((e.source, e.source_side), []).append((e.index, "source"))
        ports.setdefault((e.target, e.target_side), []).append((e.index, "target"))
    tracks: dict[int, list[int]] = {}
    lanes: dict[int, list[int]] = {}
    for e in edges:
        for k in e.channels:
            tracks.setdefault(k, []).append(e.index)
        if e.gap is not None:
            lanes.setdefault(e.gap, []).append(e.index)
    by_index = {e.index: e for e in edges}
    width, height = box
    row_height = {r: (heights or {}).get(r, height) for r in range(n_rows)}

    def column_x(c: float) -> float:  # centre of column c (a gap g sits at c = g - 0.5)
        return c * (width + min_gap)

    def rough_x(e: _Edge, end: str) -> float:
        """Where an edge heads from one of its ends, in columns: the other end or its lane."""
        other = e.target if end == "source" else e.source
        return e.gap - 0.5 if e.gap is not None else cell[other][0]

    for key, attached in ports.items():  # first orders: by where each edge heads
        side = key[1]
        if side in ("top", "bottom"):
            attached.sort(key=lambda item: rough_x(by_index[item[0]], item[1]))
        else:
            attached.sort(key=lambda item: -cell[by_index[item[0]].target if item[1] == "source" else
                                                by_index[item[0]].source][1])
    for order in lanes.values():  # the longest climb outermost
        order.sort(key=lambda i: -abs(by_index[i].channels[0] - by_index[i].channels[1]))

    def layout() -> tuple[dict[str, Box], list[Route], dict[int, float], dict[int, float]]:
        gap_widths = {g: max(min_gap, (len(lanes.get(g, [])) + 1) * spacing) for g in range(n_columns + 1)}
        gap_widths[0] = (len(lanes.get(0, [])) + 1) * spacing
        gap_widths[n_columns] = (len(lanes.get(n_columns, [])) + 1) * spacing
        x_left = {}
        x = gap_widths[0]
        for c in range(n_columns):
            x_left[c] = x
            x += width + gap_widths[c + 1]
        lane_x = {}
        for g, order in lanes.items():
            start = x_left[g] - gap_widths[g] if g < n_columns else x_left[n_columns - 1] + width
            for j, i in enumerate(order):
                lane_x[(g, i)] = start + (j + 1) * gap_widths[g] / (len(order) + 1)
        channel_heights = {k: 2 * padding + (len(tracks.get(k, [])) - 1) * spacing if tracks.get(k) else 2 * padding
                           for k in range(n_rows + 1)}
        row_top, y = {}, 0.0
        for r in range(n_rows):
            y -= channel_heights[r]
            row_top[r] = y
            y -= row_height[r]
        track_y = {}
        for k, order in tracks.items():
            top = row_top[k - 1] - row_height[k - 1] if k > 0 else 0.0
            for j, i in enumerate(order):
                track_y[(k, i)] = top - padding - j * spacing
        boxes = {a: Box(a, x_left[c], row_top[r] - row_height[r], x_left[c] + width, row_top[r])
                 for a, (c, r) in cell.items()}

        place = {}
        for (actor, side), attached in ports.items():
            b = boxes[actor]
            for j, (i, end) in enumerate(attached):
                f = (j + 1) / (len(attached) + 1)
                place[(i, end)] = ((b.x0 + f * width, b.y1 if side == "top" else b.y0) if side in ("top", "bottom")
                                   else (b.x1 if side == "right" else b.x0, b.y1 - f * (b.y1 - b.y0)))
        for e in edges:  # line up the two ends of a straight edge where nothing else is in the way
            (xs, ys), (xt, yt) = place[(e.index, "source")], place[(e.index, "target")]
            axis = 1 if e.kind == "row" else 0
            if e.kind == "channel" and (len(e.channels) > 1 or e.source_side == e.target_side):
                continue
            a, b = (ys, yt) if axis else (xs, xt)
            if a == b or (axis == 0 and abs(a - b) > width / 2):
                continue
            for value in ((a + b) / 2, a, b):
                if _free(ports, place, e, value, axis, spacing, "source") and _free(ports, place, e, value, axis, spacing, "target"):
                    place[(e.index, "source")] = (xs, value) if axis else (value, ys)
                    place[(e.index, "target")] = (xt, value) if axis else (value, yt)
                    break

        routes = []
        for e in edges:
            start, end = place[(e.index, "source")], place[(e.index, "target")]
            if e.kind == "row":
                points = [start, end] if start[1] == end[1] else [start, ((start[0] + end[0]) / 2, start[1]),
                                                                   ((start[0] + end[0]) / 2, end[1]), end]
            elif e.gap is None:
                ty = track_y[(e.channels[0], e.index)]
                points = [start, (start[0], ty), (end[0], ty), end]
            else:
                y1, y2 = track_y[(e.channels[0], e.index)], track_y[(e.channels[1], e.index)]
                lx = lane_x[(e.gap, e.index)]
                points = [start, (start[0], y1), (lx, y1), (lx, y2), (end[0], y2), end]
            routes.append(Route(e.index, e.source, e.target, tuple(_simplified(points))))
        return boxes, routes, channel_heights, row_top

    def crossings_now() -> int:
        _, routes, _, _ = layout()
        return _count_crossings(routes)

    # Improve the orders by swapping neighbours while the number of crossings falls.
    orders = [order for order in tracks.values()] + [order for order in lanes.values()] + list(ports.values())
    best = crossings_now()
    improved = True
    while improved and best > 0:
        improved = False
        for order in orders:
            for j in range(len(order) - 1):
                order[j], order[j + 1] = order[j + 1], order[j]
                found = crossings_now()
                if found < best:
                    best, improved = found, True
                else:
                    order[j], order[j + 1] = order[j + 1], order[j]
    boxes, routes, _, row_top = layout()
    centres = {}
    for level in levels:  # the middle of the level's rows
        first, last = min(row_of[a] for a in ids if level_of[a] == level), max(row_of[a] for a in ids if level_of[a] == level)
        centres[level] = (row_top[first] - row_height[first] / 2 if first == last
                          else (row_top[first] + row_top[last] - row_height[last]) / 2)
    xs = [x for b in boxes.values() for x in (b.x0, b.x1)] + [p[0] for r in routes for p in r.points]
    ys = [y for b in boxes.values() for y in (b.y0, b.y1)] + [p[1] for r in routes for p in r.points]
    return Diagram(boxes, routes, centres, (min(xs), min(ys), max(xs), max(ys)))


def _free(ports, place, edge, value, axis, spacing, end="source") -> bool:
    """Whether the place of ``edge``'s ``end`` may move to ``value`` (x if ``axis`` is 0, y if 1)
    and stay in its order on the box's side, at least ``spacing`` from its neighbours."""
    actor, side = (edge.source, edge.source_side) if end == "source" else (edge.target, edge.target_side)
    attached = ports[(actor, side)]
    j = attached.index((edge.index, end))
    neighbours = [place[attached[n]][axis] for n in (j - 1, j + 1) if 0 <= n < len(attached)]
    own = place[(edge.index, end)][axis]
    return all((n - own) * (n - value) > 0 and abs(n - value) >= spacing for n in neighbours)


def _simplified(points: list[Point]) -> list[Point]:
    """The polyline without repeated points or bends of zero angle."""
    kept = [points[0]]
    for p in points[1:]:
        if abs(p[0] - kept[-1][0]) < 1e-9 and abs(p[1] - kept[-1][1]) < 1e-9:
            continue
        if len(kept) >= 2:
            a, b = kept[-2], kept[-1]
            if (abs(a[0] - b[0]) < 1e-9 and abs(b[0] - p[0]) < 1e-9) or (abs(a[1] - b[1]) < 1e-9 and abs(b[1] - p[1]) < 1e-9):
                kept[-1] = p
                continue
        kept.append(p)
    return kept


def _segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether two axis-parallel segments cross at a point inside both (not at an end)."""
    if (p[0] == q[0]) == (r[0] == s[0]):
        return False  # parallel: an overlap is counted by :func:`overlaps`, not here
    (v1, v2), (h1, h2) = ((p, q), (r, s)) if p[0] == q[0] else ((r, s), (p, q))
    x, y = v1[0], h1[1]
    return (min(h1[0], h2[0]) < x < max(h1[0], h2[0])) and (min(v1[1], v2[1]) < y < max(v1[1], v2[1]))


def _count_crossings(routes: list[Route], tolerance: float = 1e-6) -> int:
    """The crossings between the routes (:func:`_segments_cross`), and four for each stretch along which
    two run (:func:`_overlaps`), counted over every pair of segments of two routes at once: the layout
    counts them after every swap it tries, a thousand times a figure."""
    ends = [(n, p, q) for n, route in enumerate(routes) for p, q in route.segments]
    if not ends:
        return 0
    owner = np.array([n for n, _, _ in ends])
    (x0, y0), (x1, y1) = (np.array([p for _, p, _ in ends]).T, np.array([q for _, _, q in ends]).T)
    # Segments of two different routes whose bounds meet (as the count pair by pair had it: an overlap
    # within the tolerance between routes whose bounds do not meet is not counted).
    bounds = np.array([(min(p[0] for p in r.points), min(p[1] for p in r.points), max(p[0] for p in r.points),
                        max(p[1] for p in r.points)) for r in routes])
    bx0, by0, bx1, by1 = (column[:, None] for column in bounds.T)
    meet = ~((bx1 < bx0.T) | (bx1.T < bx0) | (by1 < by0.T) | (by1.T < by0))
    apart = (owner[:, None] != owner[None, :]) & meet[owner[:, None], owner[None, :]]
    vertical = x0 == x1
    # A vertical segment (v) against a non-vertical one (h, read as horizontal at its first end's height).
    x, low_y, high_y = x0[:, None], np.minimum(y0, y1)[:, None], np.maximum(y0, y1)[:, None]
    y, low_x, high_x = y0[None, :], np.minimum(x0, x1)[None, :], np.maximum(x0, x1)[None, :]
    crossing = (vertical[:, None] & ~vertical[None, :] & apart
                & (low_x < x) & (x < high_x) & (low_y < y) & (y < high_y))
    # Two segments along one line: both (nearly) vertical at (nearly) one x, else both horizontal at one y.
    near = lambda a, b: np.abs(a - b) < tolerance  # noqa: E731
    upright, level = near(x0, x1), near(y0, y1)
    along_x = upright[:, None] & upright[None, :] & near(x0[:, None], x0[None, :])
    along_y = ~along_x & level[:, None] & level[None, :] & near(y0[:, None], y0[None, :])
    shared_y = (np.minimum(np.maximum(y0, y1)[:, None], np.maximum(y0, y1)[None, :])
                - np.maximum(np.minimum(y0, y1)[:, None], np.minimum(y0, y1)[None, :]))
    shared_x = (np.minimum(np.maximum(x0, x1)[:, None], np.maximum(x0, x1)[None, :])
                - np.maximum(np.minimum(x0, x1)[:, None], np.minimum(x0, x1)[None, :]))
    overlapping = apart & ((along_x & (shared_y > tolerance)) | (along_y & (shared_x > tolerance)))
    # Each crossing once (v of one route, h of the other); each overlap once per pair of segments.
    return int(crossing.sum()) + 4 * int(np.triu(overlapping, 1).sum())


def _overlaps(a: Route, b: Route, tolerance: float = 1e-6) -> list[tuple[Point, Point]]:
    found = []
    for p, q in a.segments:
        for r, s in b.segments:
            if p[0] == q[0] == r[0] == s[0] or (abs(p[0] - q[0]) < tolerance and abs(r[0] - s[0]) < tolerance
                                                and abs(p[0] - r[0]) < tolerance):
                lo, hi = max(min(p[1], q[1]), min(r[1], s[1])), min(max(p[1], q[1]), max(r[1], s[1]))
            elif abs(p[1] - q[1]) < tolerance and abs(r[1] - s[1]) < tolerance and abs(p[1] - r[1]) < tolerance:
                lo, hi = max(min(p[0], q[0]), min(r[0], s[0])), min(max(p[0], q[0]), max(r[0], s[0]))
            else:
                continue
            if hi - lo > tolerance:
                found.append(((p, q), (r, s)))
    return found


def overlaps(diagram: Diagram) -> list[tuple[int, int]]:
    """Pairs of interactions (their indices) whose lines run along each other for a stretch."""
    return [(a.index, b.index) for n, a in enumerate(diagram.routes) for b in diagram.routes[n + 1:] if _overlaps(a, b)]


def segment_hits_box(p: Point, q: Point, box: Box, margin: float = 0.0) -> bool:
    """Whether the segment from ``p`` to ``q`` passes through ``box`` grown by ``margin`` on
    every side (Liang–Barsky clipping: any part of the segment inside the rectangle)."""
    x0, y0, x1, y1 = box.x0 - margin, box.y0 - margin, box.x1 + margin, box.y1 + margin
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for step, distance in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if distance < 0:
                return False
            continue
        t = distance / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def box_crossings(boxes: dict[str, Box], lines: dict[tuple[str, str, int], list[Point]],
                  margin: float = 0.02) -> list[tuple[tuple[str, str, int], str]]:
    """Every (line, actor) where a segment of a line drawn from its source to its target passes
    through, or within ``margin`` of, the box of an actor that is neither; ``lines`` are keyed by
    (source, target, index)."""
    found = []
    for key, points in lines.items():
        source, target, _ = key
        for actor, b in boxes.items():
            if actor in (source, target):
                continue
            if any(segment_hits_box(p, q, b, margin) for p, q in zip(points, points[1:])):
                found.append((key, actor))
    return found


def draw_diagram(ax, diagram: Diagram, actors: pd.DataFrame, interactions: pd.DataFrame,
                 labels: dict[str, str], fontsize: float = 9.0, lw: float = 1.3, head: float = 0.075) -> None:
    """Draw ``diagram`` on ``ax`` (whose data units are inches): each actor's box filled by its side
    and labelled, each interaction a line coloured by its type with an arrowhead at its target,
    solid where the article classes the interaction and dotted where this book does
    (``typed_by``). Artists carry ids (``box:<actor>``, ``edge:<source>:<target>:<index>``,
    ``head:…``) by which tests find them."""
    sides = dict(zip(actors["actor_id"], actors["side"]))
    for actor, b in diagram.boxes.items():
        ax.add_patch(FancyBboxPatch((b.x0, b.y0), b.x1 - b.x0, b.y1 - b.y0, boxstyle="round,pad=0,rounding_size=0.06",
                                    fc=SIDE_FILLS[sides[actor]], ec="0.35", lw=0.8, zorder=3, gid=f"box:{actor}"))
        ax.text(*b.centre, labels[actor], ha="center", va="center", fontsize=fontsize, zorder=4,
                linespacing=1.15, gid=f"label:{actor}")
    for route in diagram.routes:
        row = interactions.iloc[route.index]
        color = TYPE_COLORS[row["type"]]
        points = list(route.points)
        (xa, ya), (xb, yb) = points[-2], points[-1]
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5
        ux, uy = (xb - xa) / length, (yb - ya) / length
        base = (xb - ux * head, yb - uy * head)
        book = row["typed_by"] == "book"
        ax.add_line(Line2D([p[0] for p in points[:-1]] + [base[0]], [p[1] for p in points[:-1]] + [base[1]],
                           color=color, lw=lw, ls=(0, (1.2, 1.6)) if book else "-",
                           dash_capstyle="round", solid_joinstyle="miter", zorder=2,
                           gid=f"edge:{route.source}:{route.target}:{route.index}"))
        half = head * 0.45
        ax.add_patch(Polygon([(xb, yb), (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)],
                             closed=True, fc=color, ec="none", zorder=2, gid=f"head:{route.source}:{route.target}:{route.index}"))


# -- Figure 1 as the book draws it --------------------------------------------------------------

#: The column of each actor of ``par_actors.csv`` on the grid of Figure 1 (its row is its level):
#: the assisting provinces' actors on the left, the onsite coordination centers (staffed by the
#: assisting provinces, working in Hubei's cities) in the middle, Hubei's actors on the right.
#: Chosen, among the placements tried, for the fewest crossings of edges.
FIGURE1_COLUMNS = {
    "central_leadership_group": 0, "nhc": 1, "state_council_jpc": 2, "member_ministries": 3,
    "assisting_provincial_governments": 0, "assisting_provincial_health_commissions": 1,
    "hubei_provincial_government": 3,
    "assisting_city_governments": 0, "assisting_city_health_commissions": 1, "onsite_coordination_centers": 2,
    "assisted_city_governments": 3, "assisted_city_health_commissions": 4,
    "assisting_hospitals": 0, "assisting_medical_teams": 2, "assisted_hospitals": 3,
    "nonprofits_businesses": 0,
}
LEVEL_LABELS = {"central": "central", "provincial": "provincial", "city": "city",
                "hospital & team": "hospitals and\nmedical teams", "non-governmental": "non-\ngovernmental"}
#: The one size of every piece of text in Figure 1, in points. The figure is drawn at the width a
#: chapter page shows it at its own size (under 7 inches: 110 pixels an inch, under the text
#: column's 768 pixels), so 8 points come to about 12 pixels on the page.
FIGURE1_FONTSIZE = 8.0
#: The widest line of an actor's name in its box, in characters.
FIGURE1_WRAP = 14
#: The lengths of the drawing (gaps between columns, spacing of parallel lines, padding, lines and
#: arrowheads) as a share of :func:`grid_diagram`'s and :func:`draw_diagram`'s defaults: 0.75 keeps
#: them as large on the page as when the figure was drawn 9.7 inches wide and shown at 768 pixels.
FIGURE1_SCALE = 0.75


def box_labels(actors: pd.DataFrame, width: int = 19) -> dict[str, str]:
    """Each actor's name without its parenthesis, wrapped to ``width`` characters (a longer word whole)."""
    return {a: textwrap.fill(name.split(" (")[0], width, break_long_words=False)
            for a, name in zip(actors["actor_id"], actors["name"])}


#: The columns of a panel of the phone's Figure 1 (:func:`phone_cells`).
FIGURE1_PHONE_COLUMNS = 2
#: The panels of the phone's Figure 1, top down: the types of interaction each draws. Thirty lines
#: on one phone-wide grid run in bundles no reader can follow; orders (which run down) in one panel
#: and what runs across in another, they can be. A third panel for knowledge sharing and interagency
#: coordination drew seven boxes again for five lines, the three knowledge-sharing lines beside
#: resource lines between the same actors: the figure took six phone screens (issue 27).
FIGURE1_PHONE_PANELS = (("authority compliance",),
                        ("resource coordination", "knowledge sharing", "interagency coordination"))
#: The size of every text of the phone's Figure 1, in points, and its lengths as a share of the
#: defaults (:data:`FIGURE1_SCALE`): drawn no wider than a phone's image (its margins included),
#: 7.5 points show at least 11 pixels in the phone's column. Its lines and arrowheads are drawn at
#: :data:`FIGURE1_PHONE_LINE_SCALE` of the defaults, so that an arrowhead shows about 10 pixels.
FIGURE1_PHONE_FONTSIZE = 7.5
FIGURE1_PHONE_SCALE = 0.6
FIGURE1_PHONE_LINE_SCALE = 1.2
#: The spacing of parallel lines on the phone's Figure 1, as a share of the default: about 10 pixels
#: in the phone's column, more than the page's 7; any wider and the lanes leave the names a narrower
#: box, on more lines, and the figure a screen taller.
FIGURE1_PHONE_SPACING = 1.0
#: The phone's Figure 1, as saved, at most this many times as tall as it is wide: about two phone
#: screens (issue 27: it was 6.6 times, six screens). Three, a screen and a half, is out of reach at
#: legible text: two boxes of names on three or four lines fit across a phone, and a panel per group of
#: types draws a box again for each panel it is in (one panel of thirty lines crosses them 25 to 41 times).
FIGURE1_PHONE_MAX_ASPECT = 4.5
#: The widest line of an actor's name in the phone's boxes, in characters, if the width allows:
#: wider boxes than the page's, in two columns, take fewer lines and keep the panels short.
FIGURE1_PHONE_WRAP = 22


def phone_panels(interactions: pd.DataFrame) -> list[tuple[tuple[str, ...], pd.DataFrame]]:
    """The phone's panels (:data:`FIGURE1_PHONE_PANELS`) that have interactions: each panel's types and
    its interactions (keeping their positions in ``interactions`` as index)."""
    table = interactions.reset_index(drop=True)
    panels = [(types, table[table["type"].isin(types)]) for types in FIGURE1_PHONE_PANELS]
    drawn = {t for types, _ in panels for t in types}
    if not set(table["type"]) <= drawn:
        raise ValueError(f"no panel for {', '.join(sorted(set(table['type']) - drawn))}")
    return [(types, part) for types, part in panels if len(part)]


def phone_cells(actors: pd.DataFrame, columns: int = FIGURE1_PHONE_COLUMNS) -> dict[str, tuple[int, int]]:
    """The cell (column, row) of each of ``actors`` in a panel of the phone's Figure 1: a level's actors
    in its row (or rows, when more than ``columns``), the levels top down; in a row, the assisting
    side's actors from the left (in the page's order), Hubei's from the right and never in the first
    column, so that what runs from one side to the other runs to the right, as on the page; central
    bodies from the left."""
    order = {side: n for n, side in enumerate(SIDE_FILLS)}
    cells, row = {}, 0
    for level in PAR_LEVELS:
        here = actors[actors["level"] == level]
        here = here.assign(_side=here["side"].map(order), _column=here["actor_id"].map(FIGURE1_COLUMNS))
        here = here.sort_values(["_side", "_column"], kind="stable")
        left = list(here.loc[here["side"] != "assisted", "actor_id"])
        right = list(here.loc[here["side"] == "assisted", "actor_id"])
        while left or right:
            on_right = min(len(right), max(1, columns - len(left)), columns - 1)  # never the leftmost column
            for c, actor in enumerate(left[:columns - on_right]):
                cells[actor] = (c, row)
            for c, actor in enumerate(right[:on_right]):
                cells[actor] = (columns - 1 - c, row)
            left, right, row = left[columns - on_right:], right[on_right:], row + 1
    return cells


def panel_diagram(actors: pd.DataFrame, part: pd.DataFrame, box_heights: dict[str, float] | None = None,
                  level_heights: dict[str, float] | None = None, **sizes) -> Diagram:
    """The grid diagram of one panel of the phone's Figure 1: the actors ``part``'s interactions join,
    in the cells :func:`phone_cells` gives them; its routes keep the interactions' positions in the
    whole table (``part``'s index). With ``box_heights`` (inches, by actor), a row's boxes are as tall
    as the tallest of its actors' (a row of short names takes less height than one of long names), and
    with ``level_heights`` (inches, by level) the row of a level that takes one row at least that tall."""
    joined = set(part["source_actor"]) | set(part["target_actor"])
    shown = actors[actors["actor_id"].isin(joined)]
    cells = phone_cells(shown)
    heights = None
    if box_heights is not None:
        heights = {}
        level_of = dict(zip(shown["actor_id"], shown["level"]))
        for actor, (_, row) in cells.items():
            heights[row] = max(heights.get(row, 0.0), box_heights[actor])
        for level in set(level_of.values()):
            rows = {cells[a][1] for a in cells if level_of[a] == level}
            if len(rows) == 1 and level_heights:
                row = rows.pop()
                heights[row] = max(heights[row], level_heights.get(level, 0.0))
    diagram = grid_diagram(shown, part.reset_index(drop=True), {a: c for a, (c, _) in cells.items()},
                           rows={a: r for a, (_, r) in cells.items()}, heights=heights, **sizes)
    positions = list(part.index)
    return replace(diagram, routes=[replace(r, index=positions[r.index]) for r in diagram.routes])


def check_panels(diagrams: list[Diagram], interactions: pd.DataFrame) -> None:
    """Raise unless the phone's panels (:func:`figure1` with a ``width``) draw every interaction once,
    no line through a box nor along another line."""
    drawn = sorted(r.index for d in diagrams for r in d.routes)
    if drawn != list(range(len(interactions))):
        raise ValueError(f"the phone's panels draw interactions {drawn}, not each of the {len(interactions)} once")
    for d in diagrams:
        lines = {(r.source, r.target, r.index): list(r.points) for r in d.routes}
        if box_crossings(d.boxes, lines) or overlaps(d):
            raise ValueError("a line of the phone's Figure 1 crosses a box or runs along another line")


def _legend_handles(interactions: pd.DataFrame, types: bool = True) -> list:
    """The key of Figure 1: the types of interaction present (unless not ``types``: the phone's panels
    name them), who classed them, the sides' fills."""
    present = [t for t in TYPE_COLORS if t in set(interactions["type"])] if types else []
    handles = [Line2D([], [], color=TYPE_COLORS[t], lw=2, label=type_label(t)) for t in present]
    handles += [Line2D([], [], color="0.3", lw=1.3, label="classed by the article"),
                Line2D([], [], color="0.3", lw=1.3, ls=(0, (1.2, 1.6)), dash_capstyle="round",
                       label="classed by this book")]
    handles += [Patch(fc=SIDE_FILLS[side], ec="0.35", lw=0.8, label=text) for side, text in
                [("assisting", "actor of the assisting side"), ("coordinating", "central coordinating body"),
                 ("assisted", "actor of Hubei, the assisted side")]]
    return handles


def type_label(kind: str) -> str:
    """A type of interaction as the key names it: a type the article's Table 1 does not have says so."""
    return kind if kind in ARTICLE_TYPES else f"{kind}\n(this book's label, not\na type of Table 1)"


def figure1(actors: pd.DataFrame, interactions: pd.DataFrame, columns: dict[str, int] | None = None,
            fontsize: float = FIGURE1_FONTSIZE, wrap: int = FIGURE1_WRAP, scale: float = FIGURE1_SCALE,
            width: float | None = None):
    """The book's Figure 1: the grid diagram (:func:`grid_diagram`, drawn by :func:`draw_diagram`)
    with the levels named on the left and a legend below, every text ``fontsize`` points, names
    wrapped at ``wrap`` characters, lengths ``scale`` times the defaults. Returns the figure and
    the diagram.

    With a ``width`` (inches; a phone's, :data:`pairing.figures.plots.PHONE_WIDTH`), the same network
    laid out for a phone, and the list of its panels' diagrams instead of one: the key of line styles
    and sides on top, then a panel per group of types (:data:`FIGURE1_PHONE_PANELS`), each named by its
    types in their colours and drawing only their lines, between the actors they join
    (:func:`panel_diagram`); every text :data:`FIGURE1_PHONE_FONTSIZE` points, lengths
    :data:`FIGURE1_PHONE_SCALE` of the defaults, lines and arrowheads :data:`FIGURE1_PHONE_LINE_SCALE`;
    names wrapped at the most characters, up to ``wrap``, with which the figure and its saved image's
    margins fit ``width``."""
    if width is None:
        return _figure1(actors, interactions, columns or FIGURE1_COLUMNS, fontsize, wrap, scale)
    inner = width - 2 * plt.rcParams["savefig.pad_inches"]
    for fitted in range(FIGURE1_PHONE_WRAP, 7, -1):  # laid out at each wrap, drawn at the one that fits
        layout = _phone_layout(actors, interactions, FIGURE1_PHONE_FONTSIZE, fitted, FIGURE1_PHONE_SCALE,
                               FIGURE1_PHONE_LINE_SCALE)
        if layout.width <= inner or fitted == 8:
            return _phone_figure1(layout, actors, interactions, FIGURE1_PHONE_FONTSIZE, FIGURE1_PHONE_LINE_SCALE)
    raise AssertionError("unreachable: the narrowest wrap returns")


def _level_lengths(levels, fontsize: float) -> dict[str, float]:
    """How long each level's name runs up the left side of the phone's Figure 1, in inches, less the
    room it may take of the channels above and below its row (:data:`LEVEL_OVERHANG` each)."""
    probe = plt.figure()
    renderer = probe.canvas.get_renderer()
    lengths = {level: probe.text(0, 0, LEVEL_LABELS.get(level, level), fontsize=fontsize, style="italic", rotation=90)
               .get_window_extent(renderer).height / probe.dpi - 2 * LEVEL_OVERHANG for level in levels}
    plt.close(probe)
    return lengths


#: How far a level's name up the left side of the phone's Figure 1 may reach into the channel above
#: or below its rows, in inches: less than half the narrowest channel (twice its padding), so that two
#: levels' names never meet.
LEVEL_OVERHANG = 0.03


def _measures(labels: dict[str, str], levels, fontsize: float, rotated: bool,
              each: bool = False) -> tuple[tuple[float, float], float]:
    """The size of a box that holds the longest of ``labels`` and the width the longest name of a level
    takes, in inches, measured in the font drawn; if ``each``, also the height of a box that holds
    each label, by its key."""
    probe = plt.figure()
    renderer = probe.canvas.get_renderer()

    def extent(text: str, **style):
        return probe.text(0, 0, text, fontsize=fontsize, **style).get_window_extent(renderer)

    sizes = [extent(label, linespacing=1.15) for label in labels.values()]
    level_width = max(extent(LEVEL_LABELS.get(level, level), style="italic", **({"rotation": 90} if rotated else {})).width
                      for level in levels) / probe.dpi
    plt.close(probe)
    box = (max(s.width for s in sizes) / probe.dpi + 0.12, max(s.height for s in sizes) / probe.dpi + 0.16)
    if each:
        return box, level_width, {key: s.height / probe.dpi + 0.16 for key, s in zip(labels, sizes)}
    return box, level_width


def _figure1(actors, interactions, columns, fontsize, wrap, scale):
    """:func:`figure1` on the grid ``columns``: the page's layout."""
    labels = box_labels(actors, wrap)
    # Boxes wide and tall enough for the longest label, and room on the left for the longest name of a level.
    box, level_width = _measures(labels, set(actors["level"]), fontsize, rotated=False)
    handles = _legend_handles(interactions)
    diagram = grid_diagram(actors, interactions, columns, box=box, min_gap=0.3 * scale,
                           spacing=0.085 * scale, padding=0.13 * scale)
    x0, y0, x1, y1 = diagram.extent
    edge = 0.05  # so that the outer boxes' outlines are not cut
    x0, y0, x1, y1 = x0 - edge, y0 - edge, x1 + edge, y1 + edge
    left, bottom, top = level_width + 0.12, 1.0, 0.0  # room for the levels' names and the legend, in inches
    width, height = x1 - x0 + left + 0.05, y1 - y0 + bottom + top
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((left / width, bottom / height, (x1 - x0) / width, (y1 - y0) / height))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    draw_diagram(ax, diagram, actors, interactions, labels, fontsize=fontsize, lw=1.3 * scale, head=0.075 * scale)
    for level, y in diagram.rows.items():
        ax.text(x0 - 0.07, y, LEVEL_LABELS.get(level, level), ha="right", va="center", fontsize=fontsize,
                style="italic", color="0.3", gid=f"level:{level}")
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5 + (left - 0.05) / 2 / width, (bottom - 0.1) / height),
               ncol=3, frameon=False, fontsize=fontsize, handlelength=2.2, columnspacing=1.6)
    return fig, diagram


@dataclass(frozen=True)
class PhoneLayout:
    """Where :func:`_phone_figure1` draws, at one wrap of the names: its panels (types, diagram), their
    extents with an edge, the width the levels' names take on the left, and the figure's width (inches)."""
    labels: dict[str, str]
    panels: list
    extents: list
    left: float
    width: float


def _phone_layout(actors, interactions, fontsize, wrap, scale, line_scale) -> PhoneLayout:
    labels = box_labels(actors, wrap)
    box, level_width, heights = _measures(labels, set(actors["level"]), fontsize, rotated=True, each=True)
    # Parallel lines a little further apart than the page's (:data:`FIGURE1_PHONE_SPACING`), so that each
    # can be followed; each row of boxes as tall as its longest name needs, and a level of one row as tall
    # as its name up the left side.
    sizes = dict(box=box, min_gap=0.3 * scale, spacing=0.085 * FIGURE1_PHONE_SPACING, padding=0.13 * scale,
                 box_heights=heights, level_heights=_level_lengths(set(actors["level"]), fontsize))
    panels = [(types, panel_diagram(actors, part, **sizes)) for types, part in phone_panels(interactions)]
    edge = 0.05
    extents = [(d.extent[0] - edge, d.extent[1] - edge, d.extent[2] + edge, d.extent[3] + edge) for _, d in panels]
    left = level_width + 0.07
    inner = max(x1 - x0 for x0, _, x1, _ in extents)
    return PhoneLayout(labels, panels, extents, left, left + inner + 0.05)


def _phone_figure1(layout: PhoneLayout, actors, interactions, fontsize, line_scale):
    """:func:`figure1` for a phone: the key on top, then a panel per group of types, each an axes of
    its own (in inches, like the page's) under its types' names; the levels named up the left side (a
    level of one row as tall as its name: :func:`panel_diagram`)."""
    labels, panels, extents, left, width = layout.labels, layout.panels, layout.extents, layout.left, layout.width
    line = fontsize * 1.25 / 72  # the height of a line of text, in inches
    key_lines = 5
    key_height = key_lines * line * 1.15 + 0.1
    gap = 0.18  # between a panel and the next one's names
    title_heights = [sum(type_label(t).count("\n") + 1 for t in types) * line + 0.06 for types, _ in panels]
    height = key_height + sum(t + (y1 - y0) + gap for t, (_, y0, _, y1) in zip(title_heights, extents))
    fig = plt.figure(figsize=(width, height))
    fig.legend(handles=_legend_handles(interactions, types=False), loc="upper left", bbox_to_anchor=(0, 1), ncol=1,
               frameon=False, fontsize=fontsize, handlelength=2.2, borderaxespad=0, borderpad=0)
    top = height - key_height
    for (types, diagram), title, (x0, y0, x1, y1) in zip(panels, title_heights, extents):
        y = top
        for kind in types:
            fig.text(left / width, y / height, type_label(kind), linespacing=1.25 / 1.2,
                     ha="left", va="top", fontsize=fontsize, color=TYPE_COLORS[kind], weight="bold",
                     gid=f"panel:{kind}")
            y -= (type_label(kind).count("\n") + 1) * line
        top -= title
        ax = fig.add_axes((left / width, (top - (y1 - y0)) / height, (x1 - x0) / width, (y1 - y0) / height))
        ax.set_xlim(x0, x0 + (x1 - x0))
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        draw_diagram(ax, diagram, actors, interactions, labels, fontsize=fontsize, lw=1.3 * line_scale,
                     head=0.075 * line_scale)
        for level, ly in diagram.rows.items():
            ax.text(x0 - 0.07, ly, LEVEL_LABELS.get(level, level), ha="right", va="center", fontsize=fontsize,
                    style="italic", color="0.3", rotation=90, gid=f"level:{level}")
        top -= (y1 - y0) + gap
    return fig, [d for _, d in panels]
