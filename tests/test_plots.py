"""Choropleths and division labels (pairing.figures.plots), drawn on Hubei's real boundaries.

The label tests draw the figure and measure what the renderer drew: boxes of labels, numbers and
key entries must not overlap, every division must be identifiable, and the key must lie off the map.
"""

from __future__ import annotations

import io

import itertools
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from pairing import data, facts  # noqa: E402
from pairing.data import geo
from pairing.figures import plots

WUHAN, EZHOU, SHIYAN, SHENNONGJIA = "420100", "420700", "420300", "429021"


@pytest.fixture(scope="module")
def hubei():
    frame = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    names = data.load_cities().set_index("adcode")["name_en"]
    frame["name_en"] = frame["adcode"].map(names)
    # Made-up counts, some above 1000, so that thousands separators show.
    frame["count"] = [11, 496, 575, 1015, 1175, 1580, 2907, 3518, 50007, 120, 330, 640, 800, 1300, 2000, 2500, 60]
    return frame


pytestmark = pytest.mark.usefixtures("book_style")


def extents(ax: plt.Axes) -> list:
    """The drawn extent of every text of the axes (with its box, where it has one)."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = []
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            box = matplotlib.transforms.Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        boxes.append((text.get_text(), box))
    return boxes


def data_box(ax: plt.Axes, box) -> shapely.Polygon:
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    return shapely.box(x0, y0, x1, y1)


def key_names(drawn: plots.DivisionLabels) -> dict[str, str]:
    """Number -> text, read back from the key's drawn texts."""
    texts = [text.get_text() for text in drawn.key]
    return dict(zip(texts[::2], texts[1::2]))


# The figure sizes the book uses, (rows, columns) of maps: two stacked (chapters 1 and 3), three
# stacked (chapter 2), one (chapter 4); and maps side by side, two and three, where more is numbered.
LAYOUTS = [((7, 9.4), (2, 1), {"hspace": 0.16}), ((7.2, 14.5), (3, 1), {"hspace": 0.1}), ((7, 5.2), (1, 1), {}),
           ((10, 5.2), (1, 2), {}), ((13, 4.9), (1, 3), {"wspace": 0.06})]


@pytest.mark.parametrize("figsize, shape, gridspec", LAYOUTS)
def test_labels_numbers_and_key_never_overlap(hubei, figsize, shape, gridspec):
    fig, axes = plt.subplots(*shape, figsize=figsize, gridspec_kw=gridspec, squeeze=False)
    for ax in axes.flat:
        plots.choropleth(hubei, "count", ax, scheme="FisherJenks", k=5, legend_title="confirmed cases")
    for ax in axes.flat:
        boxes = extents(ax)
        assert len(boxes) >= len(hubei)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r} at figsize {figsize}"


@pytest.mark.parametrize("figsize, shape, gridspec", LAYOUTS)
def test_every_division_is_named_in_place_or_in_the_key(hubei, figsize, shape, gridspec):
    fig, axes = plt.subplots(*shape, figsize=figsize, gridspec_kw=gridspec, squeeze=False)
    ax = axes.flat[-1]  # the last panel is labelled too
    hubei.plot(ax=ax)
    drawn = plots.label_divisions(ax, hubei, dict(zip(hubei["adcode"], hubei["name_en"])))
    names = dict(zip(hubei["adcode"], hubei["name_en"]))
    assert set(drawn.named) | set(drawn.numbered) == set(names) and not set(drawn.named) & set(drawn.numbered)
    assert {code: text.get_text() for code, text in drawn.named.items()} == {code: names[code] for code in drawn.named}
    key = key_names(drawn)
    assert {key[text.get_text()] for text in drawn.numbered.values()} == {names[code] for code in drawn.numbered}
    # Each by its own number, the key in their order.
    assert {code: int(text.get_text()) for code, text in drawn.numbered.items()} == \
        {code: plots.DIVISION_NUMBERS[code] for code in drawn.numbered}
    assert [int(number) for number in key] == sorted(plots.DIVISION_NUMBERS[code] for code in drawn.numbered)
    # No leader lines: nothing but plain texts.
    assert not any(isinstance(text, matplotlib.text.Annotation) for text in ax.texts)


