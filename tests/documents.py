"""The two documents' own text, cut into the parts a claim's ``where`` names.

The texts are the seeds beside the project (``../shared/seeds``), never committed; tests that need
them skip when they are absent. Parts are keyed as the claims tables write them: the letter's
``abstract``, ``¶1`` … ``¶5`` (paragraphs of the body) and ``Fig. n title``; the article's
``abstract``, ``introduction``, ``Table 1`` and each section's title in curly quotes.
"""

from __future__ import annotations

import re

from pairing.paths import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
LETTER_PDF = SEEDS / "000_ac532f65ab1cfa44.txt"
LETTER_WEB = SEEDS / "001_bdcae4462a862d53.txt"
ARTICLE = SEEDS / "002_bf57d4271598ea99.txt"
PRESENT = LETTER_PDF.exists() and LETTER_WEB.exists() and ARTICLE.exists()

#: The article's section titles, in order (the first is its introduction).
ARTICLE_SECTIONS = [
    "Intergovernmental Coordination in Response to a Medical Surge",
    "Crisis Coordination in Multilevel Response Systems",
    "Hybrid Modes of Coordination",
    "Governance Structure for Crisis Coordination",
    "Paired Assistance Programs for Increasing Medical Surge Capacity",
    "PAP Initiation, Operation, and Governance Structures",
    "Hybrid Coordination of Medical Personnel and Resources",
    "PAP Assessment",
    "Implications for Coping with the Medical Surge in the United States",
    "Hybrid Coordination in a Decentralized Governance System",
    "Governance Mechanisms in Multilevel Response Networks",
    "Conclusion",
    "Notes",
    "Figure 1.",  # its title follows on the same line
    "Table 1",
]


def spaced(text: str) -> str:
    """One space between words, plain quotes, no line-end hyphenation; the case as printed."""
    text = re.sub(r"-\s*\n\s*", "-", text)  # "re-\nsources" in the PDF text
    text = re.sub("[‗‘’―‖“”]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def normalised(text: str) -> str:
    """:func:`spaced`, in lower case."""
    return spaced(text).lower()


def letter_parts() -> dict[str, str]:
    pdf = LETTER_PDF.read_text(encoding="utf-8")
    abstract = pdf.split("Abstract", 1)[1].split("An epidemic of Coronavirus", 1)[0]
    parts = {"abstract": abstract}
    blocks = [b.strip() for b in LETTER_WEB.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    paragraph = 0
    for i, block in enumerate(blocks):
        caption = re.fullmatch(r"Fig\. (\d)\s*\nfigure \d", block)
        if caption:
            parts[f"Fig. {caption.group(1)} title"] = blocks[i + 1]
        elif i > 0 and re.fullmatch(r"Fig\. \d\s*\nfigure \d", blocks[i - 1]):
            continue  # the caption itself, kept above
        else:
            paragraph += 1
            parts[f"¶{paragraph}"] = block
    return {key: normalised(text) for key, text in parts.items()}


def article_parts(lower: bool = True) -> dict[str, str]:
    text = ARTICLE.read_text(encoding="utf-8")
    parts = {"abstract": text.split("Keywords:", 1)[0]}
    bounds = []
    for title in ARTICLE_SECTIONS:
        ending = r"\s" if title.endswith(".") else r"\s*$"
        match = re.search(r"^\s*" + re.escape(title) + ending, text, flags=re.MULTILINE)
        assert match, f"section {title!r} not found in the article's text"
        bounds.append((title, match.start()))
    for (title, start), (_, end) in zip(bounds, bounds[1:] + [("", len(text))]):
        key = "introduction" if title == ARTICLE_SECTIONS[0] else title.rstrip(".") if title.startswith(
            ("Figure", "Table")) else f"“{title}”"
        parts[key] = text[start:end]
    return {key: normalised(value) if lower else spaced(value) for key, value in parts.items()}


def parts(document: str) -> dict[str, str]:
    return letter_parts() if document == "letter" else article_parts()
