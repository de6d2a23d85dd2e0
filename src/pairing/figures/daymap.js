// Day slider for a pairing-daymap figure (see pairing/figures/interactive.py). Runs once per figure,
// in place; reads the figure's JSON, recolours its paths, names the divisions whose names fit on them
// and numbers the others, with a key. No library, no request.
(function (figure) {
  const data = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
  const svg = figure.querySelector("svg");
  const slider = figure.querySelector('input[type="range"]');
  const output = figure.querySelector("output");
  const button = figure.querySelector("button:not([data-day])");
  const mark = figure.querySelector("button[data-day]");
  const readout = figure.querySelector("p[aria-live]");
  const hint = readout.textContent;
  const paths = figure.querySelectorAll("path[data-adcode]");
  const marker = figure.classList[0];
  const current = svg.querySelector("." + marker + "-current");  // the outline drawn on top
  const names = svg.querySelector("." + marker + "-names");
  const numbers = svg.querySelector("." + marker + "-numbers");
  const key = figure.querySelector("." + marker + "-key");
  let timer = null;
  let pointed = null;  // the division under a mouse pointer
  let chosen = null;   // the division last tapped, clicked or reached by Tab: it stays until another is
                       // chosen, or a tap off the divisions lets it go

  function describe(code, day) {
    const d = data.divisions[code];
    const perHead = d.per10k[day] === null ? "no population on record" : d.per10k[day].toFixed(1) + " per 10,000";
    return d.name + ", " + data.days[day] + ": " + d.active[day].toLocaleString("en") + " under treatment, " + perHead;
  }

  // The readout and the outline follow the division pointed at, else the one chosen, on the day shown.
  function tell() {
    const code = pointed || chosen;
    readout.textContent = code ? describe(code, Number(slider.value)) : hint;
    current.setAttribute("d", code ? figure.querySelector('path[data-adcode="' + code + '"]').getAttribute("d") : "");
  }

  function show(day) {
    slider.value = day;
    output.textContent = data.days[day];
    paths.forEach(function (path) {
      const code = path.dataset.adcode;
      path.setAttribute("fill", data.divisions[code].fill[day]);
      path.querySelector("title").textContent = describe(code, day);
    });
    tell();
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    button.textContent = "▶ play";
  }

  slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
  if (mark) mark.addEventListener("click", function () { stop(); show(Number(mark.dataset.day)); });
  button.addEventListener("click", function () {
    if (timer) { stop(); return; }
    if (Number(slider.value) >= data.days.length - 1) show(0);
    button.textContent = "❚❚ pause";
    timer = setInterval(function () {
      const next = Number(slider.value) + 1;
      if (next >= data.days.length) { stop(); return; }
      show(next);
    }, 200);
  });
  paths.forEach(function (path) {
    const code = path.dataset.adcode;
    // Only a mouse hovers: a finger's enter and leave come with its tap, which chooses instead.
    path.addEventListener("pointerenter", function (e) { if (e.pointerType === "mouse") { pointed = code; tell(); } });
    path.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") { pointed = null; tell(); } });
    path.addEventListener("click", function () { chosen = code; tell(); });
    path.addEventListener("focus", function () { chosen = code; tell(); });
  });
  svg.addEventListener("click", function (e) {  // a tap or click off the divisions lets the chosen one go
    if (!e.target.closest("path[data-adcode]")) { chosen = null; tell(); }
  });

  // The static maps' rule (pairing.figures.plots.label_divisions), at NAME_PX on the screen whatever
  // the map's width: a division's name stands on it, at its middle (the centre of the largest circle
  // inside it) or shifted a little from it, when that circle is at least twice the name's height across,
  // the division at least INSIDE times the name's width there, and the place is free: no name may
  // overlap another, cover another division's middle (the box its number takes there, and GAP_PX round
  // it) or leave the map. Smallest division first: it has the fewest places. Every other division shows
  // its number (its own on every map of the book, written by Python) at its middle, and the key under
  // the map names it; when that is more than half of them, every division is numbered, so that the key
  // is the whole list. No leader lines. Hovering or tapping a division names it in the readout too.
  const NAME_PX = 12, HALO_PX = 3, GAP_PX = 2, INSIDE = 0.6;
  const numberOf = {}, entryOf = {};
  numbers.querySelectorAll("text").forEach(function (text) { numberOf[text.dataset.adcode] = text; });
  key.querySelectorAll("li").forEach(function (entry) { entryOf[entry.dataset.adcode] = entry; });
  const spots = Array.from(names.querySelectorAll("text")).map(function (text) {
    return {text: text, code: text.dataset.adcode, x: Number(text.getAttribute("x")), y: Number(text.getAttribute("y")),
            radius: Number(text.dataset.radius), across: Number(text.dataset.across)};
  }).sort(function (a, b) { return a.radius - b.radius; });
  const overlaps = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };

  function place() {
    const map = svg.viewBox.baseVal;
    const unit = svg.getBoundingClientRect().width / map.width;  // screen pixels per SVG unit
    if (!unit) return;  // not laid out (a closed drawer): placed when it is
    [names, numbers].forEach(function (group) {
      group.setAttribute("font-size", NAME_PX / unit);
      group.setAttribute("stroke-width", HALO_PX / unit);
    });
    const gap = GAP_PX / unit, middles = {};
    spots.forEach(function (s) {  // each division's middle: the box of its number there
      const number = numberOf[s.code];
      number.removeAttribute("display");
      const box = number.getBBox();
      middles[s.code] = {x0: box.x - gap, x1: box.x + box.width + gap, y0: box.y - gap, y1: box.y + box.height + gap};
    });
    const taken = [], named = new Set();
    spots.forEach(function (s) {
      s.text.removeAttribute("display");
      s.text.setAttribute("x", s.x);
      s.text.setAttribute("y", s.y);
      const ink = s.text.getBBox(), left = ink.x - s.x, top = ink.y - s.y;
      const w = ink.width, h = ink.height;  // the name's box, and where it lies from the point it is set at
      if (s.radius < h || s.across < INSIDE * w) return;
      const offsets = [];
      [0, -w / 4, w / 4].forEach(function (dx) { [0, -h / 2, h / 2].forEach(function (dy) { offsets.push([dx, dy]); }); });
      const found = offsets.map(function (d) {
        const cx = s.x + d[0], cy = s.y + d[1];
        return {cx: cx, cy: cy, x0: cx + left, x1: cx + left + w, y0: cy + top, y1: cy + top + h};
      }).find(function (b) {
        return b.x0 >= map.x && b.x1 <= map.x + map.width && b.y0 >= map.y && b.y1 <= map.y + map.height &&
          !taken.some(function (t) { return overlaps(b, t); }) &&
          !spots.some(function (m) { return m !== s && overlaps(b, middles[m.code]); });
      });
      if (!found) return;
      taken.push(found);
      named.add(s.code);
      s.text.setAttribute("x", found.cx);
      s.text.setAttribute("y", found.cy);
    });
    if (spots.length - named.size > spots.length / 2) named.clear();  // mostly numbers: all numbers
    spots.forEach(function (s) {
      const on = named.has(s.code);
      s.text.setAttribute("display", on ? "inline" : "none");
      numberOf[s.code].setAttribute("display", on ? "none" : "inline");
      entryOf[s.code].style.display = on ? "none" : "";
    });
    key.style.display = named.size === spots.length ? "none" : "flex";
  }

  show(Number(slider.value));
  place();
  if (window.ResizeObserver) new ResizeObserver(place).observe(svg);
  if (document.fonts) document.fonts.ready.then(place);
})(document.currentScript.closest("figure"));