def test_a_division_has_the_same_number_on_every_map(hubei):
    """A reader's finding: Ezhou was 5 on one map and 4 on another, numbered in the order of the
    divisions a map happened to number. Two maps that number different divisions (one labelled by
    name, one by three-line labels: most numbered, so all) give Ezhou, Shennongjia and every other
    division they both number one number, its place west to east."""
    names = dict(zip(hubei["adcode"], hubei["name_en"]))
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.2))
    drawn = []
    for ax, labels in [(left, names), (right, {code: f"{name}\nProvince A +\nProvince B" for code, name in names.items()})]:
        hubei.plot(ax=ax)
        drawn.append(plots.label_divisions(ax, hubei, labels))
    few, every = drawn
    assert {EZHOU, SHENNONGJIA} <= set(few.numbered) and len(every.numbered) == len(hubei) > len(few.numbered)
    for code, text in few.numbered.items():
        assert text.get_text() == every.numbered[code].get_text(), names[code]
    assert few.numbered[EZHOU].get_text() == "15" and few.numbered[SHENNONGJIA].get_text() == "2"
    assert key_names(few)["15"] == "Ezhou" and key_names(every)["15"] == "Ezhou (Province A + Province B)"


def test_the_divisions_order_is_west_to_east_by_their_visual_centres(hubei):
    """facts.DIVISIONS_WEST_TO_EAST is what its comment says: each division's pole of inaccessibility
    (of its largest part, as label_divisions finds it) lies east of the one before."""
    import shapely.ops

    poles = {code: shapely.ops.polylabel(max(getattr(geom, "geoms", [geom]), key=lambda part: part.area),
                                         tolerance=1000).x for code, geom in zip(hubei["adcode"], hubei.geometry)}
    assert sorted(poles, key=poles.get) == list(facts.DIVISIONS_WEST_TO_EAST)
    assert list(plots.DIVISION_NUMBERS.values()) == list(range(1, 18))


def test_only_divisions_of_hubei_are_numbered(hubei):
    fig, ax = plt.subplots()
    other = hubei.assign(adcode=hubei["adcode"].replace({WUHAN: "110000"}))
    with pytest.raises(ValueError, match="110000"):
        plots.label_divisions(ax, other, dict(zip(other["adcode"], other["name_en"])))


@pytest.mark.parametrize("figsize, shape", [((7, 9.4), (2, 1)), ((7, 5.2), (1, 1))])
def test_small_divisions_are_numbered_large_ones_named(hubei, figsize, shape):
    fig, axes = plt.subplots(*shape, figsize=figsize, squeeze=False)
    ax = axes.flat[0]
    plots.choropleth(hubei, "count", ax, scheme="FisherJenks", k=5, label_column=None)
    drawn = plots.label_divisions(ax, hubei, dict(zip(hubei["adcode"], hubei["name_en"])))
    assert {EZHOU, SHENNONGJIA} <= set(drawn.numbered)  # their names would hide their colour
    assert {WUHAN, SHIYAN} <= set(drawn.named)


def test_labels_sit_in_their_divisions_and_the_key_off_the_map(hubei):
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 5.2))
    drawn = {}
    for ax in (left, right):
        hubei.plot(ax=ax)
        drawn[ax] = plots.label_divisions(ax, hubei, dict(zip(hubei["adcode"], hubei["name_en"])))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    geoms = hubei.set_index("adcode").geometry
    land = shapely.union_all(list(geoms))
    for ax, labels in drawn.items():
        for code, text in labels.named.items():
            box = data_box(ax, text.get_window_extent(renderer))
            assert box.intersection(geoms[code]).area >= 0.85 * box.area, f"{code} mostly outside its division"
            white = data_box(ax, text.get_bbox_patch().get_window_extent(renderer))
            assert white.area <= 0.42 * geoms[code].area, f"{code}'s label hides its colour"
        for code, text in labels.numbered.items():
            assert geoms[code].contains(shapely.Point(text.get_position())), code
        assert labels.key, "some divisions are numbered at this size, so there is a key"
        for text in labels.key:
            assert not data_box(ax, text.get_window_extent(renderer)).intersects(land), text.get_text()


