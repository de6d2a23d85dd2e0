"""What the pages that gather the chapters' results show, made from what the chapters published.

The introduction's box, the findings chapter, the claims ledger and the figures page run no code of
their own. The book machinery (:mod:`pairing.book.gather`) puts into each page the blocks named here
(``{gathered} key-findings``, :data:`BLOCKS`) and the values its sentences quote
(``{gathered}`n_claims```, :func:`values`). Everything is read from the tables the chapters published
(``figures/*-claims.csv``, ``figures/*-original.csv``) and the chapters' records of what they wrote, so
nothing on these pages is typed by hand; the sentences of those pages whose truth depends on the
tables are guarded here, and a build in which one stops holding fails, quoting it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from itertools import groupby

from pairing import data, paths
from pairing.analysis import claims as rule
from pairing.analysis import did, inference
from pairing.data import usage
from pairing.report import badges, catalogue, exhibits, ledger, tables
from pairing.report.prose import Prose

FINDINGS = "notebooks/06_findings.md"


@dataclass(frozen=True)
class Block:
    """A block of a gathering page: MyST to parse in place, or HTML to put in as it is."""

    text: str
    html: bool = False


def _counts_table() -> Block:
    """Claims by verdict, a row per verdict and a column per document: three columns, which a phone
    shows whole (a column per verdict was cut after the third)."""
    counts = ledger.verdict_counts(ledger.read()).T.rename_axis("verdict")
    # In a box of its own that scrolls if it must, as the theme does for the tables it writes.
    return Block('<div class="pst-scrollable-table-container">'
                 + tables.show(counts, index=True).to_html() + "</div>", html=True)


def _verdict_chart() -> Block:
    """Claims by verdict, one bar per document, each verdict a segment as wide as its share, in its
    badge's colour and labelled with its count, the badges as its key. Each segment also says its
    verdict in visually hidden words, so that a screen reader (or a copy of the text) reads the bar as
    "3 supported, 6 partly, …", not as its counts run together."""
    counts = ledger.verdict_counts(ledger.read())
    rows = []
    for document, row in counts.iterrows():
        total = int(row.sum())
        shown = [(verdict, int(n)) for verdict, n in row.items() if n]
        segments = "".join(
            f'<span class="sd-badge sd-bg-{badges.COLOURS[verdict]} sd-bg-text-{badges.COLOURS[verdict]}" '
            f'style="flex: {n} 1 0" title="{escape(verdict)}: {n}">{n}'
            f'<span class="visually-hidden"> {escape(verdict)}{", " if i < len(shown) - 1 else "."}</span></span>'
            for i, (verdict, n) in enumerate(shown))
        rows.append(f'<div class="verdict-bar"><p>The {escape(document)}, {total} claims</p>'
                    f'<div class="verdict-segments">{segments}</div></div>')
    legend = " ".join(badges.html(verdict) for verdict in counts.columns if counts[verdict].sum())
    return Block(f'<figure class="verdict-chart">{"".join(rows)}<figcaption>{legend}</figcaption></figure>', html=True)


def _published_columns(name: str) -> list[str]:
    """The columns of ``figures/<name>.csv`` as this build (outside a build, the last good one)
    published it, as :func:`pairing.report.catalogue.published_tables` reads them."""
    folder = paths.FIGURES if usage.folder() else paths.SITE / "figures"
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as file:
        return next(csv.reader(file), [])


def _gallery_entry(export: catalogue.Export) -> str:
    """One figure or table of the figures page: its number over its headline (the caption's first
    sentence; for a table, its section), its files, and behind one click the chapter's caption, what
    the files hold (the build details a caption leaves out) and a citation. A figure shows its thumbnail,
    a link to its full-size PNG; a figure drawn in its page (the day map) has no image to show, and its
    card, of the same size, says so and opens it in its chapter. The number, headline, caption and
    citation are slots the build fills once Sphinx has numbered the book (:mod:`pairing.book.sphinx_ext`)."""
    name, figure = export.name, export.kind == "figure"
    page = f"../{export.docname}.html" + (f"#{export.label}" if export.label else "")
    files = " · ".join(f'<a href="../figures/{name}.{ext}">{ext.upper()}</a>' for ext in export.files)
    held = {"svg": "(vector)", "png": "(300 dpi)", "csv": "(the plotted values)" if figure else "(the table)"}
    published = ", ".join(f"<code>figures/{name}.{ext}</code> {held[ext]}" for ext in export.files)
    columns = ", ".join(f"<code>{escape(column)}</code>" for column in _published_columns(name))
    if figure and export.html:
        thumbnail = (f'<a class="gallery-thumb in-page" href="{page}"><span>An interactive figure: it runs in '
                     f'its chapter’s page. Open it there</span></a>\n')
    elif figure:
        thumbnail = (f'<a class="gallery-thumb" href="../figures/{name}.png" title="open the figure full size">'
                     f'<img src="../figures/thumbs/{name}.png" alt="{escape(export.alt)}"></a>\n')
    else:
        thumbnail = ""
    caption = f'<p><span data-pairing-caption="{name}"></span></p>\n' if export.caption else ""  # a table has its title
    tag = "figure" if figure else "section"
    return f"""<{tag} class="gallery-entry" id="export-{name}">
{thumbnail}<h4><span data-pairing-number="{name}"></span> <span data-pairing-title="{name}"></span></h4>
<p>{files} · <a href="{page}">in its chapter</a></p>
<details><summary>{"Caption, files" if caption else "Files"} and citation</summary>
{caption}<p>Published as {published}; the CSV's columns: {columns}.</p>
<div data-pairing-citation="{name}"></div>
</details>
</{tag}>"""


def _figure_list() -> Block:
    """Every published figure and table, chapter by chapter in book order: the chapter's figures as a
    gallery, then its tables."""
    parts = []
    for docname, entries in groupby(catalogue.exports(), key=lambda export: export.docname):
        entries = list(entries)
        parts.append(f'<h3><span data-pairing-chapter="{docname}"></span>: '
                     f'<a href="../{docname}.html">{escape(entries[0].chapter)}</a></h3>')
        for kind, box in (("figure", "figure-gallery"), ("table", "gallery-tables")):
            if shown := [export for export in entries if export.kind == kind]:
                parts.append(f'<div class="{box}">\n' + "\n".join(map(_gallery_entry, shown)) + "\n</div>")
    return Block("\n".join(parts), html=True)


BOOK_CITATION = """<div data-pairing-citation="book"></div>
<p>The same in machine-readable form: <a href="../CITATION.cff">CITATION.cff</a>, with the commit this
site was built from (its date is the version's release; the day of the build is in build.json). Please cite the two documents the book reproduces and the data sources as well
(see the References page).</p>"""

def sources_step(repository: str) -> str:
    """The Rerun page's first step, "Get the sources of this edition": the site's own ``source.zip``
    (:mod:`pairing.book.source`), and the repository to clone when ``_config.yml`` names one (the
    condition the header's repository button follows: ``repository.url``, :func:`pairing.paths.addresses`)."""
    clone = (f" Or clone the project's repository, <{repository}> (the header links it too), and check out that "
             "commit: `git checkout <commit>`." if repository else "")
    return ("1. **Get the sources of this edition.** Every page's footer names the version and the commit it was "
            "built from. <a href=\"../source.zip\" download>source.zip</a> holds the files this site was built "
            "from: the `pairing` package, the chapters, the curated tables, the tests, the `Makefile` and "
            "`requirements.txt`, listed in its `SOURCE_FILES`; not the raw data, which the build fetches from "
            "their pinned addresses and checks. Unzip it: its folder `pairing-book/` is the project's top folder, "
            "from which the steps below run." + clone)


#: The blocks a page can ask for, by name.
BLOCKS: dict[str, Callable[[], Block]] = {
    "key-findings": lambda: Block(exhibits.key_findings(exhibits.status_table(exhibits.read()), ledger.read())),
    "verdict-counts": _counts_table,
    "verdict-chart": _verdict_chart,
    "exhibit-statuses": lambda: Block(exhibits.markdown(exhibits.status_table(exhibits.read()))),
    "verdict-definitions": lambda: Block(ledger.definitions()),
    "ledger-letter": lambda: Block(ledger.markdown(ledger.read(), "letter")),
    "ledger-article": lambda: Block(ledger.markdown(ledger.read(), "article")),
    "figure-list": _figure_list,
    "book-citation": lambda: Block(BOOK_CITATION, html=True),
    "sources-step": lambda: Block(sources_step(paths.addresses()[1])),
}


def block(name: str) -> Block:
    """The block ``name`` of :data:`BLOCKS`; a ``KeyError`` naming the known ones otherwise."""
    if name not in BLOCKS:
        raise KeyError(f"no block {name!r}; the blocks are " + ", ".join(BLOCKS))
    return BLOCKS[name]()


def _exhibit(label: str) -> str:
    """``sec-letter-fig3-original`` -> ``letter_fig3``: an exhibit's name in a value's key."""
    return label.removeprefix("sec-").removesuffix(exhibits.SUFFIX).replace("-", "_")


def values() -> dict[str, str]:
    """The values the gathering pages quote, by name, as they are printed; and the guards of the
    findings chapter's sentences that depend on them."""
    claims = ledger.read()
    counts = ledger.verdict_counts(claims)
    statuses = exhibits.status_table(exhibits.read())
    found = {"n_claims": str(len(claims))}
    for document, row in counts.iterrows():
        found[f"n_{document}"] = str(int(row.sum()))
        found[f"{document}_verdicts"] = ledger.verdict_sentence(row)
    by_exhibit = {_exhibit(row.label): row.status for row in statuses.itertuples()}
    found.update({f"status_{exhibit}": status for exhibit, status in by_exhibit.items()})
    found.update({
        "method_did_clusters": str(len(did.ASSISTED) + len(did.CONTROLS)),
        "method_did_controls": str(len(did.CONTROLS)),
        "method_es_clusters": str(data.load_pairings()["city_adcode"].nunique()),  # the paired divisions
        "method_draws": f"{inference.DRAWS:,}",
        "method_weights": {"webb": "Webb's six-point", "rademacher": "Rademacher"}[inference.WEIGHTS],
        "method_seed": str(inference.SEED),
        "method_level": f"{inference.LEVEL * 100:.0f}",
    })

    prose = Prose(FINDINGS)
    prose.guard(by_exhibit["letter_fig2"] == "reproduced as far as its words tell"
                and by_exhibit["letter_fig1"] == "partly reproduced" and by_exhibit["letter_fig3"] != "partly reproduced",
                "The curves … come back (…); the pairing map comes back as far as the letter's words describe it (…); "
                "the personnel figure comes back with … of its cities missing (…)", str(by_exhibit))
    # The event study is the one design that compares divisions by the timing of their own teams; "no design …
    # separates the teams' effect" holds only if it found no effect. What its intervals hold, the chapter words.
    timing = claims[claims["quote"].str.startswith("implementing “pairing assistance” is a turning point")
                    & claims["statement"].str.startswith("The paired teams turned each city's epidemic")]
    prose.guard(len(timing) == 1 and timing["verdict"].iloc[0] in rule.NOT_FOUND,
                "no design in this book separates the teams' effect from the course the epidemic was already on [the "
                "event study's verdict is one that finds no effect]", f"verdicts {list(timing['verdict'])}")
    return found
