"""Fig. 2.3, the sensitivity forest (letter_fig1_plots.sensitivity), read a panel at a time (issue 27: a
fresh reader found the top two panels without x tick labels and the key a screen below the first
panel at 1400 px, and the variants' names over the interval bars on a phone)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from pairing import data  # noqa: E402
from pairing.analysis import personnel  # noqa: E402
from pairing.figures import letter_fig1_plots, plots  # noqa: E402
from pairing.report import letter_fig1  # noqa: E402


@pytest.fixture(scope="module")
def forests():
    with matplotlib.rc_context():
        plots.set_style()
        variants = letter_fig1.sensitivity(data.load_hubei_cases(), data.load_health_resources(), data.load_cities(),
                                           n_boot=50)
        page, _ = letter_fig1_plots.sensitivity(variants)
        phone, _ = letter_fig1_plots.sensitivity(variants, width=plots.PHONE_WIDTH)
        for fig in (page, phone):
            fig.canvas.draw()
        yield page, phone
    plt.close(page)
    plt.close(phone)


@pytest.mark.parametrize("which", [0, 1], ids=["page", "phone"])
def test_every_panel_has_its_own_x_tick_labels_and_the_key_is_on_top(forests, which):
    fig = forests[which]
    renderer = fig.canvas.get_renderer()
    assert len(fig.axes) == len(personnel.OUTCOMES)
    for ax in fig.axes:
        shown = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        assert len(shown) >= 3, f"{ax.get_title()}: x tick labels {shown}"
    key = fig.legends[0].get_window_extent(renderer)
    assert all(key.y0 >= ax.get_tightbbox(renderer).y1 - 1 for ax in fig.axes), "the key is not above the panels"


def test_on_a_phone_each_name_is_clear_of_every_bar_marker_and_cap(forests):
    fig = forests[1]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        names = [t.get_window_extent(renderer) for t in ax.texts]
        assert len(names) == len(personnel.VARIANTS)
        drawn = []  # the extents of the markers, the caps (their own markers) and the bars
        for line in ax.lines:
            if line.get_marker() in ("o", "|"):
                radius = line.get_markersize() / 2 * fig.dpi / 72 + 1
                drawn += [(x - radius, y - radius, x + radius, y + radius)
                          for x, y in ax.transData.transform(line.get_xydata())]
        for collection in ax.collections:
            for segment in collection.get_segments():
                (x0, y0), (x1, y1) = ax.transData.transform(np.asarray(segment)).min(0), \
                    ax.transData.transform(np.asarray(segment)).max(0)
                drawn.append((x0, y0 - 0.5, x1, y1 + 0.5))
        assert drawn
        for name in names:
            hits = [d for d in drawn if d[0] < name.x1 and name.x0 < d[2] and d[1] < name.y1 and name.y0 < d[3]]
            assert not hits, f"{ax.get_title()}: a name over {len(hits)} marks"
        # each name nearer the row below it (its own) than the row above
        for name in names:
            below = max(d[3] for d in drawn if d[3] <= name.y0 + 0.5)
            above = [d[1] for d in drawn if d[1] >= name.y1 - 0.5]
            if above:
                assert name.y0 - below < min(above) - name.y1, ax.get_title()