def test_mostly_numbered_means_all_numbered(hubei):
    # Three-line labels (as on the pairing map once): most do not fit, so all are numbered and the key lists all
    # (on a map at the width of a page: at 6 in, two of the 17 numbers at 7.5 pt find no free place).
    fig, ax = plt.subplots(figsize=(7, 5.2))
    ax.set_axis_off()
    hubei.plot(ax=ax)
    labels = {code: f"{name}\nProvince A +\nProvince B" for code, name in zip(hubei["adcode"], hubei["name_en"])}
    drawn = plots.label_divisions(ax, hubei, labels)
    assert not drawn.named and len(drawn.numbered) == len(hubei)
    key = key_names(drawn)
    assert len(key) == len(hubei)
    assert key[drawn.numbered[WUHAN].get_text()] == "Wuhan (Province A + Province B)"
    boxes = extents(ax)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


INTERVAL = re.compile(r"^(?P<low>\d[\d,]*(?:\.\d+)?)(?:–(?P<high>\d[\d,]*(?:\.\d+)?))?$")


def legend_texts(ax: plt.Axes) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_legend_classes_are_ranges_with_thousands_separators(hubei):
    fig, ax = plt.subplots(figsize=(7, 5.2))
    plots.choropleth(hubei, "count", ax, scheme="FisherJenks", k=5, legend_title="confirmed cases")
    texts = legend_texts(ax)
    assert ax.get_legend().get_title().get_text() == "confirmed cases"
    assert len(texts) == 5
    bounds = []
    for text in texts:
        match = INTERVAL.match(text)
        assert match, f"{text!r} is not 'low–high' or a single value"
        low = float(match["low"].replace(",", ""))
        high = float((match["high"] or match["low"]).replace(",", ""))
        assert low <= high
        bounds.append((low, high))
    # Classes follow one another without sharing a boundary, from the least to the most.
    assert all(a[1] < b[0] for a, b in zip(bounds, bounds[1:]))
    assert bounds[0][0] == hubei["count"].min() and bounds[-1][1] == hubei["count"].max()
    numbers = [number for text in texts for number in text.split("–")]
    assert "50,007" in numbers
    assert all("," in number for number in numbers if float(number.replace(",", "")) >= 1000)


def test_no_legend_class_is_a_range_one_step_wide(hubei):
    """A reader's finding: Fig. 3.2's legend had a class "0.39–0.40" (0.390 and 0.396, in thirds of eight
    values), which read as an error. No class of a map spans less than a step of its legend's numbers."""
    staff = dict(zip(["420200", "420300", "420500", "420800", "420900", "421100", "421200", "421300"],
                     [0.390, 0.267, 0.348, 0.396, 0.525, 0.551, 0.699, 0.364]))
    frame = hubei.assign(staff=hubei["adcode"].map(staff))
    fig, ax = plt.subplots(figsize=(7, 5.2))
    plots.choropleth(frame, "staff", ax, scheme="Quantiles", k=3, fmt="{:.2f}")
    texts = legend_texts(ax)
    assert texts == ["0.27", "0.35–0.40", "0.53–0.70", "no data"]
    for text in texts[:3]:
        low, _, high = text.partition("–")
        assert not high or float(high) - float(low) > 0.01, text
    assert plots.legend_step("{:.2f}") == 0.01 and plots.legend_step("{:,.0f}") == 1


def test_class_ranges():
    values = [0.74, 2.04, 2.1, 2.8, 45.0]
    assert plots.class_ranges(values, [0, 0, 1, 1, 2], 3, "{:.1f}") == ["0.7–2.0", "2.1–2.8", "45.0"]
    assert plots.class_ranges([1200, 3400], [0, 2], 3, "{:,.0f}", bins=[2000, 3000, 4000]) == \
        ["1,200", "2,000–3,000 (none)", "3,400"]


