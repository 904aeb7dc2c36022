/* Progressive enhancement only: every console form works the same without this file. */
(function () {
  "use strict";

  // Variants table: "Add a row" copies the last row, numbered on, emptied.
  function enhanceVariantRows(table) {
    var button = document.querySelector("[data-add-variant]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var rows = table.querySelectorAll("[data-variant-row]");
      var last = rows[rows.length - 1];
      var next = rows.length;
      var copy = last.cloneNode(true);
      copy.querySelectorAll("[id], [for], [name]").forEach(function (element) {
        ["id", "for", "name"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) element.setAttribute(attribute, value.replace(/variants-\d+-/, "variants-" + next + "-"));
        });
        if (element.matches("input:not([type=checkbox])")) element.value = "";
        if (element.matches("input[type=checkbox]")) element.checked = false;
        if (element.matches("select")) element.selectedIndex = 0;
        element.removeAttribute("aria-invalid");
        element.removeAttribute("aria-describedby");
      });
      copy.querySelectorAll(".field-error").forEach(function (message) { message.remove(); });
      copy.querySelectorAll("label.visually-hidden").forEach(function (label) {
        label.textContent = label.textContent.replace(/row \d+/, "row " + (next + 1));
      });
      last.parentNode.appendChild(copy);
      copy.querySelector("select, input").focus();
    });
  }

  // A form with errors or a conflict: move focus to the summary so it is read first.
  function focusSummary() {
    var summary = document.getElementById("conflict") || document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.querySelector("[data-variant-rows]");
    if (table) enhanceVariantRows(table);
    focusSummary();
  });
})();
