"""The chapters read like papers: narrative and short calls into the package, one preamble, one
policy for showing code."""

from __future__ import annotations

import ast

import jupytext
import pytest

from pairing.paths import ROOT
from pairing.report import catalogue

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


@pytest.mark.parametrize("docname", catalogue.chapters())
def test_every_code_cell_shows_its_output_and_keeps_its_code_behind_the_toggle(docname):
    for cell in code_cells(docname):
        tags = cell.metadata.get("tags", [])
        assert "hide-input" in tags and not {"remove-cell", "remove-input", "hide-cell", "hide-output"} & set(tags), (
            docname, cell.source[:60])


def test_the_chapters_hold_little_code():
    lines = {docname: sum(len(code_lines(cell.source)) for cell in code_cells(docname)) for docname in catalogue.chapters()}
    assert sum(lines.values()) < CODE_BUDGET, lines
