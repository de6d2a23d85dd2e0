"""The phone renderings of the maps and charts of chapters 1-3 (issue 27): each drawn by the same
function as the page's, no wider than plots.PHONE_WIDTH once saved, its smallest text legible in the
phone's column (plots.shown_text_px at PHONE_COLUMN_PX), its labels inside it and apart, and the same
data as the page's; and the map helpers' phone rules (names where they fit, the others numbered and
keyed, maps stacked with their legends, scatter labels placed together)."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from pairing import data, facts  # noqa: E402
from pairing.analysis import aid, casepanel, dynamics, personnel  # noqa: E402
from pairing.data import geo  # noqa: E402
from pairing.figures import hubei_cases, letter_fig1_plots, pairmap, plots, staffing  # noqa: E402
from pairing.paths import ROOT  # noqa: E402
from pairing.report import casedata, letter_fig1, whohelped  # noqa: E402

pytestmark = pytest.mark.usefixtures("book_style")


def drawn(fig: plt.Figure):
    """The figure drawn and its renderer, on an Agg canvas (a figure of a module's fixture outlives
    the pyplot manager that book_style closes after each test)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def saved(fig: plt.Figure) -> str:
    """The figure as save_figure writes its SVG (tight, with its pad)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def assert_phone(fig: plt.Figure) -> None:
    """Legible in the phone's column and no wider than the phone's rendering may be, once saved."""
    svg = saved(fig)
    width_pt = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))
    assert width_pt <= plots.PHONE_WIDTH * 72 + 0.5, f"saved {width_pt / 72:.2f} in wide"
    assert plots.shown_text_px(svg, plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX


def texts_of(ax: plt.Axes) -> list:
    return [text for text in ax.texts if text.get_visible() and text.get_text()]


#: How far (px) two texts' boxes may reach into each other without their letters touching: a box
#: holds the line's full height, above the capitals and below the descenders.
TOUCH = 2.0


def overlapping(texts: list, renderer) -> list[tuple[str, str]]:
    """The pairs of ``texts`` whose boxes reach more than :data:`TOUCH` into each other both ways."""
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in texts]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > TOUCH
            and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > TOUCH]


def inside_figure(fig: plt.Figure, texts: list, renderer) -> list[str]:
    frame = fig.bbox
    return [text.get_text() for text in texts
            if not (frame.x0 - 1 <= text.get_window_extent(renderer).x0
                    and text.get_window_extent(renderer).x1 <= frame.x1 + 1)]


#: Hubei's divisions by adcode, as the maps name them.
DIVISION_NAMES = data.load_cities().set_index("adcode")["name_en"].loc[list(facts.DIVISIONS_WEST_TO_EAST)].to_dict()


# -- chapter 1 ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter1(tables):
    hubei, flags, cities = data.load_hubei_cases(), data.load_case_flags(), data.load_cities()
    removed = int(dynamics.revisions_on(hubei, flags, casedata.DEDUCTION_DAY)["removed"].sum())
    return casepanel.hubei_daily(hubei), removed, casedata.map_frame(hubei, cities)


def test_the_active_curve_on_a_phone_keeps_its_events_labelled_above_the_curves(chapter1):
    daily, removed, _ = chapter1
    page, plotted = hubei_cases.active_curve(daily, removed)
    phone, phone_plotted = hubei_cases.active_curve(daily, removed, width=plots.PHONE_WIDTH)
    assert_phone(phone)
    assert phone_plotted.equals(plotted)
    ax = phone.axes[0]
    # The same curves and events; each event's label above both curves, the first's above the second's.
    assert [line.get_label() for line in ax.lines if not line.get_label().startswith("_")] == \
        [line.get_label() for line in page.axes[0].lines if not line.get_label().startswith("_")]
    labels = texts_of(ax)
    assert [t.get_text() for t in labels] == [t.get_text() for t in texts_of(page.axes[0])]
    assert all(t.xy[1] > daily["confirmed"].max() for t in labels) and labels[0].xy[1] > labels[1].xy[1]
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    assert overlapping(labels, renderer) == []
    # The key lies under the axes.
    assert phone.legends[0].get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0


@pytest.mark.parametrize("phone", [False, True], ids=["page", "phone"])
def test_the_active_curve_s_event_labels_keep_a_line_of_text_from_the_curves(chapter1, phone):
    """A fresh reader found the 19 February label sitting on the cumulative curve on a phone (issue 27):
    each event's label, its box grown by a line of its text, crosses neither curve's path; on a phone
    each event's line stops at its label's top, under the label above."""
    daily, removed, _ = chapter1
    fig, _ = hubei_cases.active_curve(daily, removed, width=plots.PHONE_WIDTH if phone else None)
    renderer = drawn(fig)
    ax = fig.axes[0]
    curves = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert len(curves) == 2
    labels = texts_of(ax)
    assert len(labels) == len(hubei_cases.COUNTING_EVENTS)
    for label in labels:
        room = label.get_fontsize() * 1.2 - 0.5  # a line of its text (points), less half a point of rounding
        assert hubei_cases.curve_clearance(label) >= room
        box = label.get_window_extent(renderer)
        assert ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1
        crossed = [line.get_label() for line in curves if hubei_cases.crosses(box.padded(room * fig.dpi / 72), line)]
        assert not crossed, f"{label.get_text()!r} within a line of text of {crossed}"
    if phone:
        events = [line for line in ax.get_lines() if line.get_label().startswith("_")]
        tops = [ax.transAxes.transform((0, line.get_ydata()[1]))[1] for line in events]
        boxes = [label.get_window_extent(renderer) for label in labels]
        assert [round(top, 3) for top in tops] == [round(box.y1, 3) for box in boxes]
        assert boxes[0].y0 >= tops[1] + hubei_cases.EVENT_LABEL_CLEARANCE * fig.dpi / 72 - 0.5
    plt.close(fig)


def test_an_event_label_on_a_curve_is_lifted_clear_of_it():
    """The rule on hand-made curves: a cumulative count that is already flat at its top by 12 February
    lies under where a phone first sets the labels; they rise until a line of text clears it."""
    dates = pd.date_range("2020-01-20", "2020-04-30")
    confirmed = np.minimum(np.arange(len(dates)) * 4000.0, 60000.0)
    daily = pd.DataFrame({"date": dates, "confirmed": confirmed, "active": confirmed / 2})
    fig, _ = hubei_cases.active_curve(daily, 10, width=plots.PHONE_WIDTH)
    renderer = drawn(fig)
    ax = fig.axes[0]
    cumulative = next(line for line in ax.get_lines() if line.get_label() == "confirmed (cumulative)")
    for label, (_, _, _), first in zip(texts_of(ax), hubei_cases.COUNTING_EVENTS, hubei_cases.PHONE_EVENT_HEIGHTS):
        box = label.get_window_extent(renderer).padded((hubei_cases.curve_clearance(label) - 0.5) * fig.dpi / 72)
        assert not hubei_cases.crosses(box, cumulative)
    # where a phone first sets the lower label, a line of text from it would touch the flat curve
    lower = texts_of(ax)[1]
    assert lower.xy[1] > hubei_cases.PHONE_EVENT_HEIGHTS[1] * confirmed.max()
    plt.close(fig)


def assert_every_division_named_or_keyed(ax: plt.Axes, names: dict[str, str]) -> None:
    """Each of ``names`` (adcode -> name) either named on the map or numbered there, by its own
    number (plots.DIVISION_NUMBERS), and named beside that number in the key; none both, none twice.
    On the map a text stands in its white box; the key's numbers and names have none."""
    on_map = [t for t in texts_of(ax) if t.get_bbox_patch() is not None]
    named = [t.get_text() for t in on_map if t.get_fontweight() != "bold"]
    numbers = [t.get_text() for t in on_map if t.get_fontweight() == "bold"]
    key_texts = [t for t in texts_of(ax) if t.get_bbox_patch() is None]
    assert [t.get_fontweight() == "bold" for t in key_texts] == [True, False] * (len(key_texts) // 2)
    key = dict(zip((t.get_text() for t in key_texts[::2]), (t.get_text() for t in key_texts[1::2])))
    assert sorted(key) == sorted(numbers) and len(named) + len(numbers) == len(names)
    for code, name in names.items():
        number = str(plots.DIVISION_NUMBERS[code])
        assert (name in named) != (number in numbers and key[number] == name), name


def assert_map_column(page: plt.Figure, phone: plt.Figure, n: int) -> None:
    """``n`` maps one above the other, each its legend under it and above the next map; every
    division named or numbered and keyed, by the same number as on the page, no text over another;
    the same legends as the page's."""
    assert_phone(phone)
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    maps = phone.axes
    assert len(maps) == len(page.axes) == n
    for ax, above in zip(maps[1:], maps[:-1]):
        assert ax.get_window_extent(renderer).y1 < above.get_legend().get_window_extent(renderer).y0
    for ax, page_ax in zip(maps, page.axes):
        legend = ax.get_legend()
        assert legend.get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0 + 1
        # The same entries (in rows of fewer columns: matplotlib lists them column by column).
        assert sorted(t.get_text() for t in legend.get_texts()) == sorted(t.get_text() for t in page_ax.get_legend().get_texts())
        texts = texts_of(ax)
        assert_every_division_named_or_keyed(ax, DIVISION_NAMES)
        assert_every_division_named_or_keyed(page_ax, DIVISION_NAMES)
        assert overlapping(texts, renderer) == []
        assert inside_figure(phone, texts, renderer) == []


def test_the_confirmed_map_on_a_phone_is_two_maps_stacked_with_their_legends(chapter1):
    mapped = chapter1[2]
    page, plotted = hubei_cases.confirmed_map(mapped)
    phone, phone_plotted = hubei_cases.confirmed_map(mapped, width=plots.PHONE_WIDTH)
    assert phone_plotted.equals(plotted)
    assert_map_column(page, phone, 2)
    # Wuhan, the map's point, is named on both.
    assert all("Wuhan" in {t.get_text() for t in texts_of(ax)} for ax in phone.axes)


# -- chapter 2 ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def points(hubei, resources, cities) -> pd.DataFrame:
    return personnel.figure_data(hubei, resources, cities)


TITLES = {"mortality": "Mortality: its fall rests on Shennongjia",
          "diagnosis_rate": "Fewer doctors per head, more cases per head"}


def assert_scatter_labels(fig: plt.Figure, names: set[str]) -> None:
    """Every point named once, inside its panel, no name over another."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in texts_of(ax)]
        assert {t.get_text().split("\n")[0] for t in labels} == names
        assert overlapping(labels, renderer) == []
        frame = ax.get_window_extent(renderer)
        for label in labels:
            box = label.get_window_extent(renderer)
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, label.get_text()


def test_letter_fig1_on_a_phone_is_legible_with_every_division_named_apart(points, cities):
    page, exported = letter_fig1_plots.letter_fig1(points, TITLES, cities)
    phone, phone_exported = letter_fig1_plots.letter_fig1(points, TITLES, cities, width=plots.PHONE_WIDTH)
    assert_phone(phone)
    assert phone_exported.equals(exported)
    assert [ax.get_title().replace("\n", " ") for ax in phone.axes] == [ax.get_title() for ax in page.axes]
    for ax, page_ax in zip(phone.axes, page.axes):  # the same points
        assert np.array_equal(np.vstack([c.get_offsets() for c in ax.collections[1:]]),
                              np.vstack([c.get_offsets() for c in page_ax.collections[1:]]))
    assert_scatter_labels(phone, set(points["name_en"]))


def test_the_death_rate_variant_on_a_phone(points):
    _, plotted = letter_fig1_plots.death_rate(points, "Fewer doctors per head, more deaths per head")
    phone, phone_plotted = letter_fig1_plots.death_rate(points, "Fewer doctors per head, more deaths per head",
                                                        width=plots.PHONE_WIDTH)
    assert_phone(phone)
    assert phone_plotted.equals(plotted)
    assert_scatter_labels(phone, set(points["name_en"]))


def test_on_a_phone_no_name_comes_near_the_fitted_line_its_ends_included(points, cities):
    """A reader's finding: on a phone, "Shennongjia" touched the end of the death rate's fitted line."""
    phones = [letter_fig1_plots.death_rate(points, "Fewer doctors per head, more deaths per head",
                                           width=plots.PHONE_WIDTH)[0],
              letter_fig1_plots.letter_fig1(points, TITLES, cities, width=plots.PHONE_WIDTH)[0]]
    for phone in phones:
        renderer = drawn(phone)
        for ax in phone.axes:
            frame = ax.get_window_extent(renderer)
            line = shapely.LineString(ax.transData.transform(ax.lines[0].get_xydata())).intersection(
                shapely.box(*frame.extents))
            for label in texts_of(ax):
                gap = shapely.box(*label.get_window_extent(renderer).extents).distance(line)
                assert gap >= plots.LABEL_CLEARANCE * phone.dpi / 72, (label.get_text(), round(gap, 1))


def test_the_sensitivity_forest_on_a_phone_names_each_variant_above_its_row(hubei, resources, cities):
    variants = letter_fig1.sensitivity(hubei, resources, cities, n_boot=50)
    page, plotted = letter_fig1_plots.sensitivity(variants)
    phone, phone_plotted = letter_fig1_plots.sensitivity(variants, width=plots.PHONE_WIDTH)
    assert_phone(phone)
    assert phone_plotted is plotted is variants
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    for ax, page_ax, outcome in zip(phone.axes, page.axes, personnel.OUTCOMES):
        assert ax.get_title() == page_ax.get_title()
        names = texts_of(ax)
        rows = variants[variants["outcome"] == outcome].set_index("key").loc[list(personnel.VARIANTS)]
        assert [t.get_text().replace("\n", " ") for t in names] == [
            f"{label} (n={n})" for (label, _), n in zip(personnel.VARIANTS.values(), rows["n"])]
        assert overlapping(names, renderer) == []
        # Each name lies above its row's two intervals, clear of the markers.
        markers = [line for line in ax.lines if line.get_marker() == "o"]
        for marker in markers:
            for x, y in marker.get_xydata():
                point = ax.transData.transform((x, y))
                assert not any(t.get_window_extent(renderer).contains(*point) for t in names)


def test_the_three_maps_on_a_phone(hubei, resources, cities):
    mapped = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).merge(personnel.map_values(hubei, resources, cities, data.per_head_population(cities)),
                                                                 on="adcode")
    page, plotted = letter_fig1_plots.maps(mapped)
    phone, phone_plotted = letter_fig1_plots.maps(mapped, width=plots.PHONE_WIDTH)
    assert phone_plotted.equals(plotted)
    assert_map_column(page, phone, 3)


# -- chapter 3 ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def need(tables, cities):
    staff = aid.staff_by_city(data.load_pairings())
    return aid.staff_need(staff, data.load_hubei_cases(), data.per_head_population(cities))


@pytest.fixture(scope="module")
def names(cities):
    return whohelped.names(data.load_provinces(), cities)


def test_the_staff_maps_on_a_phone(need, names):
    page, shapes = staffing.staff_map(need, names)
    phone, phone_shapes = staffing.staff_map(need, names, width=plots.PHONE_WIDTH)
    assert phone_shapes.drop(columns="geometry").equals(shapes.drop(columns="geometry"))
    assert_map_column(page, phone, 2)


def test_staff_against_need_on_a_phone(need):
    _, known = staffing.staff_against_need(need)
    phone, phone_known = staffing.staff_against_need(need, width=plots.PHONE_WIDTH)
    assert_phone(phone)
    assert phone_known.equals(known)
    assert_scatter_labels(phone, set(known["city_en"]))
    # Each label names the city's partners under it.
    assert {t.get_text() for t in texts_of(phone.axes[0])} == {
        f"{row.city_en}\n" + staffing.textwrap.fill(f"({row.partners})", staffing.PHONE_WRAP) for row in known.itertuples()}


def test_the_timeline_on_a_phone_numbers_each_report_clear_of_the_other_series(tables):
    reports = data.load_aid_timeline()
    page, series = staffing.timeline(reports)
    phone, phone_series = staffing.timeline(reports, width=plots.PHONE_WIDTH)
    assert_phone(phone)
    assert phone_series.equals(series)
    ax = phone.axes[0]
    assert sorted(t.get_text() for t in texts_of(ax)) == sorted(t.get_text() for t in texts_of(page.axes[0]))
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    assert overlapping(texts_of(ax), renderer) == []
    for line in ax.lines:  # no number over a marker
        for point in ax.transData.transform(line.get_xydata()):
            assert not any(t.get_window_extent(renderer).contains(*point) for t in texts_of(ax)), line.get_label()


@pytest.fixture(scope="module")
def pairing_maps(names):
    plots.set_style()
    pairings, unpaired = data.load_pairings(), data.load_unpaired_senders()
    page = pairmap.draw(pairings, unpaired, names, plots.CITY_COLORS)
    phone = pairmap.draw(pairings, unpaired, names, plots.CITY_COLORS, width=plots.PHONE_WIDTH)
    yield page, phone
    plt.close("all")


def test_the_pairing_map_on_a_phone_is_legible_and_draws_every_link_into_its_city(pairing_maps):
    page, phone = pairing_maps
    drawn(phone.fig)
    assert_phone(phone.fig)
    pairings = data.load_pairings()
    cities = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).set_index("adcode").geometry
    # The same classes and arcs; the links split between the two maps of Hubei, each ending in its city.
    assert phone.classes.equals(page.classes)
    assert len(phone.hubei_panels) == 2 and phone.hubei is phone.hubei_panels[0]
    lines = {line.get_gid(): line for ax in phone.hubei_panels for line in ax.lines
             if isinstance(line, Line2D) and (line.get_gid() or "").startswith("link-")}
    expected = {f"link-{p}-{c}" for p, c in zip(pairings["province_adcode"], pairings["city_adcode"])}
    assert set(lines) == expected | {"link-whole-country"}
    for gid, line in lines.items():
        city = facts.WUHAN if gid == "link-whole-country" else gid.split("-")[2]
        assert cities[city].contains(Point(line.get_xdata()[-1], line.get_ydata()[-1])), gid
    # Each map of Hubei has one column of labels, the same texts as the page's between them.
    labels = [[t.get_text() for t in texts_of(ax)] for ax in phone.hubei_panels]
    assert all(labels) and sorted(sum(labels, [])) == sorted(t.get_text() for t in texts_of(page.hubei))


def test_the_pairing_map_on_a_phone_names_only_the_provinces_that_fit(pairing_maps):
    page, phone = pairing_maps
    fig = phone.fig
    renderer = drawn(fig)
    names = texts_of(phone.china)
    assert 15 <= len(names) < len(texts_of(page.china))
    assert {"Xinjiang", "Tibet", "Taiwan", "Inner Mongolia", "Heilongjiang"} <= {t.get_text() for t in names}
    assert overlapping(names, renderer) == []
    leaders = {line.get_gid().removeprefix("leader-"): line for line in phone.china.lines
               if (line.get_gid() or "").startswith("leader-") and not line.get_gid().startswith("leader-dot-")}
    # A name lies half inside its province at least, or beside it over no other unit's land (the sea), or
    # is joined to it by a leader line (test_every_paired_province_is_named_on_the_phone_s_map).
    china = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS).set_index("adcode").geometry
    code_of = {name: code for code, name in {**pairmap.OUTSIDE_MAINLAND, **whohelped.names(
        data.load_provinces(), data.load_cities())}.items() if code in china.index}
    to_data = phone.china.transData.inverted()
    land = shapely.union_all(list(china))
    for text in names:
        box = text.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
        box = shapely.box(x0, y0, x1, y1)
        own = box.intersection(china[text_code := code_of[text.get_text()]]).area
        others = box.intersection(land).area - own
        assert own >= 0.5 * box.area or others <= 0.02 * box.area or text_code in leaders, (text.get_text(), text_code)
    # The legend and the inset lie under the map of China, apart; every text in the figure.
    legend = phone.legend.get_legend()
    inset = phone.south_china_sea
    china_box = phone.china.get_window_extent(renderer)
    assert legend.get_window_extent(renderer).y1 < china_box.y0 and inset.get_tightbbox(renderer).y1 < china_box.y0
    assert not legend.get_window_extent(renderer).overlaps(inset.get_window_extent(renderer))
    assert overlapping(list(legend.get_texts()) + texts_of(inset), renderer) == []
    everything = [t for ax in fig.axes for t in texts_of(ax)] + list(phone.legend.get_legend().get_texts())
    assert inside_figure(fig, everything, renderer) == []


def test_every_paired_province_is_named_on_the_phone_s_map(pairing_maps):
    """A fresh reader's finding: on the phone six of the 19 paired provinces had no name (Tianjin,
    Ningxia, Chongqing, Hunan, Fujian, Guangxi), so "Hunan → Huanggang" pointed at nothing. Each is
    named, mostly over its own land, or beside it with a leader line from a dot inside it to the
    name's edge, crossing no name; a name that would lie partly over another paired province's land
    has 70% of it over its own, or a leader."""
    _, phone = pairing_maps
    renderer = drawn(phone.fig)
    china = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS).set_index("adcode").geometry
    paired = set(data.load_pairings()["province_adcode"])
    assert len(paired) == 19
    names = {code: name for code, name in whohelped.names(data.load_provinces(), data.load_cities()).items()
             if code in paired}
    texts = {t.get_text(): t for t in texts_of(phone.china)}
    assert set(names.values()) <= set(texts), sorted(set(names.values()) - set(texts))
    to_data = phone.china.transData.inverted()
    lines = {line.get_gid(): line for line in phone.china.lines if (line.get_gid() or "").startswith("leader-")}
    for code, name in names.items():
        extent = texts[name].get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([[extent.x0, extent.y0], [extent.x1, extent.y1]])
        box = shapely.box(x0, y0, x1, y1)
        leader = lines.get(f"leader-{code}")
        if leader is None:  # named in place: 70% over its own province, or else over no other paired one
            own = box.intersection(china[code]).area
            over_paired = sum(box.intersection(china[other]).area for other in paired - {code})
            assert own >= 0.65 * box.area or over_paired <= 0.03 * box.area, (name, own / box.area)
            continue
        (xa, ya), (xb, yb) = leader.get_xydata()
        assert china[code].contains(Point(xa, ya)), name  # from inside its province, where a dot marks it
        assert f"leader-dot-{code}" in lines and tuple(lines[f"leader-dot-{code}"].get_xydata()[0]) == (xa, ya)
        end = phone.china.transData.transform((xb, yb))
        assert extent.padded(4).contains(*end), name  # to its name
        segment = shapely.LineString([(xa, ya), (xb, yb)])
        for other, text in texts.items():
            if other != name:
                e = text.get_window_extent(renderer)
                (u0, v0), (u1, v1) = to_data.transform([[e.x0, e.y0], [e.x1, e.y1]])
                assert not segment.intersects(shapely.box(u0, v0, u1, v1)), (name, other)
    assert_phone(phone.fig)  # every text still legible


def test_a_name_that_fits_nowhere_is_set_beside_its_unit_with_a_leader_line():
    """The rule on a hand-made map: a small square between two large paired units gets its name
    outside, over the sea rather than a neighbour, with a leader line from inside it; the large ones
    are named in place."""
    plots.set_style()
    fig, ax = plt.subplots(figsize=(3, 3))
    shapes = gpd.GeoSeries({"big": shapely.box(0, 0, 100, 30), "small": shapely.box(100, 13, 104, 17),
                            "east": shapely.box(104, 0, 130, 30)})
    ax.set_xlim(-10, 170)
    ax.set_ylim(-10, 100)
    ax.set_aspect("equal")
    drawn_names = pairmap.name_provinces(ax, shapes, {"big": "Big", "small": "Small", "east": "East"},
                                         fitting=True, must_name={"small", "big", "east"})
    assert set(drawn_names) == {"big", "small", "east"}
    leader = next(line for line in ax.lines if line.get_gid() == "leader-small")
    (xa, ya), _ = leader.get_xydata()
    assert shapes["small"].contains(Point(xa, ya))
    assert not any(line.get_gid() == "leader-big" for line in ax.lines)
    renderer = drawn(fig)
    extent = drawn_names["small"].get_window_extent(renderer)
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([[extent.x0, extent.y0], [extent.x1, extent.y1]])
    name = shapely.box(x0, y0, x1, y1)
    assert not name.intersects(shapes["big"]) and not name.intersects(shapes["east"])  # over the sea
    plt.close(fig)


def test_beijing_s_name_is_joined_to_beijing_by_a_leader_line(pairing_maps):
    """A reader's finding: "Beijing" sat on Hebei. Its name stands beside it, a line from inside
    Beijing to the name's end."""
    page, _ = pairing_maps
    china = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS).set_index("adcode").geometry
    name = next(t for t in page.china.texts if t.get_text() == "Beijing")
    leaders = [line for line in page.china.lines if line.get_color() == pairmap.LEADER_STYLE["color"]]
    assert len(leaders) == 1
    (xa, ya), (xb, yb) = leaders[0].get_xydata()
    assert china["110000"].contains(Point(xa, ya)) and not china["110000"].contains(Point(xb, yb))
    renderer = drawn(page.fig)
    end = page.china.transData.transform((xb, yb))
    assert name.get_window_extent(renderer).expanded(1.0, 1.0).padded(4).contains(*end)


