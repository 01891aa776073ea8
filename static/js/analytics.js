// Draws every chart of the analytics pages from its JSON block (json_script); the tables beside
// the charts hold the same figures for screen readers and for people who prefer to read.
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets
      ? spec.datasets.map(function (d) { return { label: d.label, data: d.values, spanGaps: true }; })
      : [{ label: spec.label, data: spec.values }];
    var rtl = document.documentElement.dir === "rtl";
    new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        locale: document.documentElement.lang,
        plugins: { legend: { display: datasets.length > 1, rtl: rtl } },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? "right" : "left" } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas.analytics-chart").forEach(draw);
  });
})();
