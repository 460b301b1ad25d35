/* factbook: copy buttons for citations, the reader's access date and the facts index filter.
   Works from file:// too:
   the Clipboard API where the browser allows it, else a selection and execCommand. */
(function () {
  "use strict";

  /* The reader's date as the page's language writes it in a citation: Chinese citations
     (GB/T 7714) use 2026-01-05. */
  function today() {
    var d = new Date();
    if (/^zh/.test(document.documentElement.lang || "")) {
      var two = function (n) { return (n < 10 ? "0" : "") + n; };
      return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
    }
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
    /* the words come with the page, in its language */
    button.textContent = ok ? button.getAttribute("data-copied") || "Copied"
      : button.getAttribute("data-by-hand") || "Select and copy";
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

  /* A facts index split into topic pages no longer holds a row for every fact: an old link
     to facts.html#<id> goes on to the fact's own page. */
  function followOldLink() {
    var topics = document.querySelector("ul.facts-topics");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!topics || !/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/.test(id)) return;
    if (document.getElementById(id)) return;
    location.replace("facts/" + id + ".html");
  }

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

  /* Figures: a preview of the fact (label, period, sources, status) with a link to its page.
     Opens on hover and keyboard focus, and on the first tap on a touch screen (a second tap,
     or "Open", follows the link); closes with Esc or when the pointer and focus leave; stays
     inside the window; can itself be hovered (WCAG 1.4.13). */
  var preview = null, owner = null, hideTimer = null, touched = null;

  function box() {
    if (preview) return preview;
    preview = document.createElement("div");
    preview.className = "fact-preview";
    preview.id = "fact-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    preview.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
    preview.addEventListener("mouseleave", function () { hideSoon(); });
    document.body.appendChild(preview);
    return preview;
  }

  function show(figure) {
    var tip = figure.getAttribute("data-tip");
    if (!tip) return;
    window.clearTimeout(hideTimer);
    var p = box();
    p.textContent = tip + " ";
    var open = document.createElement("a");
    open.href = figure.href;
    open.textContent = "Open";
    p.appendChild(open);
    p.hidden = false;
    owner = figure;
    figure.setAttribute("aria-describedby", "fact-preview");
    var r = figure.getBoundingClientRect();
    var width = p.offsetWidth, height = p.offsetHeight;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    var top = r.bottom + 6;
    if (top + height > window.innerHeight - 8 && r.top - height - 6 > 8) top = r.top - height - 6;
    p.style.left = (left + window.scrollX) + "px";
    p.style.top = (top + window.scrollY) + "px";
  }

  function hide() {
    if (!preview || preview.hidden) return;
    preview.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    touched = null;
  }

  function hideSoon() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, 250);
  }

  function figureOf(node) {
    return node && node.closest ? node.closest("a.fact-figure[data-tip]") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var f = figureOf(e.target);
    if (f) show(f);
  });
  document.addEventListener("mouseout", function (e) {
    if (figureOf(e.target)) hideSoon();
  });
  document.addEventListener("focusin", function (e) {
    var f = figureOf(e.target);
    if (f) show(f);
    else if (!(preview && preview.contains(e.target))) hide();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && preview && !preview.hidden) {
      var back = owner;
      hide();
      if (back && preview.contains(document.activeElement)) back.focus();
    }
  });
  document.addEventListener("touchstart", function (e) {
    var f = figureOf(e.target);
    if (!f && !(preview && preview.contains(e.target))) hide();
  }, { passive: true });
  document.addEventListener("click", function (e) {
    var f = figureOf(e.target);
    if (!f || !window.matchMedia("(hover: none)").matches) return;
    if (touched !== f) {  // first tap: show the preview instead of leaving the page
      e.preventDefault();
      show(f);
      touched = f;
    }
  });

  /* The timeline is a plain list without scripts; with them, buttons show one kind at a time.
     The kinds and their names come from the hidden list the page carries. */
  function addTimelineFilter() {
    var kinds = document.querySelector("ul.timeline-kinds");
    var list = document.querySelector("ol.timeline");
    if (!kinds || !list) return;
    var bar = document.createElement("div");
    bar.className = "timeline-filter";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Show events of one kind");
    var buttons = [];
    function choose(kind) {
      var items = list.querySelectorAll("li.timeline-event");
      for (var i = 0; i < items.length; i++) {
        items[i].hidden = kind !== "" && items[i].getAttribute("data-kind") !== kind;
      }
      for (var b = 0; b < buttons.length; b++) {
        buttons[b].setAttribute("aria-pressed", String(buttons[b].getAttribute("data-kind") === kind));
      }
    }
    function add(kind, name) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = name;
      button.setAttribute("data-kind", kind);
      button.addEventListener("click", function () { choose(kind); });
      buttons.push(button);
      bar.appendChild(button);
    }
    add("", "All");
    var names = kinds.querySelectorAll("li");
    for (var k = 0; k < names.length; k++) {
      add(names[k].getAttribute("data-kind"), names[k].textContent);
    }
    list.parentNode.insertBefore(bar, list);
    choose("");
  }

  function ready() {
    followOldLink();
    fillAccessed();
    addFilter();
    addTimelineFilter();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
