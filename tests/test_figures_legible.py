"""Every published figure is legible at the size a page shows it: its smallest text at least 11 px
in a 1400 px window, and on a phone, in its own rendering where the page's would be smaller there
(pairing.figures.plots.shown_text_px, which save_figure applies to each figure as it is exported;
this checks the published SVGs too)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from conftest import BUILT  # noqa: E402
from pairing.figures import plots  # noqa: E402
from pairing.paths import SITE  # noqa: E402


pytestmark = pytest.mark.usefixtures("book_style")


def test_the_measure_of_a_figure_s_text():
    wide = '<svg width="720pt" height="100pt"><text style="font-size: 8px">a</text><text style="font-size: 12px">b</text></svg>'
    assert plots.shown_text_px(wide) == pytest.approx(8 * 768 / 720)  # shrunk to the column
    narrow = '<svg width="360pt" height="100pt"><text style="font-size: 7.5px">a</text></svg>'
    assert plots.shown_text_px(narrow) == pytest.approx(7.5 * 110 / 72)  # shown at its own size


def test_a_figure_too_small_to_read_on_the_page_is_refused_and_nothing_of_it_written(tmp_path):
    fig, ax = plt.subplots(figsize=(12, 3))  # shown shrunk to 768 px: 8-point ticks become 7 px
    ax.plot([1, 2], [1, 2])
    ax.tick_params(labelsize=8)
    with pytest.raises(ValueError, match=r"figure too-wide: its smallest text would show \d\.\d px high"):
        plots.save_figure(fig, "too-wide", plots.pd.DataFrame({"x": [1]}), folder=tmp_path)


def test_a_figure_too_small_to_read_on_a_phone_needs_its_phone_rendering(tmp_path):
    def drawn(width):
        fig, ax = plt.subplots(figsize=(width, 2))
        ax.plot([1, 2], [1, 2])
        ax.tick_params(labelsize=8)
        return fig

    # 7 in at 8 points: 12 px on the page, 6 px on a phone.
    with pytest.raises(ValueError, match=r"figure wide: on a phone \(352 px column\) its smallest text would show "
                                         r"\d\.\d px high; give it a phone rendering"):
        plots.save_figure(drawn(7), "wide", plots.pd.DataFrame({"x": [1]}), folder=tmp_path)
    assert not list(tmp_path.iterdir())
    plots.save_figure(drawn(7), "wide", plots.pd.DataFrame({"x": [1]}), folder=tmp_path, phone=drawn(plots.PHONE_WIDTH))
    plots.save_figure(drawn(plots.PHONE_WIDTH), "narrow", plots.pd.DataFrame({"x": [1]}), folder=tmp_path)
    assert (tmp_path / "phone" / "wide.png").exists() and not (tmp_path / "phone" / "narrow.png").exists()
    assert not list(tmp_path.glob("too-wide*"))


@BUILT
def test_every_figure_s_smallest_text_is_legible_on_the_page():
    svgs = sorted((SITE / "figures").glob("*.svg"))
    assert svgs
    small = {svg.stem: round(plots.shown_text_px(svg.read_text(encoding="utf-8")), 1) for svg in svgs}
    small = {name: px for name, px in small.items() if px < plots.LEGIBLE_PX}
    assert not small, f"text under {plots.LEGIBLE_PX} px on the page: {small}"


@BUILT
def test_every_figure_is_legible_on_a_phone_itself_or_through_its_phone_rendering():
    phones = {png.stem for png in (SITE / "figures" / "phone").glob("*.png")}
    small = {svg.stem: round(plots.shown_text_px(svg.read_text(encoding="utf-8"), plots.PHONE_COLUMN_PX), 1)
             for svg in sorted((SITE / "figures").glob("*.svg"))}
    small = {name: px for name, px in small.items() if px < plots.LEGIBLE_PX and name not in phones}
    assert not small, f"text under {plots.LEGIBLE_PX} px on a phone, and no phone rendering: {small}"
