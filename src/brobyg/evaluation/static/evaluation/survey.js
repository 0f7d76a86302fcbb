/* Network survey: hide the questions about a tie when the answer is "No, we do not work together". */
(function () {
  "use strict";
  function sync(block) {
    var no = block.querySelector("input[value=no]");
    var details = block.querySelector(".tie-details");
    if (no && details) { details.hidden = no.checked; }
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("fieldset.survey-actor"), function (block) {
      sync(block);
      block.addEventListener("change", function () { sync(block); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
