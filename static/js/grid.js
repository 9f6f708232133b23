/* Baseline grid keyboard: Enter moves to the same column in the next row, Shift+Enter to the previous row.
   Moving focus away fires the input's `change`, which HTMX turns into the save (hx-trigger="change"),
   so Enter never submits the form itself. Without this script Enter submits the cell's own form. */
(function () {
  "use strict";

  function isGridInput(element) {
    return element && element.classList && element.classList.contains("bgrid__input");
  }

  function column(input) {
    var selector = '.bgrid__input[data-col="' + CSS.escape(input.dataset.col) + '"]';
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !isGridInput(input) || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) {
      return;
    }
    event.preventDefault();
    var cells = column(input);
    var next = cells[cells.indexOf(input) + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    } else {
      input.blur(); // the last row: leaving the cell still saves it
    }
  });

  // After Undo the cell is swapped for the figure put back: focus returns to its box, not to the top of the page.
  var undoneCell = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.classList && form.classList.contains("bgrid__undo")) {
      undoneCell = form.closest("td").id;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var cell = undoneCell && document.getElementById(undoneCell);
    undoneCell = null;
    var input = cell && cell.querySelector(".bgrid__input");
    if (input) {
      input.focus();
    }
  });

  // Select a cell's figure on focus, as spreadsheets do, so typing replaces it.
  document.addEventListener("focusin", function (event) {
    if (isGridInput(event.target)) {
      event.target.select();
    }
  });
})();
