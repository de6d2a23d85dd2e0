"""Every published figure is legible at the size a page shows it: its smallest text at least 11 px
in a 1400 px window, measured from its SVG (width in points, font sizes in points)."""

from __future__ import annotations

import re

import pytest

from conftest import BUILT
from pairing.paths import SITE

#: The widest a page shows a figure (the text column at a 1400 px window), in px.
COLUMN_PX = 768
#: The resolution of the figure drawn on the page (the notebook's output, matplotlib's figure.dpi).
PAGE_DPI = 110
SMALLEST_PX = 11


def shown_px(svg: str) -> float:
    """The smallest text of the figure ``svg`` as the page shows it, in px: a figure W points wide is
    shown min(768, W × 110/72) px wide, so a font of s points appears s × min(768 / W, 110/72) px."""
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", svg)]
    return min(sizes) * min(COLUMN_PX / width, PAGE_DPI / 72)


def test_the_measure_of_a_figure_s_text():
    wide = '<svg width="720pt" height="100pt"><text style="font-size: 8px">a</text><text style="font-size: 12px">b</text></svg>'
    assert shown_px(wide) == pytest.approx(8 * 768 / 720)  # shrunk to the column
    narrow = '<svg width="360pt" height="100pt"><text style="font-size: 7.5px">a</text></svg>'
    assert shown_px(narrow) == pytest.approx(7.5 * 110 / 72)  # shown at its own size


@BUILT
def test_every_figure_s_smallest_text_is_legible_on_the_page():
    svgs = sorted((SITE / "figures").glob("*.svg"))
    assert svgs
    small = {svg.stem: round(shown_px(svg.read_text(encoding="utf-8")), 1) for svg in svgs}
    small = {name: px for name, px in small.items() if px < SMALLEST_PX}
    assert not small, f"text under {SMALLEST_PX} px on the page: {small}"
