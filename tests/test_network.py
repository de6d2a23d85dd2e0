"""The article's actors and interactions as data: every row traceable to the article's words,
Table 1 word for word, bad rows rejected, the network measures right on small graphs whose answer
is known, and Figure 1 drawn with no edge through a box and text that can be read."""

from __future__ import annotations

import itertools

import matplotlib
import pandas as pd
import pytest

import documents
from pairing import data
from pairing.analysis import network
from pairing.figures import par_diagram
from pairing.errors import DataError
from pairing.data.schemas import PAR_TABLE1_ROWS

matplotlib.use("Agg")


@pytest.mark.skipif(not documents.PRESENT, reason="the article's text is not beside the project")
def test_every_row_quotes_the_article_word_for_word():
    article = documents.normalised(documents.ARTICLE.read_text(encoding="utf-8"))
    tables = {"par_actors.csv": (data.load_par_actors(), ["evidence"]),
              "par_interactions.csv": (data.load_par_interactions(), ["evidence"]),
              "par_us_comparison.csv": (data.load_par_us_comparison(), ["china_evidence", "us_evidence"])}
    for name, (table, columns) in tables.items():
        for column in columns:
            missing = [q for q in table[column] if documents.normalised(q) not in article]
            assert not missing, f"{name}:{column} quotes not in the article: {missing}"


@pytest.mark.skipif(not documents.PRESENT, reason="the article's text is not beside the project")
def test_table_1_is_the_articles_word_for_word_and_complete():
    """Laid end to end in the table's order (title, headings, then each row's type, stage, kind of
    interactions, actors and outputs), the curated items are the article's Table 1 exactly: the
    same words, spelling and capitals, nothing left out and nothing added."""
    table1 = data.load_par_table1()
    pieces = ["Table 1", "Critical Interactions among Key PAP Actors", "Interaction type", "Stage",
              "Actors and their interactions", "Outputs and outcomes"]
    for interaction_type, stage, interactions in PAR_TABLE1_ROWS:
        row = table1[table1["interaction_type"] == interaction_type]
        assert set(row["stage"]) == {stage} and set(row["interactions"]) == {interactions}, interaction_type
        for part in ("actors", "outputs"):
            items = row[row["part"] == part].sort_values("position")
            assert list(items["position"]) == list(range(1, len(items) + 1)), (interaction_type, part)
            pieces += list(items["text"]) if part == "outputs" else [interaction_type, stage, interactions] + list(items["text"])
    printed = documents.article_parts(lower=False)["Table 1"]
    ours = documents.spaced(" ".join(pieces))
    if ours != printed:  # say where the two part
        at = next(i for i, (a, b) in enumerate(zip(ours, printed)) if a != b) if ours[:len(printed)] != printed[:len(ours)] \
            else min(len(ours), len(printed))
        pytest.fail(f"Table 1 differs from the article at “…{printed[max(0, at - 40):at + 40]}…”: "
                    f"the curated table has “…{ours[max(0, at - 40):at + 40]}…”")


def test_the_article_s_interactions_carry_table_1_s_outputs_and_items():
    """An interaction the article classes has one of Table 1's outputs for its type, in Table 1's
    words (but for the capital that starts a cell); one that quotes Table 1 quotes one item of its row."""
    table1, interactions = data.load_par_table1(), data.load_par_interactions()
    outputs = {t.lower(): set(table1.loc[(table1["interaction_type"] == t) & (table1["part"] == "outputs"), "text"])
               for t, _, _ in PAR_TABLE1_ROWS}
    for row in interactions[interactions["typed_by"] == "article"].to_dict("records"):
        assert row["output"][:1].upper() + row["output"][1:] in outputs[row["type"]], row
    for row in interactions.to_dict("records"):
        assert (network.table1_item(table1, row) is None) == (row["section"] != "Table 1"), row
    reading = network.table1_reading(table1, interactions, data.load_par_actors())
    assert len(reading) == len(interactions)
    assert (reading.loc[reading["classified by"] == "the article", "output or outcome"]
            .isin(table1.loc[table1["part"] == "outputs", "text"]).all())
    broken = interactions.iloc[[0]].assign(evidence="words of no item")
    with pytest.raises(ValueError, match="in 0 items of Table 1"):
        network.table1_item(table1, broken.iloc[0].to_dict())


