"""Chapter 4's figures (pairing.figures.turning) at the size the page shows them: a page shows a figure
at most 768 px wide at 110 dpi, so a figure drawn about 7 in wide is shown at its own size, and every
text in it must be at least 11 px there; no two texts may overlap and no key may sit on a panel.

The size is measured as the figures page's check does it, from the SVG the figure is saved as (its
width in points and its smallest font size); the overlaps from what the renderer drew."""

from __future__ import annotations

import io
import itertools
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from pairing.figures import plots  # noqa: E402
from pairing.figures import turning as draw  # noqa: E402
from pairing.report import turning  # noqa: E402



pytestmark = pytest.mark.usefixtures("book_style")


def shown_px(fig: plt.Figure) -> float:
    """The smallest text of ``fig`` in px as the page shows it (:func:`pairing.figures.plots.shown_text_px`)."""
    out = io.StringIO()
    fig.savefig(out, format="svg")
    return plots.shown_text_px(out.getvalue())


def drawn_texts(fig: plt.Figure) -> list[matplotlib.text.Text]:
    """Every text the renderer draws: the figure's own (such as a shared axis label), each legend's,
    and each panel's title, axis labels, texts and the labels of the ticks inside its limits."""
    texts = [*fig.texts, *(t for legend in fig.legends for t in legend.get_texts())]
    for ax in fig.axes:
        if not ax.axison:
            continue
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            texts += [tick.label1 for tick in axis.get_major_ticks()
                      if low - 1e-9 * (high - low) <= tick.get_loc() <= high + 1e-9 * (high - low)]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def overlaps(fig: plt.Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts of ``fig`` that overlap, and legends that overlap a panel."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawn_texts(fig)]
    found = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]
    for legend in fig.legends:
        found += [("legend", ax.get_title() or "panel") for ax in fig.axes
                  if ax.axison and legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))]
    return found


def test_the_fonts_are_never_below_7_5_points():
    assert min(draw.FONT.values()) >= 7.5
    assert draw.PAGE_WIDTH * 110 <= plots.COLUMN_PX + 5  # shown at (about) its own size (110 pixels an inch)
    assert plots.PHONE_WIDTH * 110 <= plots.PHONE_COLUMN_PX + 5  # and the phone rendering on a phone


def test_the_did_figure_is_legible_at_page_width():
    dates = pd.date_range("2020-01-23", "2020-02-25")
    means = pd.concat([pd.DataFrame({"treated": treated, "date": dates,
                                     "recovered": np.linspace(0, top, len(dates)),
                                     "recovered_per_100": np.linspace(-2, top / 4, len(dates))})
                       for treated, top in [(1, 66), (0, 12)]])
    fig, _ = draw.did_recoveries(means, pd.Timestamp("2020-02-13"))
    assert shown_px(fig) >= 11
    assert overlaps(fig) == []


def _event_studies() -> dict[str, SimpleNamespace]:
    """Two event studies shaped like the chapter's: growth in log units, the cure rate in recoveries
    per 100 (a hundred times larger), the days -10 and -1 set to zero, intervals widening after arrival."""
    days = np.arange(-10, 15)

    def study(scale: float):
        estimate = np.where(np.isin(days, [-10, -1]), 0.0, -0.05 * scale * np.sign(days + 0.5))
        half = np.where(np.isin(days, [-10, -1]), np.nan, 0.1 * scale + 0.04 * scale * np.clip(days, 0, None))
        return SimpleNamespace(table=pd.DataFrame({"event_time": days, "estimate": estimate, "low": estimate - half,
                                                   "high": estimate + half, "normalised": np.isin(days, [-10, -1])}),
                               after=SimpleNamespace(estimate=-0.05 * scale, low=-0.2 * scale, high=0.1 * scale))

    return {"growth": study(1), "cure_rate": study(100)}


CLAIMED = {"growth": -0.03, "cure_rate": 2.2}


