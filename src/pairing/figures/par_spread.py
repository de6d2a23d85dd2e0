"""The coordination chapter's figure of the spread: new confirmed cases a day in Wuhan and in
Hubei's 16 other divisions, on a log scale, against the article's "by late February"."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from pairing.figures import plots

#: The colour of each area's curve.
AREA_COLORS = {"Wuhan": "black", "16 other divisions": plots.GROUP_COLORS["assisted"]}


#: Below this width, in inches, the figure is laid out for a phone (:data:`pairing.figures.plots.PHONE_WIDTH`).
PAGE_WIDTH = 7.0
#: The phone's font sizes, in points: at the phone's width, 8 points show 11.5 pixels or more.
PHONE_FONT = {"label": 8.5, "tick": 8, "legend": 8}


def new_cases_figure(new_cases: pd.DataFrame, marked: pd.Timestamp, last: str = "2020-03-31",
                     width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """New cases a day by area (:func:`pairing.analysis.surge.new_cases_by_area`) to ``last``, log
    scale, with a dotted line on ``marked``. A log scale has no zero: days whose mean is zero are
    left out. Returns the figure and the plotted values, long (date, area, new_cases_7d).

    ``width`` (inches) below :data:`PAGE_WIDTH` lays it out for a phone: :data:`PHONE_FONT`, the
    key in one row under the plot."""
    plotted = new_cases.loc[:last].reset_index().melt(id_vars="date", var_name="area", value_name="new_cases_7d")
    phone = width is not None and width < PAGE_WIDTH
    fig, ax = plt.subplots(figsize=(width, 3.0) if phone else (8, 4.2), **({"layout": "constrained"} if phone else {}))
    for area, color in AREA_COLORS.items():
        part = plotted[plotted["area"] == area]
        ax.plot(part["date"], part["new_cases_7d"].where(part["new_cases_7d"] > 0), color=color, label=area)
    ax.axvline(marked, color="0.4", ls=":", lw=1)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
    ax.set_ylabel("new confirmed cases a day\n(seven-day mean)", **({"fontsize": PHONE_FONT["label"]} if phone else {}))
    ax.set_xlabel("date (2020)", **({"fontsize": PHONE_FONT["label"]} if phone else {}))
    plots.date_axis(ax)
    if phone:
        ax.tick_params(labelsize=PHONE_FONT["tick"])
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=PHONE_FONT["legend"])
    else:
        ax.legend(frameon=False)
    return fig, plotted
