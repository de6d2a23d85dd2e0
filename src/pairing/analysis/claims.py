"""The verdict rule: what a claim's evidence says on the ledger's scale, decided in one place.

Every chapter describes the evidence for each claim it checks, as one or more of the evidence kinds
below, and :func:`verdict` turns it into one word of :data:`SCALE`; no chapter decides a verdict
itself. A claims row carries its evidence (:func:`encode`), so the ledger re-derives each verdict
from it (:func:`decode`) and a reader of the published CSV can see what decided it.

The kinds of evidence:

- :class:`Fact`: a number or statement of the document checked against a source; it holds or not.
- :class:`NoTest`: nothing here can test it: the number has no source, or a causal reading has no
  counterfactual.
- :class:`Share`: a claim about most (or all) of a set of places, counted.
- :class:`Significance`: a claim that a correlation is significant, the test repeated.
- :class:`Effect`: an estimated effect, with its 95% interval, against the effect the claim implies.
- :class:`Bracket`: one effect against several counterfactuals that bracket the truth, counted only
  as far as they agree.

A claim that says several things at once (a conjunction), or that reads differently under choices the
document leaves open, has several pieces of evidence, and :func:`combine` joins their verdicts: all
supported is supported; some supported (or partly) is partly; otherwise the strongest finding
against the claim decides (contradicted, then not shown), and "cannot tell" only when no piece could
be tested.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

#: The verdicts, from the claim's side, each with what it means; the ledger page prints these.
SCALE = {
    "supported": "the data reproduce the claim; for an effect, an interval beyond zero the way the claim says "
                 "that also holds the size the claim implies.",
    "partly": "part of the claim holds and part does not, it holds under some of the choices the document leaves "
              "open and not under others, or an effect goes the claimed way but not by the size the claim implies.",
    "not shown": "the data can test the claim and the test does not find it: an interval that holds zero but "
                 "rules out the effect the claim implies, too few places where the claim says most, a correlation "
                 "that is not significant, or an effect against the claim that the comparison's own bias could "
                 "produce; the data do not show the opposite either.",
    "contradicted": "the data, or the official sources gathered here, are incompatible with the claim: a number "
                    "that differs, most places against it, or an effect against it beyond the comparison's bias.",
    "cannot tell": "the data here cannot test the claim: a number has no source, a causal reading has no "
                   "counterfactual, or the test is too imprecise to tell the effect the claim implies from none "
                   "(its interval holds both), or an effect the claimed way that the comparison's own bias could "
                   "produce.",
}
VERDICTS = tuple(SCALE)
#: The verdicts under which the data find neither the claim nor its opposite.
NOT_FOUND = ("not shown", "cannot tell")
Verdict = Literal["supported", "partly", "not shown", "contradicted", "cannot tell"]
#: The significance level of every test the book reads (two-sided), and the coverage of its intervals.
ALPHA = 0.05


@dataclass(frozen=True)
class Fact:
    """A number or statement of the document checked against the data or a source: ``holds`` or not."""

    holds: bool
    what: str = ""

    @property
    def verdict(self) -> str:
        return "supported" if self.holds else "contradicted"


@dataclass(frozen=True)
class NoTest:
    """Nothing here can test the claim, for ``why`` (a number without a source, no counterfactual)."""

    why: str

    @property
    def verdict(self) -> str:
        return "cannot tell"


@dataclass(frozen=True)
class Share:
    """A claim about ``quantifier`` ("most" or "all") of ``total`` places: ``holding`` of them agree with it,
    ``against`` (by default all the others) are incompatible with it; the rest neither (their test could not
    decide)."""

    holding: int
    total: int
    quantifier: Literal["most", "all"] = "most"
    against: int | None = None

    def __post_init__(self):
        against = self.total - self.holding if self.against is None else self.against
        if not (0 <= self.holding <= self.total and 0 <= against <= self.total - self.holding):
            raise ValueError(f"a share needs 0 <= holding + against <= total, not {self}")
        if self.quantifier not in ("most", "all"):
            raise ValueError(f"a share's quantifier is 'most' or 'all', not {self.quantifier!r}")

    @property
    def verdict(self) -> str:
        against = self.total - self.holding if self.against is None else self.against
        if self.quantifier == "all":
            return ("supported" if self.holding == self.total else "partly" if self.holding
                    else "contradicted" if against == self.total else "not shown")
        if self.holding > self.total / 2:
            return "supported"
        return "contradicted" if against > self.total / 2 else "not shown"


@dataclass(frozen=True)
class Significance:
    """A claimed significant correlation (``direction`` -1 negative, +1 positive), the test repeated:
    ``coefficient`` with two-sided ``p``."""

    coefficient: float
    p: float
    direction: int = -1

    @property
    def verdict(self) -> str:
        if self.p >= ALPHA:
            return "not shown"
        return "supported" if self.coefficient * self.direction > 0 else "contradicted"


#: How an estimated effect reads against zero and against the effect the claim implies.
READINGS = {
    "as claimed": "lies beyond zero the way the claim says and holds the size it implies",
    "other size": "lies beyond zero the way the claim says but leaves out the size it implies",
    "against": "lies beyond zero against the claim",
    "biased as claimed": "lies beyond zero the way the claim says, but inside what the comparison's own bias could "
                         "produce",
    "biased against": "lies beyond zero against the claim, but inside what the comparison's own bias could produce",
    "undecided": "holds both zero and the effect the claim implies, so it cannot tell that effect from none",
    "ruled out": "holds zero but not the effect the claim implies, so an effect that size is not found",
}
READING_VERDICTS = {"as claimed": "supported", "other size": "partly", "against": "contradicted",
                    "biased as claimed": "cannot tell", "biased against": "not shown",
                    "undecided": "cannot tell", "ruled out": "not shown"}


@dataclass(frozen=True)
class Effect:
    """An estimated effect with its 95% interval (``low``, ``high``) against ``claimed``, the effect the
    claim implies in the same units (its sign is the claim's direction). ``bias``, when given, is the range
    of effects the comparison's own bias could produce (for example a difference in trends that the check
    before the start cannot rule out): an estimate inside it cannot be told from that bias."""

    estimate: float
    low: float
    high: float
    claimed: float
    bias: tuple[float, float] | None = None

    def __post_init__(self):
        if not self.low <= self.estimate <= self.high:
            raise ValueError(f"an effect's estimate lies inside its interval, not {self}")
        if self.claimed == 0:
            raise ValueError("the effect a claim implies has a direction: it cannot be zero")

    @property
    def side(self) -> int:
        """+1 if the interval lies beyond zero the way the claim says, -1 the other way, 0 if it holds zero."""
        beyond = 1 if self.low > 0 else -1 if self.high < 0 else 0
        return beyond * (1 if self.claimed > 0 else -1)

    @property
    def detectable(self) -> float:
        """The power statement: about the smallest effect the claimed way this test tells from none, the
        interval's width on the side toward zero (an effect that far from zero, measured as precisely,
        puts its interval beyond zero about half the time; twice that far, nearly always)."""
        return self.high - self.estimate if self.claimed < 0 else self.estimate - self.low

    @property
    def could_find(self) -> bool:
        """Whether an effect of the claimed size is at least :attr:`detectable`. The reading does not depend
        on it: an interval that leaves out the claimed effect rejects that effect at the 5% level however
        wide it is (power before the data says nothing the interval does not; Hoenig and Heisey 2001), but
        where this is false the book says the rejection comes from an estimate on the other side of zero."""
        return abs(self.claimed) >= self.detectable

    @property
    def reading(self) -> str:
        """One of :data:`READINGS`."""
        if self.side and self.bias is not None and self.bias[0] <= self.estimate <= self.bias[1]:
            return "biased as claimed" if self.side > 0 else "biased against"
        if self.side > 0:
            return "as claimed" if self.low <= self.claimed <= self.high else "other size"
        if self.side < 0:
            return "against"
        return "undecided" if self.low <= self.claimed <= self.high else "ruled out"

    @property
    def verdict(self) -> str:
        return READING_VERDICTS[self.reading]


@dataclass(frozen=True)
class Bracket:
    """One effect measured against several counterfactuals that bracket the truth (the book's own
    choices, such as two ways of carrying a trend forward): it counts only as far as they agree. The
    same verdict under each is that verdict; supported under some and partly under the others,
    *partly*; contradicted under some and not shown under the others, *not shown* (the bracket rules
    the claim out without showing the opposite under every counterfactual); for it under one and
    against it or undecided under another, *cannot tell*."""

    effects: tuple[Effect, ...]

    def __post_init__(self):
        if len(self.effects) < 2:
            raise ValueError("a bracket needs at least two counterfactuals")

    @property
    def verdict(self) -> str:
        verdicts = {effect.verdict for effect in self.effects}
        if len(verdicts) == 1:
            return verdicts.pop()
        if verdicts <= {"supported", "partly"}:
            return "partly"
        return "not shown" if verdicts <= {"contradicted", "not shown"} else "cannot tell"


Evidence = Fact | NoTest | Share | Significance | Effect | Bracket
KINDS = {kind.__name__: kind for kind in (Fact, NoTest, Share, Significance, Effect, Bracket)}


def combine(verdicts) -> str:
    """The verdict of a claim made of several parts (or read under several choices) from each part's."""
    verdicts = list(verdicts)
    unknown = set(verdicts) - set(SCALE)
    if not verdicts or unknown:
        raise ValueError(f"combine needs verdicts of the scale, not {verdicts}")
    if all(v == "supported" for v in verdicts):
        return "supported"
    if any(v in ("supported", "partly") for v in verdicts):
        return "partly"
    for strongest in ("contradicted", "not shown"):
        if strongest in verdicts:
            return strongest
    return "cannot tell"