def test_the_event_study_is_legible_at_page_width_and_draws_its_verdict_s_evidence():
    fig = draw.event_study(_event_studies(), CLAIMED)
    assert shown_px(fig) >= 11
    assert overlaps(fig) == []
    # Beside the estimates, what the verdict weighs: the change the claim implies, from arrival on.
    for ax, scale, outcome in zip(fig.axes, [100, 1], ["growth", "cure_rate"]):
        claim_lines = [line for line in ax.get_lines() if line.get_label() == "the change the claim implies"]
        assert len(claim_lines) == 1 and set(claim_lines[0].get_ydata()) == {CLAIMED[outcome] * scale}
        assert min(claim_lines[0].get_xdata()) == 0


@pytest.fixture(scope="module")
def curves(tables) -> turning.Curves:
    return turning.load()


def test_the_letter_fig3_panels_are_legible_at_page_width(curves):
    fig, _ = draw.letter_fig3(curves.curves, curves.peaks, curves.names)
    assert shown_px(fig) >= 11
    assert overlaps(fig) == []
    # Eighteen panels, each titled, in columns of three (the caption: "each panel has its own scale").
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert len(titled) == 18 and len({ax.get_position().x0 for ax in titled}) == 3


@pytest.mark.parametrize("name", ["normalised", "growth", "turning_days"])
def test_the_single_panel_figures_stay_legible_at_page_width(curves, name):
    if name == "normalised":
        fig, _ = draw.normalised(curves.curves, curves.peaks)
    elif name == "growth":
        fig, _ = draw.growth(turning.growth(curves).trailing)
    else:
        fig, _ = draw.turning_days(turning.change_points(curves))
    assert shown_px(fig) >= 11


