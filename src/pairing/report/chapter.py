"""The one preamble of every executable page of the book.

A chapter's first cell is::

    from pairing.report import chapter
    prose = chapter.start("notebooks/04_turning_point.md")

which notes what the chapter reads from then on (so a build reruns it exactly when one of its
inputs changes, :mod:`pairing.data.usage`) and which of its code cells writes each figure and table,
sets the book's figure style, and returns the chapter's
:class:`~pairing.report.prose.Prose`, the keeper of its guarded sentences.
"""

from __future__ import annotations

from collections.abc import Mapping

from IPython import get_ipython
from myst_nb import glue as glue_one

from pairing.data import usage
from pairing.figures import plots
from pairing.report.prose import Prose


def start(page: str) -> Prose:
    """Begin the executable page ``page`` (its path from the project's root), in its first code cell."""
    usage.track(page)
    shell = get_ipython()
    if shell is not None:  # count the code cells as they run: a table is placed under its cell's section
        usage.cell = 1
        if usage.next_cell not in shell.events.callbacks["pre_run_cell"]:
            shell.events.register("pre_run_cell", usage.next_cell)
    plots.set_style()
    return Prose(page)


def glue(values: Mapping[str, object]) -> None:
    """Glue each of ``values`` under its name, for the chapter's text (``{glue:text}`name```), not
    shown where the cell is. The package's wording functions return such mappings, so that a chapter
    states in one line which of its numbers and phrases a passage uses."""
    for name, value in values.items():
        glue_one(name, value, display=False)
