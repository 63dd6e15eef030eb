// Reading aids (适老化): text size, high contrast, reading mode.
// Kept in localStorage on this device only: no cookies, no server state, no pop-ups.
// Loaded in <head> without `defer` so the saved choices apply before the first paint;
// the buttons are wired through one delegated listener, so the DOM need not exist yet.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-a11y";
  // Multipliers of the 18px base text: 18, 22.5, 27, 31.5 and 36px (200%).
  var STEPS = [1, 1.25, 1.5, 1.75, 2];
  var DEFAULTS = { step: 0, contrast: false, reading: false };

  function load() {
    var saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { saved = {}; }
    var step = parseInt(saved.step, 10);
    return {
      step: isNaN(step) ? 0 : Math.min(Math.max(step, 0), STEPS.length - 1),
      contrast: saved.contrast === true,
      reading: saved.reading === true
    };
  }

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage disabled: settings last for this page */ }
  }

  var state = load();

  function applyRoot() {
    root.classList.add("js");
    root.style.setProperty("--scale", String(STEPS[state.step]));
    root.classList.toggle("a11y-contrast", state.contrast);
    root.classList.toggle("a11y-reading", state.reading);
  }

  function each(selector, callback) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
  }

  function syncControls(announce) {
    each("[data-a11y=contrast]", function (b) { b.setAttribute("aria-pressed", String(state.contrast)); });
    each("[data-a11y=reading]", function (b) { b.setAttribute("aria-pressed", String(state.reading)); });
    each("[data-a11y=font-down]", function (b) { b.setAttribute("aria-disabled", String(state.step === 0)); });
    each("[data-a11y=font-up]", function (b) { b.setAttribute("aria-disabled", String(state.step === STEPS.length - 1)); });
    each("[data-a11y-status]", function (el) {
      var percent = Math.round(STEPS[state.step] * 100) + "%";
      var text = (el.getAttribute("data-template") || "{percent}").replace("{percent}", percent);
      // Only write when something changed, so screen readers announce changes, not page loads.
      if (announce || !el.textContent) { el.textContent = text; }
    });
  }

  var actions = {
    "font-up": function () { state.step = Math.min(state.step + 1, STEPS.length - 1); },
    "font-down": function () { state.step = Math.max(state.step - 1, 0); },
    "contrast": function () { state.contrast = !state.contrast; },
    "reading": function () { state.reading = !state.reading; },
    "reset": function () { state = { step: DEFAULTS.step, contrast: DEFAULTS.contrast, reading: DEFAULTS.reading }; }
  };

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-a11y]") : null;
    if (!button) { return; }
    var action = actions[button.getAttribute("data-a11y")];
    if (!action) { return; }
    action();
    save();
    applyRoot();
    syncControls(true);
  });

  // Keep several open tabs in step.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) { return; }
    state = load();
    applyRoot();
    syncControls(true);
  });

  applyRoot();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { syncControls(false); });
  } else {
    syncControls(false);
  }
})();
