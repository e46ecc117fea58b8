/* Site-wide behaviour, progressive: every page works without it.
 * - The menu button folds the navigation at narrow widths and large text (aria-expanded tells its state).
 * - Tables marked .stack become one card per row on a phone: each cell is labelled with its column header,
 *   and the table keeps its roles for screen readers once CSS lays it out as blocks.
 * - A long grouped list (select[data-searchable], such as the centres of a coop by region) gets a search box
 *   before it: typing narrows the options to those whose name, place or group contains the words. */
(function () {
  "use strict";

  function setUpMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) return;
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    toggle.addEventListener("click", function () {
      set(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" && getComputedStyle(toggle).display !== "none") {
        set(false);
        toggle.focus();
      }
    });
  }

  function headerTexts(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var texts = [];
    if (!row) return texts;
    Array.prototype.forEach.call(row.cells, function (cell) {
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i += 1) texts.push(cell.textContent.replace(/\s+/g, " ").trim());
    });
    return texts;
  }

  function setUpStackedTables() {
    Array.prototype.forEach.call(document.querySelectorAll("table.stack"), function (table) {
      var labels = headerTexts(table);
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
        group.setAttribute("role", "rowgroup");
      });
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var header = cell.tagName === "TH";
          var inHead = row.parentNode && row.parentNode.tagName === "THEAD";
          cell.setAttribute("role", inHead ? "columnheader" : header ? "rowheader" : "cell");
          if (!inHead && !header && (cell.colSpan || 1) === 1 && labels[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
      table.classList.add("stack-ready");
      stacked.push(table);
    });
    fitTables();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        fitTables();
      });
    });
  }

  /* A table is shown as cards on a narrow screen, or whenever its columns do not fit (large text). */
  var stacked = [];
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40em)") : { matches: false };
  function fitTables() {
    stacked.forEach(function (table) {
      var wrap = table.parentNode && table.parentNode.classList && table.parentNode.classList.contains("table-wrap") ? table.parentNode : null;
      table.classList.remove("stacked");
      if (wrap) wrap.classList.remove("table-wrap-stack");
      var room = (wrap || table.parentNode).clientWidth;
      if (narrow.matches || table.scrollWidth > room + 1) {
        table.classList.add("stacked");
        if (wrap) wrap.classList.add("table-wrap-stack");
      }
    });
  }

  function setUpSearchableSelects() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), function (select) {
      if (!select.id) return;
      var box = document.createElement("input");
      box.type = "search";
      box.id = select.id + "-search";
      box.className = "select-search";
      box.setAttribute("autocomplete", "off");
      box.setAttribute("aria-controls", select.id);
      var label = document.createElement("label");
      label.htmlFor = box.id;
      label.className = "select-search-label";
      label.textContent = select.getAttribute("data-search-label") || "";
      select.parentNode.insertBefore(label, select);
      select.parentNode.insertBefore(box, select);
      box.addEventListener("input", function () {
        var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
        Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
          var shown = 0;
          Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
            var text = (group.label + " " + option.textContent).toLowerCase();
            var match = words.every(function (word) { return text.indexOf(word) >= 0; });
            option.hidden = !match;
            if (match) shown += 1;
          });
          group.hidden = shown === 0;
        });
        // With one centre left, it is chosen; the list then shows it selected.
        var left = select.querySelectorAll("optgroup:not([hidden]) option:not([hidden])");
        if (left.length === 1) select.value = left[0].value;
        else if (select.selectedOptions.length && select.selectedOptions[0].hidden) select.value = "";
      });
    });
  }

  function ready() {
    setUpMenu();
    setUpStackedTables();
    setUpSearchableSelects();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
