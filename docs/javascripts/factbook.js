/* factbook: copy buttons for citations, the reader's access date and the facts index filter.
   Works from file:// too:
   the Clipboard API where the browser allows it, else a selection and execCommand. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"];
    return d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear();
  }

  function fillAccessed() {
    var slots = document.querySelectorAll(".cite-accessed");
    for (var i = 0; i < slots.length; i++) slots[i].textContent = today();
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function done(button, ok) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = ok ? "Copied" : "Select and copy";
    button.setAttribute("aria-live", "polite");
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.cite-copy");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var text = target.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done(button, true); },
        function () { done(button, fallbackCopy(text)); });
    } else {
      done(button, fallbackCopy(text));
    }
  });

  /* The facts index works without scripts; with them, a box filters its rows as one types. */
  function addFilter() {
    var tables = document.querySelectorAll("table.facts-index");
    if (!tables.length) return;
    var box = document.createElement("input");
    box.type = "search";
    box.className = "facts-filter";
    box.placeholder = "Filter facts: deliveries, margin, SU7…";
    box.setAttribute("aria-label", "Filter facts");
    var count = document.createElement("span");
    count.className = "facts-filter-count";
    count.setAttribute("aria-live", "polite");
    var wrap = document.createElement("p");
    wrap.appendChild(box);
    wrap.appendChild(count);
    var first = tables[0].closest(".md-typeset__scrollwrap") || tables[0];
    var heading = first.previousElementSibling;
    while (heading && heading.tagName !== "H2") heading = heading.previousElementSibling;
    (heading || first).parentNode.insertBefore(wrap, heading || first);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var t = 0; t < tables.length; t++) {
        var rows = tables[t].tBodies[0].rows, visible = 0;
        for (var r = 0; r < rows.length; r++) {
          var text = rows[r].textContent.toLowerCase() + " " + rows[r].id;
          var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
          rows[r].hidden = !ok;
          if (ok) visible++;
        }
        var block = tables[t].closest(".md-typeset__scrollwrap") || tables[t];
        block.hidden = visible === 0;
        var h = block.previousElementSibling;
        while (h && h.tagName !== "H2") h = h.previousElementSibling;
        if (h) h.hidden = visible === 0;
        shown += visible;
      }
      count.textContent = words.length ? shown + (shown === 1 ? " fact" : " facts") : "";
    });
  }

  function ready() {
    fillAccessed();
    addFilter();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
