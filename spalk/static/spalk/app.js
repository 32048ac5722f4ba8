// spalk: small progressive enhancements. Pages work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Ask for confirmation on buttons marked data-confirm (no inline handlers: CSP forbids them).
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // After an htmx swap, move focus to the first element marked data-autofocus in the new content,
  // so keyboard and screen-reader users land on the result.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) { return; }
    var focus = target.querySelector("[data-autofocus]") || (target.matches("[data-autofocus]") ? target : null);
    if (focus) { focus.focus(); }
  });
  // Show a Dutch message when an htmx request fails instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("htmx-error");
    if (!box) { return; }
    box.hidden = false;
  });
  // A table wider than the screen scrolls inside its .table-wrap box; make that box reachable with the
  // keyboard (Tab, then the arrow keys) and name it after the table, only while it actually scrolls.
  function markScrollableTables(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("data-scroll-focus", "");
        box.setAttribute("aria-label", (caption && caption.textContent.trim()) || document.title);
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        ["tabindex", "role", "aria-label", "data-scroll-focus"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  markScrollableTables();
  document.addEventListener("htmx:afterSettle", function () { markScrollableTables(); });
  var resizeTimer;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollableTables, 150);
  });
  // Toggle elements with data-toggle="id" (for example the navigation on a phone).
  document.addEventListener("click", function (event) {
    var btn = event.target.closest("[data-toggle]");
    if (!btn) { return; }
    var target = document.getElementById(btn.getAttribute("data-toggle"));
    if (!target) { return; }
    var open = btn.getAttribute("aria-expanded") === "true";
    btn.setAttribute("aria-expanded", open ? "false" : "true");
    target.classList.toggle("is-open", !open);
    var also = btn.getAttribute("data-toggle-also");
    if (also && document.getElementById(also)) { document.getElementById(also).classList.toggle("is-open", !open); }
  });
  // On a phone a table becomes a stacked list (app.css): every cell gets the text of its column header as
  // a label. Tables with cells spanning several columns keep their grid (in .table-wrap they scroll inside it).
  function stackTables(root) {
    (root || document).querySelectorAll("main table:not(.board):not([data-stacked])").forEach(function (table) {
      var heads = table.tHead ? Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
        return th.textContent.trim();
      }) : [];
      if (!heads.length || table.querySelector("td[colspan], th[colspan]")) { return; }
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, i) {
            if (heads[i] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i]); }
          });
        });
      });
      table.setAttribute("data-stacked", "");
    });
  }
  stackTables();
  markScrollableTables();
  document.addEventListener("htmx:afterSettle", function (event) {
    stackTables(event.detail && event.detail.elt);
    markScrollableTables();
  });
})();
