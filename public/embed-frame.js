// Runs on the booking's own pages. Inside the studio's embed dialog (an
// iframe opened by /embed.js) it tells the host page its height, that a
// booking was made (reference and time only) and that Escape was pressed,
// posting ONLY to the host origin named when the dialog opened. Does nothing
// outside a frame.
(function () {
  "use strict";
  if (window.parent === window) return;
  var params = new URLSearchParams(location.search);
  var KEY = "studio-embed";
  var saved = {};
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || "{}");
  } catch (e) {}
  var origin = params.get("origin") || saved.origin;
  var theme = params.get("theme") || saved.theme;
  if (!origin || !/^https?:\/\/[^/?#]+$/.test(origin)) return;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ origin: origin, theme: theme }));
  } catch (e) {}
  var root = document.documentElement;
  root.classList.add("embedded");
  if (theme && /^#[0-9a-fA-F]{3,8}$/.test(theme)) root.style.setProperty("--accent", theme);

  function post(message) {
    window.parent.postMessage(message, origin);
  }

  var last = 0;
  function report() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post({ type: "studio:height", height: height });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  report();

  // The confirmation arrives by a full load (no JavaScript in the form) or by
  // a client-side navigation: watch for its marker, tell each booking once.
  var told = {};
  function tellBooked() {
    var booked = document.querySelector("[data-studio-booked]");
    var reference = booked && booked.getAttribute("data-reference");
    if (!reference || told[reference]) return;
    told[reference] = true;
    post({ type: "studio:booked", reference: reference, startsAt: booked.getAttribute("data-starts-at") });
  }
  tellBooked();
  if (window.MutationObserver) new MutationObserver(tellBooked).observe(document.body, { childList: true, subtree: true });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") post({ type: "studio:close" });
  });
})();
