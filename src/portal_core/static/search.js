/* Search-as-you-type for the header search box: fills its <datalist> with the titles
   that @@search-suggest returns. Without JavaScript the box still submits to @@search. */
(function () {
  "use strict";
  var input = document.getElementById("header-q");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById("header-q-suggestions");
  var timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      if (q.trim().length < 2 || q === last) { return; }
      last = q;
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.textContent = "";
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 250);
  });
}());
