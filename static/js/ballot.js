// The running total of the ballot, updated as the resident chooses. Optional: without
// JavaScript the "Show my total" button asks the server, and the result is the same.
(function () {
  "use strict";
  var panel = document.querySelector("[data-ballot-total]");
  var form = panel && panel.closest("form");
  if (!form) { return; }
  var lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
  var budget = Number(panel.dataset.budget || 0);

  function euro(cents) {
    var whole = cents % 100 === 0;
    return new Intl.NumberFormat(lang, {
      style: "currency", currency: "EUR",
      minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2
    }).format(cents / 100);
  }
  function set(name, text) {
    panel.querySelectorAll("[data-" + name + "]").forEach(function (node) { node.textContent = text; });
  }
  function show(name, visible) {
    panel.querySelectorAll("[data-when-" + name + "]").forEach(function (node) { node.hidden = !visible; });
  }
  function update() {
    var given = 0, total = 0;
    form.querySelectorAll("input[name=choice]:checked").forEach(function (box) {
      given += 1;
      total += Number(box.dataset.cost || 0);
    });
    form.querySelectorAll("input.points-input").forEach(function (input) {
      given += Math.max(0, parseInt(input.value, 10) || 0);
    });
    set("given", String(given));
    set("total", euro(total));
    set("left", euro(Math.max(0, budget - total)));
    set("over", euro(Math.max(0, total - budget)));
    show("fits", total <= budget);
    show("over", total > budget);
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
}());
