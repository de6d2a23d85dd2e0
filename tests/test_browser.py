"""The built book in a real browser (Debian's chromium driven by playwright), served from
127.0.0.1: every page loads with no failed request, nothing leaves the machine, no console
error, every image decodes and carries alt text; no serious or critical accessibility violation
(axe-core); nothing overflows a phone's width; no table cell shows pandas' raw tokens."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import needs
from pairing import facts
from pairing.paths import ROOT

SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: A phone's width: nothing may be wider than the page (wide tables scroll in their own box).
PHONE = {"width": 400, "height": 800}
#: What pandas prints for a missing value or a flag, which a reader's table should not show.
RAW_TOKENS = {"<NA>", "NaN", "nan", "NaT", "None", "True", "False"}
PAGES = sorted(str(p.relative_to(SITE)) for p in SITE.glob("**/*.html")
               if not p.relative_to(SITE).parts[0].startswith("_") and p.name not in ("genindex.html", "search.html"))

pytestmark = [
    pytest.mark.book,
    needs(SITE.exists(), "the built book (_build/html)"),
    needs(Path(CHROMIUM).exists(), "Debian's chromium"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def settle(page, condition: str, arg=None, timeout: float = 10_000) -> None:
    """Wait until ``condition`` (a function run in the page, given ``arg``) holds, at most ``timeout`` ms:
    a test waits for what it asserts next rather than for a fixed time, which a loaded machine may
    overrun and an idle one wastes. On a timeout it returns, and the test's assertion says what was found."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, arg=arg, timeout=timeout)
    except PlaywrightTimeout:
        pass


def test_the_book_has_its_pages():
    assert "book/intro.html" in PAGES and any(p.startswith("notebooks/") for p in PAGES)


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_offline_and_whole(browser, server, page_path):
    outside, failed, errors = [], [], []
    page = browser.new_page()

    def route(route):
        if urlparse(route.request.url).hostname in ("127.0.0.1", None):
            route.continue_()
        else:  # record and block: the book must not need the network
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.url} ({response.status})"))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => ({src: i.getAttribute('src'), alt: (i.getAttribute('alt') || '').trim(),"
               " decoded: i.complete && i.naturalWidth > 0}))")
    page.close()
    assert not outside, f"requests leaving 127.0.0.1: {outside}"
    assert not [f for f in failed if not any(url in f for url in outside)], f"failed requests: {failed}"
    assert not errors, f"console errors: {errors}"
    assert all(image["decoded"] for image in images), [i["src"] for i in images if not i["decoded"]]
    assert all(image["alt"] for image in images), [i["src"] for i in images if not i["alt"]]


def test_the_day_map_follows_its_slider_and_play_button(browser, server):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{server}/notebooks/04_turning_point.html", wait_until="networkidle")
    figure = page.locator("figure.pairing-daymap").first
    wuhan = figure.locator('path[data-adcode="420100"]')
    slider, output = figure.locator('input[type="range"]'), figure.locator("output")
    opening = (output.text_content(), wuhan.get_attribute("fill"))
    assert opening[0] == "13 February 2020"
    slider.fill("0")  # sets the value and fires "input", as dragging does
    assert output.text_content() == "23 January 2020"
    assert wuhan.get_attribute("fill") != opening[1]
    assert "23 January 2020" in wuhan.locator("title").text_content()
    wuhan.hover()
    expect(figure.locator("p[aria-live]")).to_have_text(re.compile("^Wuhan 武汉市, 23 January 2020: "))
    figure.locator("button:not([data-day])").click()
    # Playing moves the days on, a day each 200 ms of the page's clock: waited for, not timed (a
    # loaded machine may run no tick in the 700 ms this test once slept).
    expect(output).not_to_have_text("23 January 2020")
    page.close()


DAY_MAP = "notebooks/04_turning_point.html"
#: The day the letter names, as the map's slider and readout write it.
DAY_22 = f"{facts.TEAMS_AT_WORK:%-d %B %Y}"


def open_day_map(browser, server, **context):
    page = browser.new_context(**context).new_page()
    page.goto(f"{server}/{DAY_MAP}", wait_until="networkidle")
    figure = page.locator("figure.pairing-daymap").first
    return page, figure, figure.locator('input[type="range"]'), figure.locator("output"), figure.locator("p[aria-live]")


def close_day_map(page) -> None:
    """Close the page :func:`open_day_map` opened, and its browser context."""
    context = page.context
    page.close()
    context.close()


def says(division: str, day: str) -> re.Pattern:
    """What the day map's readout says of ``division`` on ``day``, for playwright's ``expect``."""
    return re.compile(f"^{re.escape(division)}, {re.escape(day)}: ")


#: The day shown and the readout, read in one task of the page: while the map plays, the day moves on
#: every 200 ms, and two reads from the test (two round trips) may straddle a step (one pair in 20
#: did so on an idle machine; this test failed so under pytest -n).
DAY_AND_READOUT = "figure => [figure.querySelector('output').textContent, figure.querySelector('p[aria-live]').textContent]"


def test_the_day_maps_readout_follows_the_day_for_the_division_pointed_at_and_clears_on_leaving(browser, server):
    from playwright.sync_api import expect

    page, figure, slider, output, readout = open_day_map(browser, server, viewport={"width": 1400, "height": 1000})
    play, current = figure.locator("button:not([data-day])"), figure.locator(".pairing-daymap-current")
    hint = readout.text_content()
    assert hint.startswith("Hover or tap")
    figure.locator('path[data-adcode="420100"]').hover()
    expect(readout).to_have_text(says("Wuhan 武汉市", DAY_22))
    slider.fill("0")  # the pointer stays on Wuhan while the day changes
    expect(readout).to_have_text(says("Wuhan 武汉市", "23 January 2020"))
    slider.press("ArrowRight")  # the slider works by keys
    expect(output).to_have_text("24 January 2020")
    expect(readout).to_have_text(says("Wuhan 武汉市", "24 January 2020"))
    play.press("Enter")  # play, from the keyboard: the pointer stays on Wuhan
    expect(output).not_to_have_text("24 January 2020")  # the days move on: waited for, not timed
    for _ in range(3):  # while it plays, the readout is of the day shown
        day, said = figure.evaluate(DAY_AND_READOUT)
        assert says("Wuhan 武汉市", day).match(said), (day, said)
    play.press("Enter")
    expect(play).to_have_text("▶ play")
    day, said = figure.evaluate(DAY_AND_READOUT)
    assert day != "24 January 2020" and says("Wuhan 武汉市", day).match(said), (day, said)
    page.mouse.move(2, 2)  # off the map
    expect(readout).to_have_text(hint)
    expect(current).to_have_attribute("d", "")  # no division outlined
    xiaogan = figure.locator('path[data-adcode="420900"]')
    xiaogan.focus()  # as Tab reaches it: it stays chosen while the keys move the slider
    expect(current).to_have_attribute("d", xiaogan.get_attribute("d"))
    slider.press("ArrowLeft")
    day = output.text_content()  # paused: the day moves only with the keys
    expect(readout).to_have_text(says("Xiaogan 孝感市", day))
    close_day_map(page)


