"""The project's copies of theme templates (``_templates/``) differ from the pinned theme's own
only as their comments say: a new pin of the theme that changes a copied template fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme

from pairing.paths import ROOT

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"


def code_lines(path: Path) -> list[str]:
    """A template's lines without comments (Jinja and HTML), blank lines or indentation."""
    text = re.sub(r"\{#.*?#\}|<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_macros_drop_only_the_icon_script():
    theirs = [line for line in code_lines(THEME / "static" / "webpack-macros.html") if "fontawesome.js" not in line]
    assert code_lines(ROOT / "_templates" / "static" / "webpack-macros.html") == theirs


def test_the_search_button_drops_only_its_aria_label():
    theirs = [line.replace(" aria-label=\"{{ _('Search') }}\"", "")
              for line in code_lines(THEME / "components" / "search-button-field.html")]
    ours = code_lines(ROOT / "_templates" / "search-button-field.html")
    assert ours == theirs and "aria-label" not in " ".join(ours)
