"""How a reader cites the book and each of its figures and tables: plain text and BibTeX, with the
edition (:class:`pairing.book.identity.Identity`) and where the export sits in the built book."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pairing.book.identity import FIGURE_LICENCE, Identity
from pairing.report.catalogue import Export


@dataclass(frozen=True)
class Place:
    """Where an export sits in the built book, as Sphinx numbered it: "Figure 4.2" (or, for a table
    without a number of its own, "Table in section 4.3") in chapter "4"."""

    number: str
    chapter: str


def _bibtex_text(text: str) -> str:
    """Text that BibTeX reads as it is: no braces of its own, its special characters escaped."""
    return re.sub(r"([&%#$_])", r"\\\1", text.replace("{", "").replace("}", ""))


def _sentence(text: str) -> str:
    """``text`` opening a sentence; an address stays as it is."""
    return text if re.match(r"\w+://", text) else text[:1].upper() + text[1:]


def _bibtex(kind: str, key: str, fields: dict[str, str]) -> str:
    lines = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{lines}\n}}"


def citation(export: Export, place: Place, identity: Identity) -> tuple[str, str]:
    """A plain-text and a BibTeX citation of ``export``: its number and title, the chapter, the
    book's title and edition (:class:`pairing.book.identity.Identity`), where it is published (or "local
    build") and its licence."""
    file = f"figures/{export.name}.{export.files[0]}"  # an HTML figure's is its data, the CSV
    title = f"{place.number}: {export.title}"
    chapter = f"chapter {place.chapter}, “{export.chapter}”"
    plain = (f"{identity.authors} ({identity.year}). {title} [{export.kind} {export.name}]. In: {identity.title}, "
             f"{chapter}. {_sentence(identity.edition)}. {_sentence(identity.address(file))}. "
             f"Licence: {FIGURE_LICENCE}.")
    bibtex = _bibtex("misc", f"pairinghubei-{export.name}", {
        "author": "{" + _bibtex_text(identity.authors) + "}", "title": _bibtex_text(title),
        "howpublished": _bibtex_text(f"In: {identity.title}, {chapter}"), "year": identity.year,
        "version": _bibtex_text(identity.version),
        "note": _bibtex_text(f"Commit {identity.commit}, built {identity.built}; {export.kind} {export.name}, "
                             f"{identity.address(file)}; licence {FIGURE_LICENCE}"),
        "url": _bibtex_text(identity.url.rstrip("/") + "/" + file) if identity.url else ""})
    return plain, bibtex


def book_citation(identity: Identity) -> tuple[str, str]:
    """A plain-text and a BibTeX citation of the book itself."""
    plain = (f"{identity.authors} ({identity.year}). {identity.title}. {_sentence(identity.edition)}. "
             f"{_sentence(identity.address())}. Licence: {identity.licence}.")
    bibtex = _bibtex("book", f"pairinghubei{identity.year}", {
        "author": "{" + _bibtex_text(identity.authors) + "}", "title": _bibtex_text(identity.title),
        "year": identity.year, "version": _bibtex_text(identity.version),
        "note": _bibtex_text(f"Jupyter Book, commit {identity.commit}, built {identity.built}; "
                             f"{identity.address()}; licence {identity.licence}"),
        "url": _bibtex_text(identity.url) if identity.url else ""})
    return plain, bibtex
