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
