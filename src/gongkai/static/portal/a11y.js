// Reading aids: font size, high contrast, reading mode. Kept in localStorage; no cookies, no pop-ups.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-a11y";
  var STEPS = [1, 1.125, 1.25, 1.5, 1.75, 2];
  var state = { step: 0, contrast: false, reading: false };
  try { state = Object.assign(state, JSON.parse(localStorage.getItem(KEY) || "{}")); } catch (e) { /* ignore */ }

  function apply() {
    root.style.setProperty("--scale", STEPS[state.step] || 1);
    root.classList.toggle("a11y-contrast", !!state.contrast);
    root.classList.toggle("a11y-reading", !!state.reading);
    document.querySelectorAll("[data-a11y=contrast]").forEach(function (b) { b.setAttribute("aria-pressed", String(!!state.contrast)); });
    document.querySelectorAll("[data-a11y=reading]").forEach(function (b) { b.setAttribute("aria-pressed", String(!!state.reading)); });
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  var actions = {
    "font-up": function () { state.step = Math.min(state.step + 1, STEPS.length - 1); },
    "font-down": function () { state.step = Math.max(state.step - 1, 0); },
    "contrast": function () { state.contrast = !state.contrast; },
    "reading": function () { state.reading = !state.reading; },
    "reset": function () { state = { step: 0, contrast: false, reading: false }; }
  };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-a11y]");
    if (!button) { return; }
    var action = actions[button.getAttribute("data-a11y")];
    if (action) { action(); apply(); }
  });
  apply();
})();
