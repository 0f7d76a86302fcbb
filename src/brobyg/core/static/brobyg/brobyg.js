// Brobyg's small script: no inline handlers (the Content-Security-Policy forbids them).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select.js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function (ev) { ev.preventDefault(); window.print(); });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
});

// Wide tables scroll inside their own box instead of pushing the whole page sideways on a phone (WCAG 1.4.10
// reflow). A box that does scroll can be reached and scrolled with the keyboard (tabindex) and is named by the
// table's caption or the heading before it.
function brobygWrapTables(root) {
  (root || document).querySelectorAll("main table").forEach(function (table) {
    if (table.parentElement.classList.contains("table-wrap") || table.closest(".visually-hidden")) { return; }
    var box = document.createElement("div");
    box.className = "table-wrap";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  document.querySelectorAll(".table-wrap").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      var caption = box.querySelector("caption");
      var heading = box.previousElementSibling;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (caption || heading || document.querySelector("h1") || box).textContent.trim().slice(0, 80));
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { brobygWrapTables(document); });
document.addEventListener("htmx:afterSettle", function (ev) { brobygWrapTables(ev.target); });
window.addEventListener("resize", function () { brobygWrapTables(document); });
