"""The pairing map draws what the data say: every pairing as a line ending inside its city, every
provincial-level unit of China (Taiwan included) classed by what it sent, and the ids that name
them survive into the exported SVG."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from shapely.geometry import Point

from pairing import data
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
    assert len(names) == 30, "the mainland's 31 units but Hubei"
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
