/* Draw the published figures' bar charts from the JSON the page embeds. The tables beside them
   carry the same numbers, so the charts are support only; without JavaScript nothing is lost. */
(function () {
  "use strict";
  var data = document.getElementById("figures-charts");
  if (!data || typeof window.Chart === "undefined") { return; }
  var charts = JSON.parse(data.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var lang = document.documentElement.lang || "ja";
  var format = new Intl.NumberFormat(lang);

  function draw(canvasId, chart) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || !chart) { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [{
          label: chart.title,
          data: chart.values,
          backgroundColor: "#0b5c8c",
          borderColor: "#08324d",
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
  }

  draw("chart-members", charts.members);
  draw("chart-societies", charts.societies);
}());
