"""Fig. 1.1's counting events: each label clear of every line, on the page and on a phone (issue 27: a
fresh reader found the 19 February line through the 12 February label)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from pairing import data  # noqa: E402
from pairing.analysis import casepanel  # noqa: E402
from pairing.figures import hubei_cases, plots  # noqa: E402


@pytest.mark.parametrize("width", [None, plots.PHONE_WIDTH], ids=["page", "phone"])
def test_each_event_label_keeps_clear_of_every_line_and_inside_the_axes(width):
    with matplotlib.rc_context():
        plots.set_style()
        daily = casepanel.hubei_daily(data.load_hubei_cases())
        fig, _ = hubei_cases.active_curve(daily, 279, width=width)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        labels = [t for t in ax.texts if t.get_text().startswith(("12 Feb", "19 Feb"))]
        assert len(labels) == len(hubei_cases.COUNTING_EVENTS)
        for label in labels:
            box = label.get_window_extent(renderer).padded(hubei_cases.EVENT_LABEL_CLEARANCE * fig.dpi / 72 - 0.5)
            assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1
            day = label.xy[0]
            others = [line for line in ax.get_lines() if not (len(line.get_xdata()) == 2 and line.get_xdata()[0] == day)]
            assert len(others) == len(ax.get_lines()) - 1
            crossed = [line.get_label() for line in others if hubei_cases.crosses(box, line)]
            assert not crossed, f"{label.get_text()!r} crossed by {crossed}"
        plt.close(fig)
