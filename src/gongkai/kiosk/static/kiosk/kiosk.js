/* The kiosk (docs/kiosk.md): idle reset, the on-screen keyboard, the print buttons. No inline script
   anywhere (CSP: script-src 'self'); the page passes its settings as data-* attributes on <body>. */
(function () {
  "use strict";
  var body = document.body;

  /* Idle reset: after data-idle-seconds without a touch, clear every form and go to the reset URL,
     which flushes the session and shows the start screen. The start screen itself does not reset. */
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var resetUrl = body.getAttribute("data-reset-url");
  var atStart = body.getAttribute("data-kiosk-start") === "true";
  var timer = null;
  function reset() {
    Array.prototype.forEach.call(document.forms, function (form) { form.reset(); });
    Array.prototype.forEach.call(document.querySelectorAll("input:not([type=hidden]), textarea"), function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = false; } else { el.value = ""; }
    });
    window.location.replace(resetUrl);
  }
  function arm() {
    if (timer !== null) { window.clearTimeout(timer); }
    if (idleSeconds > 0 && !atStart && resetUrl) { timer = window.setTimeout(reset, idleSeconds * 1000); }
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll", "focusin"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true, capture: true });
  });
  /* A page shown again from the back/forward cache starts its timer again. */
  window.addEventListener("pageshow", arm);
  arm();

  /* Print buttons (receipts, notices, records). */
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  /* The on-screen keyboard: shown while a text field has the focus; its keys type into that field. */
  var osk = document.getElementById("osk");
  if (!osk) { return; }
  var target = null;
  var capitals = false;
  var TEXT_TYPES = ["text", "search", "email", "tel", "url", ""];
  function isTextField(el) {
    if (!el || el.disabled || el.readOnly) { return false; }
    if (el.tagName === "TEXTAREA") { return true; }
    return el.tagName === "INPUT" && TEXT_TYPES.indexOf((el.getAttribute("type") || "").toLowerCase()) !== -1;
  }
  function show(el) {
    target = el;
    osk.hidden = false;
    body.classList.add("osk-open");
    window.setTimeout(function () { el.scrollIntoView({ block: "center" }); }, 0);
  }
  function hide() {
    osk.hidden = true;
    body.classList.remove("osk-open");
  }
  function changed() {
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function insert(text) {
    if (!target) { return; }
    var max = target.maxLength > 0 ? target.maxLength : Infinity;
    var start = target.selectionStart, end = target.selectionEnd;
    if (typeof start !== "number" || start === null) { start = end = target.value.length; }
    if (target.value.length - (end - start) + text.length > max) { return; }
    target.value = target.value.slice(0, start) + text + target.value.slice(end);
    var caret = start + text.length;
    try { target.setSelectionRange(caret, caret); } catch (e) { /* e-mail fields have no selection */ }
    changed();
  }
  function backspace() {
    if (!target || !target.value) { return; }
    var start = target.selectionStart, end = target.selectionEnd;
    if (typeof start !== "number" || start === null) { start = end = target.value.length; }
    if (start === end) { start = Math.max(0, start - 1); }
    target.value = target.value.slice(0, start) + target.value.slice(end);
    try { target.setSelectionRange(start, start); } catch (e) { /* no selection */ }
    changed();
  }
  function setCapitals(on) {
    capitals = on;
    Array.prototype.forEach.call(osk.querySelectorAll(".osk-key[data-insert]"), function (key) {
      var ch = key.getAttribute("data-insert");
      if (/^[a-z]$/i.test(ch)) {
        ch = on ? ch.toUpperCase() : ch.toLowerCase();
        key.setAttribute("data-insert", ch);
        key.textContent = ch;
      }
    });
    var shift = osk.querySelector("[data-action=shift]");
    if (shift) { shift.setAttribute("aria-pressed", on ? "true" : "false"); }
  }
  document.addEventListener("focusin", function (event) {
    if (isTextField(event.target)) { show(event.target); }
    else if (!osk.contains(event.target)) { hide(); }
  });
  /* Keys must not take the focus from the field they type into. */
  osk.addEventListener("pointerdown", function (event) { event.preventDefault(); });
  osk.addEventListener("mousedown", function (event) { event.preventDefault(); });
  osk.addEventListener("click", function (event) {
    var key = event.target.closest("button");
    if (!key) { return; }
    var action = key.getAttribute("data-action");
    if (action === "backspace") { backspace(); }
    else if (action === "clear") { if (target) { target.value = ""; changed(); } }
    else if (action === "shift") { setCapitals(!capitals); }
    else if (action === "close") { hide(); if (target) { target.blur(); } return; }
    else if (key.hasAttribute("data-insert")) { insert(key.getAttribute("data-insert")); }
    if (target) { target.focus(); }
  });
})();