# -- the map helpers ---------------------------------------------------------------------------------

def test_a_phone_s_map_names_what_fits_and_numbers_the_rest_in_its_key():
    """A reader's finding: on a phone, the small divisions were left unnamed, Shennongjia an unnamed
    patch. The phone's map numbers them as the page's does, each by its own number, and keys them,
    the map as wide as before."""
    frame = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    fig, (ax,) = plots.map_column(frame, 1, plots.PHONE_WIDTH)
    plots.shapes(frame, ax, color="0.8")
    ax.set_axis_off()
    labels = plots.label_divisions(ax, frame, DIVISION_NAMES, **plots.PHONE_LABELS)
    assert set(labels.named) | set(labels.numbered) == set(DIVISION_NAMES) and not set(labels.named) & set(labels.numbered)
    assert {facts.WUHAN, "420300", "422800"} <= set(labels.named)  # Wuhan, Shiyan, Enshi
    assert {facts.SHENNONGJIA, "420700"} <= set(labels.numbered)  # and Ezhou
    assert {code: t.get_text() for code, t in labels.numbered.items()} == {
        code: str(plots.DIVISION_NUMBERS[code]) for code in labels.numbered}
    assert_every_division_named_or_keyed(ax, DIVISION_NAMES)
    renderer = drawn(fig)
    assert overlapping(labels.texts, renderer) == []
    assert ax.get_window_extent(renderer).width == pytest.approx(
        (plots.PHONE_WIDTH - 2 * plt.rcParams["savefig.pad_inches"]) * fig.dpi, rel=0.01), "the key shrank the map"