def test_class_labels_must_match_the_classes(hubei):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="2 class labels for 3 classes"):
        plots.choropleth(hubei, "count", ax, bins=[100, 1000, 60000], class_labels=["few", "many"])
    fig, ax = plt.subplots()
    plots.choropleth(hubei, "count", ax, bins=[100, 1000, 60000], class_labels=["few", "some", "many"],
                     label_column=None)
    assert legend_texts(ax) == ["few", "some", "many"]


def collections(ax: plt.Axes) -> list[tuple]:
    """Each polygon collection of the axes: its face colour, hatch and number of shapes."""
    return [(tuple(collection.get_facecolor()[0]), collection.get_hatch(), len(collection.get_paths()))
            for collection in ax.collections]


def test_a_named_category_is_drawn_apart_from_missing_data(hubei):
    frame = hubei.copy()
    frame["rate"] = np.linspace(0.2, 3.0, len(frame))
    frame.loc[frame["adcode"] == WUHAN, "rate"] = 99.0  # has a value, but is not part of what is classified
    missing = frame["adcode"].isin(["420600", "421000", "422800"])
    frame.loc[missing, "rate"] = np.nan
    fig, ax = plt.subplots(figsize=(7, 5.2))
    plots.choropleth(frame, "rate", ax, scheme="Quantiles", k=3, fmt="{:.2f}", legend_title="staff per 10,000",
                     categories={"not in the pairing": [WUHAN]})
    grey = to_rgba(plots.CATEGORY_COLORS[0])
    drawn = collections(ax)
    category = [entry for entry in drawn if entry[0] == grey]
    assert category == [(grey, None, 1)], "Wuhan alone, solid grey, no hatch"
    no_data = [entry for entry in drawn if entry[1]]
    assert no_data == [(to_rgba("white"), "///", int(missing.sum()))]
    assert sum(entry[2] for entry in drawn) == len(frame), "every division drawn once"
    legend = ax.get_legend()
    texts = legend_texts(ax)
    assert texts[-2:] == ["not in the pairing", "no data"]
    handles = dict(zip(texts, legend.legend_handles))
    assert tuple(handles["not in the pairing"].get_facecolor()) == grey
    assert handles["not in the pairing"].get_hatch() is None and handles["no data"].get_hatch() == "///"
    # Wuhan's 99 is not in any class.
    assert not any("99" in text for text in texts[:-2])
    # And Wuhan is still named on the map.
    assert "Wuhan" in [text.get_text() for text in ax.texts]


def test_without_missing_values_the_legend_has_no_no_data_entry(hubei):
    fig, ax = plt.subplots()
    plots.choropleth(hubei, "count", ax, scheme="Quantiles", k=4, label_column=None)
    assert "no data" not in legend_texts(ax)
    assert not any(collection.get_hatch() for collection in ax.collections)


def test_the_turning_point_mark_is_apart_from_every_division_colour():
    from matplotlib.colors import to_hex

    # Black like Wuhan's curve but dashed and thin, so it reads as a mark, not a division.
    non_wuhan = {to_hex(c) for code, c in plots.CITY_COLORS.items() if code != "420100"}
    assert to_hex(plots.DAY_22["color"]) not in non_wuhan
    assert plots.DAY_22["ls"] not in ("-", "solid") and plots.DAY_22["lw"] < 1.5
    assert to_hex(plots.DAYS_20_21["color"]) not in non_wuhan | {to_hex(plots.DAY_22["color"])}


def test_groups_of_divisions_have_colours_no_division_has():
    from matplotlib.colors import to_hex

    divisions = {to_hex(c) for c in plots.CITY_COLORS.values()}
    groups = [to_hex(c) for c in plots.GROUP_COLORS.values()]
    assert not set(groups) & divisions and len(set(groups)) == len(groups)


