"""The one way a verdict or an exhibit's status is shown: a coloured badge, the same colour for the
same word wherever it appears (in MyST text and in the HTML of a table alike)."""

from __future__ import annotations

from html import escape

#: The colour of each word's badge (sphinx-design's colours; ``-line``: outlined): the verdicts of
#: :data:`pairing.analysis.claims.SCALE`, the statuses of :data:`pairing.report.exhibits.STATUSES`, then
#: the kinds of difference of :data:`pairing.report.exhibits.KINDS`, each in the colour of the status
#: it leaves an exhibit (a difference of content makes it partly reproduced; one the original's words
#: leave open, reproduced as far as they tell; one of form or an addition, reproduced).
COLOURS = {
    "supported": "success", "partly": "warning", "not shown": "info", "contradicted": "danger", "cannot tell": "dark",
    "reproduced": "success", "reproduced as far as its words tell": "success-line", "partly reproduced": "warning",
    "content": "warning", "unknown": "success-line", "form": "success", "addition": "success",
}


def myst(word: str) -> str:
    """The badge as MyST: ``{bdg-success}`supported```."""
    return f"{{bdg-{COLOURS[word]}}}`{word}`"


def html(word: str) -> str:
    """The badge as the HTML sphinx-design writes for :func:`myst`, for tables made as HTML."""
    colour, outlined = COLOURS[word].removesuffix("-line"), COLOURS[word].endswith("-line")
    classes = f"sd-outline-{colour} sd-text-{colour}" if outlined else f"sd-bg-{colour} sd-bg-text-{colour}"
    return f'<span class="sd-sphinx-override sd-badge {classes}">{escape(word)}</span>'
