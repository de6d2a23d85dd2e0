"""Each chapter's first screen, in a real browser at a desktop's and a phone's size: the answer
right under the title, and the lead chart showing before the reader scrolls."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import CHROMIUM, SITE, browser, server  # noqa: F401  (fixtures)
from conftest import needs
from pairing.report import catalogue

#: The first screens a reader sees: a laptop's window and a phone's.
SCREENS = [{"width": 1400, "height": 900}, {"width": 400, "height": 800}]
#: How much of the lead chart must show on the first screen, in CSS pixels.
SHOWN = 120

pytestmark = [
    pytest.mark.book,
    needs(SITE.exists(), "the built book (_build/html)"),
    needs(Path(CHROMIUM).exists(), "Debian's chromium"),
]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s['width']}px")
@pytest.mark.parametrize("docname", catalogue.chapters())
def test_the_first_screen_shows_the_answer_then_the_lead_chart(browser, server, docname, screen):  # noqa: F811
    page = browser.new_page(viewport=screen)
    page.goto(f"{server}/{docname}.html", wait_until="networkidle")
    first = page.evaluate("""() => {
        const section = document.querySelector('main article section');
        const answer = [...section.children].find(e => e.tagName === 'P' && !e.classList.contains('chapter-downloads'));
        const figure = section.querySelector('figure img, figure svg');
        const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
        // the answer is the first paragraph of the chapter's own text: nothing of it comes before
        const before = [...section.children].slice(0, [...section.children].indexOf(answer))
            .filter(e => e.tagName === 'P' && !e.classList.contains('chapter-downloads'));
        return {answer: box(answer), figure: box(figure), before: before.length, h1: box(section.querySelector('h1'))};
    }""")
    page.close()
    assert first["before"] == 0
    assert first["h1"]["bottom"] <= first["answer"]["top"] < first["answer"]["bottom"] <= first["figure"]["top"]
    assert first["figure"]["top"] <= screen["height"] - SHOWN, (docname, screen, first["figure"])
