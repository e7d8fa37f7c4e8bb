// The atlas index's search (reports/templates/atlas/index.html): filters the list of every
// entry as you type. A file of its own, not an inline script, so the served atlas
// (regain serve, /knowledge) can forbid inline scripts; loaded at the end of the page.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var input = document.getElementById("search-box");
  var status = document.getElementById("search-status");
  var items = Array.prototype.slice.call(document.querySelectorAll("#entries li[data-search]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#entries [data-group]"));
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function say(key, n) {
    status.textContent = status.getAttribute("data-" + key).replace("{n}", String(n));
  }
  function filter() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      li.hidden = !match;
      if (match) { shown += 1; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("li:not([hidden])"); });
    if (!words.length) { say("all", items.length); }
    else { say(shown === 0 ? "none" : shown === 1 ? "one" : "many", shown); }
  }
  box.hidden = false;
  input.addEventListener("input", filter);
  filter();
}());
