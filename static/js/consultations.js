// Consultations: draw the survey and opinion-map charts from the JSON the page embeds (no inline script).
(function () {
  "use strict";
  var colours = window.sharikChartColours || ["#92722a", "#1d70b8", "#00843d", "#d83731", "#a26f2d"];
  function motion() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined;
  }
  function surveys(rtl) {
    var node = document.getElementById("survey-chart-data");
    if (!node) {
      return;
    }
    JSON.parse(node.textContent).forEach(function (q) {
      var canvas = document.getElementById("survey-chart-" + q.id);
      if (!canvas) {
        return;
      }
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: q.labels, datasets: [{ data: q.counts, backgroundColor: colours[0] }] },
        options: {
          indexAxis: q.kind === "scale" ? "x" : "y",
          responsive: true,
          maintainAspectRatio: false,
          animation: motion(),
          plugins: { legend: { display: false }, tooltip: { rtl: rtl } },
          scales: { x: { reverse: rtl && q.kind === "scale", beginAtZero: true }, y: { beginAtZero: true, position: rtl ? "right" : "left" } },
        },
      });
    });
  }
  function opinionMap(rtl) {
    var node = document.getElementById("opinion-chart-data");
    var canvas = document.getElementById("opinion-chart");
    if (!node || !canvas) {
      return;
    }
    var chart = JSON.parse(node.textContent);
    var label = canvas.getAttribute("data-group-label") || "";
    var datasets = [];
    for (var g = 0; g < chart.k; g++) {
      datasets.push({
        label: label + " " + (g + 1),
        // A small fixed offset per dot, so people who voted identically do not hide one another.
        data: chart.points
          .map(function (p, i) { return { x: p.x + (((i * 37) % 11) - 5) * 0.03, y: p.y + (((i * 53) % 11) - 5) * 0.03, group: p.group }; })
          .filter(function (p) { return p.group === g; }),
        backgroundColor: colours[g % colours.length],
      });
    }
    new window.Chart(canvas, {
      type: "scatter",
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: motion(),
        plugins: { legend: { rtl: rtl }, tooltip: { enabled: false } },
        scales: { x: { display: false, reverse: rtl }, y: { display: false } },
      },
    });
  }
  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    var rtl = document.documentElement.dir === "rtl";
    surveys(rtl);
    opinionMap(rtl);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
