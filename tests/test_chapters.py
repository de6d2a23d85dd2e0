"""The chapters read like papers: narrative and short calls into the package, one preamble, one
policy for showing code; each opens with its answer and its lead figure, and each caption is a
headline that states the figure's finding, then what to notice and where the data come from."""

from __future__ import annotations

import ast
import re

import jupytext
import pytest

from pairing import data
from pairing.paths import ROOT
from pairing.report import catalogue, divisions

#: The most code lines all chapters may hold together (non-blank, non-comment lines of code cells).
CODE_BUDGET = 800


def code_cells(docname: str) -> list:
    return [cell for cell in jupytext.read(ROOT / f"{docname}.md").cells if cell.cell_type == "code"]


def code_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("docname", catalogue.chapters())
def test_a_chapter_opens_with_the_one_preamble_and_defines_nothing(docname):
    cells = code_cells(docname)
    assert f'prose = chapter.start("{docname}.md")' in cells[0].source, "the first cell calls the preamble"
    assert all("chapter.start(" not in cell.source for cell in cells[1:])
    for cell in cells:
        definitions = [node for node in ast.walk(ast.parse(cell.source))
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not definitions, f"{docname}: a function or class belongs in the package, not a chapter cell"


@pytest.mark.parametrize("docname", catalogue.notebooks())  # every page with code, the reproducibility page too
def test_every_code_cell_shows_its_output_and_keeps_its_code_behind_the_toggle(docname):
    for cell in code_cells(docname):
        tags = cell.metadata.get("tags", [])
        assert "hide-input" in tags and not {"remove-cell", "remove-input", "hide-cell", "hide-output"} & set(tags), (
            docname, cell.source[:60])


def test_the_chapters_hold_little_code():
    lines = {docname: sum(len(code_lines(cell.source)) for cell in code_cells(docname)) for docname in catalogue.chapters()}
    assert sum(lines.values()) < CODE_BUDGET, lines


# -- openings and captions ----------------------------------------------------------------------

#: A caption's budget: a headline, then what to notice and where the data come from. The files and
#: the citation of every figure are on the figures page, so a caption names no build detail.
HEADLINE_WORDS, CAPTION_WORDS = 25, 75
BUILD_DETAILS = re.compile(r"exported as|figures/", re.I)


def cells(docname: str) -> list:
    return jupytext.read(ROOT / f"{docname}.md").cells


def is_figure(cell) -> bool:
    return cell.cell_type == "code" and "figure" in cell.metadata.get("mystnb", {})


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, split as the figures page splits a caption into its title and the rest."""
    return catalogue.SENTENCE_END.split(" ".join(text.split()))


@pytest.mark.parametrize("docname", catalogue.chapters())
def test_a_chapter_opens_with_its_answer_in_one_sentence_then_its_lead_figure(docname):
    chapter = cells(docname)
    lead = next(i for i, cell in enumerate(chapter) if is_figure(cell))
    before = "\n\n".join(cell.source for cell in chapter[:lead] if cell.cell_type == "markdown")
    # The title, then the answer: the only paragraph above the lead figure, labels and headings aside.
    blocks = [block.strip() for block in re.split(r"\n\s*\n", before) if block.strip()]
    paragraphs = [block for block in blocks if not all(line.startswith(("(", "#")) for line in block.splitlines())]
    assert blocks[0].splitlines()[-1].startswith("# ") and paragraphs == blocks[1:2], (
        f"{docname}: the answer stands right under the title, and nothing else before the lead figure")
    answer = paragraphs[0]
    assert len(sentences(answer)) == 1 and answer.endswith("."), f"{docname}: the answer is one sentence"
    # Between the answer and the lead figure: the code that makes it, and at most one section heading.
    assert sum(block.startswith("## ") for block in blocks[2:]) <= 1


def _captions():
    for docname in catalogue.chapters():
        for cell in cells(docname):
            if is_figure(cell):
                figure = cell.metadata["mystnb"]["figure"]
                yield pytest.param(docname, figure["name"], figure["caption"], id=figure["name"])


def assert_caption_rule(name: str, caption: str) -> None:
    plain = catalogue.Export(name, "figure", "", "", f"fig-{name}", " ".join(caption.split())).plain_caption
    headline, *rest = sentences(plain)
    assert not BUILD_DETAILS.search(caption), f"{name}: the figures page lists the files, not the caption"
    assert len(headline.split()) <= HEADLINE_WORDS, f"{name}: the headline is a sentence a reader takes in at a glance"
    assert rest, f"{name}: after the headline, what is drawn and where the data come from"
    assert len(plain.split()) <= CAPTION_WORDS, f"{name}: {len(plain.split())} words"
    assert re.search(r"\bData\b", plain), f"{name}: the caption says where the data come from"


@pytest.mark.parametrize("docname, name, caption", _captions())
def test_a_caption_is_a_headline_then_what_to_notice_and_the_sources(docname, name, caption):
    assert_caption_rule(name, caption)


def test_each_division_s_caption_follows_the_same_rule_its_headline_worded_from_the_data():
    for code, name in zip(data.load_cities()["adcode"], data.load_cities()["name_en"]):
        caption, _ = divisions.figure_text(code)
        assert_caption_rule(divisions.figure_name(name), caption)