def test_a_tapped_division_stays_in_the_day_maps_readout_as_the_day_changes(browser, server):
    from playwright.sync_api import expect

    page, figure, slider, output, readout = open_day_map(browser, server, viewport=PHONE, has_touch=True, is_mobile=True)
    wuhan = figure.locator('path[data-adcode="420100"]')
    wuhan.tap()  # a tap's click may come after tap() returns: each check waits for what it expects
    expect(readout).to_have_text(says("Wuhan 武汉市", DAY_22))
    expect(figure.locator(".pairing-daymap-current")).to_have_attribute("d", wuhan.get_attribute("d"))
    slider.fill("40")
    expect(readout).to_have_text(says("Wuhan 武汉市", output.text_content()))
    # Xiaogan, not a division as small as Ezhou: a tap near a small one's edge may go to its neighbour.
    figure.locator('path[data-adcode="420900"]').tap()
    expect(readout).to_have_text(says("Xiaogan 孝感市", output.text_content()))
    close_day_map(page)


@pytest.mark.parametrize("width", [1400, PHONE["width"]])
def test_the_day_maps_slider_is_marked_at_day_22(browser, server, width):
    page, figure, slider, output, _ = open_day_map(browser, server, viewport={"width": width, "height": 900})
    mark = figure.locator("button[data-day]")
    assert mark.text_content() == f"day {facts.TEAMS_AT_WORK_DAY}"
    slider.fill("0")
    mark.scroll_into_view_if_needed()
    track, at = slider.bounding_box(), mark.bounding_box()
    assert at["y"] >= track["y"] + track["height"] - 1  # under the track
    page.mouse.click(at["x"] + at["width"] / 2, track["y"] + track["height"] / 2)  # the track, just above the mark
    assert output.text_content() == DAY_22
    slider.fill("0")
    mark.click()  # and the mark takes the map there
    assert output.text_content() == DAY_22
    close_day_map(page)


#: What the day map shows on its divisions and in its key, read in one task of the page: the names and the
#: numbers on the map (division, text, size and box on the screen), each division's middle on the screen
#: (where its number stands, shown or not) and the key's entries shown (division, text, size).
DAY_MAP_LABELS = """figure => {
  const svg = figure.querySelector('svg'), ctm = svg.getScreenCTM();
  const shown = (group) => [...svg.querySelectorAll('.pairing-daymap-' + group + ' text')].filter(t => t.checkVisibility())
    .map(t => { const r = t.getBoundingClientRect();
                return [t.dataset.adcode, t.textContent, parseFloat(getComputedStyle(t).fontSize) * ctm.a,
                        [r.left, r.top, r.right, r.bottom]]; });
  const middles = Object.fromEntries([...svg.querySelectorAll('.pairing-daymap-numbers text')].map(t => {
    const p = new DOMPoint(Number(t.getAttribute('x')), Number(t.getAttribute('y'))).matrixTransform(ctm);
    return [t.dataset.adcode, [p.x, p.y]]; }));
  const key = [...figure.querySelectorAll('.pairing-daymap-key li')].filter(e => e.checkVisibility())
    .map(e => [e.dataset.adcode, e.textContent, parseFloat(getComputedStyle(e).fontSize)]);
  return {names: shown('names'), numbers: shown('numbers'), middles, key};
}"""


def check_day_map_labels(seen: dict) -> None:
    """The rule of the day map's labels (pairing.figures.daymap.js), as the page shows it: each division
    named on the map or numbered there (its number of every map, at its middle) with a key entry shown,
    the key showing just the numbers on the map, in order; every label legible, none over another, no
    name over another division's middle."""
    from pairing.figures.plots import DIVISION_NUMBERS

    names, numbers, key = seen["names"], seen["numbers"], seen["key"]
    named, numbered = [code for code, *_ in names], [code for code, *_ in numbers]
    assert sorted(named + numbered) == sorted(DIVISION_NUMBERS), (named, numbered)  # each once, one way
    for code, text, _, (left, top, right, bottom) in numbers:
        assert text == str(DIVISION_NUMBERS[code]), (code, text)
        x, y = seen["middles"][code]
        assert abs((left + right) / 2 - x) < 2 and abs((top + bottom) / 2 - y) < 3, (code, text, x, y)
    assert [code for code, *_ in key] == sorted(numbered, key=DIVISION_NUMBERS.get), (key, numbered)
    assert all(text.split(" ", 1)[0] == str(DIVISION_NUMBERS[code]) for code, text, _ in key), key
    assert all(size >= 11 for *_, size in key), key
    labels = names + numbers
    assert all(size >= 11 for _, _, size, _ in labels), labels
    apart = [(a[1], b[1]) for i, a in enumerate(labels) for b in labels[i + 1:]
             if a[3][0] < b[3][2] and b[3][0] < a[3][2] and a[3][1] < b[3][3] and b[3][1] < a[3][3]]
    assert not apart, apart
    near = 3  # pixels round a middle that no other division's name may reach
    covering = [(text, other) for code, text, _, (left, top, right, bottom) in names
                for other, (x, y) in seen["middles"].items()
                if other != code and left < x + near and x - near < right and top < y + near and y - near < bottom]
    assert not covering, covering


