/* Paid and unpaid capital by coop as a stacked bar chart, from the JSON the page embeds. The table
   below carries the same figures, so the chart is support only; without JavaScript nothing is lost. */
(function () {
  "use strict";
  var data = document.getElementById("capital-chart-data");
  var canvas = document.getElementById("capital-chart");
  if (!data || !canvas || typeof window.Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var yen = new Intl.NumberFormat(document.documentElement.lang || "ja", { style: "currency", currency: "JPY" });
  // On a phone the coops go down the side, so their names stay level and readable.
  var sideways = canvas.parentNode.clientWidth < 500;
  var valueAxis = { stacked: true, beginAtZero: true, ticks: { color: "#1a1a1a", callback: function (v) { return yen.format(v); } } };
  var coopAxis = { stacked: true, ticks: { color: "#1a1a1a", font: { size: 14 }, autoSkip: false } };
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: [
        { label: chart.paid_label, data: chart.paid, backgroundColor: "#0b5c8c", borderColor: "#08324d", borderWidth: 1 },
        { label: chart.unpaid_label, data: chart.unpaid, backgroundColor: "#d9a441", borderColor: "#6b4d12", borderWidth: 1 }
      ]
    },
    options: {
      indexAxis: sideways ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + yen.format(item.raw); } } } },
      scales: sideways ? { x: valueAxis, y: coopAxis } : { x: coopAxis, y: valueAxis }
    }
  });
}());
