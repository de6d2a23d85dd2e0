"""The book's published figures and tables, as the chapters wrote them, and how to cite them.

What there is comes from the chapters' records of what they published (each call of
:func:`pairing.figures.plots.save_figure` or ``save_table`` notes it, :mod:`pairing.data.usage`); a
figure's caption and alt text are the chapter's own, from the metadata of its cell, so the
"Figures" page never repeats them by hand.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pairing import paths
from pairing.data import usage
from pairing.errors import DataError
from pairing.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
ROLE = re.compile(r"\{\w+\}`([^`<]*?)(?:\s*<[^`>]*>)?`")  # {ref}`sec-x`, {ref}`text <sec-x>`: keep its text
# A reference to a figure reads as the figure's published name, never its label: {numref}`fig-x` -> figure x.
FIGURE_REF = re.compile(r"\{numref\}`(?:[^`<]*<)?fig-([^`>]+)>?`")
CITE = re.compile(r"\{cite(?::(?P<kind>\w+))?\}`(?P<keys>[^`]*)`")  # {cite:p}`key1,key2`
SENTENCE_END = re.compile(r"(?<!Fig)(?<!al)\.\s+(?=[A-Z])")


def author_label(entry) -> str:
    """"Chen et al.", "Yang and Shi", "Xinhua": a reference's authors as an author-year citation names
    them (the bibliography's labels and the figures' plain captions alike)."""
    names = [" ".join(person.last_names).replace("{", "").replace("}", "") for person in entry.persons["author"]]
    return names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."


def cite_text(keys: str, parenthetical: bool = True) -> str:
    """``{cite:p}`keys``` (or ``{cite:t}``) as plain text, from ``references.bib``:
    "(Chen et al. 2020; Xinhua 2020)" or "Chen et al. (2020)"."""
    from pybtex.database import parse_file

    entries = parse_file(ROOT / "references.bib").entries
    found = [entries[key.strip()] for key in keys.split(",")]
    if parenthetical:
        return "(" + "; ".join(f"{author_label(e)} {e.fields.get('year', 'n.d.')}" for e in found) + ")"
    return "; ".join(f"{author_label(e)} ({e.fields.get('year', 'n.d.')})" for e in found)


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
    html: bool = False  # a figure drawn in the page (the day map): its published file is its data, the CSV

    @property
    def files(self) -> tuple[str, ...]:
        """The extensions of its published files, ``figures/<name>.<ext>``, the one to cite first: a
        drawn figure's SVG, PNG and CSV; a table's, or an HTML figure's, CSV."""
        return ("svg", "png", "csv") if self.kind == "figure" and not self.html else ("csv",)

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


def notebooks() -> list[str]:
    """The pages with code, in book order: each runs in a kernel (its execution cached between
    builds) and is offered for download as a notebook. The pages that only gather what these
    publish have no code (:mod:`pairing.book.gather`)."""
    return [docname for docname in pages() if "```{code-cell}" in (ROOT / f"{docname}.md").read_text(encoding="utf-8")]


def chapters() -> list[str]:
    """The chapters a reader can run: the notebooks under ``notebooks/``, in book order."""
    return [docname for docname in notebooks() if docname.startswith("notebooks/")]


def _cells(docname: str) -> tuple[str, list[str], dict[str, dict], list[str]]:
    """A notebook's title; the heading each of its code cells sits under, in order; its figure
    cells' metadata by label; and the figure label of each code cell, in order ("" for none)."""
    return _cells_of(ROOT / f"{docname}.md", (ROOT / f"{docname}.md").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=32)
def _cells_of(path: Path, text: str) -> tuple[str, list[str], dict[str, dict], list[str]]:
    """:func:`_cells` of a notebook's ``text``, kept: a build lists the exports a dozen times (each
    gathering page, each page written), and parsing a chapter costs a tenth of a second."""
    import jupytext  # three seconds to import: paid by the book's machinery, not by every chapter that imports the ledger

    notebook = jupytext.reads(text, fmt=path.suffix)  # as jupytext.read(path) reads it
    title, section, sections, figures, labels = "", "", [], {}, []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# ") and not title:
                    title = line[2:].strip()
                elif line.startswith("##"):
                    section = line.lstrip("#").strip()
        elif cell.cell_type == "code":
            sections.append(section)
            meta = cell.metadata.get("mystnb", {})
            labels.append(meta.get("figure", {}).get("name", ""))
            if labels[-1]:
                figures[labels[-1]] = meta
    return title, sections, figures, labels


def exports(records: Path | None = None) -> list[Export]:
    """Every figure and table the chapters published, in the order of the book: what each chapter
    noted as it wrote them (:func:`pairing.data.usage.outputs`), read from ``records``, the build's
    records by default. Each figure's caption and alt text are those of the chapter's cell labelled
    ``fig-<name>`` (or those the chapter gave with the figure); each table is placed under the
    section of the cell that wrote it. A table written by a figure's cell that saved no figure of
    that label is the data of a figure the cell draws in HTML (the day map): it is listed as that
    figure, under its label, caption and alt text, with the table's name (its CSV is its file)."""
    records = records or usage.published()
    if records is None:
        raise DataError("the chapters' records", "the book's figures and tables are listed from a build's records",
                        detail="build the book first (make book)")
    found = []
    for docname in notebooks():
        written = usage.outputs(records, f"{docname}.md")
        if written is None:
            raise DataError(Path(records) / f"{Path(docname).name}.json",
                            "every chapter has run before its figures and tables are listed", detail=f"run {docname}")
        if not written:
            continue
        chapter, sections, figures, labels = _cells(docname)
        drawn = {f"fig-{entry['name']}" for entry in written if entry["kind"] == "figure"}
        for entry in written:
            name, cell = entry["name"], entry.get("cell")
            known = bool(cell and cell <= len(sections))
            section = sections[cell - 1] if known else ""
            in_html = labels[cell - 1] if known and labels[cell - 1] not in drawn else ""
            if entry["kind"] == "table" and in_html:
                meta = figures[in_html]
                found.append(Export(name, "figure", docname, chapter, in_html,
                                    " ".join(meta["figure"].get("caption", "").split()),
                                    " ".join(meta.get("image", {}).get("alt", "").split()), section, html=True))
                continue
            if entry["kind"] == "table":
                found.append(Export(name, "table", docname, chapter, section=section))
                continue
            label, meta = f"fig-{name}", figures.get(f"fig-{name}", {})
            caption = entry.get("caption") or meta.get("figure", {}).get("caption", "")
            if not caption:
                raise DataError(ROOT / f"{docname}.md", "a published figure has a caption: the mystnb figure metadata "
                                "of the cell that saves it, named fig-<its name>", detail=f"none for {label}")
            alt = entry.get("alt") or meta.get("image", {}).get("alt", "")
            found.append(Export(name, "figure", docname, chapter, label, " ".join(caption.split()),
                                " ".join(alt.split()), section))
    return found


def published_tables(suffix: str, folder: Path | None = None) -> list[tuple[Export, pd.DataFrame]]:
    """Each chapter's table whose name ends in ``suffix``, read back as text, in book order, from
    ``folder``: by default this build's figures, or outside a build the last good build's. Pages
    that gather what the chapters publish (the ledger, the findings) read them this way, so nothing
    is typed twice. Stops with a :class:`DataError` naming the chapter to run when a table has not
    been written."""
    folder = Path(folder or (paths.FIGURES if usage.folder() else paths.SITE / "figures"))
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
