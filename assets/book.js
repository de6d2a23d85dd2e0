// The book's own script: on a phone, a table of claims or exhibits reads as cards (book.css), each
// cell labelled with its column's name, taken from the table's last header row.
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.cards")) {
    const rows = table.querySelectorAll("thead tr");
    if (!rows.length) continue;
    const names = [...rows[rows.length - 1].children].map((cell) => cell.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        if (names[i]) cell.dataset.label = names[i];
      });
    }
  }
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
  const place = document.querySelector("main .chapter-downloads") || document.querySelector("main h1");
  place.after(button);
  document.documentElement.classList.add("one-code-toggle");
});
