"""The book's own sentences, held to its numbers.

A number in the prose is glued; a *word* whose truth depends on the data (a direction, a
comparison, "most", "only", "none", "around day 22", a reading of significance) must be either
worded by code from the computed values, or guarded by a check that stops the build when the
sentence stops being true. This module is the one way to do both.

Each chapter makes one :class:`Prose` for itself::

    prose = Prose("notebooks/04_turning_point.md")
    prose.guard(n_near >= n / 2, "most divisions peaked within two days of day 22")
    glue("rank_compared", compared(rho, r, "stronger", "weaker"))      # a word chosen by code

:meth:`Prose.guard` raises :class:`ProseError` with the chapter and the sentence quoted, so the
notebook, and with it the build, stops. The word functions below (:func:`count_of`,
:func:`compared`, :func:`significance`, :func:`listed`, :func:`p_value`) choose words from values, so that a
sentence needs no guard because it cannot be wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from pairing.analysis.claims import ALPHA  # the one significance level, the verdict rule's
from pairing.data import usage


class ProseError(AssertionError):
    """A sentence of the book no longer holds for the data it describes."""

    def __init__(self, chapter: str, sentence: str, detail: str = ""):
        self.chapter, self.sentence, self.detail = chapter, sentence, detail
        tail = f" ({detail})" if detail else ""
        super().__init__(f"{chapter}: the sentence “{sentence}” no longer holds for the data{tail}. "
                         "Reword it, or let code word it.")


class Prose:
    """The guarded sentences and code-worded phrases of one chapter."""

    def __init__(self, chapter: str):
        self.chapter = chapter
        self.guards: list[str] = []

    def guard(self, holds: bool, sentence: str, detail: str = "") -> None:
        """Stop the build, quoting ``sentence``, unless ``holds``.

        ``sentence`` is the chapter's wording (or the part of it that depends on the data);
        ``detail`` gives the values, so that the error says why it no longer holds.
        """
        self.guards.append(sentence)
        usage.guarded(sentence)
        if not bool(holds):
            raise ProseError(self.chapter, sentence, detail)


def count_of(k: int, n: int, noun: str = "") -> str:
    """How many of ``n``: "none of the 16", "all 16", "1 of the 16", "7 of the 16" (``noun``
    follows the number: "none of the 16 divisions")."""
    k, n = int(k), int(n)
    if not 0 <= k <= n:
        raise ValueError(f"{k} of {n}")
    tail = f" {noun}" if noun else ""
    if k == 0:
        return f"none of the {n}{tail}"
    if k == n:
        return f"all {n}{tail}" if n > 2 else f"both{tail}" if n == 2 else f"the one{tail}"
    return f"{k} of the {n}{tail}"


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(n: int, noun: str) -> str:
    """A count as a sentence says it: "no days", "one day", "two days" … "ten days", then digits
    ("11 days"); the plural adds an s."""
    n = int(n)
    if n < 0:
        raise ValueError(f"{n} {noun}s")
    return f"{_NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else n} {noun}{'' if n == 1 else 's'}"


def compared(a: float, b: float, more: str, less: str, same: str = "", tolerance: float = 0.0) -> str:
    """``more`` if ``a`` exceeds ``b`` by more than ``tolerance``, ``less`` if it falls short by
    more than that, else ``same`` (which must be given when the two may be equal)."""
    if a - b > tolerance:
        return more
    if b - a > tolerance:
        return less
    if not same:
        raise ValueError(f"{a} and {b} are equal within {tolerance}: no word given for that")
    return same


def significance(p: float, alpha: float = ALPHA) -> str:
    """"significant" or "not significant" at ``alpha`` (5% unless stated)."""
    return "significant" if p < alpha else "not significant"


def listed(items: Iterable[str], empty: str = "none") -> str:
    """"A", "A and B", "A, B and C"; ``empty`` when there are none."""
    items = list(items)
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def p_number(p: float) -> str:
    """"0.016", or "< 0.001" where three decimals would print a misleading 0.000 (a table's cell), or
    four decimals where three would print the 0.050 of the significance level ("0.0502"), which would
    not say on which side of it the value lies."""
    if p < 0.001:
        return "< 0.001"
    return f"{p:.4f}" if f"{p:.3f}" == f"{ALPHA:.3f}" else f"{p:.3f}"


def p_value(p: float) -> str:
    """"p = 0.016", or "p < 0.001" (a sentence's words)."""
    number = p_number(p)
    return f"p {number}" if number.startswith("<") else f"p = {number}"
