"""The bibliography's labels: author and year, as the chapters cite (``bibtex_reference_style:
author_year``), instead of the alpha style's letters, which turn an organisation's name into a
string such as "NationalHCommission20".

A Sphinx extension: it registers the pybtex formatting style ``pairing`` (the alpha style's
formatting and order, these labels), which ``_config.yml`` names in ``bibtex_default_style``.
"""

from __future__ import annotations

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle


def author_label(entry) -> str:
    """"Chen", "Yang and Shi", "Chen et al." or an organisation's name, braces removed."""
    names = [" ".join(person.last_names or person.first_names).replace("{", "").replace("}", "")
             for person in entry.persons.get("author", [])]
    if not names:
        return entry.key
    return names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."


class AuthorYearLabels(BaseLabelStyle):
    """"Chen et al. 2020"; entries that would share a label get a, b, … in the order given."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [f"{author_label(e)} {e.fields.get('year', 'n.d.')}" for e in entries]
        repeated = {label for label, n in Counter(labels).items() if n > 1}
        seen: Counter = Counter()
        for label in labels:
            if label in repeated:
                yield label + chr(ord("a") + seen[label])
                seen[label] += 1
            else:
                yield label


class AuthorYearOrder(BaseSortingStyle):
    """Alphabetical by the label's author (people and organisations together), then year and title."""

    def sorting_key(self, entry):
        return (author_label(entry).lower(), entry.fields.get("year", ""),
                entry.fields.get("title", "").replace("{", "").lower())


class Style(UnsrtStyle):
    default_label_style = "pairing_author_year"
    default_sorting_style = "pairing_author_year"


register_plugin("pybtex.style.labels", "pairing_author_year", AuthorYearLabels)
register_plugin("pybtex.style.sorting", "pairing_author_year", AuthorYearOrder)
register_plugin("pybtex.style.formatting", "pairing", Style)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