@pytest.mark.parametrize("width", [1400, PHONE["width"]])
def test_the_day_maps_legend_and_labels_are_legible_and_apart_each_division_named_or_numbered_in_the_key(
        browser, server, width):
    page, figure, *_ = open_day_map(browser, server, viewport={"width": width, "height": 900})
    legend = figure.locator(".pairing-daymap-legend").evaluate(
        "legend => [...legend.querySelectorAll('*')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))"
        ".map(e => [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize)])")
    seen = figure.evaluate(DAY_MAP_LABELS)
    close_day_map(page)
    assert "patients under treatment per 10,000" in [text for text, _ in legend]
    assert all(size >= 11 for _, size in legend), legend
    check_day_map_labels(seen)
    assert seen["names"], "names stand on the divisions where they fit"
    if width == PHONE["width"]:  # on a phone some names do not fit: the rule's other half is at work
        assert seen["numbers"] and seen["key"], seen


def test_the_day_maps_labels_follow_its_width_when_a_phone_wide_window_widens(browser, server):
    page, figure, *_ = open_day_map(browser, server, viewport={"width": PHONE["width"], "height": 900})
    on_phone = figure.evaluate(DAY_MAP_LABELS)
    page.set_viewport_size({"width": 1400, "height": 900})
    # Waited for, not timed: the map's script places the labels again when the map's width changes.
    settle(page, "n => document.querySelectorAll('figure.pairing-daymap .pairing-daymap-names text[display=inline]').length > n",
           len(on_phone["names"]))
    wide = figure.evaluate(DAY_MAP_LABELS)
    close_day_map(page)
    check_day_map_labels(wide)
    assert len(wide["numbers"]) < len(on_phone["numbers"]), (wide["numbers"], on_phone["numbers"])


def test_without_a_script_the_day_map_numbers_every_division_and_its_key_names_them_all(browser, server):
    from pairing.figures.plots import DIVISION_NUMBERS

    page, figure, *_ = open_day_map(browser, server, viewport={"width": 1400, "height": 900}, java_script_enabled=False)
    seen = figure.evaluate(DAY_MAP_LABELS)
    close_day_map(page)
    assert not seen["names"] and len(seen["numbers"]) == len(DIVISION_NUMBERS), seen
    check_day_map_labels(seen)


