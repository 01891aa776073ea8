// Open data: draw the preview chart from the JSON the page embeds (no inline script).
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("od-chart-data");
    var canvas = document.getElementById("od-chart");
    if (!data || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var chart = JSON.parse(data.textContent);
    var colours = window.sharikChartColours || ["#92722a", "#1d70b8", "#00843d"];
    var rtl = document.documentElement.dir === "rtl";
    new window.Chart(canvas, {
      type: chart.labels.length > 12 ? "line" : "bar",
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length] };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
        plugins: { legend: { rtl: rtl, position: "top" }, tooltip: { rtl: rtl } },
        scales: { x: { reverse: rtl }, y: { position: rtl ? "right" : "left" } },
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