def test_the_curated_network_covers_table_1():
    interactions = data.load_par_interactions()
    from_table = interactions[interactions["section"] == "Table 1"]
    # Table 1: authority compliance at initiation (vertical); resource coordination and knowledge
    # sharing in operation (horizontal).
    assert set(map(tuple, from_table[["type", "stage", "direction"]].drop_duplicates().values)) == {
        ("authority compliance", "initiation", "vertical"),
        ("resource coordination", "operation", "horizontal"),
        ("knowledge sharing", "operation", "horizontal")}
    graph = network.build_graph(data.load_par_actors(), interactions)
    assert graph.number_of_edges() == len(interactions)


def test_an_interaction_with_an_unknown_actor_stops_the_build(copy_of_curated):
    path = copy_of_curated / "par_interactions.csv"
    table = pd.read_csv(path, dtype=str)
    table.loc[3, "target_actor"] = "world_health_organization"
    table.to_csv(path, index=False)
    with pytest.raises(DataError) as error:
        data.load_par_interactions()
    assert str(error.value) == ("data/curated/par_interactions.csv line 5, target_actor: must be an actor_id of "
                                "par_actors.csv; found world_health_organization")  # data row 4, after the header


def toy():
    actors = pd.DataFrame({
        "actor_id": ["top", "left", "right", "bottom"], "name": list("TLRB"),
        "level": ["central", "provincial", "provincial", "city"],
        "side": ["coordinating", "assisting", "assisted", "assisted"]})
    interactions = pd.DataFrame({
        "source_actor": ["top", "top", "left", "left"], "target_actor": ["left", "right", "right", "right"],
        "stage": ["initiation", "initiation", "operation", "operation"],
        "direction": ["vertical", "vertical", "horizontal", "horizontal"],
        "type": ["authority compliance"] * 2 + ["resource coordination", "knowledge sharing"]})
    return actors, interactions


def test_direction_shares_and_bridges_on_a_known_graph():
    actors, interactions = toy()
    shares = network.direction_shares(interactions)
    assert shares.loc["initiation", ("share", "vertical")] == 1.0
    assert shares.loc["operation", ("n", "horizontal")] == 2
    graph = network.build_graph(actors, interactions)
    assert graph.number_of_edges() == 4  # two kinds of link between left and right are kept
    bridges = network.bridges(graph).set_index("actor_id")
    assert bridges.loc["left", "partners"] == 2
    assert bridges.loc["left", "vertical_and_horizontal"]
    assert bridges.loc["top", "levels_touched"] == 2
    assert bridges.loc["bottom", "partners"] == 0


# -- Figure 1 ----------------------------------------------------------------------------------


def drawn(fig):
    """The boxes (Box, in data units) and the edges and arrowheads (lists of points) as drawn."""
    ax = fig.axes[0]
    boxes = {p.get_gid()[4:]: par_diagram.Box(p.get_gid()[4:], p.get_x(), p.get_y(), p.get_x() + p.get_width(),
                                          p.get_y() + p.get_height())
             for p in ax.patches if (p.get_gid() or "").startswith("box:")}
    lines = {}
    for line in ax.lines:
        if (line.get_gid() or "").startswith("edge:"):
            _, source, target, index = line.get_gid().split(":")
            lines[(source, target, int(index))] = [tuple(p) for p in line.get_xydata()]
    for patch in ax.patches:
        if (patch.get_gid() or "").startswith("head:"):
            _, source, target, index = patch.get_gid().split(":")
            xy = [tuple(p) for p in patch.get_xy()]
            lines[(source, target, int(index), "head")] = xy + [xy[0]]
    return boxes, lines


@pytest.fixture(scope="module")
def figure1():
    import matplotlib.pyplot as plt

    actors, interactions = data.load_par_actors(), data.load_par_interactions()
    fig, diagram = par_diagram.figure1(actors, interactions)
    yield fig, diagram, actors, interactions
    plt.close(fig)


