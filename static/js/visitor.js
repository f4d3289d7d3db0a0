/* Instant preview of the accessibility settings. The server already applied the saved
   settings as classes on <html>; this only mirrors unsaved changes while the visitor
   tries them. Without JavaScript the form still saves and applies everything. */
(function () {
  "use strict";
  var form = document.querySelector("[data-visitor-settings]");
  if (!form) { return; }
  var root = document.documentElement;
  var flags = ["motion", "spacing", "underline", "font"];

  function checked(name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : null;
  }

  function apply() {
    var kept = root.className.split(/\s+/).filter(function (name) {
      return name && name.indexOf("a11y-") !== 0;
    });
    var text = checked("text");
    var contrast = checked("contrast");
    if (text && text !== "100") { kept.push("a11y-text-" + text); }
    if (contrast && contrast !== "default") { kept.push("a11y-contrast-" + contrast); }
    flags.forEach(function (flag) {
      if (checked(flag)) { kept.push("a11y-" + flag); }
    });
    root.className = kept.join(" ");
  }

  form.addEventListener("change", apply);
}());