@pytest.mark.parametrize("cmap", ["YlOrRd", "Blues", "RdYlBu_r"])
@pytest.mark.parametrize("n", [3, 4, 5, 7])
def test_no_class_is_near_white_and_the_colormap_keeps_its_darkest(cmap, n):
    from matplotlib.colors import to_hex

    colors = plots.class_colors(cmap, n)
    assert len({to_hex(c) for c in colors}) == n, "every class its own colour"
    assert all(plots.luminance(c) <= plots.LIGHTEST_CLASS for c in colors)
    colormap = matplotlib.colormaps[cmap]
    assert to_hex(colors[-1]) == to_hex(colormap(1.0))
    if cmap == "RdYlBu_r":  # a diverging colormap keeps both its ends; its pale middle is not used
        assert to_hex(colors[0]) == to_hex(colormap(0.0))
        assert plots.luminance(colormap(0.5)) > plots.LIGHTEST_CLASS
    else:  # a sequential one goes from its palest allowed colour to its darkest, lightness falling
        assert plots.luminance(colors[0]) == pytest.approx(plots.LIGHTEST_CLASS, abs=0.01)
        assert [plots.luminance(c) for c in colors] == sorted((plots.luminance(c) for c in colors), reverse=True)


def test_luminance_of_black_white_and_a_grey():
    assert plots.luminance("black") == 0 and plots.luminance("white") == pytest.approx(1)
    assert plots.luminance("#777777") == pytest.approx(0.184, abs=0.001)


def reading_order(legend) -> list[str]:
    """The legend's texts as a reader takes them: row by row from the top, left to right."""
    renderer = legend.figure.canvas.get_renderer()
    boxes = [(text.get_window_extent(renderer), text.get_text()) for text in legend.get_texts()]
    return [text for box, text in sorted(boxes, key=lambda item: (-round(item[0].y0), item[0].x0))]


@pytest.mark.parametrize("figsize", [(7, 5.2), (3.2, 3)])
def test_the_legend_reads_in_rows_and_keeps_within_its_map(hubei, figsize):
    frame = hubei.copy()
    frame.loc[frame["adcode"] == EZHOU, "count"] = np.nan
    fig, ax = plt.subplots(figsize=figsize)
    plots.choropleth(frame, "count", ax, scheme="FisherJenks", k=5, legend_title="confirmed cases",
                     categories={"not in the pairing": [WUHAN]}, label_column=None)
    legend = ax.get_legend()
    texts = [text.get_text() for text in legend.get_texts()]
    fig.canvas.draw()
    # Read row by row, the classes come from the least to the most, then the category, then "no data".
    order = reading_order(legend)
    values = [float(text.split("–")[0].replace(",", "")) for text in order[:5]]
    assert values == sorted(values) and order[5:] == ["not in the pairing", "no data"]
    assert sorted(order) == sorted(texts)
    renderer = fig.canvas.get_renderer()
    slot = ax.get_position(original=True).width * fig.bbox.width
    assert legend.get_window_extent(renderer).width <= slot
    rows = len({round(text.get_window_extent(renderer).y0) for text in legend.get_texts()})
    assert rows == (2 if figsize[0] == 7 else 4)  # 4 + 3 below a map at the width of a page


def test_rows_are_as_even_as_they_can_be(hubei):
    fig, ax = plt.subplots(figsize=(3.6, 3))
    handles = [matplotlib.patches.Patch(label=f"class number {i}") for i in range(7)]
    legend = plots.legend_in_rows(ax, handles)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    per_row = {}
    for text in legend.get_texts():
        y = round(text.get_window_extent(renderer).y0)
        per_row[y] = per_row.get(y, 0) + 1
    counts = [per_row[y] for y in sorted(per_row, reverse=True)]
    assert max(counts) - min(counts) <= 1 and counts == sorted(counts, reverse=True)
    assert reading_order(legend) == [f"class number {i}" for i in range(7)]


def test_every_text_of_a_map_is_at_least_the_map_font_size(hubei):
    fig, ax = plt.subplots(figsize=(7, 5.2))
    plots.choropleth(hubei, "count", ax, scheme="FisherJenks", k=5, legend_title="confirmed cases")
    sizes = [text.get_fontsize() for text in ax.texts] + [text.get_fontsize() for text in ax.get_legend().get_texts()]
    assert sizes and min(sizes) >= plots.MAP_FONTSIZE >= 7.5


