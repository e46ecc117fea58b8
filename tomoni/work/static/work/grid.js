/* The roster board as one ARIA grid (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): one tab stop, the arrow
 * keys move from cell to cell inside it, Home/End go to the first and last day of the row, Ctrl+Home/End to the
 * first and last cell, Page Up/Down five rows, Enter follows a cell's link. Progressive: without JavaScript the
 * board is a plain table whose cells are ordinary links, and its scroller is focusable on its own. */
(function () {
  "use strict";

  var PAGE = 5;

  function setUp(table) {
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return Array.prototype.filter.call(row.cells, function (cell) { return cell.hasAttribute("data-day"); });
    }).filter(function (cells) { return cells.length; });
    if (!rows.length) return;
    // The focusable thing of a cell: its link when it has one (the cell's one widget), else the cell itself.
    function target(cell) { return cell.querySelector("a") || cell; }
    var current = { r: 0, c: 0 };

    table.setAttribute("role", "grid");
    rows.forEach(function (cells) {
      cells.forEach(function (cell) {
        var element = target(cell);
        element.setAttribute("tabindex", "-1");
      });
    });
    target(rows[0][0]).setAttribute("tabindex", "0");
    var wrap = table.closest(".board-wrap");
    if (wrap) {
      // The grid scrolls its own cells into view: the scroller need not be a tab stop of its own any more.
      wrap.removeAttribute("tabindex");
      // Say so when the month does not fit the screen, so the sideways scrolling is never a surprise.
      var hint = document.getElementById("board-scroll-hint");
      var showHint = function () { if (hint) hint.hidden = wrap.scrollWidth <= wrap.clientWidth; };
      showHint();
      window.addEventListener("resize", showHint);
    }

    function move(r, c) {
      r = Math.max(0, Math.min(rows.length - 1, r));
      c = Math.max(0, Math.min(rows[r].length - 1, c));
      target(rows[current.r][current.c]).setAttribute("tabindex", "-1");
      current = { r: r, c: c };
      var element = target(rows[r][c]);
      element.setAttribute("tabindex", "0");
      element.focus({ preventScroll: true });
      // scroll-padding on the scroller keeps the cell clear of the sticky name column and header row.
      rows[r][c].scrollIntoView({ block: "nearest", inline: "nearest" });
    }

    table.addEventListener("focusin", function (event) {
      rows.some(function (cells, r) {
        return cells.some(function (cell, c) {
          if (cell.contains(event.target)) {
            if (r !== current.r || c !== current.c) {
              target(rows[current.r][current.c]).setAttribute("tabindex", "-1");
              current = { r: r, c: c };
              target(cell).setAttribute("tabindex", "0");
            }
            return true;
          }
          return false;
        });
      });
    });

    table.addEventListener("keydown", function (event) {
      if (!rows[current.r][current.c].contains(event.target)) return;
      var r = current.r;
      var c = current.c;
      switch (event.key) {
        case "ArrowRight": c += 1; break;
        case "ArrowLeft": c -= 1; break;
        case "ArrowDown": r += 1; break;
        case "ArrowUp": r -= 1; break;
        case "PageDown": r += PAGE; break;
        case "PageUp": r -= PAGE; break;
        case "Home": c = 0; if (event.ctrlKey) r = 0; break;
        case "End": c = rows[r].length - 1; if (event.ctrlKey) { r = rows.length - 1; c = rows[r].length - 1; } break;
        default: return;
      }
      event.preventDefault();
      move(r, c);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.board[data-grid]"), setUp);
}());
