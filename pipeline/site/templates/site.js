// cdpc site: the search page filters its lists as the box is typed in (or as ?q= asks); every page
// works without this script, which only hides list items whose data-search lacks a word of the query.
(function () {
  "use strict";
  var box = document.getElementById("q");
  var items = document.querySelectorAll(".results li[data-search]");
  if (!box || !items.length) { return; }
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function filter() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = item.getAttribute("data-search");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    var found = document.getElementById("found");
    if (found) { found.textContent = words.length ? shown + " / " + items.length : ""; }
  }
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { box.value = asked; }
  box.addEventListener("input", filter);
  filter();
})();