def test_no_page_loads_the_theme_icon_script():
    # The book's template drops fontawesome.js (1.5 MB); the theme's icons come from its web font.
    for page in PAGES:
        assert "fontawesome.js" not in (SITE / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("page_path", PAGES)
def test_no_serious_accessibility_violation(browser, server, page_path):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    # label-content-name-mismatch is experimental in axe-core, and it is what screen-reader users
    # of voice control meet first (the search button): it is switched on.
    result = Axe().run(page, options={"rules": {"label-content-name-mismatch": {"enabled": True}}})
    page.close()
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
               for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


@pytest.mark.parametrize("page_path", PAGES)
def test_nothing_is_wider_than_a_phone(browser, server, page_path):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    # The widest elements that are not inside a box of their own that scrolls.
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .filter(e => e.checkVisibility({visibilityProperty: true}))  // not the closed side drawers
        .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
            const s = getComputedStyle(a); if (['auto', 'scroll', 'hidden'].includes(s.overflowX)) return false; }
            return true; })
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))""")
    # The previous and next pages' titles whole, not cut by their link's box ("Reproducibilit").
    cut = page.evaluate("""() => [...document.querySelectorAll('.prev-next-area a')].filter(a => {
        const box = a.getBoundingClientRect(), title = a.querySelector('.prev-next-title').getBoundingClientRect();
        return title.right > box.right + 1 || title.left < box.left - 1; }).map(a => a.textContent.trim())""")
    page.close()
    assert width <= PHONE["width"] and not wide, f"page {width} px wide at {PHONE['width']} px: {wide}"
    assert not cut, cut


def test_no_table_cell_shows_a_raw_token():
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.text, self.found = 0, "", []

        def handle_starttag(self, tag, attrs):
            if tag in ("td", "th"):
                self.depth, self.text = self.depth + 1, ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.depth:
                self.depth -= 1
                if self.text.strip() in RAW_TOKENS:
                    self.found.append(self.text.strip())

        def handle_data(self, data):
            if self.depth:
                self.text += data

    shown = {}
    for page in PAGES:
        cells = Cells()
        cells.feed((SITE / page).read_text(encoding="utf-8"))
        if cells.found:
            shown[page] = sorted(set(cells.found))
    assert not shown, shown


def test_tables_of_claims_read_as_labelled_cards_on_a_phone(browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/notebooks/07_claims_ledger.html", wait_until="networkidle")
    cards = page.evaluate("""() => [...document.querySelectorAll('main :is(#the-letter, #the-article) table.cards')].map(table => {
        const cells = [...table.querySelectorAll('tbody tr:first-child td')];
        return {width: table.getBoundingClientRect().width, display: cells.map(c => getComputedStyle(c).display),
                labels: cells.map(c => c.dataset.label || '')}; })""")
    page.close()
    assert len(cards) >= 2, "the ledger's two tables are cards"
    for card in cards:
        assert card["width"] <= PHONE["width"] and set(card["display"]) == {"block"}, card
        assert card["labels"][:2] == ["verdict", "claim"] and all(card["labels"]), card


def test_a_chapter_shows_its_code_behind_one_toggle(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/notebooks/02_personnel.html", wait_until="networkidle")
    shown = "() => [...document.querySelectorAll('main .cell_input')].filter(e => e.checkVisibility()).length"
    bars = "() => [...document.querySelectorAll('main details.above-input > summary')].filter(e => e.checkVisibility()).length"
    inputs = page.evaluate("document.querySelectorAll('main .cell_input').length")
    assert inputs > 5 and page.evaluate(shown) == 0 and page.evaluate(bars) == 0
    toggle = page.locator("button.code-toggle")
    assert toggle.count() == 1 and toggle.inner_text() == "Show the code"
    toggle.click()
    assert page.evaluate(shown) == inputs and toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert page.evaluate(shown) == 0
    page.close()


def test_a_glued_number_has_the_weight_of_its_sentence(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/notebooks/04_turning_point.html", wait_until="networkidle")
    weights = page.evaluate("""() => [...document.querySelectorAll('main p span.pasted-text')].map(span =>
        [getComputedStyle(span).fontWeight, getComputedStyle(span.closest('p')).fontWeight])""")
    page.close()
    assert len(weights) > 20 and all(own == sentence for own, sentence in weights), weights[:5]


@pytest.mark.parametrize("page_path", ["notebooks/01_the_data.html", "notebooks/02_personnel.html",
                                       "notebooks/03_pairing.html", "notebooks/04_turning_point.html"])
def test_numbers_stand_right_aligned_in_digits_of_one_width(browser, server, page_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    # Every column of numbers (codes such as an adcode are names, not numbers), cell by cell.
    cells = page.evaluate("""() => [...document.querySelectorAll('main table.book-table')].flatMap(table => {
        const rows = [...table.querySelectorAll('tbody tr')].map(tr => [...tr.children]);
        const width = Math.max(...rows.map(r => r.length));
        const number = td => /^[-−+]?[\\d,]+(\\.\\d+)?%?$|^< 0\\.001$/.test(td.textContent.trim());
        return [...Array(width).keys()]
          .map(i => rows.map(r => r[i]).filter(td => td && td.textContent.trim() !== '–'))
          .filter(column => column.length && column.every(number) && !column.every(td => /^\\d{6}$/.test(td.textContent.trim())))
          .flat().map(td => [td.textContent.trim(), getComputedStyle(td).textAlign,
                             getComputedStyle(td).fontVariantNumeric, parseFloat(getComputedStyle(td).paddingLeft)]); })""")
    page.close()
    assert len(cells) > 10
    wrong = [cell for cell in cells if not (cell[1] == "right" and "tabular-nums" in cell[2] and cell[3] >= 8)]
    assert not wrong, wrong[:5]


# -- Dark mode, marks every font carries, the figures gallery, the scrolling cue, the codebook's cards --

#: What the text of a page and its ground are, as a reader sees them: the colour of each visible piece
#: of text (an element's own text), composited over the first opaque background behind it, and the
#: WCAG contrast ratio between them; and each badge's own ground against the ground around it.
_CONTRAST = """(selector) => {
  const parse = (s) => { const m = s.match(/rgba?\\(([^)]*)\\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const ground = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const visible = (e) => e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const text = [...document.querySelectorAll(selector)]
    .filter(e => !e.closest('svg') && visible(e) && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
    .map(e => { const s = getComputedStyle(e), back = ground(e), large = parseFloat(s.fontSize) >= 24
                  || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
                return {text: e.textContent.trim().slice(0, 40), tag: e.tagName, ratio: ratio(over(parse(s.color), back), back),
                        needed: large ? 3 : 4.5}; });
  const badges = [...document.querySelectorAll('main .sd-badge')].filter(visible).map(b => {
    const own = parse(getComputedStyle(b).backgroundColor), around = ground(b.parentElement);
    const edge = own[3] > 0 ? over(own, around) : over(parse(getComputedStyle(b).borderTopColor), around);
    return {text: b.textContent.trim(), ratio: ratio(edge, around)}; });
  return {theme: document.documentElement.dataset.theme, text, badges};
}"""


def _dark_page(browser, server, page_path, width=1400):
    context = browser.new_context(viewport={"width": width, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    # The theme sets dark mode by script once the page has loaded: wait for it, not for a time.
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
    return context, page


@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_reads_in_dark_mode(browser, server, page_path):
    # The theme follows the reader's system: in dark mode, every text (tables, cards, boxes, captions,
    # badges, the findings' chart) stands out from its ground by WCAG AA, and every badge from the
    # ground round it by the 3:1 asked of a graphic (a "cannot tell" badge was the colour of the page).
    context, page = _dark_page(browser, server, page_path)
    seen = page.evaluate(_CONTRAST, "main *")
    context.close()
    assert seen["theme"] == "dark"
    assert seen["text"], "the page has text"
    faint = [t for t in seen["text"] if t["ratio"] < t["needed"]]
    assert not faint, faint[:5]
    lost = [b for b in seen["badges"] if b["ratio"] < 3]
    assert not lost, lost[:5]


@pytest.mark.parametrize("page_path", ["notebooks/02_personnel.html", "notebooks/04_turning_point.html", "book/figures.html"])
def test_figures_stand_on_a_white_panel_in_their_own_colours_in_dark_mode(browser, server, page_path):
    context, page = _dark_page(browser, server, page_path)
    looks = page.evaluate("""() => [...document.querySelectorAll('main figure img, main .cell_output img')].map(img => {
        const panel = img.closest('a.gallery-thumb') || img, s = getComputedStyle(img), p = getComputedStyle(panel);
        return [img.getAttribute('src'), s.filter, p.backgroundColor, parseFloat(p.paddingLeft)]; })""")
    tables = page.evaluate("""() => [...document.querySelectorAll('main .cell_output .text_html')].filter(e => e.querySelector('table'))
        .map(e => getComputedStyle(e).backgroundColor)""")
    context.close()
    assert looks
    wrong = [look for look in looks if look[1] != "none" or look[2] != "rgb(255, 255, 255)" or look[3] < 4]
    assert not wrong, wrong[:3]
    assert set(tables) <= {"rgba(0, 0, 0, 0)"}, "a chapter's table lies on the page's own ground, not on a light slab"


#: Marks that only an emoji font draws (Unicode's Emoji_Presentation, and the heavy check and cross
#: marks some systems draw as emoji): a reader without such a font sees a box.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u231A\u231B\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653"
                   "\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA"
                   "\u26FD\u2705\u270A\u270B\u2714\u2716\u2728\u274C\u274E\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF"
                   "\u2B1B\u2B1C\u2B50\u2B55\uFE0F]")


def test_no_page_uses_a_mark_only_an_emoji_font_draws():
    found = {page: sorted({f"U+{ord(mark):04X}" for mark in EMOJI.findall((SITE / page).read_text(encoding="utf-8"))})
             for page in PAGES}
    assert not {page: marks for page, marks in found.items() if marks}
    # The reproducibility page's table of executions says each chapter's status in a word.
    assert re.search(r"<td><p>ran</p></td>", (SITE / "book" / "reproducibility.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("width, columns", [(1400, {2, 3}), (PHONE["width"], {1})])
def test_the_figures_page_is_a_gallery_of_thumbnails_of_one_width(browser, server, width, columns):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{server}/book/figures.html", wait_until="networkidle")
    galleries = page.evaluate("""() => [...document.querySelectorAll('main .figure-gallery')].map(gallery =>
        [...gallery.querySelectorAll('a.gallery-thumb')].map(a => { const r = a.getBoundingClientRect();
            const img = a.querySelector('img');  // none in the card of a figure drawn in its page (the day map)
            return [Math.round(r.left), Math.round(r.width), img ? img.getBoundingClientRect().width : r.width]; }))""")
    titles = page.evaluate("() => [...document.querySelectorAll('main .gallery-entry h4')].map(h => h.textContent)")
    page.close()
    assert galleries and all(galleries)
    thumbs = [thumb for gallery in galleries for thumb in gallery]
    assert len({round(w) for _, w, _ in thumbs}) == 1, "every thumbnail's box is of one width"
    assert all(0 < img <= w for _, w, img in thumbs)
    widest = max(galleries, key=len)
    assert len({left for left, _, _ in widest}) in columns
    assert all(re.match(r"(Figure|Table) \d|Table in section \d", title) for title in titles), titles[:3]


#: A table no page of the book has: wider than any screen (for the tests of the scrolling cue).
WIDE_TABLE = ('<div class="cell_output docutils container"><div class="output text_html"><table class="book-table" '
              'id="wide-test"><thead><tr>' + "".join(f"<th>column {i}</th>" for i in range(30)) + "</tr></thead><tbody>"
              + "<tr>" + "".join('<td style="white-space: nowrap">1,234,567</td>' for _ in range(30)) + "</tr></tbody></table>"
              "</div></div>")


def test_a_table_that_scrolls_sideways_says_so_and_one_that_fits_does_not(browser, server):
    # Every table of the book fits its column (below); one that cannot, here one put into the page, scrolls
    # in its box on a screen too wide for cards, and says so; on a phone it reads as cards instead.
    page = browser.new_page(viewport={"width": 800, "height": 900})
    page.route(f"{server}/notebooks/01_the_data.html", lambda route: route.fulfill(
        response=(response := route.fetch()),
        body=response.text().replace('<section id="overview">', '<section id="overview">' + WIDE_TABLE, 1)))
    page.goto(f"{server}/notebooks/01_the_data.html", wait_until="networkidle")
    boxes = """() => [...document.querySelectorAll('main table')].map(t => {
        let box = t.parentElement; while (!['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        const cue = box.previousElementSibling;
        return {id: t.id, overflows: box.scrollWidth > box.clientWidth + 1, classes: box.className,
                cue: cue.classList.contains('scroll-cue') && cue.checkVisibility() ? cue.textContent : null,
                mask: getComputedStyle(box).maskImage, cards: t.classList.contains('cards')}; })"""
    found = page.evaluate(boxes)
    assert [b["id"] for b in found if b["overflows"]] == ["wide-test"], found
    for box in found:
        if box["overflows"]:
            assert box["cue"] == "scroll sideways →" and "more-right" in box["classes"] and box["mask"] != "none", box
        else:
            assert box["cue"] is None and "scrolls" not in box["classes"] and box["mask"] == "none", box
    # Scrolled to its end, a table fades at the edge that now hides more: the left.
    page.evaluate("""() => { const box = document.querySelector('main .scrolls'); box.scrollLeft = box.scrollWidth; }""")
    settle(page, "() => /more-left/.test(document.querySelector('main .scrolls').className)"
                 " && !/more-right/.test(document.querySelector('main .scrolls').className)")
    assert "more-left" in page.evaluate("document.querySelector('main .scrolls').className")
    assert "more-right" not in page.evaluate("document.querySelector('main .scrolls').className")
    # The window narrowed to a phone's: the wide table, of numbers, still scrolls and says so (a table of
    # words would read as cards).
    page.set_viewport_size(PHONE)
    settle(page, f"() => ({boxes})().some(b => b.id === 'wide-test' && !b.cards && b.overflows && b.cue === 'scroll sideways →')")
    wide = next(b for b in page.evaluate(boxes) if b["id"] == "wide-test")
    assert not wide["cards"] and wide["overflows"] and wide["cue"] == "scroll sideways →", wide
    page.close()


#: Each table of a page as a reader sees it: its width, the box it sits in (the nearest that would
#: scroll, else its parent) and the column of text, whether it reads as labelled cards, and its caption.
_TABLES = """() => {
  const article = document.querySelector('main article'), style = getComputedStyle(article);
  const outer = article.getBoundingClientRect();
  const text = {left: outer.left + parseFloat(style.paddingLeft), right: outer.right - parseFloat(style.paddingRight)};
  return [...document.querySelectorAll('main table')].map(table => {
    let box = table.parentElement;
    for (let a = box; a && a.tagName !== 'MAIN'; a = a.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) { box = a; break; }
    const cells = [...table.querySelectorAll('tbody td, tbody th')];
    const caption = table.querySelector('caption');
    const rect = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
    return {heading: (table.closest('section').querySelector('h1, h2, h3, h4') || {}).textContent,
            table: rect(table), box: rect(box), text: {left: text.left, right: text.right},
            cards: cells.length > 0 && cells.every(c => getComputedStyle(c).display === 'block' && c.dataset.label),
            numbers: table.classList.contains('numbers'),
            held: [...table.querySelectorAll('tr > :first-child')].every(c => getComputedStyle(c).position === 'sticky'),
            cue: !!(box.previousElementSibling && box.previousElementSibling.classList.contains('scroll-cue')
                    && box.previousElementSibling.checkVisibility()),
            caption: caption && {...rect(caption), text: caption.textContent.slice(0, 40),
                                 clipped: caption.scrollWidth > caption.clientWidth + 1}};
  });
}"""
CHAPTERS = [p for p in PAGES if p.startswith("notebooks/")]


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_no_chapter_table_is_wider_than_its_column_on_a_wide_screen(browser, server, page_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    tables = page.evaluate(_TABLES)
    page.close()
    wide = [(t["heading"], round(t["table"]["width"]), round(t["text"]["right"] - t["text"]["left"])) for t in tables
            if t["table"]["right"] > t["text"]["right"] + 1 or t["table"]["right"] > t["box"]["right"] + 1]
    assert not wide, f"tables wider than the column of text (heading, width, column): {wide}"


@pytest.mark.parametrize("page_path", PAGES)
def test_on_a_phone_every_table_fits_reads_as_cards_or_scrolls_its_numbers_with_their_names_held(browser, server,
                                                                                                 page_path):
    """A table of sentences too wide for a phone reads as labelled cards; a table of numbers or of short
    cells stays a table, whose rows can be compared (cards made a phone's chapter 50,000 px tall, and the
    21 pairings four screens: fresh readers' findings), and scrolls sideways saying so, its first column
    held in view."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    tables = page.evaluate(_TABLES)
    page.close()
    wide = [t for t in tables if t["table"]["right"] > t["box"]["right"] + 1 or t["table"]["right"] > PHONE["width"]]
    neither = [(t["heading"], round(t["table"]["width"])) for t in wide if not t["cards"] and not t["numbers"]]
    assert not neither, f"tables of words that neither fit a phone nor read as cards (heading, width): {neither}"
    unheld = [(t["heading"], t["cue"], t["held"]) for t in wide if t["numbers"] and not (t["cue"] and t["held"])]
    assert not unheld, f"tables of numbers that scroll without saying so or holding their first column: {unheld}"
    assert all(t["box"]["right"] <= PHONE["width"] + 1 for t in tables)
    assert all(t["table"]["right"] <= PHONE["width"] for t in tables if t["cards"])


def test_on_a_phone_the_reconciliation_stays_a_table_of_numbers_its_bulletin_columns_in_the_first_view(browser,
                                                                                                   server):
    """A fresh reader's finding: on a phone the first view cut the bulletin's deaths mid-number. A table of
    numbers is set closer there, its text still above the book's 11 px."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/notebooks/01_the_data.html", wait_until="networkidle")
    tables = [t for t in page.evaluate(_TABLES) if "Reconciliation" in (t["heading"] or "")]
    seen = page.evaluate("""() => {
      const table = [...document.querySelectorAll('main table.numbers')].find(
        t => t.closest('section').querySelector('h2, h3').textContent.includes('Reconciliation'));
      const box = table.parentElement.getBoundingClientRect();
      const headers = [...table.querySelectorAll('thead tr:last-child th')];
      return {size: parseFloat(getComputedStyle(table.querySelector('td')).fontSize),
              whole: headers.filter(th => th.getBoundingClientRect().right <= box.right + 1).map(th => th.textContent)};
    }""")
    page.close()
    assert tables and all(t["numbers"] and not t["cards"] for t in tables), tables
    assert seen["size"] >= 11 and seen["whole"][:4] == ["date", "confirmed", "cured", "deaths"], seen


def test_on_a_phone_the_pairing_list_stays_a_table_its_cities_held(browser, server):
    """A fresh reader's finding: the 21 pairings read as 21 cards of five lines, four screens. A table of
    short cells (names, dates, counts) stays a table on a phone and scrolls, its cities held in view."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/notebooks/03_pairing.html", wait_until="networkidle")
    pairings = next(t for t in page.evaluate(_TABLES) if "The pairing list" in (t["heading"] or ""))
    page.close()
    assert pairings["numbers"] and not pairings["cards"] and pairings["held"] and pairings["cue"], pairings


@pytest.mark.parametrize("width", [1400, PHONE["width"]])
def test_every_table_caption_is_seen_whole(browser, server, width):
    seen = []
    for page_path in PAGES:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{server}/{page_path}", wait_until="networkidle")
        for table in page.evaluate(_TABLES):
            caption = table["caption"]
            if caption:
                seen.append(caption["text"])
                inside = caption["left"] >= max(table["box"]["left"], 0) - 1 and caption["right"] <= min(table["box"]["right"], width) + 1
                assert inside and not caption["clipped"], (page_path, caption, table["box"])
        page.close()
    assert any(text.startswith("Table 5.1") for text in seen), seen  # Table 1 of the article, among others


def test_the_codebook_reads_as_labelled_cards_on_a_phone(browser, server):
    from docutils.nodes import make_id

    from pairing.book import codebook
    from pairing.data import schemas

    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/book/data.html", wait_until="networkidle")
    tables = page.evaluate("""(ids) => ids.map(id => document.getElementById(id).querySelector('table')).map(table => {
        const cells = [...table.querySelectorAll('tbody tr:first-child td')];
        return {classes: table.className, width: table.getBoundingClientRect().width,
                display: cells.map(c => getComputedStyle(c).display), labels: cells.map(c => c.dataset.label || '')}; })""",
                           [make_id(codebook.label(name)) for name in schemas.CURATED])
    page.close()
    assert len(tables) == len(schemas.CURATED), "a table of columns per curated table"
    for table in tables:
        assert "cards" in table["classes"].split() and table["width"] <= PHONE["width"], table
        assert set(table["display"]) == {"block"} and table["labels"] == ["column", "what it holds", "rules"], table


# -- A small multiple drawn again for a phone (pairing.figures.plots.save_figure(phone=...)) --

#: Pixels an inch of a figure at its natural size, on the page and (declared 2x) in its phone rendering
#: (``figure.dpi``, pairing.figures.plots.set_style).
FIGURE_PPI = 110


@pytest.mark.parametrize("width, rendering", [(PHONE["width"], "phone"), (1400, "page")])
def test_letter_fig3_shows_its_phone_rendering_on_a_phone_and_its_text_is_legible(browser, server, width, rendering):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{server}/notebooks/04_turning_point.html", wait_until="networkidle")
    image = page.locator("#fig-letter-fig3 a.full-size img")
    image.scroll_into_view_if_needed()
    shown = image.evaluate("""i => ({src: i.currentSrc, natural: i.naturalWidth, width: i.getBoundingClientRect().width,
                                     alt: i.alt, href: i.closest('a.full-size').getAttribute('href')})""")
    page.close()
    assert shown["src"].endswith("/figures/phone/letter-fig3.png") == (rendering == "phone"), shown["src"]
    # Both renderings have the fonts of the published SVG; the smallest, in points, as the screen shows it.
    svg = (SITE / "figures" / "letter-fig3.svg").read_text(encoding="utf-8")
    smallest = min(float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", svg))
    assert smallest * FIGURE_PPI / 72 * shown["width"] / shown["natural"] >= 11, shown
    assert shown["alt"].startswith("Eighteen small line charts") and shown["href"] == "../figures/letter-fig3.png"


def test_letter_fig3_returns_to_its_page_size_when_a_phone_wide_window_widens(browser, server):
    page = browser.new_page(viewport={"width": PHONE["width"], "height": 900})
    page.goto(f"{server}/notebooks/04_turning_point.html", wait_until="networkidle")
    image = page.locator("#fig-letter-fig3 a.full-size img")
    image.scroll_into_view_if_needed()
    page.set_viewport_size({"width": 1400, "height": 900})
    settle(page, "i => !i.currentSrc.includes('/figures/phone/') && i.getBoundingClientRect().width > 700",
           image.element_handle())
    shown = image.evaluate("i => ({src: i.currentSrc, width: i.getBoundingClientRect().width})")
    page.close()
    assert "/figures/phone/" not in shown["src"] and shown["width"] > 700, shown


# -- A fresh reader's low findings (issue 27): words, tables and page furniture --------------------------


#: A control that searches the book: the theme's search buttons (header, sidebar, article header) and
#: a search field outside the search dialog.
SEARCH = ".search-button__button, :not(#pst-search-dialog) > form.bd-search input"


@pytest.mark.parametrize("width", [1400, 1000, PHONE["width"]])
@pytest.mark.parametrize("page_path", ["book/intro.html", "notebooks/08_divisions.html"])
def test_one_search_shows_at_each_width(browser, server, page_path, width):
    # The theme's header used to add its own search field above the sidebar's (sections/header.html);
    # the sidebar's, scrolled to the page's entry, left the screen (book.css keeps it at the top).
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    shown = page.evaluate(f"""() => [...document.querySelectorAll({SEARCH!r})].filter(e => e.checkVisibility())
        .map(e => {{ const r = e.getBoundingClientRect(); return [e.parentElement.className, r.top, r.bottom]; }})""")
    header = page.evaluate("() => document.querySelector('#pst-header').getBoundingClientRect().height")
    page.close()
    assert len(shown) == 1, shown
    assert 0 <= shown[0][1] < shown[0][2] <= 800, shown  # on the first screen
    assert header == 0  # no bar of the theme's over the book's: nothing is left in it


@pytest.mark.parametrize("toggle, sidebar", [(".primary-toggle", "#pst-primary-sidebar-modal"),
                                             (".secondary-toggle", "#pst-secondary-sidebar-modal")])
def test_a_phone_s_menu_and_contents_buttons_open_their_drawers(browser, server, toggle, sidebar):
    from playwright.sync_api import expect

    # The theme binds the first of each toggle in the page: a hidden one in its header took the click.
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/notebooks/08_divisions.html", wait_until="networkidle")
    page.locator(f"{toggle}:visible").click()
    expect(page.locator(sidebar)).to_have_attribute("open", "")
    page.close()


def test_the_pairing_lists_staff_sent_is_a_column_of_numbers_with_its_remark_beside_it(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/notebooks/03_pairing.html", wait_until="networkidle")
    columns = page.evaluate("""() => { const table = document.querySelector('#the-pairing-list table.book-table');
        const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
        const at = (name) => names.indexOf(name);
        const rows = [...table.querySelectorAll('tbody tr')].map(tr => [...tr.children]);
        const column = (name) => rows.map(r => [r[at(name)].textContent.trim(), getComputedStyle(r[at(name)]).textAlign,
                                               getComputedStyle(r[at(name)]).fontVariantNumeric]);
        return {names, staff: column('staff sent'), count: column('the count is')}; }""")
    page.close()
    assert columns["names"][-2:] == ["staff sent", "the count is"]
    assert all(re.fullmatch(r"[\d,]+|–", text) and align == "right" and "tabular-nums" in digits
               for text, align, digits in columns["staff"]), columns["staff"]
    assert {text for text, *_ in columns["count"]} <= {"total", "lower bound", "not found"}
    # a dash in the numbers is a "not found" beside it, and only that
    assert all((staff == "–") == (count == "not found") for (staff, *_), (count, *_) in zip(columns["staff"], columns["count"]))


@pytest.mark.parametrize("width", [1400, PHONE["width"]])
def test_every_bibtex_entry_is_seen_whole_and_copies_as_it_parses(browser, server, width):
    from pybtex.database import parse_string

    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{server}/book/figures.html", wait_until="networkidle")
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    blocks = page.evaluate("""() => [...document.querySelectorAll('main pre.citation-bibtex')].map(pre => {
        const r = pre.getBoundingClientRect();
        return {text: pre.textContent, hidden: pre.scrollWidth - pre.clientWidth, right: r.right}; })""")
    copied = page.evaluate("""() => { const pre = document.querySelector('main pre.citation-bibtex');
        getSelection().selectAllChildren(pre); return getSelection().toString(); }""")
    page.close()
    assert len(blocks) > 10
    cut = [(b["text"][:30], b["hidden"]) for b in blocks if b["hidden"] > 1 or b["right"] > width]
    assert not cut, cut
    entries = parse_string("\n\n".join(b["text"] for b in blocks), "bibtex").entries
    assert len(entries) == len(blocks) and "note" in entries[next(iter(entries))].fields
    assert copied.strip() == blocks[0]["text"].strip() and "\n  note = {" in copied  # its lines whole, none broken


#: How a page's long runs of characters without a space (16 or more: a file's path, an address, a hash)
#: break into lines: where one is wider than the page, or breaks other than after a separator ("/", "-",
#: "_", "." …) outside a run of hexadecimal digits (a hash, which may break anywhere); Chinese aside.
_IDENTIFIER_BREAKS = """() => {
  const SEPARATORS = "/-–_.?&=#,;:)";  // the en dash of a page range ("1199–1207") too
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  // A run of text as a reader sees it: a text node and those that follow it across <wbr>s (book.js's marks).
  const chained = (node) => node.previousSibling && node.previousSibling.nodeName === 'WBR'
                            && node.previousSibling.previousSibling && node.previousSibling.previousSibling.nodeType === 3;
  for (let node; (node = walker.nextNode());) {
    const element = node.parentElement;
    if (chained(node) || !element.checkVisibility()
        || element.closest('svg, script, style, .cell_input, figure.pairing-daymap')) continue;
    const at = [];  // each character's node and offset
    for (let n = node; n; n = n.nextSibling && n.nextSibling.nodeName === 'WBR' && n.nextSibling.nextSibling
                                && n.nextSibling.nextSibling.nodeType === 3 ? n.nextSibling.nextSibling : null)
      for (let k = 0; k < n.data.length; k++) at.push([n, k]);
    const text = at.map(([n, k]) => n.data[k]).join('');
    for (const match of text.matchAll(/[^\\s\u2E80-\u9FFF\uFF00-\uFFEF]{16,}/g)) {
      const word = match[0], range = document.createRange();
      let top = null;
      for (let i = 0; i < word.length; i++) {
        const [n, k] = at[match.index + i];
        range.setStart(n, k);
        range.setEnd(n, k + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        if (box.right > window.innerWidth + 1) { found.push([word, 'wider than the page']); break; }
        const part = (word.slice(0, i).match(/[0-9a-z]*$/i)[0] + word.slice(i).match(/^[0-9a-z]*/i)[0]);
        if (top !== null && box.top > top + 2 && !SEPARATORS.includes(word[i - 1])
            && !(part.length >= 12 && /^[0-9a-f]+$/i.test(part))) found.push([word, word.slice(0, i) + '|' + word.slice(i)]);
        top = box.top;
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("page_path", ["book/data.html", "book/references.html", "book/reproducibility.html",
                                       "book/figures.html", "book/rerun.html", "notebooks/08_divisions.html"])
def test_on_a_phone_an_identifier_breaks_after_its_separators_and_never_widens_the_page(browser, server, page_path):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    found = page.evaluate(_IDENTIFIER_BREAKS)
    page.close()
    assert not found, found[:8]


def test_a_break_after_a_separator_adds_nothing_to_the_text_a_reader_copies_or_searches(browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/book/data.html", wait_until="networkidle")
    seen = page.evaluate("""() => ({breaks: document.querySelectorAll('main wbr').length,
                                    text: document.querySelector('main').textContent})""")
    page.close()
    assert seen["breaks"] > 10 and "hubei_published_totals.csv" in seen["text"] and "src/pairing/data/panel.py" in seen["text"]


def test_the_figures_page_lists_the_day_map_drawn_in_its_page_with_a_card_that_opens_it(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/book/figures.html", wait_until="networkidle")
    entry = page.evaluate("""() => { const e = document.getElementById('export-turning-active-map');
        const card = e && e.querySelector('a.gallery-thumb'), other = document.querySelector('a.gallery-thumb img');
        return e && {number: e.querySelector('h4 span').textContent, title: e.querySelector('h4 span + span').textContent,
                     href: card.getAttribute('href'), text: card.textContent, width: card.getBoundingClientRect().width,
                     other: other.closest('a').getBoundingClientRect().width, gallery: !!e.closest('.figure-gallery'),
                     files: [...e.querySelectorAll('p a')].map(a => a.getAttribute('href'))}; }""")
    chapter = (SITE / "notebooks" / "04_turning_point.html").read_text(encoding="utf-8")
    page.close()
    from pairing.report.turning import DAY_MAP_WORDS  # the caption's headline, held to the data's words

    assert entry and entry["gallery"], "the day map is in chapter 4's gallery of figures"
    number = re.search(r'id="fig-turning-day-map".*?<span class="caption-number">Fig\. ([\d.]+)', chapter, re.S).group(1)
    assert entry["number"] == f"Figure {number}" and entry["title"] == DAY_MAP_WORDS
    assert entry["href"] == "../notebooks/04_turning_point.html#fig-turning-day-map" and "Open it there" in entry["text"]
    assert entry["width"] == entry["other"] and "../figures/turning-active-map.csv" in entry["files"]


def test_the_reproducibility_page_keeps_its_code_behind_the_one_toggle_and_shows_no_bar_without_words(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/book/reproducibility.html", wait_until="networkidle")
    seen = page.evaluate("""() => ({
        bars: [...document.querySelectorAll('main details > summary')].filter(s => s.checkVisibility()).map(s => s.textContent.trim()),
        toggles: [...document.querySelectorAll('main button.code-toggle')].filter(b => b.checkVisibility()
                                                                                 && b.closest('.bd-article')).length,
        shown: [...document.querySelectorAll('main .cell_input')].filter(e => e.checkVisibility()).length,
        hidden: document.querySelectorAll('main .cell_input').length})""")
    page.close()
    assert seen["toggles"] == 1 and seen["shown"] == 0 and seen["hidden"] >= 4
    assert seen["bars"] == ["The sha256 and size of each file, as the build checks them"], seen["bars"]


def test_the_findings_counts_show_whole_on_a_phone_a_verdict_s_badge_heading_each_row(browser, server):
    # A reader's finding: with a column per verdict, the table was cut after "contradi…" on a phone.
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/notebooks/06_findings.html", wait_until="networkidle")
    rows = page.evaluate("""() => { const table = document.querySelector('main table.book-table');
        const box = table.closest('.pst-scrollable-table-container');
        return {fits: box.scrollWidth <= box.clientWidth + 1,
                rows: [...table.querySelectorAll('tbody tr')].map(tr => [tr.cells[0].textContent.trim(),
                                                                          !!tr.cells[0].querySelector('.sd-badge')])}; }""")
    page.close()
    assert rows["fits"], rows
    assert [name for name, badge in rows["rows"] if badge] == ["supported", "partly", "not shown", "contradicted", "cannot tell"]


def test_the_findings_verdict_chart_reads_as_counts_with_their_verdicts(browser, server):
    # A screen reader read each bar of the findings' chart as its counts run together ("3633"): each
    # segment now says its verdict in words only a reader of the text meets, the numbers alone showing.
    page = browser.new_page(viewport={"width": PHONE["width"], "height": 1000})
    page.goto(f"{server}/notebooks/06_findings.html", wait_until="networkidle")
    bars = page.evaluate("""() => [...document.querySelectorAll('main .verdict-segments')].map(bar => ({
        text: bar.innerText.replace(/\\s+/g, ' ').trim(),
        exposed: !bar.closest('[aria-hidden="true"]'),
        shown: [...bar.children].map(s => [...s.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')),
        hidden: [...bar.querySelectorAll('.visually-hidden')].map(s => s.getBoundingClientRect().width)}))""")
    spoken = [page.locator("main .verdict-segments").nth(i).aria_snapshot() for i in range(len(bars))]
    page.close()
    verdicts = "supported|partly|not shown|contradicted|cannot tell"
    assert len(bars) == 2
    for bar, tree in zip(bars, spoken):
        assert re.fullmatch(rf"\d+ ({verdicts})(, \d+ ({verdicts}))*\.", bar["text"]), bar["text"]
        assert bar["exposed"] and all(width <= 1 for width in bar["hidden"])
        assert all(re.fullmatch(r"\d+", number) for number in bar["shown"])  # the bar itself shows only numbers
        assert " ".join(bar["text"].split()) in " ".join(re.sub(r"- text: ", " ", tree).split()), tree
