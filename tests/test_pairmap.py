"""The pairing map draws what the data say: every pairing as a line ending inside its city, every
provincial-level unit of China (Taiwan included) filled, named and classed by what it sent, the South
China Sea Islands in an inset, colours a colour-blind reader tells apart, and the ids that name them
survive into the exported SVG."""

from __future__ import annotations

import re

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from shapely.geometry import Point

from pairing import data
from pairing.analysis import aid
from pairing.data import geo
from pairing.figures import pairmap, plots


@pytest.fixture(scope="module")
def drawn():
    plots.set_style()
    names = {**data.load_provinces().set_index("adcode")["name_en"].to_dict(),
             **data.load_cities().set_index("adcode")["name_en"].to_dict()}
    result = pairmap.draw(data.load_pairings(), data.load_unpaired_senders(), names, plots.CITY_COLORS)
    yield result
    plt.close(result.fig)


def test_every_pairing_is_drawn_as_a_line_that_ends_inside_its_city(drawn):
    pairings = data.load_pairings()
    cities = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS).set_index("adcode").geometry
    lines = {line.get_gid(): line for line in drawn.hubei.get_children()
             if isinstance(line, Line2D) and (line.get_gid() or "").startswith("link-")}
    expected = {f"link-{p}-{c}" for p, c in zip(pairings["province_adcode"], pairings["city_adcode"])}
    assert set(lines) == expected | {"link-whole-country"}
    for gid in expected:
        city = gid.split("-")[2]
        x, y = lines[gid].get_xdata()[-1], lines[gid].get_ydata()[-1]
        assert cities[city].contains(Point(x, y)), gid
        # The line is drawn in its city's colour.
        assert lines[gid].get_color().lower() == plots.CITY_COLORS[city].lower()
    # Wuhan's line, from the whole country, ends in Wuhan.
    wuhan = lines["link-whole-country"]
    assert cities["420100"].contains(Point(wuhan.get_xdata()[-1], wuhan.get_ydata()[-1]))


def test_taiwan_hong_kong_and_macao_are_among_the_drawn_outlines(drawn):
    patches = {patch.get_gid(): patch for patch in drawn.china.patches if isinstance(patch, PathPatch)}
    china = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS).set_index("adcode").geometry
    for code in ["710000", "810000", "820000"] + list(geo.provinces()["adcode"]):
        assert f"province-{code}" in patches, code
    # Taiwan's patch is Taiwan: its extent is the island's.
    extent = patches["province-710000"].get_path().get_extents()
    assert extent.bounds == pytest.approx((china["710000"].bounds[0], china["710000"].bounds[1],
                                           china["710000"].bounds[2] - china["710000"].bounds[0],
                                           china["710000"].bounds[3] - china["710000"].bounds[1]), rel=1e-6)
    assert set(drawn.classes["adcode"]) == set(china.index)
    # Taiwan lies inside the drawn frame, not cut off by the map's limits.
    (x0, x1), (y0, y1) = drawn.china.get_xlim(), drawn.china.get_ylim()
    tx0, ty0, tx1, ty1 = china["710000"].bounds
    assert x0 <= tx0 and tx1 <= x1 and y0 <= ty0 and ty1 <= y1


def test_taiwan_is_filled_and_named_like_a_province_in_the_class_the_data_give_it(drawn):
    """Taiwan, Hong Kong and Macao are filled as land in the one colour of their class, outside the
    mainland's dispatch of teams (not "no team found", which read as a failed search: a fresh reader's
    finding), not left white like the page; each is named, and the legend says what the class is."""
    patches = {patch.get_gid(): patch for patch in drawn.china.patches}
    to_hex = plt.matplotlib.colors.to_hex
    classes = drawn.classes.set_index("adcode")["sender_class"]
    for code in ("710000", "810000", "820000"):
        assert classes[code] == aid.OUTSIDE_DISPATCH
        assert to_hex(patches[f"province-{code}"].get_facecolor()) == pairmap.OUTSIDE != "#ffffff"
    assert {"Taiwan", "Hong Kong", "Macao"} <= {text.get_text() for text in drawn.china.texts}
    legend = [text.get_text().replace("\n", " ") for text in drawn.legend.get_legend().get_texts()]
    assert "outside the mainland's dispatch (Taiwan, Hong Kong, Macao)" in legend
    assert not any("no team found" in text for text in legend)  # no unit of the mainland is in that class