def test_a_saved_figure_has_its_svg_png_data_and_a_thumbnail_at_the_thumbnail_resolution(tmp_path):
    from PIL import Image

    plots.set_style()
    fig, ax = plt.subplots(figsize=(3, 2))  # narrow enough for a phone as it is
    ax.plot([1, 2, 3], [3, 1, 2])
    written = plots.save_figure(fig, "tiny", data.load_cities().head(2), folder=tmp_path)
    assert [p.name for p in written] == ["tiny.svg", "tiny.png", "tiny.csv"] and all(p.exists() for p in written)
    with Image.open(written[1]) as full, Image.open(tmp_path / "thumbs" / "tiny.png") as small:
        scale = plots.THUMBNAIL_DPI / 300  # the figures are saved at 300 dpi (set_style)
        assert small.size == (round(full.width * scale), round(full.height * scale))
        assert small.convert("L").getextrema()[0] < 128  # a picture (the line drawn), not a blank


def test_a_saved_figure_is_closed_and_the_page_shows_its_png_at_the_page_s_density(tmp_path, monkeypatch):
    """The page's image is the 300 dpi PNG scaled down, not a third drawing by the inline backend:
    the figure is closed, and in a notebook its image is displayed at figure.dpi."""
    import io

    import IPython.display
    from PIL import Image

    shown = []
    monkeypatch.setattr(plots, "_in_notebook", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    plots.set_style()
    fig = _tiny_figure(3)
    inches = fig.get_tightbbox(fig.canvas.get_renderer()).width + 2 * 0.1  # savefig's tight box and its pad
    png = plots.save_figure(fig, "tiny", data.load_cities().head(2), folder=tmp_path)[1]
    assert not plt.fignum_exists(fig.number)
    [image] = shown
    with Image.open(io.BytesIO(image.data)) as page, Image.open(png) as full:
        assert page.width == round(full.width * 110 / 300) and page.width == pytest.approx(inches * 110, abs=2)
        assert page.mode == "RGB" and page.convert("L").getextrema()[0] < 128  # full colour, the line drawn
    plots.save_figure(_tiny_figure(3), "quiet", data.load_cities().head(2), folder=tmp_path, show=False)
    assert len(shown) == 1


def _tiny_figure(width: float) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(width, 2))
    ax.plot([1, 2, 3], [3, 1, 2])
    ax.tick_params(labelsize=8)
    return fig


def test_a_phone_rendering_is_written_at_twice_the_page_density_closed_and_recorded(tmp_path, monkeypatch):
    from PIL import Image

    from pairing.data import usage

    monkeypatch.setattr(usage, "_outputs", {})
    plots.set_style()
    fig, phone = _tiny_figure(6), _tiny_figure(3)
    inches = phone.get_tightbbox(phone.canvas.get_renderer()).width + 2 * 0.1  # savefig's tight box and its pad
    written = plots.save_figure(fig, "tiny", data.load_cities().head(2), folder=tmp_path, phone=phone)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["tiny.svg", "tiny.png", "tiny.csv", "phone/tiny.png"]
    assert not plt.fignum_exists(phone.number), "closed: a notebook shows only the page's rendering"
    with Image.open(written[3]) as image:
        assert image.width == pytest.approx(inches * 2 * 110, rel=0.01)  # twice the page's 110 px an inch
        assert image.mode == "P"  # in 256 colours
    assert usage._outputs["tiny"]["phone_density"] == plots.PHONE_DENSITY == 2
    plots.save_figure(_tiny_figure(3), "plain", data.load_cities().head(2), folder=tmp_path)
    assert "phone_density" not in usage._outputs["plain"] and not (tmp_path / "phone" / "plain.png").exists()


def test_a_phone_rendering_too_small_to_read_on_a_phone_is_refused_and_nothing_written(tmp_path):
    plots.set_style()
    fig, phone = _tiny_figure(6), _tiny_figure(6)  # 6 in shown in 352 px: 8-point ticks become 6 px
    with pytest.raises(ValueError, match=r"figure tiny: its smallest text would show \d\.\d px high on a phone"):
        plots.save_figure(fig, "tiny", data.load_cities().head(2), folder=tmp_path, phone=phone)
    assert not list(tmp_path.iterdir())


