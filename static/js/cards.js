// Phone-first lists (issue 18): below 576 px a list's table reads as cards. Each cell gets its
// column's header as data-label (the stylesheet prints it before the value); a table that is a
// grid by nature (a rota, a month × program table) says data-cards="off" and scrolls inside its
// own box instead, so that no page is wider than the phone.
(function () {
  "use strict";

  function label(table) {
    if (table.dataset.cardsReady) {
      return;
    }
    table.dataset.cardsReady = "1";
    if (table.dataset.cards === "off") {
      if (!table.parentElement.classList.contains("table-responsive")) {
        var box = document.createElement("div");
        box.className = "table-responsive";
        table.parentElement.insertBefore(box, table);
        box.appendChild(table);
      }
      return;
    }
    var heads = table.querySelectorAll("thead tr:last-child th");
    if (!heads.length) {
      return;
    }
    var names = Array.prototype.map.call(heads, function (th) {
      return th.textContent.trim();
    });
    table.classList.add("table-cards");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (names[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  }

  function labelAll(root) {
    (root || document).querySelectorAll("main table").forEach(label);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      labelAll();
    });
  } else {
    labelAll();
  }
  // Lists redrawn by htmx (filters, pages) are labelled again.
  document.addEventListener("htmx:load", function (event) {
    labelAll(event.target.closest ? event.target.closest("main") || document : document);
  });
})();
