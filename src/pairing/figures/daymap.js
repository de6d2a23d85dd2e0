// Day slider for a pairing-daymap figure (see pairing/figures/interactive.py). Runs once per figure,
// in place; reads the figure's JSON, recolours its paths and places its names. No library, no request.
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

  // Names at NAME_PX on the screen whatever the map's width, placed by one rule, smallest division
  // first (it has the fewest places): a name sits on its division, at its middle (the centre of the
  // largest circle inside it) or shifted a little from it, when that circle is at least twice the
  // name's height across and the division at least INSIDE times the name's width there; otherwise,
  // or when those places are taken, it stands beside the middle, one or two steps out, with a leader
  // line. No name or leader may cross another name, no name may cover another division's middle (its
  // circle, up to MIDDLE_PX in radius), and none leaves the map. A name that finds no such place is
  // left off: hovering or tapping its division names it.
  const NAME_PX = 12, HALO_PX = 3, MIDDLE_PX = 8, GAP_PX = 3, INSIDE = 0.6, STEPS = 2;
  const spots = Array.from(names.querySelectorAll("text")).map(function (text) {
    return {text: text, code: text.dataset.adcode, x: Number(text.getAttribute("x")), y: Number(text.getAttribute("y")),
            radius: Number(text.dataset.radius), across: Number(text.dataset.across)};
  }).sort(function (a, b) { return a.radius - b.radius; });
  const overlaps = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };
  const crosses = function (line, a) {  // does the segment line (x0, y0 to x1, y1) pass through box a?
    let t0 = 0, t1 = 1;
    const dx = line.x1 - line.x0, dy = line.y1 - line.y0;
    const sides = [[-dx, line.x0 - a.x0], [dx, a.x1 - line.x0], [-dy, line.y0 - a.y0], [dy, a.y1 - line.y0]];
    for (let i = 0; i < 4; i++) {
      const p = sides[i][0], q = sides[i][1];
      if (p === 0) { if (q < 0) return false; continue; }
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t); else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
    return t1 - t0 > 1e-9;
  };
  const covers = function (a, m, r) {  // does box a reach into the circle of radius r round m?
    const dx = m.x - Math.max(a.x0, Math.min(m.x, a.x1)), dy = m.y - Math.max(a.y0, Math.min(m.y, a.y1));
    return dx * dx + dy * dy < r * r;
  };

  function place() {
    const map = svg.viewBox.baseVal;
    const unit = svg.getBoundingClientRect().width / map.width;  // screen pixels per SVG unit
    if (!unit) return;  // not laid out (a closed drawer): placed when it is
    names.setAttribute("font-size", NAME_PX / unit);
    names.setAttribute("stroke-width", HALO_PX / unit);
    const middle = function (s) { return Math.min(s.radius, MIDDLE_PX / unit); };
    const taken = [], lines = [];
    spots.forEach(function (s) {
      s.text.style.display = "";
      const ink = s.text.getBBox(), left = ink.x - s.text.getAttribute("x"), top = ink.y - s.text.getAttribute("y");
      const w = ink.width, h = ink.height;  // the name's box, and where it lies from the point it is set at
      const on = [];
      if (s.radius >= h && s.across >= INSIDE * w) {
        [0, -w / 4, w / 4].forEach(function (dx) { [0, -h / 2, h / 2].forEach(function (dy) { on.push([dx, dy, true]); }); });
      }
      const beside = [];
      for (let step = 0; step < STEPS; step++) {
        const off = middle(s) + GAP_PX / unit + step * 2 * h, dx = off + w / 2, dy = off + h / 2;
        beside.push([dx, 0], [-dx, 0], [0, -dy], [0, dy], [dx, -dy], [-dx, -dy], [dx, dy], [-dx, dy]);
      }
      const offsets = on.concat(beside);
      const found = offsets.map(function (d) {
        const cx = s.x + d[0], cy = s.y + d[1];
        const b = {cx: cx, cy: cy, x0: cx + left, x1: cx + left + w, y0: cy + top, y1: cy + top + h};
        // beside its division, a line from the middle to the nearest point of the name
        b.line = d[2] ? null : {x0: s.x, y0: s.y, x1: Math.max(b.x0, Math.min(s.x, b.x1)), y1: Math.max(b.y0, Math.min(s.y, b.y1))};
        return b;
      }).find(function (b) {
        return b.x0 >= map.x && b.x1 <= map.x + map.width && b.y0 >= map.y && b.y1 <= map.y + map.height &&
          !taken.some(function (t) { return overlaps(b, t) || (b.line && crosses(b.line, t)); }) &&
          !lines.some(function (line) { return crosses(line, b); }) &&
          !spots.some(function (m) { return m !== s && covers(b, m, middle(m)); });
      });
      s.text.style.display = found ? "" : "none";
      if (!found) return;
      taken.push(found);
      if (found.line) lines.push(found.line);
      s.text.setAttribute("x", found.cx);
      s.text.setAttribute("y", found.cy);
    });
    const leaders = lines.map(function (l) { return "M" + l.x0 + "," + l.y0 + "L" + l.x1 + "," + l.y1; }).join("");
    names.querySelectorAll("path").forEach(function (path) { path.setAttribute("d", leaders); });
  }

  show(Number(slider.value));
  place();
  if (window.ResizeObserver) new ResizeObserver(place).observe(svg);
  if (document.fonts) document.fonts.ready.then(place);
})(document.currentScript.closest("figure"));
