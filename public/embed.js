/*! Studio booking embed v1. On any page of the studio's site:
 *   <a href="https://book.example.com/book" data-studio-booking>Book a free consultation</a>
 *   <script src="https://book.example.com/embed.js" async></script>
 * Options on the link: data-service="Electronic" (pre-selects a genre, or notes "Mixing" as the interest), data-time-zone="Europe/Berlin",
 * data-theme-color="#0a7". Without JavaScript the link simply opens /book.
 * On a booking, window receives CustomEvent "studio:booked" with detail { reference, startsAt }.
 * Counts a view of this page and each open (no cookies). See the README, "Embedding the booking". */
(function () {
  "use strict";
  if (window.studioBookingEmbed) return;
  var script = document.currentScript;
  var base = new URL(script ? script.src : "/embed.js", location.href).origin;
  window.studioBookingEmbed = { version: "1", origin: base };
  var SELECTOR = "a[data-studio-booking]";
  var UTM = ["utm_source", "utm_medium", "utm_campaign"];
  var dialog, frame, closeButton, opener, overflow;

  function count(kind) {
    // No cookies (credentials: omit), only the page's path.
    fetch(base + "/embed/" + kind, {
      method: "POST",
      body: new URLSearchParams({ page: location.pathname }),
      mode: "no-cors",
      credentials: "omit",
      keepalive: true,
    }).catch(function () {});
  }

  function css(el, styles) {
    for (var k in styles) el.style[k] = styles[k];
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.setAttribute("aria-label", "Book a consultation");
    css(dialog, {
      padding: "0", border: "0", borderRadius: "12px", width: "min(42rem, 100vw - 1rem)", maxWidth: "100vw",
      maxHeight: "calc(100dvh - 1rem)", overflow: "auto", boxShadow: "0 10px 40px rgba(0,0,0,.35)", background: "#fff",
    });
    closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.textContent = "Close";
    closeButton.setAttribute("aria-label", "Close the booking");
    css(closeButton, {
      position: "sticky", top: "0", float: "right", zIndex: "1", margin: "0.5rem", padding: "0.5rem 0.9rem", font: "inherit",
      fontSize: "16px", border: "1px solid #555", borderRadius: "6px", background: "#fff", color: "#111", cursor: "pointer",
    });
    closeButton.addEventListener("click", function () {
      dialog.close();
    });
    frame = document.createElement("iframe");
    frame.title = "Book a consultation";
    css(frame, { display: "block", width: "100%", height: "36rem", border: "0", clear: "both" });
    dialog.appendChild(closeButton);
    dialog.appendChild(frame);
    dialog.addEventListener("click", function (e) {
      if (e.target === dialog) dialog.close(); // the backdrop
    });
    dialog.addEventListener("close", function () {
      document.documentElement.style.overflow = overflow;
      frame.src = "about:blank";
      if (opener) opener.focus();
    });
    document.body.appendChild(dialog);
  }

  function bookingUrl(link) {
    var url = new URL("/book", base);
    var given = new URL(link.href, location.href);
    var here = new URLSearchParams(location.search);
    url.searchParams.set("embed", "1");
    url.searchParams.set("origin", location.origin);
    url.searchParams.set("source_page", location.pathname);
    UTM.forEach(function (k) {
      var v = given.searchParams.get(k) || here.get(k);
      if (v) url.searchParams.set(k, v);
    });
    if (link.dataset.timeZone) url.searchParams.set("tz", link.dataset.timeZone);
    if (link.dataset.service) url.searchParams.set("service", link.dataset.service);
    if (link.dataset.themeColor) url.searchParams.set("theme", link.dataset.themeColor);
    return url.href;
  }

  function open(link) {
    if (!window.HTMLDialogElement) return false; // very old browsers follow the link
    if (!dialog) build();
    opener = link;
    frame.src = bookingUrl(link);
    overflow = document.documentElement.style.overflow;
    document.documentElement.style.overflow = "hidden";
    dialog.showModal();
    closeButton.focus();
    count("open");
    return true;
  }

  document.addEventListener("click", function (e) {
    var link = e.target instanceof Element ? e.target.closest(SELECTOR) : null;
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (open(link)) e.preventDefault();
  });
  document.addEventListener("keydown", function (e) {
    var link = e.target instanceof Element ? e.target.closest(SELECTOR) : null;
    if (link && e.key === " ") {
      e.preventDefault();
      open(link);
    }
  });

  // Only the booking frame, from the booking's origin, is listened to.
  window.addEventListener("message", function (e) {
    if (e.origin !== base || !frame || e.source !== frame.contentWindow) return;
    var d = e.data || {};
    if (d.type === "studio:height" && typeof d.height === "number") {
      frame.style.height = Math.min(Math.max(Math.ceil(d.height), 240), 6000) + "px";
    } else if (d.type === "studio:close") {
      dialog.close();
    } else if (d.type === "studio:booked") {
      window.dispatchEvent(new CustomEvent("studio:booked", { detail: { reference: String(d.reference), startsAt: String(d.startsAt) } }));
    }
  });

  function init() {
    var links = document.querySelectorAll(SELECTOR);
    if (!links.length) return;
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("role", "button");
      links[i].setAttribute("aria-haspopup", "dialog");
    }
    count("view");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
