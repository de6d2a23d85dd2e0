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
