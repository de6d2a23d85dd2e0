"""The article's Table 1 and this book's reading of it (:func:`pairing.analysis.network.table1_reading`)
as numbered, captioned MyST tables."""

from __future__ import annotations

import re

import pandas as pd

from pairing.analysis.network import spaced
from pairing.data.schemas import PAR_TABLE1_ROWS


def _escaped(text: str) -> str:
    """Text safe in MyST: the characters that start markup are escaped."""
    return re.sub(r"([\\`*_\[\]{}<>|$#])", r"\\\1", spaced(text))


def _list_table(header: list[str], rows: list[list], caption: str, name: str, widths: list[int]) -> str:
    """A MyST ``list-table`` with a caption and a label (so Sphinx numbers it). A cell is text
    (MyST, already escaped), a list of texts (a bulleted list), or a (heading, list) pair."""
    lines = [f":::{{list-table}} {caption}", f":name: {name}", ":header-rows: 1",
             f":widths: {' '.join(map(str, widths))}", ""]
    for row in [header] + rows:
        for n, cell in enumerate(row):
            lead = "* - " if n == 0 else "  - "
            if isinstance(cell, str):
                lines.append(lead + cell)
                continue
            heading, items = cell if isinstance(cell, tuple) else (None, cell)
            if heading:
                lines += [lead + heading, ""]
                lines += [f"    - {item}" for item in items]
            else:
                lines.append(lead + "- " + items[0])
                lines += [f"    - {item}" for item in items[1:]]
    return "\n".join(lines + [":::"])


def table1_markdown(table1: pd.DataFrame, caption: str, name: str) -> str:
    """The article's Table 1 as printed, as a numbered MyST table: one row per interaction type,
    with its stage, the kind of interactions (in italics) above the items of actors, and the items
    of outputs and outcomes, each cell's items as a list."""
    rows = []
    for interaction_type, stage, interactions in PAR_TABLE1_ROWS:
        row = table1[table1["interaction_type"] == interaction_type].sort_values("position")
        items = {part: [_escaped(t) for t in row.loc[row["part"] == part, "text"]] for part in ("actors", "outputs")}
        rows.append([_escaped(interaction_type), _escaped(stage), (f"*{_escaped(interactions)}*", items["actors"]),
                     items["outputs"]])
    return _list_table(["Interaction type", "Stage", "Actors and their interactions", "Outputs and outcomes"],
                       rows, caption, name, [14, 12, 40, 34])


def reading_markdown(reading: pd.DataFrame, caption: str, name: str, own_words: str = "this book's words") -> str:
    """This book's reading of Table 1 (:func:`table1_reading`) as a numbered MyST table: one row
    per passage of the article (an item of Table 1 or a quotation from its text), with the type
    and who classed it, and the directed interactions read from it, each with its output; outputs
    that are not Table 1's are marked as ``own_words``."""
    printed = set(reading.loc[reading["classified by"] == "the article", "output or outcome"])
    rows = []
    for (words, where, kind, by), group in reading.groupby(
            ["the article's words", "where", "interaction type", "classified by"], sort=False):
        quoted = f"“{_escaped(words)}” ({_escaped(where)})"
        typed = _escaped(kind) + (" (classed by this book)" if by == "this book" else "")
        links = [f"{_escaped(f)} → {_escaped(t)}: {_escaped(o)}" + ("" if o in printed else f" ({own_words})")
                 for f, t, o in zip(group["from"], group["to"], group["output or outcome"])]
        rows.append([quoted, typed, links])
    return _list_table(["The article's words", "Type", "This book's reading: from → to, and output or outcome"],
                       rows, caption, name, [38, 17, 45])
