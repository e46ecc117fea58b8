/* Draw the fairness report's bar chart from the JSON the page embeds; the table beside it holds the
   same numbers, so without JavaScript nothing is lost. */
(function () {
  "use strict";
  var data = document.getElementById("fairness-chart-data");
  var canvas = document.getElementById("fairness-chart");
  if (!data || !canvas || typeof window.Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var colours = ["#0b5c8c", "#b35c00", "#1e6b2f"];
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: chart.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
      })
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      scales: { x: { beginAtZero: true, ticks: { color: "#1a1a1a" } }, y: { ticks: { color: "#1a1a1a" } } },
      plugins: { legend: { labels: { color: "#1a1a1a" } } }
    }
  });
}());