def test_figure_1_draws_every_interaction_and_no_edge_through_a_box(figure1):
    fig, diagram, actors, interactions = figure1
    boxes, lines = drawn(fig)
    assert set(boxes) == set(actors["actor_id"])
    edges = {key for key in lines if len(key) == 3}
    assert sorted(i for _, _, i in edges) == list(range(len(interactions)))
    for source, target, index in edges:
        row = interactions.iloc[index]
        assert (row["source_actor"], row["target_actor"]) == (source, target)
        # the line starts on its source's box and its arrowhead ends on its target's box (within a
        # rounding error: the boxes are read back from the patches as corner plus size)
        start = lines[(source, target, index)][0]
        assert par_diagram.segment_hits_box(start, start, boxes[source], margin=1e-9)
        tip = diagram.routes[index].points[-1]
        assert par_diagram.segment_hits_box(tip, tip, boxes[target], margin=1e-9)
    heads = {key[:3]: points for key, points in lines.items() if len(key) == 4}
    crossing = par_diagram.box_crossings(boxes, {**{k: v for k, v in lines.items() if len(k) == 3}, **heads})
    assert not crossing, f"edges through boxes: {crossing}"
    assert not par_diagram.overlaps(diagram), "two edges run along each other"


def test_figure_1_text_is_11_pixels_high_as_the_page_shows_it(figure1):
    """A page shows a figure at most 768 pixels wide, and at 110 pixels an inch when it is narrower."""
    fig = figure1[0]
    width_in = (fig.get_tightbbox(fig.canvas.get_renderer()).width
                + 2 * matplotlib.rcParams["savefig.pad_inches"])  # as saved, with bbox_inches="tight"
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip() and t.get_visible()]
    smallest = min(t.get_fontsize() for t in texts)
    assert smallest >= 7.5
    assert smallest * min(768 / (72 * width_in), 110 / 72) >= 11, f"{smallest} pt in a figure {width_in:.1f} in wide"


def test_figure_1_marks_what_the_book_adds(figure1):
    fig, _, _, interactions = figure1
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    for added in set(interactions["type"]) - set(network.ARTICLE_TYPES):
        assert f"{added}\n(this book's label" in legend
    assert "classed by this book" in legend
    # dotted exactly where the book classes the interaction
    for line in fig.axes[0].lines:
        if (line.get_gid() or "").startswith("edge:"):
            index = int(line.get_gid().split(":")[-1])
            assert (line.get_linestyle() != "-") == (interactions.iloc[index]["typed_by"] == "book")


def test_the_router_goes_around_a_box_a_straight_line_would_cross():
    actors = pd.DataFrame({"actor_id": ["a", "b", "c", "d"], "name": list("ABCD"),
                           "level": ["central", "central", "central", "city"],
                           "side": ["coordinating"] * 3 + ["assisted"]})
    interactions = pd.DataFrame({"source_actor": ["a", "a", "d"], "target_actor": ["c", "b", "a"],
                                 "type": ["authority compliance"] * 3, "typed_by": ["article"] * 3})
    diagram = par_diagram.grid_diagram(actors, interactions, {"a": 0, "b": 1, "c": 2, "d": 0})
    straight = {("a", "c", 0): [diagram.boxes["a"].centre, diagram.boxes["c"].centre]}
    assert par_diagram.box_crossings(diagram.boxes, straight) == [(("a", "c", 0), "b")]
    routed = {(r.source, r.target, r.index): list(r.points) for r in diagram.routes}
    assert par_diagram.box_crossings(diagram.boxes, routed) == []
    assert len(diagram.routes[1].points) == 2  # neighbours in a row: one straight line
    assert all(p[0] == q[0] or p[1] == q[1] for r in diagram.routes for p, q in r.segments)
    with pytest.raises(ValueError, match="no column given for d"):
        par_diagram.grid_diagram(actors, interactions, {"a": 0, "b": 1, "c": 2})
    with pytest.raises(ValueError, match="share a cell"):
        par_diagram.grid_diagram(actors, interactions, {"a": 0, "b": 0, "c": 2, "d": 0})


# -- Figure 1 on a phone (issue 27) -------------------------------------------------------------


@pytest.fixture(scope="module")
def phone_figure1():
    import matplotlib.pyplot as plt

    from pairing.figures import plots

    actors, interactions = data.load_par_actors(), data.load_par_interactions()
    with matplotlib.rc_context():
        plots.set_style()
        page, page_diagram = par_diagram.figure1(actors, interactions)
        fig, panels = par_diagram.figure1(actors, interactions, width=plots.PHONE_WIDTH)
        yield fig, panels, page_diagram, actors, interactions
    plt.close(page)
    plt.close(fig)


