// Day slider for a pairing-daymap figure (see pairing/interactive.py). Runs once per figure,
// in place; reads the figure's JSON and recolours its paths. No library, no request.
(function (figure) {
  const data = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
  const slider = figure.querySelector('input[type="range"]');
  const output = figure.querySelector("output");
  const button = figure.querySelector("button");
  const readout = figure.querySelector("p[aria-live]");
  const paths = figure.querySelectorAll("path[data-adcode]");
  let timer = null;

  function describe(code, day) {
    const d = data.divisions[code];
    const perHead = d.per10k[day] === null ? "no population on record" : d.per10k[day].toFixed(1) + " per 10,000";
    return d.name + ", " + data.days[day] + ": " + d.active[day].toLocaleString("en") + " under treatment, " + perHead;
  }

  function show(day) {
    slider.value = day;
    output.textContent = data.days[day];
    paths.forEach(function (path) {
      const code = path.dataset.adcode;
      path.setAttribute("fill", data.divisions[code].fill[day]);
      path.querySelector("title").textContent = describe(code, day);
    });
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    button.textContent = "▶ play";
  }

  slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
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
    const tell = function () { readout.textContent = describe(path.dataset.adcode, Number(slider.value)); };
    path.addEventListener("mouseenter", tell);
    path.addEventListener("focus", tell);
  });
  show(Number(slider.value));
})(document.currentScript.closest("figure"));
