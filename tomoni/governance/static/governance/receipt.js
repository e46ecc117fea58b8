/* The receipt's copy button: shown only where the browser can copy, and it says so when done.
   Without JavaScript the code is still on the page to write down. */
(function () {
  "use strict";
  var button = document.querySelector(".copy-receipt");
  if (!button || !navigator.clipboard || !window.isSecureContext) { return; }
  var code = document.getElementById(button.getAttribute("data-copy"));
  var done = document.querySelector(".copy-done");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(code.textContent.trim()).then(function () {
      if (done) { done.textContent = button.getAttribute("data-copied"); }
    });
  });
})();
