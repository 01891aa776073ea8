// Charts in the UAE Design System's colours and typefaces, mirrored in Arabic. Loaded after Chart.js and
// before the scripts that draw; the colours are read from the design system's CSS tokens, not repeated here.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var css = getComputedStyle(document.documentElement);
  function token(name, fallback) {
    return css.getPropertyValue(name).trim() || fallback;
  }
  var palette = [
    token("--color-primary-600", "#92722a"),
    token("--color-techblue-600", "#1d70b8"),
    token("--color-aegreen-600", "#00843d"),
    token("--color-aered-600", "#d83731"),
    token("--color-camel-600", "#a26f2d"),
    token("--color-seablue-600", "#0f6ba8"),
  ];
  var rtl = document.documentElement.dir === "rtl";
  var Chart = window.Chart;
  window.sharikChartColours = palette;
  Chart.defaults.color = token("--color-aeblack-700", "#3e4046");
  Chart.defaults.borderColor = token("--color-aeblack-100", "#e1e3e5");
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.plugins.legend.rtl = rtl;
  Chart.defaults.plugins.tooltip.rtl = rtl;
  Chart.defaults.plugins.legend.textDirection = rtl ? "rtl" : "ltr";
  // In Arabic the value axis stands on the right, where the reader starts.
  Chart.defaults.scales.linear.position = rtl ? "right" : "left";
  Chart.register({
    id: "sharikPalette",
    beforeUpdate: function (chart) {
      chart.data.datasets.forEach(function (dataset, i) {
        var colour = palette[i % palette.length];
        if (!dataset.backgroundColor) {
          dataset.backgroundColor = colour;
        }
        if (!dataset.borderColor) {
          dataset.borderColor = colour;
        }
      });
    },
  });
})();
