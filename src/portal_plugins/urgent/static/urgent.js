/* Urgent notice banners: a "hide" button per notice; hidden notice ids are kept in this
   browser's localStorage only (no cookie, nothing sent to the server). Without
   JavaScript or storage the banners simply stay. */
(function () {
  "use strict";
  var KEY = "portal.urgent.dismissed", KEEP = 50;
  var root = document.querySelector(".urgent-banners");
  if (!root) { return; }
  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids : [];
    } catch (e) { return null; }
  }
  var dismissed = load();
  if (dismissed === null) { return; }          // storage blocked: not dismissible
  var labelNode = root.querySelector(".urgent-dismiss-label");
  var label = labelNode ? labelNode.textContent : "Ẩn";
  function hideContainerIfEmpty() {
    if (!root.querySelector(".urgent-notice:not([hidden])")) { root.hidden = true; }
  }
  Array.prototype.forEach.call(root.querySelectorAll(".urgent-notice"), function (notice) {
    var id = notice.getAttribute("data-notice-id");
    if (dismissed.indexOf(id) !== -1) { notice.hidden = true; return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "urgent-dismiss";
    button.textContent = label;
    button.setAttribute("aria-label", label + ": " +
      (notice.querySelector(".urgent-title") || notice).textContent.trim());
    button.addEventListener("click", function () {
      var ids = load() || [];
      if (ids.indexOf(id) === -1) { ids.push(id); }
      try {
        window.localStorage.setItem(KEY, JSON.stringify(ids.slice(-KEEP)));
      } catch (e) { /* storage full or blocked: hide for this page only */ }
      notice.hidden = true;
      hideContainerIfEmpty();
    });
    (notice.querySelector(".wrap") || notice).appendChild(button);
  });
  hideContainerIfEmpty();
}());
