/* Draw the appropriation's split (reserves against the dividend) from the JSON the page embeds.
   The table above the chart carries the same figures, so without JavaScript nothing is lost. */
(function () {
  "use strict";
  var data = document.getElementById("appropriation-chart");
  var canvas = document.getElementById("chart-appropriation");
  if (!data || !canvas || typeof window.Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var format = new Intl.NumberFormat(document.documentElement.lang || "ja", { style: "currency", currency: "JPY" });
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: [{
        label: chart.title,
        data: chart.values,
        // Reserves in greens, the dividend in the accent blue, what is carried forward in grey.
        backgroundColor: ["#1b6e3a", "#2e8b57", "#5a9e6f", "#0b5c8c", "#6b6b6b"],
        borderColor: "#1a1a1a",
        borderWidth: 1
      }]
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: function (item) { return format.format(item.raw); } } }
      },
      scales: {
        x: { beginAtZero: true, ticks: { color: "#1a1a1a", callback: function (v) { return format.format(v); } } },
        y: { ticks: { color: "#1a1a1a", font: { size: 14 } } }
      }
    }
  });
}());
