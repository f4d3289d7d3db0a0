// Search-box suggestions: fills the form's <datalist> as the visitor types.
// Without this script the search page and /search/suggestions/ work as plain links.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var lastQuery = "";
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var query = input.value.trim();
      if (query.length < 2 || query === lastQuery) return;
      lastQuery = query;
      var url = input.dataset.suggestUrl + "?format=json&q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            return option;
          }));
        })
        .catch(function () { /* suggestions are optional */ });
    }, 200);
  });
})();
