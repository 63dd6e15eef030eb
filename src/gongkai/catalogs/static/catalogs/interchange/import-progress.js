/* Progress of a catalog import: poll the job's JSON status, update the <progress> bar, reload when done
   (or when the worker stopped reporting, so that the page offers to start again).
   An external file because the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";
  var bar = document.querySelector("[data-import-status-url]");
  if (!bar) {
    return;
  }
  var url = bar.getAttribute("data-import-status-url");
  var label = document.getElementById("import-status-label");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        if (label && data.label) {
          label.textContent = data.label;
        }
        if (!data.running) {
          window.location.reload();
        } else if (data.stale && !document.getElementById("import-stale")) {
          window.location.reload();
        } else {
          window.setTimeout(poll, data.stale ? 5000 : 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
