// The book's own script: on a phone, a table reads as cards (book.css), one block per row, each cell
// labelled with its column's name, taken from the table's header (a column under a header that spans
// several, "confirmed" over "published", is labelled with both). The tables of claims, of exhibits and
// of a curated table's columns are cards (class "cards"); so is any other table of sentences wider than
// its box on a phone's screen (at most 600 px wide, book.css's width for cards). A table of numbers, or of
// short cells (names, dates, counts), stays a table (class "numbers"), so that its rows can be compared:
// it scrolls sideways, its first column held (as cards, the 21 pairings took four screens).
const PHONE = matchMedia("(max-width: 600px)");

// A cell that reads as a number or a phrase of numbers: "1,234", "-0.68", "4.7%", "14–19", "-1.7 to 0.6",
// "-0.68 (p = 0.016)", "–" (none).
function numeric(cell) {
  const text = cell.textContent.replace(/\bp\b|\bto\b|[=<>()%\s]/g, "");
  return /^[−\-+–.,\d]+$/.test(text);
}

function ofNumbers(table) {
  const cells = [...table.querySelectorAll("tbody td")];
  return cells.length > 0 && cells.filter(numeric).length >= cells.length / 2;
}

// A table whose rows hold sentences, which a phone's column cannot show side by side.
const SENTENCE_CHARS = 60;  // as pairing.report.tables.SENTENCE_CHARS (a test holds them equal)
function ofSentences(table) {
  return [...table.querySelectorAll("tbody td")].some(cell => cell.textContent.trim().length >= SENTENCE_CHARS);
}

function labelCells(table) {
  const rows = [...table.querySelectorAll("thead tr")];
  if (!rows.length) return;
  const names = [];  // per column, the header's words over it, top row first
  for (const row of rows) {
    let column = 0;
    for (const cell of row.children) {
      const text = cell.textContent.trim();
      for (let span = 0; span < (cell.colSpan || 1); span++, column++) {
        names[column] = names[column] || [];
        if (text && !names[column].includes(text)) names[column].push(text);
      }
    }
  }
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, i) => {
      if (names[i] && names[i].length) cell.dataset.label = names[i].join(": ");
    });
  }
}

function cardsIfWide() {
  if (!PHONE.matches) return;
  for (const table of document.querySelectorAll("main table:not(.cards)")) {
    if (ofNumbers(table) || !ofSentences(table)) table.classList.add("numbers");
    else if (table.getBoundingClientRect().width > table.parentElement.clientWidth + 1) {
      table.classList.add("cards");
      labelCells(table);
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  breakIdentifiers(document.querySelector("main"));  // first: a table's width, measured next, depends on it
  for (const table of document.querySelectorAll("table.cards")) labelCells(table);
  cardsIfWide();
  PHONE.addEventListener("change", cardsIfWide);  // a window narrowed to a phone's width
});

// One toggle for a chapter's code (the book's one policy: every code cell's input is hidden, its
// output shown). The cells' own "Show code cell source" bars give way to one button under the
// chapter's title that shows or hides every input at once; without this script they stay.
document.addEventListener("DOMContentLoaded", () => {
  const inputs = [...document.querySelectorAll("main details.above-input")];
  if (!inputs.length) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "code-toggle";
  button.setAttribute("aria-pressed", "false");
  button.textContent = "Show the code";
  button.addEventListener("click", () => {
    const show = button.getAttribute("aria-pressed") !== "true";
    for (const input of inputs) input.open = show;
    button.setAttribute("aria-pressed", String(show));
    button.textContent = show ? "Hide the code" : "Show the code";
  });
  // under the chapter's line of downloads, or else the page's title (not the print-only contents' copy of it)
  const place = document.querySelector("main .chapter-downloads") || document.querySelector("main .bd-article h1");
  place.after(button);
  document.documentElement.classList.add("one-code-toggle");
});

// A table too wide for its box scrolls sideways in it (the theme's box, or a cell's output): where one
// does, and only there, a line above the box says so and the edge that hides more fades (book.css).
// Measured again as the page changes width: a table that fits a wide screen may not fit a phone, and
// one shown as cards never scrolls.
document.addEventListener("DOMContentLoaded", () => {
  const boxOf = new Map();  // each table, and each box, to the box it scrolls in
  for (const table of document.querySelectorAll("main table")) {
    for (let box = table.parentElement; box && box.tagName !== "MAIN"; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
        boxOf.set(table, box).set(box, box);
        break;
      }
    }
  }
  const edges = (box) => {
    const hidden = box.scrollWidth - box.clientWidth;
    box.classList.toggle("more-left", hidden > 1 && box.scrollLeft > 1);
    box.classList.toggle("more-right", hidden > 1 && box.scrollLeft < hidden - 1);
  };
  // A box is measured when it or its table changes size (the page's width, a font arriving).
  const measure = new ResizeObserver((entries) => {
    for (const box of new Set(entries.map((entry) => boxOf.get(entry.target)))) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("scrolls", scrolls);
      box.previousElementSibling.hidden = !scrolls;
      edges(box);
    }
  });
  for (const box of new Set(boxOf.values())) {
    const cue = document.createElement("p");
    cue.className = "scroll-cue";
    cue.setAttribute("aria-hidden", "true");  // a screen reader reads the whole table anyway
    cue.textContent = "scroll sideways →";
    cue.hidden = true;
    box.before(cue);
    box.addEventListener("scroll", () => edges(box), { passive: true });
  }
  for (const element of boxOf.keys()) measure.observe(element);
});

// An identifier (a file's path, an address, a name in code, a citation's field) breaks after its
// separators rather than mid-word: in every long run of characters without a space, a line-break
// opportunity (<wbr>, which copying and searching ignore) follows each "/", "_", ".", "-", "?", "&",
// "=" or "#" that has more of the identifier after it. A part with no separator (a hash) breaks
// anywhere, and only where it must (book.css). Chinese, which breaks between characters, is left alone.
const IDENTIFIER = /[^\s\u2E80-\u9FFF\uFF00-\uFFEF]{16,}/g;
const HAS_IDENTIFIER = new RegExp(IDENTIFIER.source);  // without the flag "g", whose test() would keep a place
const AFTER_SEPARATOR = /([/_.\-?&=#]+)(?=[^\s/_.\-?&=#])/g;

function breakIdentifiers(root) {
  if (!root) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest("script, style, svg, textarea, .cell_input, .highlight, figure.pairing-daymap")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const long = [];
  for (let node; (node = walker.nextNode());) if (HAS_IDENTIFIER.test(node.data)) long.push(node);
  for (const node of long) {
    const parts = node.data.replace(IDENTIFIER, (word) => word.replace(AFTER_SEPARATOR, "$1\u0000")).split("\u0000");
    if (parts.length < 2) continue;
    const pieces = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i) pieces.append(document.createElement("wbr"));
      pieces.append(part);
    });
    node.replaceWith(pieces);
  }
}