def test_the_letter_fig3_phone_rendering_is_legible_on_a_phone(curves):
    page, plotted = draw.letter_fig3(curves.curves, curves.peaks, curves.names)
    phone, phone_plotted = draw.letter_fig3(curves.curves, curves.peaks, curves.names, columns=2,
                                            width=plots.PHONE_WIDTH)
    out = io.StringIO()
    phone.savefig(out, format="svg")
    assert plots.shown_text_px(out.getvalue(), plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX
    assert overlaps(phone) == []
    # The same eighteen panels, titles and data, in columns of two; the same fonts.
    titled = [ax for ax in phone.axes if ax.get_title()]
    assert len(titled) == 18 and len({ax.get_position().x0 for ax in titled}) == 2
    assert [ax.get_title() for ax in titled] == [ax.get_title() for ax in page.axes if ax.get_title()]
    assert phone_plotted.equals(plotted)
    assert {t.get_fontsize() for t in drawn_texts(phone)} == {t.get_fontsize() for t in drawn_texts(page)}
    # The axis's name heads the phone rendering, over the key; both lie above the panels, read before
    # them (a reader's finding: the key came after eighteen panels).
    key = phone.legends[0]
    assert key.get_title().get_text() == "patients under treatment" and not phone.get_suptitle()
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    assert key.get_window_extent(renderer).y0 > max(ax.get_tightbbox(renderer).y1 for ax in titled)


# -- the phone renderings (issue 27) ----------------------------------------------------------------


def legible_on_a_phone(phone: plt.Figure) -> None:
    """A phone rendering's smallest text shows at least LEGIBLE_PX in the phone's column, and the
    figure, and everything drawn in it, is no wider than PHONE_WIDTH."""
    out = io.StringIO()
    phone.savefig(out, format="svg")
    assert plots.shown_text_px(out.getvalue(), plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX
    assert phone.get_figwidth() <= plots.PHONE_WIDTH
    phone.canvas.draw()
    assert phone.get_tightbbox(phone.canvas.get_renderer()).width <= plots.PHONE_WIDTH


def same_lines(page_ax: plt.Axes, phone_ax: plt.Axes) -> None:
    """The two axes draw the same lines, point for point."""
    page_lines, phone_lines = page_ax.get_lines(), phone_ax.get_lines()
    assert len(page_lines) == len(phone_lines) > 0
    for a, b in zip(page_lines, phone_lines):
        assert np.array_equal(np.asarray(a.get_xydata(), float), np.asarray(b.get_xydata(), float), equal_nan=True)


def key_under(fig: plt.Figure) -> bool:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return all(legend.get_window_extent(renderer).y1 <= min(ax.get_window_extent(renderer).y0 for ax in fig.axes)
               for legend in fig.legends)


@pytest.mark.parametrize("name", ["normalised", "growth", "turning_days", "peak_map"])
def test_the_single_panel_figures_have_a_legible_phone_rendering_of_the_same_data(curves, name):
    if name == "normalised":
        draw_it = lambda **width: draw.normalised(curves.curves, curves.peaks, **width)  # noqa: E731
    elif name == "growth":
        trailing = turning.growth(curves).trailing
        draw_it = lambda **width: draw.growth(trailing, **width)  # noqa: E731
    elif name == "turning_days":
        points = turning.change_points(curves)
        draw_it = lambda **width: draw.turning_days(points, **width)  # noqa: E731
    else:
        draw_it = lambda **width: draw.peak_map(curves.divisions, **width)  # noqa: E731
    page, plotted = draw_it()
    phone, phone_plotted = draw_it(width=plots.PHONE_WIDTH)
    legible_on_a_phone(phone)
    assert phone_plotted.equals(plotted)
    assert overlaps(phone) == []
    if name == "peak_map":  # the same classes and labels, the legend under the map
        page_legend, phone_legend = page.axes[0].get_legend(), phone.axes[0].get_legend()
        # (the same entries; legend_in_rows orders them for its number of columns)
        assert sorted(t.get_text() for t in phone_legend.get_texts()) == sorted(t.get_text() for t in page_legend.get_texts())
        for a, b in zip(page.axes[0].collections, phone.axes[0].collections, strict=True):  # the divisions' colours
            assert np.array_equal(a.get_facecolor(), b.get_facecolor())
        phone.canvas.draw()
        renderer = phone.canvas.get_renderer()
        map_box = phone.axes[0].get_window_extent(renderer)
        assert phone_legend.get_window_extent(renderer).y1 <= map_box.y0 + 1
        # Every division named in place or numbered and named in the key, none of them twice.
        texts = [t.get_text() for t in phone.axes[0].texts]
        assert all(sum(text == n or text.endswith(n) for text in texts) >= 1 for n in curves.divisions["name_en"])
    else:
        same_lines(page.axes[0], phone.axes[0])
        assert key_under(phone)


def test_the_did_and_event_study_stack_their_panels_on_a_phone():
    dates = pd.date_range("2020-01-23", "2020-02-25")
    means = pd.concat([pd.DataFrame({"treated": treated, "date": dates,
                                     "recovered": np.linspace(0, top, len(dates)),
                                     "recovered_per_100": np.linspace(-2, top / 4, len(dates))})
                       for treated, top in [(1, 66), (0, 12)]])
    studies = _event_studies()
    page_did, plotted = draw.did_recoveries(means, pd.Timestamp("2020-02-13"))
    phone_did, phone_plotted = draw.did_recoveries(means, pd.Timestamp("2020-02-13"), width=plots.PHONE_WIDTH)
    assert phone_plotted.equals(plotted)
    page_es, phone_es = draw.event_study(studies, CLAIMED), draw.event_study(studies, CLAIMED, width=plots.PHONE_WIDTH)
    for page, phone in [(page_did, phone_did), (page_es, phone_es)]:
        legible_on_a_phone(phone)
        assert overlaps(phone) == []
        first, second = phone.axes
        # one above the other, the same panels in the same order, named as on the page
        assert first.get_position().x0 == second.get_position().x0 and first.get_position().y0 > second.get_position().y1
        assert [ax.get_ylabel().replace("\n", " ") for ax in phone.axes] == \
               [ax.get_ylabel().replace("\n", " ") for ax in page.axes]
        for page_ax, phone_ax in zip(page.axes, phone.axes):
            same_lines(page_ax, phone_ax)
        # the shared days or dates are named once, under the lower panel
        assert first.get_xlabel() == "" and second.get_xlabel() == page.axes[1].get_xlabel()


def test_the_trend_test_figure_shows_each_departure_against_zero_and_the_claimed_change():
    from pairing.analysis.claims import Effect

    effects = {"linear": Effect(0.115, 0.077, 0.151, claimed=-0.063),
               "floor": Effect(0.024, -0.019, 0.101, claimed=-0.063)}
    page, plotted = draw.trend_departures(effects)
    phone, phone_plotted = draw.trend_departures(effects, width=plots.PHONE_WIDTH)
    assert phone_plotted.equals(plotted)
    assert plotted["trend"].tolist() == ["a straight line", "a decay toward a floor"]
    assert plotted[["departure", "low", "high"]].round(1).values.tolist() == [[11.5, 7.7, 15.1], [2.4, -1.9, 10.1]]
    assert shown_px(page) >= 11 and overlaps(page) == []
    legible_on_a_phone(phone)
    for fig in (page, phone):
        ax = fig.axes[0]
        assert [line.get_xdata()[0] for line in ax.get_lines() if line.get_label() == "the change the claim implies"] \
            == [-6.3]
        assert [text.get_text() for text in fig.legends[0].get_texts()][0] == "departure from the trend (95% interval)"


def test_the_trend_test_wraps_a_row_s_name_on_a_phone_by_its_width_and_only_there():
    from pairing.analysis.claims import Effect

    effects = {"linear": Effect(0.115, 0.077, 0.151, claimed=-0.063),
               "floor": Effect(0.024, -0.019, 0.101, claimed=-0.063)}
    page, plotted = draw.trend_departures(effects)
    phone, _ = draw.trend_departures(effects, width=plots.PHONE_WIDTH)
    names = plotted["trend"].tolist()
    page_names = [label.get_text() for label in page.axes[0].get_yticklabels()]
    phone_names = [label.get_text() for label in phone.axes[0].get_yticklabels()]
    assert page_names == names  # one line each on the page
    assert [" ".join(name.split("\n")) for name in phone_names] == names  # the same words on a phone
    assert all(len(line) <= draw.PHONE_NAME_CHARS for name in phone_names for line in name.split("\n"))
    assert [name.count("\n") for name in phone_names] == [0, 1]  # only the long name is wrapped
    # The wrapped names stay inside the figure, clear of the plot.
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    plot = phone.axes[0].get_window_extent(renderer)
    for label in phone.axes[0].get_yticklabels():
        box = label.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= plot.x0
    plt.close(page)
    plt.close(phone)


@pytest.mark.parametrize("width", [draw.PAGE_WIDTH, plots.PHONE_WIDTH], ids=["page", "phone"])
def test_the_did_figure_keys_its_dashed_line_on_the_page_and_on_a_phone(width):
    """A fresh reader found the policy start's dashed line unnamed on a phone (issue 27): every line of
    the figure, dashed ones included, is named in its key."""
    dates = pd.date_range("2020-01-23", "2020-02-25")
    means = pd.concat([pd.DataFrame({"treated": treated, "date": dates, "recovered": np.linspace(0, top, len(dates)),
                                     "recovered_per_100": np.linspace(0, top / 4, len(dates))})
                       for treated, top in [(1, 66), (0, 12)]])
    fig, _ = draw.did_recoveries(means, pd.Timestamp("2020-02-13"), width=width)
    keyed = {text.get_text() for legend in fig.legends for text in legend.get_texts()}
    dashed = [line for ax in fig.axes for line in ax.get_lines() if line.get_linestyle() not in ("-", "None")]
    assert dashed, "the figure draws no dashed line"
    for line in dashed:
        assert line.get_label() in keyed, f"dashed line {line.get_label()!r} is not in the key {sorted(keyed)}"
    assert "13 February: the policy start" in keyed
    plt.close(fig)
