/* Progressive enhancements; everything works without them. The print button appears only
   here (the PDF link works without JavaScript). On the settings page, unsaved choices are
   previewed instantly; the server already applies saved settings as classes on <html>. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

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