def test_the_legend_names_each_class_drawn_and_keeps_no_team_found_apart():
    """On hand-made classes: a unit of the mainland that no source names is "no team found", in an entry
    of its own beside the units outside the dispatch; a class not drawn has no entry."""
    names = {"110000": "Beijing", "620000": "Gansu", "710000": "Taiwan", "810000": "Hong Kong", "420000": "Hubei"}
    classes = pd.DataFrame({"adcode": list(names),
                            "sender_class": [aid.PAIRED, aid.NO_TEAM, aid.OUTSIDE_DISPATCH, aid.OUTSIDE_DISPATCH, aid.HUBEI]})
    labels = pairmap.legend_labels(classes, names)
    assert list(labels) == [aid.PAIRED, aid.OUTSIDE_DISPATCH, aid.NO_TEAM, aid.HUBEI]
    assert labels[aid.OUTSIDE_DISPATCH] == "outside the mainland's dispatch (Taiwan, Hong Kong)"
    assert labels[aid.NO_TEAM] == "no team found (Gansu)"
    assert labels[aid.PAIRED].startswith("paired with a Hubei city (1)")
    assert pairmap.CLASS_STYLE[aid.NO_TEAM] != pairmap.CLASS_STYLE[aid.OUTSIDE_DISPATCH]


def test_the_names_are_dark_on_their_halo_not_grey_on_grey(drawn):
    to_rgb = plt.matplotlib.colors.to_rgb
    assert all(to_rgb(text.get_color()) == (0, 0, 0) for text in drawn.china.texts)


def test_the_colour_difference_and_the_simulation_of_dichromacy():
    # CIEDE2000 on the reference pairs of Sharma, Wu & Dalal (2005), table 1.
    for lab1, lab2, expected in [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
                                 ((50, 2.5, 0), (73, 25, -18), 27.1492),
                                 ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
                                 ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082)]:
        assert pairmap.ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert pairmap.color_difference(pairmap.seen_as("white"), pairmap.seen_as("black")) == pytest.approx(100, abs=0.1)
    # A grey stays grey; matplotlib's red and green, far apart, merge for a reader with deuteranopia.
    assert pairmap.seen_as("#808080", "deuteranopia") == pytest.approx(plt.matplotlib.colors.to_rgb("#808080"), abs=1e-4)
    red, green = "#d62728", "#2ca02c"
    assert pairmap.color_difference(pairmap.seen_as(red), pairmap.seen_as(green)) > 50
    assert pairmap.color_difference(pairmap.seen_as(red, "deuteranopia"), pairmap.seen_as(green, "deuteranopia")) < 6


#: The least CIEDE2000 difference between a paired province's colour and the fill of a unit not
#: paired: many times what the eye tells apart side by side, for areas apart on a map. The grey the
#: map used before (#d6d6d6) fell short of it for the pale colours under deuteranopia.
DISTINCT = 15


