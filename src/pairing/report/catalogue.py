"""The book's published figures and tables, read from the chapters themselves, and how to cite them.

A figure is a code cell whose ``mystnb.figure`` metadata names it and whose code calls
:func:`pairing.figures.plots.save_figure`; its caption and alt text are the chapter's own, so the
"Figures" page never repeats them by hand.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import jupytext
import yaml

from pairing.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
FIGURE_CALL = re.compile(r'save_figure\(\s*\w+,\s*"([^"]+)"')
TABLE_CALL = re.compile(r'save_table\(\s*\w+,\s*"([^"]+)"')
#: A section of the divisions chapter: its template saves and captions the division's figure itself.
DIVISION_CALL = re.compile(r'divisions\.profile\(\s*"(\d{6})"')
ROLE = re.compile(r"\{\w+\}`([^`<]*?)(?:\s*<[^`>]*>)?`")  # {ref}`sec-x`, {ref}`text <sec-x>`: keep its text
# A reference to a figure reads as the figure's published name, never its label: {numref}`fig-x` -> figure x.
FIGURE_REF = re.compile(r"\{numref\}`(?:[^`<]*<)?fig-([^`>]+)>?`")
CITE = re.compile(r"\{cite(?::(?P<kind>\w+))?\}`(?P<keys>[^`]*)`")  # {cite:p}`key1,key2`
SENTENCE_END = re.compile(r"(?<!Fig)(?<!al)\.\s+(?=[A-Z])")


def _author(entry) -> str:
    """"Chen et al.", "Yang and Shi", "Xinhua": the authors as an author-year citation names them."""
    names = [" ".join(person.last_names).replace("{", "").replace("}", "")
             for person in entry.persons.get("author", [])]
    if not names:
        return entry.fields.get("title", "").replace("{", "").replace("}", "")
    return names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."


def cite_text(keys: str, parenthetical: bool = True) -> str:
    """``{cite:p}`keys``` (or ``{cite:t}``) as plain text, from ``references.bib``:
    "(Chen et al. 2020; Xinhua 2020)" or "Chen et al. (2020)"."""
    from pybtex.database import parse_file

    entries = parse_file(ROOT / "references.bib").entries
    found = [entries[key.strip()] for key in keys.split(",")]
    if parenthetical:
        return "(" + "; ".join(f"{_author(e)} {e.fields.get('year', 'n.d.')}" for e in found) + ")"
    return "; ".join(f"{_author(e)} ({e.fields.get('year', 'n.d.')})" for e in found)


@dataclass(frozen=True)
class Export:
    """One published figure or table: ``figures/<name>.*``, made in chapter ``docname``."""

    name: str
    kind: str  # "figure" or "table"
    docname: str
    chapter: str
    label: str | None = None
    caption: str = ""
    alt: str = ""
    section: str = ""  # the heading of the section the figure or table is made in

    @property
    def plain_caption(self) -> str:
        """The caption with MyST roles reduced to their text, citations to author and year."""
        cited = CITE.sub(lambda m: cite_text(m["keys"], m["kind"] != "t"), self.caption)
        return ROLE.sub(r"\1", FIGURE_REF.sub(r"figure \1", cited))

    def numbered(self, numbers: dict[str, str]) -> "Export":
        """This export with its caption's references to figures as their numbers in the book
        (``numbers``: published name -> "Figure 4.1"), once Sphinx has numbered them."""
        caption = FIGURE_REF.sub(lambda m: numbers.get(m[1], m[0]), self.caption)
        return dataclasses.replace(self, caption=caption)

    @property
    def title(self) -> str:
        """The caption's first sentence; for a table, its section and chapter."""
        if not self.caption:
            return f"{self.section} (table from “{self.chapter}”)" if self.section else f"Table from “{self.chapter}”"
        return SENTENCE_END.split(self.plain_caption)[0].rstrip(".")


def pages() -> list[str]:
    """The docnames of every page, in the order of the book's table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]


def chapters() -> list[str]:
    """The docnames of the notebooks, in the order of the book's table of contents."""
    return [f for f in pages() if f.startswith("notebooks/")]


def cached_notebooks() -> list[str]:
    """The pages with code whose executions are cached: all but those executed on every read
    (``execution_mode: force``, the pages that gather what the chapters publish)."""
    found = []
    for docname in pages():
        text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
        if "```{code-cell}" in text and "execution_mode: force" not in text:
            found.append(docname)
    return found


def exports() -> list[Export]:
    """Every figure and table the chapters publish, in the order of the book."""
    found = []
    for docname in chapters():
        notebook = jupytext.read(ROOT / f"{docname}.md")
        chapter = next(line[2:].strip() for cell in notebook.cells if cell.cell_type == "markdown"
                       for line in cell.source.splitlines() if line.startswith("# "))
        section = ""
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                headings = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("##")]
                section = headings[-1] if headings else section
                continue
            meta = cell.metadata.get("mystnb", {})
            for name in FIGURE_CALL.findall(cell.source):
                found.append(Export(name, "figure", docname, chapter, meta.get("figure", {}).get("name"),
                                    " ".join(meta.get("figure", {}).get("caption", "").split()),
                                    " ".join(meta.get("image", {}).get("alt", "").split()), section))
            for name in TABLE_CALL.findall(cell.source):
                found.append(Export(name, "table", docname, chapter, section=section))
            for adcode in DIVISION_CALL.findall(cell.source):
                from pairing.report import divisions

                name, caption, alt = divisions.figure_export(adcode)
                found.append(Export(name, "figure", docname, chapter, f"fig-{name}", caption, alt, section))
    return found


def published_tables(suffix: str, folder) -> list[tuple[Export, "pd.DataFrame"]]:
    """Each chapter's table whose name ends in ``suffix``, read back from ``folder`` as text, in
    book order. Pages that gather what the chapters publish (the ledger, the findings) read them
    this way, so nothing is typed twice. Stops with a :class:`DataError` naming the chapter to run
    when a table has not been written."""
    import pandas as pd

    from pairing.errors import DataError

    tables = []
    for export in exports():
        if export.kind != "table" or not export.name.endswith(suffix):
            continue
        path = folder / f"{export.name}.csv"
        if not path.exists():
            raise DataError(path, "every chapter's table is written before the pages that gather them are read",
                            detail=f"run {export.docname} first")
        tables.append((export, pd.read_csv(path, dtype=str, keep_default_na=False)))
    return tables