def verdict(*evidence: Evidence) -> str:
    """The ledger's verdict on a claim from its evidence (one piece, or several joined by :func:`combine`)."""
    if not evidence:
        raise ValueError("a verdict needs evidence")
    return combine(piece.verdict for piece in evidence)


def encode(*evidence: Evidence) -> str:
    """The evidence as one JSON text, for a claims table's ``evidence`` column."""
    def plain(piece):
        if isinstance(piece, Bracket):
            return {"kind": "Bracket", "effects": [plain(effect) for effect in piece.effects]}
        fields = {k: (round(float(v), 6) if isinstance(v, float) else v) for k, v in asdict(piece).items()}
        return {"kind": type(piece).__name__, **fields}

    # numpy's bools and numbers, as a chapter's comparisons give them, are written as plain JSON.
    return json.dumps([plain(piece) for piece in evidence], ensure_ascii=False, default=lambda value: value.item())


def decode(text: str) -> list[Evidence]:
    """The evidence of :func:`encode` back as objects; a :class:`ValueError` names what is wrong."""
    def piece(item):
        item = dict(item)
        kind = KINDS.get(item.pop("kind", None))
        if kind is None:
            raise ValueError(f"unknown kind of evidence in {text!r}")
        if kind is Bracket:
            return Bracket(tuple(piece(effect) for effect in item["effects"]))
        if item.get("bias") is not None:
            item["bias"] = tuple(item["bias"])
        return kind(**item)

    return [piece(item) for item in json.loads(text)]


def claim(document: str, where: str, quote: str, statement: str, shown: str, *evidence: Evidence,
          section: str | None = None) -> dict:
    """One row of a chapter's claims table: the verdict from :func:`verdict`, the evidence beside it."""
    row = {"document": document, "where": where, "quote": quote, "statement": statement,
           "what the data show": shown, "verdict": verdict(*evidence), "evidence": encode(*evidence)}
    if section:
        row["section"] = section
    return row
