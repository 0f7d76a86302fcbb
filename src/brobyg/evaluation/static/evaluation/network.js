/* Network map: point at (or focus) an actor to see its figures and highlight its ties. Served by the app; no
   inline script (strict CSP). Drag an actor to move it (for a clearer picture; nothing is saved). */
(function () {
  "use strict";
  function init() {
    var figure = document.getElementById("network-map");
    if (!figure) { return; }
    var svg = figure.querySelector("svg");
    var tip = document.getElementById("map-tip");
    var lines = Array.prototype.slice.call(svg.querySelectorAll("line"));
    function show(node) {
      var d = node.dataset;
      tip.textContent = "";
      var title = document.createElement("strong");
      title.textContent = d.label;
      tip.appendChild(title);
      // The data attributes carry plain numbers ("0.43"); the tip shows them the way the page's language writes them.
      function local(v, digits) {
        return v ? Number(v).toLocaleString(document.documentElement.lang || "da",
                                            {minimumFractionDigits: digits, maximumFractionDigits: digits}) : "–";
      }
      [["sector", d.sector], ["ties", d.degree], ["betweenness", local(d.betweenness, 3)], ["trust", local(d.trust, 2)],
       ["value", local(d.value, 2)]].forEach(function (row) {
        var line = document.createElement("div");
        line.textContent = (tip.dataset["l" + row[0]] || row[0]) + ": " + row[1];
        tip.appendChild(line);
      });
      var box = node.getBoundingClientRect();
      var outer = figure.getBoundingClientRect();
      tip.style.left = (box.right - outer.left + 8) + "px";
      tip.style.top = (box.top - outer.top) + "px";
      tip.hidden = false;
      svg.classList.add("dimmed");
      node.classList.add("active");
      lines.forEach(function (l) {
        if (l.dataset.a === d.id || l.dataset.b === d.id) { l.classList.add("active"); }
      });
    }
    function hide(node) {
      tip.hidden = true;
      svg.classList.remove("dimmed");
      node.classList.remove("active");
      lines.forEach(function (l) { l.classList.remove("active"); });
    }
    var dragging = null;
    function point(evt) {
      var pt = svg.createSVGPoint();
      pt.x = evt.clientX; pt.y = evt.clientY;
      return pt.matrixTransform(svg.getScreenCTM().inverse());
    }
    Array.prototype.forEach.call(svg.querySelectorAll(".actor"), function (node) {
      node.addEventListener("mouseenter", function () { if (!dragging) { show(node); } });
      node.addEventListener("mouseleave", function () { if (!dragging) { hide(node); } });
      node.addEventListener("focus", function () { show(node); });
      node.addEventListener("blur", function () { hide(node); });
      node.addEventListener("pointerdown", function (evt) { dragging = node; node.setPointerCapture(evt.pointerId); });
      node.addEventListener("pointermove", function (evt) {
        if (dragging !== node) { return; }
        var p = point(evt);
        node.setAttribute("cx", p.x); node.setAttribute("cy", p.y);
        var label = node.nextElementSibling;
        if (label && label.tagName.toLowerCase() === "text") {
          label.setAttribute("x", p.x); label.setAttribute("y", p.y + parseFloat(node.getAttribute("r")) + 11);
        }
        lines.forEach(function (l) {
          if (l.dataset.a === node.dataset.id) { l.setAttribute("x1", p.x); l.setAttribute("y1", p.y); }
          if (l.dataset.b === node.dataset.id) { l.setAttribute("x2", p.x); l.setAttribute("y2", p.y); }
        });
      });
      node.addEventListener("pointerup", function () { dragging = null; });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
