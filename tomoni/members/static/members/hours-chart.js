/* Draw "my hours" as a bar chart from the JSON the page embeds. The table beside it carries the
   same figures, so the chart is support only; without JavaScript nothing is lost. */
(function () {
  "use strict";
  var data = document.getElementById("hours-chart-data");
  var canvas = document.getElementById("hours-chart");
  if (!data || !canvas || typeof window.Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Whole minutes shown as hours:minutes, the way every page shows time.
  function hoursMinutes(minutes) {
    var m = Math.round(minutes);
    var rest = m % 60;
    return Math.floor(m / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Ticks on whole hours: the smallest step from the list that gives at most eight of them.
  var most = Math.max.apply(null, chart.minutes.concat([60]));
  var step = [60, 120, 300, 600, 1200, 3000, 6000, 12000].find(function (s) { return most / s <= 8; }) || 12000;

  // On a phone the months go down the side, so their names stay level and readable.
  var sideways = canvas.parentNode.clientWidth < 500;
  var valueAxis = {
    beginAtZero: true,
    ticks: { color: "#1a1a1a", stepSize: step, callback: function (v) { return hoursMinutes(v); } }
  };
  var monthAxis = { ticks: { color: "#1a1a1a", font: { size: 14 }, autoSkip: false, maxRotation: 60 } };

  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: [{
        label: chart.label,
        data: chart.minutes,
        backgroundColor: "#0b5c8c",
        borderColor: "#08324d",
        borderWidth: 1
      }]
    },
    options: {
      indexAxis: sideways ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: function (item) { return hoursMinutes(item.raw); } } }
      },
      scales: sideways ? { x: valueAxis, y: monthAxis } : { x: monthAxis, y: valueAxis }
    }
  });
}());