def test_the_page_image_keeps_every_division_s_colour_on_small_markers(tmp_path, monkeypatch):
    """A fresh reader's finding: in 256 colours, the scaled-down page image turned some divisions'
    markers grey or into a neighbour's colour. Each marker's colour must survive."""
    import IPython.display
    import numpy as np
    from PIL import Image

    shown = []
    monkeypatch.setattr(plots, "_in_notebook", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    plots.set_style()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(np.linspace(0, 1, 200), np.sin(np.linspace(0, 20, 200)), color="0.3", lw=0.8)  # many blended greys
    for i, color in enumerate(plots.CITY_COLORS.values()):
        ax.plot(i, 0, "o", ms=6, color=color, mec="0.2", mew=0.6)
    plots.save_figure(fig, "markers", data.load_cities().head(2), folder=tmp_path)
    with Image.open(io.BytesIO(shown[0].data)) as page:
        pixels = np.asarray(page.convert("RGB"), dtype=float).reshape(-1, 3)
    for code, color in plots.CITY_COLORS.items():
        wanted = np.array(plots.mpl.colors.to_rgb(color)) * 255
        assert np.abs(pixels - wanted).max(axis=1).min() <= 8, code


def test_a_phone_rendering_is_measured_on_its_texts_as_its_svg_would_measure_it():
    """save_figure measures a phone rendering on the figure's texts and its PNG's width, not on an SVG
    drawn for nothing: the same number as shown_text_px on the SVG (hidden and empty texts left out)."""
    import io

    plots.set_style()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(3, 4), sharex=True)
    top.plot([1, 2, 3], [3, 1, 2], label="a line")
    top.legend(fontsize=7.5)
    top.set_title("A title", fontsize=9)
    bottom.annotate("a note", (2, 1), fontsize=8.2)
    bottom.text(2, 2, "hidden", fontsize=4, visible=False)
    bottom.set_xlabel("")
    svg = io.StringIO()
    fig.savefig(svg, format="svg")
    image = plots._legible_phone(fig, "two")
    sizes = [t.get_fontsize() for t in fig.findobj(plots.mpl.text.Text) if t.get_visible() and t.get_text()]
    measured = plots.shown_px(image.width * 72 / (2 * 110), min(sizes), plots.PHONE_COLUMN_PX)
    assert measured == pytest.approx(plots.shown_text_px(svg.getvalue(), plots.PHONE_COLUMN_PX), rel=0.01)
    assert min(sizes) == 7.5


def test_the_phone_s_column_is_the_measure_of_a_phone_rendering():
    svg = '<svg width="360pt" height="100pt"><text style="font-size: 8px">a</text></svg>'
    assert plots.shown_text_px(svg, plots.PHONE_COLUMN_PX) == pytest.approx(8 * plots.PHONE_COLUMN_PX / 360)
    assert plots.shown_text_px(svg) == pytest.approx(8 * 110 / 72)  # the page shows it at its own size


def test_a_figure_is_laid_out_once_and_its_png_keeps_the_svg_s_layout(tmp_path, monkeypatch):
    """A small multiple's constrained layout costs seconds: the SVG's drawing computes it, the PNG
    keeps it (so the two files also show the same layout)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    runs = []
    execute = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", lambda self, fig: runs.append(fig) or execute(self, fig))
    plots.set_style()
    fig, axes = plt.subplots(2, 2, figsize=(3.2, 3), layout="constrained")
    for ax in axes.flat:
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_title("a panel")
    laid_out = []
    monkeypatch.setattr(fig, "savefig", lambda *a, savefig=fig.savefig, **k: laid_out.append(
        [ax.get_position().bounds for ax in fig.axes]) or savefig(*a, **k))
    plots.save_figure(fig, "panels", data.load_cities().head(2), folder=tmp_path)
    assert len(runs) == 1
    svg_layout, png_layout = laid_out[1], [ax.get_position().bounds for ax in fig.axes]
    assert svg_layout != laid_out[0] and png_layout == svg_layout
