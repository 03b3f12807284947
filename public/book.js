// @ts-check
// What JavaScript adds to the booking page (/book), which is not hydrated
// (docs/decisions/0026): the page works fully without this file.
// - Times in the browser's zone: the page asks the server for itself in that
//   zone and swaps in the time picker (no reload; focus stays where it is).
//   The zone list and the date links do the same.
// - Field errors as the client types: native constraints (required, maxlength,
//   type, min/max, pattern) decide; the words are the schema's own, rendered by
//   the server as data-msg-* attributes (app/domain/constraint-messages.ts).
// - A busy submit button, and one submission per click.
(() => {
  // Looked up each time: the page's content is replaced after a problem with a booking.
  const zoneForm = () => /** @type {HTMLFormElement | null} */ (document.querySelector("form.tz-form"));
  const zoneSelect = () => /** @type {HTMLSelectElement | null} */ (document.getElementById("tz"));
  const bookingForm = () => /** @type {HTMLFormElement | null} */ (document.getElementById("booking"));
  if (!bookingForm()) return;

  // ---- the time picker, in another zone or for other dates ------------------
  let latest = 0;
  /** @param {URL} url @param {"replace" | "push" | "none"} history */
  async function showTimes(url, history) {
    const ticket = ++latest;
    let html;
    try {
      const response = await fetch(url, { headers: { accept: "text/html" } });
      if (!response.ok) throw new Error(String(response.status));
      html = await response.text();
    } catch {
      if (history !== "none") window.location.assign(url);
      return;
    }
    const form = bookingForm();
    if (ticket !== latest || !form) return; // a later choice won, or the page has moved on
    const page = new DOMParser().parseFromString(html, "text/html");
    const picker = document.getElementById("slot-picker");
    const fresh = page.getElementById("slot-picker");
    const freshForm = /** @type {HTMLFormElement | null} */ (page.getElementById("booking"));
    if (!picker || !fresh || !freshForm) return window.location.assign(url);
    const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="consultationDate"]:checked'))?.value;
    picker.replaceWith(document.adoptNode(fresh));
    if (chosen) {
      const again = /** @type {HTMLInputElement | null} */ (fresh.querySelector(`input[name="consultationDate"][value="${CSS.escape(chosen)}"]`));
      if (again) again.checked = true;
    }
    form.action = freshForm.action;
    copyValue(freshForm, form, 'input[name="timeZone"]');
    const zone = /** @type {HTMLInputElement | null} */ (freshForm.querySelector('input[name="timeZone"]'))?.value;
    const tzForm = zoneForm();
    const tzSelect = zoneSelect();
    const freshTzForm = page.querySelector("form.tz-form");
    if (tzForm && freshTzForm) copyValue(freshTzForm, tzForm, 'input[name="from"]');
    const freshSelect = page.getElementById("tz");
    if (tzSelect && freshSelect && tzSelect.options.length !== freshSelect.querySelectorAll("option").length) {
      tzSelect.replaceChildren(...[...freshSelect.childNodes].map((node) => document.adoptNode(node)));
    }
    if (tzSelect && zone) tzSelect.value = zone;
    // The address says what the page shows, with the zone's current name.
    const shown = new URL(url);
    if (zone) shown.searchParams.set("tz", zone);
    if (history === "push") window.history.pushState(null, "", shown);
    else if (history === "replace") window.history.replaceState(null, "", shown);
  }

  /** @param {ParentNode} from @param {ParentNode} to @param {string} selector */
  function copyValue(from, to, selector) {
    const source = /** @type {HTMLInputElement | null} */ (from.querySelector(selector));
    const target = /** @type {HTMLInputElement | null} */ (to.querySelector(selector));
    if (source && target) target.value = source.value;
  }

  /** @param {Record<string, string>} params */
  function pageUrl(params) {
    const url = new URL(window.location.href);
    url.searchParams.delete("index");
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  document.addEventListener("change", (event) => {
    const tzSelect = zoneSelect();
    if (event.target !== tzSelect || !tzSelect) return;
    const from = /** @type {HTMLInputElement | null} */ (zoneForm()?.querySelector('input[name="from"]'))?.value ?? "";
    showTimes(pageUrl({ tz: tzSelect.value, ...(from ? { from } : {}) }), "replace");
  });
  document.addEventListener("click", (event) => {
    const link = /** @type {HTMLElement} */ (event.target).closest?.(".week-nav a, .slot-picker .notice a");
    if (!(link instanceof HTMLAnchorElement) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    showTimes(new URL(link.href), "push");
  });
  window.addEventListener("popstate", () => {
    if (bookingForm()) showTimes(new URL(window.location.href), "none");
    else window.location.reload(); // back from the confirmation shown in place
  });

  /**
   * The browser's IANA zone. Temporal answers at once; Intl.DateTimeFormat
   * first loads the locale's date formats (20-100 ms of main thread on a phone
   * with a cold page, Lighthouse's biggest blocking task on /book: 0052), so it
   * is only the fallback for browsers without Temporal.
   * @returns {string | undefined}
   */
  function browserTimeZone() {
    const temporal = /** @type {{ Now?: { timeZoneId?: () => string } } | undefined} */ (/** @type {any} */ (globalThis).Temporal);
    try {
      const id = temporal?.Now?.timeZoneId?.();
      if (id) return id;
    } catch {
      // Fall through to Intl.
    }
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  // With no zone in the address, show the browser's (the server names it canonically).
  const first = bookingForm();
  if (first && !first.hasAttribute("data-tz-from-url")) {
    const reported = browserTimeZone();
    const current = /** @type {HTMLInputElement | null} */ (first.querySelector('input[name="timeZone"]'))?.value;
    if (reported && reported !== current) showTimes(pageUrl({ tz: reported }), "replace");
  }

  /** @param {HTMLFormElement} form */
  function enhance(form) {
    // ---- field errors ----------------------------------------------------------
    const phone = /** @type {HTMLInputElement | null} */ (form.querySelector("input[data-pattern]"));
    if (phone) phone.pattern = phone.dataset.pattern ?? "";
    const controls = /** @type {(HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement)[]} */ ([
      ...form.querySelectorAll(".field input, .field textarea, .field select"),
    ]);
    const checked = new WeakSet();

    /** @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} control */
    function problemOf(control) {
      const v = control.validity;
      const msg = control.dataset;
      if (control.required && control.value.trim() === "") return msg.msgMissing;
      if (v.valid) return undefined;
      if (v.valueMissing || v.tooShort) return msg.msgMissing;
      if (v.badInput || v.typeMismatch) return msg.msgType;
      if (v.patternMismatch) return msg.msgPattern;
      if (v.rangeUnderflow || v.rangeOverflow) return msg.msgRange;
      if (v.stepMismatch) return msg.msgStep ?? msg.msgType;
      if (v.tooLong) return msg.msgLong;
      return control.validationMessage;
    }

    /** @param {Element} control @param {string | undefined} message @param {HTMLElement | null} errors */
    function show(control, message, errors) {
      if (!errors) return;
      // The time picker always points at its error list; a field only while it has an error.
      const always = control.tagName === "FIELDSET";
      const describedBy = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== errors.id);
      errors.replaceChildren();
      if (message) {
        const list = document.createElement("ul");
        const item = document.createElement("li");
        item.textContent = message;
        list.append(item);
        errors.append(list);
        control.setAttribute("aria-invalid", "true");
        describedBy.unshift(errors.id);
      } else {
        control.removeAttribute("aria-invalid");
        if (always) describedBy.unshift(errors.id);
      }
      if (describedBy.length > 0) control.setAttribute("aria-describedby", describedBy.join(" "));
      else control.removeAttribute("aria-describedby");
    }

    /** @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} control */
    function check(control) {
      checked.add(control);
      const field = control.closest(".field");
      const message = problemOf(control);
      show(control, message, field?.querySelector(".field-errors") ?? null);
      field?.classList.toggle("field--invalid", Boolean(message));
      return !message;
    }

    function checkSlot() {
      const picker = document.getElementById("slot-picker");
      if (!picker) return true;
      const message = form.querySelector('input[name="consultationDate"]:checked') ? undefined : picker.dataset.msgMissing;
      show(picker, message, picker.querySelector(".field-errors"));
      return !message;
    }

    for (const control of controls) {
      // A field the server already marked is checked again as the client fixes it.
      if (control.getAttribute("aria-invalid") === "true") checked.add(control);
      control.addEventListener("blur", () => check(control));
      control.addEventListener("input", () => checked.has(control) && check(control));
      control.addEventListener("change", () => checked.has(control) && check(control));
    }
    form.addEventListener("change", (event) => {
      if (/** @type {HTMLInputElement} */ (event.target).name === "consultationDate") checkSlot();
    });

    // ---- submitting --------------------------------------------------------------
    // Sent with fetch (as the browser would send it), so the button can say the
    // booking is under way; the answer (the confirmation, or this page with the
    // problem) then takes the place of this page's content.
    const button = /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type="submit"]'));
    const idleLabel = button?.textContent ?? "";
    let submitting = false;
    /** @param {boolean} busy */
    function setBusy(busy) {
      submitting = busy;
      if (!button) return;
      button.disabled = busy;
      button.textContent = busy ? "Booking your consultation…" : idleLabel;
      if (busy) button.setAttribute("aria-busy", "true");
      else button.removeAttribute("aria-busy");
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (submitting) return;
      const slotChosen = checkSlot();
      const invalid = controls.filter((control) => !check(control));
      if (!slotChosen || invalid.length > 0) {
        const first = slotChosen ? invalid[0] : document.querySelector('#slot-picker input[name="consultationDate"]');
        /** @type {HTMLElement | null} */ (first)?.focus();
        return;
      }
      const body = new URLSearchParams(/** @type {any} */ (new FormData(form)));
      setBusy(true);
      let response;
      let html;
      try {
        response = await fetch(form.action, { method: "POST", body, headers: { accept: "text/html" } });
        html = await response.text();
      } catch {
        // Nothing reached us, or the answer was lost: the form, as filled in, is sent the ordinary way.
        setBusy(false);
        submitting = true;
        form.submit();
        return;
      }
      // In the studio's embed dialog the confirmation is a page of its own, so
      // the frame's script (embed-frame.js) runs on it and tells the host page.
      if (response.redirected && document.documentElement.classList.contains("embedded")) {
        window.location.assign(response.url);
        return;
      }
      const page = new DOMParser().parseFromString(html, "text/html");
      const main = page.getElementById("main");
      if (!main) {
        document.open();
        document.write(html);
        document.close();
        return;
      }
      document.getElementById("main")?.replaceWith(document.adoptNode(main));
      document.title = page.title;
      if (response.redirected) {
        // Booked: the confirmation's own address, which a reload or a bookmark keeps.
        window.history.pushState(null, "", response.url);
        window.scrollTo(0, 0);
        document.getElementById("main")?.querySelector("h1")?.setAttribute("tabindex", "-1");
        /** @type {HTMLElement | null | undefined} */ (document.getElementById("main")?.querySelector("h1"))?.focus();
        return;
      }
      // A problem the server found: this page again, with it.
      const next = bookingForm();
      if (next) enhance(next);
    });

    // After a problem the server found, the summary at the top gets focus (screen readers read it).
    /** @type {HTMLElement | null} */ (document.querySelector(".error-summary"))?.focus();
  }

  enhance(/** @type {HTMLFormElement} */ (bookingForm()));
})();