def test_the_phone_s_figure_1_is_legible_in_a_phone_s_column_and_no_wider(phone_figure1):
    import io

    from pairing.figures import plots

    fig = phone_figure1[0]
    out = io.StringIO()
    fig.savefig(out, format="svg")
    assert plots.shown_text_px(out.getvalue(), plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX
    assert fig.get_figwidth() <= plots.PHONE_WIDTH
    assert fig.get_tightbbox(fig.canvas.get_renderer()).width <= plots.PHONE_WIDTH


def drawn_panels(fig):
    """:func:`drawn` for each panel (axes) of the phone's Figure 1."""
    return [drawn(type("One", (), {"axes": [ax]})) for ax in fig.axes]


def test_the_phone_s_figure_1_draws_the_same_network_a_kind_at_a_time_with_no_edge_through_a_box(phone_figure1):
    fig, panels, page_diagram, actors, interactions = phone_figure1
    edges = set()
    assert len(fig.axes) == len(par_diagram.FIGURE1_PHONE_PANELS) == 2
    for (boxes, lines), diagram, ax, types in zip(drawn_panels(fig), panels, fig.axes, par_diagram.FIGURE1_PHONE_PANELS):
        shown = {key for key in lines if len(key) == 3}
        assert not edges & shown
        edges |= shown
        # a panel's boxes are the actors its lines join, and its lines are of its types only: orders in
        # the first, what runs across in the second
        assert set(boxes) == {a for s, t, _ in shown for a in (s, t)}
        assert {interactions.iloc[i]["type"] for _, _, i in shown} == set(types)
        heads = {key[:3]: points for key, points in lines.items() if len(key) == 4}
        assert not par_diagram.box_crossings(boxes, {**{k: v for k, v in lines.items() if len(k) == 3}, **heads})
        assert not par_diagram.overlaps(diagram), "two edges run along each other"
        # The levels still run top down, each named.
        assert all(a > b for a, b in zip(list(diagram.rows.values()), list(diagram.rows.values())[1:]))
        levels = {t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("level:")}
        assert levels == {f"level:{level}" for level in diagram.rows}
    assert edges == {(r.source, r.target, r.index) for r in page_diagram.routes}
    par_diagram.check_panels(panels, interactions)
    # Each panel is named by its types, in their colours; the key keeps what the page's says of lines.
    titles = {t.get_gid()[6:]: t for t in fig.texts if (t.get_gid() or "").startswith("panel:")}
    assert set(titles) == set(interactions["type"])
    assert all(matplotlib.colors.to_hex(t.get_color()) == par_diagram.TYPE_COLORS[k].lower() for k, t in titles.items())
    assert "interagency coordination\n(this book's label" in titles["interagency coordination"].get_text()
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "classed by the article" in legend and "classed by this book" in legend


def test_the_phone_s_figure_1_has_its_key_on_top_and_arrowheads_a_reader_can_see(phone_figure1):
    """A fresh reader found the key 1,300 px below the top boxes and the arrowheads tiny (issue 27)."""
    from pairing.figures import plots

    fig = phone_figure1[0]
    renderer = fig.canvas.get_renderer()
    key = fig.legends[0].get_window_extent(renderer)
    assert all(key.y0 > ax.get_window_extent(renderer).y1 for ax in fig.axes), "the key is not above the diagram"
    saved = fig.get_tightbbox(renderer).width + 2 * matplotlib.rcParams["savefig.pad_inches"]
    px_per_inch = plots.PHONE_COLUMN_PX / saved
    heads = [p for ax in fig.axes for p in ax.patches if (p.get_gid() or "").startswith("head:")]
    assert heads
    for head in heads:  # the diagram's data units are inches
        tip, *base = head.get_xy()[:3]
        length = (((base[0] + base[1]) / 2 - tip) ** 2).sum() ** 0.5
        assert length * px_per_inch >= 9, f"{head.get_gid()}: {length * px_per_inch:.1f} px"
    smallest = min(t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip())
    assert plots.shown_px(saved * 72, smallest, plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX


def test_the_phone_s_figure_1_takes_about_two_screens_not_six(phone_figure1):
    """A fresh reader found the phone's Figure 1 2,200 pixels tall at 400 (6.6 times its width, issue 27):
    as saved, it is at most FIGURE1_PHONE_MAX_ASPECT times as tall as wide, no wider than a phone's
    rendering, and every box of a row as tall as its longest name needs, no taller."""
    import io

    from PIL import Image

    from pairing.figures import plots

    fig, panels = phone_figure1[0], phone_figure1[1]
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100)
    width, height = Image.open(png).size
    assert height / width <= par_diagram.FIGURE1_PHONE_MAX_ASPECT, f"{height / width:.2f} times as tall as wide"
    assert fig.get_figwidth() <= plots.PHONE_WIDTH
    heights = {round(b.y1 - b.y0, 6) for d in panels for b in d.boxes.values()}
    assert len(heights) > 1, "every row of boxes as tall as the tallest name"


def test_the_phone_s_figure_1_names_each_level_clear_of_the_others_and_of_the_boxes(phone_figure1):
    """Rows as tall as their names: a level's name up the left side must not run into the next level's
    (a level of one row is made as tall as its name) nor into a box."""
    fig = phone_figure1[0]
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    for ax in fig.axes:
        names = [t.get_window_extent(renderer) for t in ax.texts if (t.get_gid() or "").startswith("level:")]
        boxes = [p.get_window_extent(renderer) for p in ax.patches if (p.get_gid() or "").startswith("box:")]
        assert len(names) >= 3
        for one, other in itertools.combinations(names, 2):
            assert not one.overlaps(other), "two levels' names meet"
        for name in names:
            assert not any(name.overlaps(box) for box in boxes), "a level's name runs into a box"


def test_the_phone_s_figure_1_keeps_what_its_caption_and_alt_text_say(phone_figure1):
    """Orders run down; resources and knowledge run across to the right, to Hubei's side."""
    _, panels, _, actors, interactions = phone_figure1
    side = dict(zip(actors["actor_id"], actors["side"]))
    for diagram in panels:
        boxes = diagram.boxes
        for route in diagram.routes:
            row = interactions.iloc[route.index]
            source, target = boxes[row.source_actor], boxes[row.target_actor]
            if row.type == "authority compliance":
                assert target.y1 <= source.y1, f"{row.source_actor} -> {row.target_actor} runs up"
            if row.type in ("resource coordination", "knowledge sharing") and side[row.target_actor] == "assisted" \
                    and side[row.source_actor] == "assisting":
                assert target.x0 > source.x1, f"{row.source_actor} -> {row.target_actor} does not run to the right"


def test_the_grid_takes_a_row_for_each_actor_when_given_and_keeps_the_levels_in_order():
    actors = pd.DataFrame({"actor_id": ["a", "b", "c"], "name": list("ABC"), "level": ["central", "central", "city"],
                           "side": ["coordinating"] * 2 + ["assisted"]})
    interactions = pd.DataFrame({"source_actor": ["a", "a"], "target_actor": ["b", "c"],
                                 "type": ["authority compliance"] * 2, "typed_by": ["article"] * 2})
    diagram = par_diagram.grid_diagram(actors, interactions, {"a": 0, "b": 0, "c": 0}, rows={"a": 0, "b": 1, "c": 2})
    assert diagram.boxes["a"].y0 > diagram.boxes["b"].y1 > diagram.boxes["c"].y1
    assert diagram.rows["central"] == pytest.approx((diagram.boxes["a"].y1 + diagram.boxes["b"].y0) / 2)
    with pytest.raises(ValueError, match="no row given for c"):
        par_diagram.grid_diagram(actors, interactions, {"a": 0, "b": 0, "c": 0}, rows={"a": 0, "b": 1})
    with pytest.raises(ValueError, match="above the next level's"):
        par_diagram.grid_diagram(actors, interactions, {"a": 0, "b": 0, "c": 1}, rows={"a": 0, "b": 1, "c": 1})


def test_the_layout_counts_a_crossing_once_an_overlap_four_times_and_a_route_never_against_itself():
    route = par_diagram.Route
    up = route(0, "a", "b", ((0.0, -1.0), (0.0, 1.0)))
    across = route(1, "c", "d", ((-1.0, 0.0), (1.0, 0.0)))
    along = route(2, "e", "f", ((0.0, 0.5), (0.0, 2.0)))  # runs along ``up`` from 0.5 to 1
    assert par_diagram._count_crossings([up, across]) == 1
    assert par_diagram._count_crossings([up, across, along]) == 1 + 4
    # A route that turns across its own path is not a crossing; ends that only touch are not either.
    hook = route(3, "g", "h", ((0.0, 0.0), (0.0, 2.0), (1.0, 2.0), (1.0, 1.0), (-1.0, 1.0)))
    touching = route(4, "i", "j", ((1.0, -1.0), (1.0, 0.0)))
    assert par_diagram._count_crossings([hook]) == 0
    assert par_diagram._count_crossings([across, touching]) == 0
    assert par_diagram._count_crossings([]) == 0