@pytest.mark.parametrize("deficiency", [None, "deuteranopia", "protanopia"])
def test_every_paired_colour_stands_apart_from_the_units_not_paired_as_a_colour_blind_reader_sees_them(
        drawn, deficiency):
    patches = {patch.get_gid(): patch for patch in drawn.china.patches if patch.get_gid()}
    classes = drawn.classes.set_index("adcode")["sender_class"]
    paired = {code for code, kind in classes.items() if kind == "paired"}
    # The colours filling the paired provinces: one city's, or the stripes of several.
    fills = {gid: patch.get_facecolor() for gid, patch in patches.items()
             if gid.split("-")[1] in paired and patch.get_facecolor()[3] > 0}
    solid = {gid: color for gid, color in fills.items() if "stripe" not in gid}
    assert {gid.split("-")[1] for gid in fills} == paired and len(solid) == len(paired) - 1  # Shanxi: striped
    not_paired = {patches[f"province-{code}"].get_facecolor() for code, kind in classes.items()
                  if kind in ("medical teams, not paired", "disease-control staff only")}
    no_team = {patches[f"province-{code}"].get_facecolor() for code, kind in classes.items() if kind == aid.OUTSIDE_DISPATCH}
    assert len(not_paired) == len(no_team) == 1

    def difference(a, b) -> float:
        return pairmap.color_difference(pairmap.seen_as(a[:3], deficiency), pairmap.seen_as(b[:3], deficiency))

    for gid, color in fills.items():
        assert difference(color, *not_paired) >= DISTINCT, gid
    # Taiwan's sand stands apart from every province filled in one colour (Shanxi's stripes show themselves).
    for gid, color in solid.items():
        assert difference(color, *no_team) >= DISTINCT, gid


def test_both_panels_show_each_city_in_the_same_colour(drawn):
    """Hubei's cities on the map of China and in its enlargement: each its book colour, opaque."""
    to_hex = plt.matplotlib.colors.to_hex
    for ax in (drawn.china, drawn.hubei):
        cities = {patch.get_gid()[5:]: patch for patch in ax.patches if (patch.get_gid() or "").startswith("city-")}
        assert len(cities) == 17
        for code, patch in cities.items():
            assert to_hex(patch.get_facecolor(), keep_alpha=True) == plots.CITY_COLORS[code].lower() + "ff", code
            assert patch.get_alpha() in (None, 1)


def test_the_south_china_sea_inset_shows_the_islands_and_the_whole_boundary_line(drawn):
    inset = drawn.south_china_sea
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    frame = shapely.box(x0, y0, x1, y1)
    line = gpd.GeoSeries([geo.maritime_boundary()], crs="EPSG:4326").to_crs(geo.CHINA_ALBERS).iloc[0]
    assert len(line.geoms) == 10 and frame.contains(line)
    dashes = [artist for artist in inset.lines if artist.get_gid() == "maritime-boundary"]
    assert len(dashes) == 10
    # Hainan's islands south of the map of China's frame are drawn, in Hainan's colour, inside the inset.
    hainan = {patch.get_gid(): patch for patch in inset.patches}["inset-province-460000"]
    islands = [part for part in geo.provinces().to_crs(geo.CHINA_ALBERS).set_index("adcode").geometry["460000"].geoms
               if part.bounds[3] < drawn.china.get_ylim()[0]]
    assert len(islands) > 100 and all(frame.contains(part) for part in islands)
    assert hainan.get_path().get_extents().y0 == pytest.approx(min(part.bounds[1] for part in islands), rel=1e-6)
    # The inset lies in the figure and covers neither the legend, a name nor the lines to Hubei's enlargement.
    fig = drawn.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = inset.get_tightbbox(renderer)
    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0
    assert not box.overlaps(drawn.fig.axes[1].get_legend().get_window_extent(renderer))
    for text in drawn.china.texts:
        assert not box.overlaps(text.get_window_extent(renderer)), text.get_text()
    for connector in [line for line in drawn.china.lines if line.get_gid() != "maritime-boundary"]:
        path = connector.get_transform().transform(connector.get_xydata())
        assert not shapely.LineString(path).intersects(shapely.box(box.x0, box.y0, box.x1, box.y1))


def test_the_area_of_a_name_inside_a_province_is_measured_exactly_in_windows():
    rng = np.random.default_rng(1)
    polygon = shapely.Point(0, 0).buffer(10, quad_segs=64).difference(shapely.box(-2, -20, 2, 0))
    xs, ys = rng.uniform(-12, 12, 300), rng.uniform(-12, 12, 300)
    exact = shapely.area(shapely.intersection(shapely.box(xs - 3, ys - 1, xs + 3, ys + 1), polygon))
    assert pairmap.area_inside(xs, ys, 3, 1, polygon) == pytest.approx(exact, abs=1e-9)
    assert len(pairmap.area_inside(np.array([]), np.array([]), 3, 1, polygon)) == 0


