// cadreplan plan serve: the page's only script. It polls a running plan's progress and
// reloads the page when the run is over. Everything else works without it.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || box.getAttribute("data-active") !== "true") { return; }
  var url = box.getAttribute("data-status-url");
  function tick() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        document.getElementById("status-text").textContent = state.status_text;
        document.getElementById("phase").textContent = state.phase;
        document.getElementById("elapsed").textContent = state.elapsed.toFixed(1);
        var bar = document.getElementById("bar");
        if (bar && state.time_limit) { bar.value = Math.min(state.elapsed, state.time_limit); }
        if (state.active) { setTimeout(tick, 700); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 500);
})();
