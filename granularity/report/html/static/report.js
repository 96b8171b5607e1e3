/* granularity HTML report: sortable tables, findings filters, picture highlighting.
   Reads only the page itself; writes only text and classes (never HTML). */
(function () {
  "use strict";

  function sortValue(row, column, type) {
    var cell = row.children[column];
    if (!cell) { return type === "number" ? -Infinity : ""; }
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return type === "number" ? parseFloat(raw) || 0 : raw;
  }

  function compare(a, b, type) {
    if (type === "number") { return a - b; }
    return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, header) {
    var headers = Array.prototype.slice.call(header.parentNode.children);
    var column = headers.indexOf(header);
    var type = header.getAttribute("data-type") || "text";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(sortValue(a, column, type), sortValue(b, column, type), type);
      if (order === 0) { order = a.getAttribute("data-order") - b.getAttribute("data-order"); return order; }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUpTable(table) {
    if (!table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) { row.setAttribute("data-order", i); });
    Array.prototype.forEach.call(table.querySelectorAll("thead button.sort"), function (button) {
      button.addEventListener("click", function () { sortBy(table, button.parentNode); });
    });
  }

  function setUpFilters(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) { return; }
    var output = form.querySelector("output");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var rule = form.elements.rule.value, severity = form.elements.severity.value;
      var fn = form.elements["function"].value, text = form.elements.text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var keep = (!rule || row.getAttribute("data-rule") === rule) &&
          (!severity || row.getAttribute("data-severity") === severity) &&
          (!fn || row.getAttribute("data-function") === fn) &&
          (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      if (output) { output.textContent = shown + " of " + rows.length + " shown"; }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function setUpPicture(svg) {
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
    var shapes = Array.prototype.slice.call(svg.querySelectorAll("[data-key]"));
    function clear() {
      svg.classList.remove("focus");
      edges.concat(shapes).forEach(function (el) { el.classList.remove("on"); });
    }
    function show(shape) {
      clear();
      var key = shape.getAttribute("data-key"), near = {};
      near[key] = true;
      edges.forEach(function (edge) {
        var ends = edge.getAttribute("data-ends").split(" ");
        if (ends.indexOf(key) !== -1) {
          edge.classList.add("on");
          ends.forEach(function (end) { near[end] = true; });
        }
      });
      shapes.forEach(function (s) { if (near[s.getAttribute("data-key")]) { s.classList.add("on"); } });
      svg.classList.add("focus");
    }
    shapes.forEach(function (shape) {
      shape.addEventListener("mouseenter", function () { show(shape); });
      shape.addEventListener("focus", function () { show(shape); });
      shape.addEventListener("mouseleave", clear);
      shape.addEventListener("blur", clear);
    });
  }

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
  }

  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setUpTable);
  Array.prototype.forEach.call(document.querySelectorAll("form.filters"), setUpFilters);
  Array.prototype.forEach.call(document.querySelectorAll("svg.plan"), setUpPicture);
  window.addEventListener("hashchange", openTarget);
  openTarget();
}());
