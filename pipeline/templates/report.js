// The review page's filter (cdpc report). It only hides: a network shows when its text holds every
// word typed (in any case) and it carries the status chosen (its data-flags); within a network
// shown, when some of its entries hold the words and carry the status, only those show (and the
// groups holding them). Without this script the filter stays hidden and every network and entry shows.
"use strict";

(function () {
  const form = document.getElementById("filter");
  if (!form) {
    return;
  }
  const text = form.elements.namedItem("text");
  const shown = document.getElementById("filter-shown");
  const networks = Array.from(document.querySelectorAll("article.network"));

  function flagged(element, flag) {
    return flag === "all" || (element.dataset.flags || "").split(" ").includes(flag);
  }

  function holds(element, words) {
    const content = element.textContent.toLowerCase();
    return words.every((word) => content.includes(word));
  }

  function filter() {
    const words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    const flag = form.elements.namedItem("status").value;
    let count = 0;
    for (const network of networks) {
      const entries = Array.from(network.querySelectorAll("li.entry"));
      const fitting = entries.filter((entry) => holds(entry, words) && flagged(entry, flag));
      network.hidden = !(flagged(network, flag) && holds(network, words));
      for (const entry of entries) {
        entry.hidden = fitting.length > 0 && !fitting.includes(entry);
      }
      for (const group of network.querySelectorAll("div.group")) {
        group.hidden = fitting.length > 0 && !fitting.some((entry) => group.contains(entry));
      }
      count += network.hidden ? 0 : 1;
    }
    shown.textContent = count + " of " + networks.length + " networks shown";
  }

  form.addEventListener("input", filter);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  filter();
})();
