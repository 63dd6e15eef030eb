// Wagtail admin under a strict Content Security Policy (script-src 'self', no 'unsafe-inline').
//
// Five Wagtail templates and the chooser widgets (gongkai.core.widgets) initialise widgets with an inline <script> (date, date-time and time
// choosers, InlinePanel, MultipleChooserPanel), which the CSP blocks. Gongkai overrides them
// (src/gongkai/portal/templates/wagtailadmin/; an app directory, because
// Django's form renderer only looks in app directories) to emit the same call's arguments as a non-executable
// <script type="application/json" data-gongkai-init="..."> block, and this external file makes
// the calls: once the page is parsed, and for every block added later (InlinePanel children,
// content swapped in by the admin), through a MutationObserver.
(function () {
  "use strict";

  var initialisers = {
    "date": function (el, config) { window.initDateChooser(el.getAttribute("data-target-id"), config); },
    "datetime": function (el, config) { window.initDateTimeChooser(el.getAttribute("data-target-id"), config); },
    "time": function (el, config) { window.initTimeChooser(el.getAttribute("data-target-id"), config); },
    "inline-panel": function (el, options) { return new window.InlinePanel(options); },
    "multiple-chooser-panel": function (el, options) { return new window.MultipleChooserPanel(options); },
    // Chooser widgets (gongkai.core.widgets): `new SnippetChooser(id, options)` and the like.
    "chooser": function (el, options) {
      var name = el.getAttribute("data-constructor");
      if (CHOOSERS.indexOf(name) < 0 || typeof window[name] !== "function") { return undefined; }
      return new window[name](el.getAttribute("data-target-id"), options);
    }
  };
  var CHOOSERS = ["SnippetChooser", "DocumentChooser", "ImageChooser", "PageChooser", "TaskChooser"];

  function initialise(el) {
    if (el.hasAttribute("data-gongkai-done")) { return; }
    el.setAttribute("data-gongkai-done", "");
    var initialiser = initialisers[el.getAttribute("data-gongkai-init")];
    if (!initialiser) { return; }
    // The block holds a JSON string whose value is the JSON the original inline script used.
    var payload = JSON.parse(JSON.parse(el.textContent));
    try {
      initialiser(el, payload);
    } catch (error) {
      if (window.console) { window.console.error("gongkai csp-init:", error); }
    }
  }

  function scan(root) {
    if (root.matches && root.matches("script[data-gongkai-init]")) { initialise(root); }
    if (root.querySelectorAll) { Array.prototype.forEach.call(root.querySelectorAll("script[data-gongkai-init]"), initialise); }
  }

  function start() {
    scan(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, function (node) {
          if (node.nodeType === 1) { scan(node); }
        });
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
