"""The bibliography's labels and the chapters' citations agree: "Xinhua 2020b" in the list,
"[Xinhua, 2020b]" in the text, instead of the alpha style's letters (which turn an organisation's
name into "NationalHCommission20") and an author-year citation that cannot tell Xinhua's five
reports of 2020 apart.

A Sphinx extension: it registers the pybtex formatting style ``pairing`` (the unsrt style's
formatting, author-year labels, alphabetical order), which ``_config.yml`` names in
``bibtex_default_style``, and the referencing style ``pairing`` (author and year, the year with the
label's letter), named in ``bibtex_reference_style``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.template import field, first_of, join, node, optional
from sphinxcontrib.bibtex.plugin import register_plugin as register_referencing
from sphinxcontrib.bibtex.style.referencing import basic_author_year as basic
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

from pairing.report.catalogue import author_label


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


@node
def labelled_year(children, data):
    """The year as the entry's label ends: "2020b" where one author has several entries that year."""
    assert not children
    found = re.search(r"(\d{4}|n\.d\.)([a-z]?)$", data["formatted_entry"].label)
    return Text(found.group(0)) if found else first_of[optional[field("year")], "n.d."].format_data(data)


class Parenthetical(basic.BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[join(sep=self.author_year_sep)[
                self.person.author_or_editor_or_title(full="s" in role_name), labelled_year]],
            post_text,
        ]


class Textual(basic.BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name):
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[self.bracket.left,
                 join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[labelled_year], post_text],
                 self.bracket.right],
        ]


@dataclass
class References(AuthorYearReferenceStyle):
    """The author_year referencing style, its years with the label's letter."""

    def __post_init__(self):
        self.styles.extend([
            Parenthetical(bracket=self.bracket_parenthetical, person=self.person, author_year_sep=self.author_year_sep,
                          pre_text_sep=self.pre_text_sep, post_text_sep=self.post_text_sep),
            Textual(bracket=self.bracket_textual, person=self.person, text_reference_sep=self.text_reference_sep,
                    pre_text_sep=self.pre_text_sep, post_text_sep=self.post_text_sep),
            ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person),
            ExtraLabelReferenceStyle(bracket=self.bracket_label),
            ExtraYearReferenceStyle(bracket=self.bracket_year),
            ExtraEmptyReferenceStyle(),
        ])
        super(AuthorYearReferenceStyle, self).__post_init__()


register_plugin("pybtex.style.labels", "pairing_author_year", AuthorYearLabels)
register_plugin("pybtex.style.sorting", "pairing_author_year", AuthorYearOrder)
register_plugin("pybtex.style.formatting", "pairing", Style)
register_referencing("sphinxcontrib.bibtex.style.referencing", "pairing", References)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
