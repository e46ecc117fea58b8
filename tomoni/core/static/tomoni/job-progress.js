/* While a job runs (an import being checked or saved), poll its progress and reload the page when it is done.
   The box carries data-url; without JavaScript the page offers a link to reload by hand. */
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector(".progress-label");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.done) { window.location.reload(); return; }
        bar.value = data.progress_percent;
        label.textContent = data.label;
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