def test_stacked_maps_keep_their_size_and_close_up():
    frame = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    fig, axes = plots.map_column(frame, 2, plots.PHONE_WIDTH)
    for ax in axes:
        plots.shapes(frame, ax, color="0.8")
        ax.set_axis_off()
        ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, label="a class")], loc="upper center", bbox_to_anchor=(0.5, 0))
    fig.canvas.draw()
    sizes = [ax.get_window_extent(fig.canvas.get_renderer()).size for ax in axes]
    tall = fig.get_figheight()
    plots.stack_maps(fig, axes, gap=0.25)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert fig.get_figheight() < tall
    assert np.allclose([ax.get_window_extent(renderer).size for ax in axes], sizes)
    first_legend = axes[0].get_legend().get_window_extent(renderer)
    assert axes[1].get_window_extent(renderer).y1 == pytest.approx(first_legend.y0 - 0.25 * fig.dpi, abs=2)


def test_labels_placed_within_a_crowded_panel_stay_inside_apart_and_nearest_their_point():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 1, 12), rng.uniform(0, 1, 12)
    fig, ax = plt.subplots(figsize=(2.6, 2.6))
    ax.scatter(x, y, s=40)
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.1, 1.1)
    fig.canvas.draw()
    names = [f"city {i}" for i in range(12)]
    plots.label_points(ax, x, y, names, within=True)
    renderer = fig.canvas.get_renderer()
    labels = texts_of(ax)
    assert [t.get_text() for t in labels] == names
    frame = ax.get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)
    assert overlapping(labels, renderer) == []
    centres = ax.transData.transform(np.column_stack([x, y]))
    gaps = np.array([[plots._gap(box, *c) for c in centres] for box in boxes])
    assert (gaps.argmin(axis=1) == np.arange(12)).mean() >= 0.9  # each nearest its own point, bar at most one
