/* Draw a year month by month from the JSON the page embeds: bars (the surplus, or the federation's turnover) and a
   line (the budgeted surplus, or the federation's surplus).
   The table beside the chart carries the same figures, so without JavaScript nothing is lost. */
(function () {
  "use strict";
  var data = document.getElementById("books-chart-data");
  var canvas = document.getElementById("books-chart");
  if (!data || !canvas || typeof window.Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var format = new Intl.NumberFormat(document.documentElement.lang || "ja", { style: "currency", currency: "JPY" });
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: [
        { type: "bar", label: chart.bars_label, data: chart.bars, backgroundColor: "#0b5c8c" },
        { type: "line", label: chart.line_label, data: chart.line, borderColor: "#1b6e3a", borderDash: [6, 4],
          pointStyle: "rectRot", pointRadius: 5, backgroundColor: "#1b6e3a" }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + format.format(item.raw); } } } },
      scales: { y: { ticks: { color: "#1a1a1a", callback: function (v) { return format.format(v); } } },
                x: { ticks: { color: "#1a1a1a" } } }
    }
  });
}());