def test_a_paired_province_is_filled_with_its_city_colour_and_shanxi_with_three(drawn):
    patches = {patch.get_gid(): patch for patch in drawn.china.patches}
    to_rgb = plt.matplotlib.colors.to_hex
    assert to_rgb(patches["province-530000"].get_facecolor()) == plots.CITY_COLORS["421200"]  # Yunnan: Xianning
    stripes = {to_rgb(patches[f"province-140000-stripe-{i}"].get_facecolor()) for i in (1, 2, 3)}
    assert stripes == {plots.CITY_COLORS[c] for c in ("429004", "429005", "429006")}


def test_the_svg_export_names_every_link_and_taiwan(drawn, tmp_path):
    path = tmp_path / "map.svg"
    drawn.fig.savefig(path)
    svg = path.read_text()
    ids = re.findall(r'id="((?:link|province)-[^"]+)"', svg)
    assert len(ids) == len(set(ids)), "ids are unique"
    assert "province-710000" in ids
    assert sum(re.fullmatch(r"link-\d{6}-\d{6}", i) is not None for i in ids) == len(data.load_pairings())


def test_stripes_cover_the_polygon_without_overlap():
    from shapely.geometry import box

    square = box(0, 0, 10, 10)
    parts = pairmap.stripes(square, 3, width=1.0)
    assert sum(part.area for part in parts) == pytest.approx(square.area)
    assert all(parts[i].intersection(parts[j]).area == pytest.approx(0) for i in range(3) for j in range(i + 1, 3))


def test_every_text_reads_at_page_width_and_none_is_cut(drawn):
    """Drawn at most 7 in wide with no text under 7.5 pt, the map's smallest text is 11 px on the page
    (a text column of 768 px shows 110 px per inch); every text lies inside the figure."""
    fig = drawn.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [text for ax in fig.axes for text in ax.texts] + [
        text for ax in fig.axes if ax.get_legend() for text in ax.get_legend().get_texts()]
    assert len(texts) > 50
    assert min(text.get_fontsize() for text in texts) >= 7.5
    assert fig.get_figwidth() <= 7.0
    assert fig.get_tightbbox(renderer).width <= 7.07, "the saved figure (0.1 in of pad each side) stays under 7.27 in"
    frame = fig.bbox
    for text in texts:
        box = text.get_window_extent(renderer)
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, text.get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, text.get_text()


def test_the_names_of_the_provinces_overlap_neither_each_other_nor_hubei(drawn):
    import itertools

    import shapely

    fig = drawn.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = drawn.china
    names = {text.get_text(): text.get_window_extent(renderer) for text in ax.texts}
    assert len(names) == 33, "the 34 provincial-level units but Hubei"
    for (a, box_a), (b, box_b) in itertools.combinations(names.items(), 2):
        assert not box_a.overlaps(box_b), f"{a} overlaps {b}"
    hubei = geo.provinces(mainland_only=False).to_crs(geo.CHINA_ALBERS).set_index("adcode").geometry["420000"]
    to_data = ax.transData.inverted()
    for name, box in names.items():
        (x0, y0), (x1, y1) = to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
        assert not shapely.box(x0, y0, x1, y1).intersects(hubei), name


def test_link_labels_widths_are_measured():
    assert pairmap.link_label("Guangxi", ["Shiyan"]) == "Guangxi → Shiyan"
    assert pairmap.link_label("Shanxi", ["Xiantao", "Qianjiang", "Tianmen"]) == \
        "Shanxi → Xiantao,\nQianjiang, Tianmen"
    plots.set_style()
    short, long = pairmap.text_width(["ab"], 7.5), pairmap.text_width(["ab", "abcdefgh"], 7.5)
    assert 0 < short < long and pairmap.text_width(["ab"], 15) == pytest.approx(2 * short, rel=0.1)
