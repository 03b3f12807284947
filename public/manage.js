// @ts-check
// What JavaScript adds to the client's private pages (/manage/:token, shown at /manage/c/:id, and its
// cancel, delete, feedback and service steps), which are not hydrated
// (docs/decisions/0052): every form there posts and redirects without this file.
// - Before a form is sent: a required choice (a time, a rating) and the fields'
//   native constraints are checked; the words are the schema's own, rendered
//   by the server as data-msg-* attributes (app/domain/constraint-messages.ts).
// - While it is sent (with fetch, as the browser would send it): its buttons
//   are disabled, the one pressed says what is happening (data-busy), and a
//   second click sends nothing. The answer takes the place of the page's
//   content; a redirect's address goes into the history.
// - A problem the server found: its summary gets focus (screen readers read it).
// - Another zone or other dates for the time picker: the page is fetched and
//   put in place, so the scroll position and the focus stay where they are.
(() => {
  /** The address whose page is shown (a "#…" link on the page changes only the hash). */
  let shown = withoutHash(window.location.href);
  /** @param {string} href */
  function withoutHash(href) {
    const url = new URL(href);
    url.hash = "";
    return url.href;
  }

  // ---- checks before sending ---------------------------------------------------

  /** @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} control */
  function problemOf(control) {
    const v = control.validity;
    const msg = control.dataset;
    if (control.required && control.value.trim() === "") return msg.msgMissing;
    if (v.valid) return undefined;
    if (v.valueMissing || v.tooShort) return msg.msgMissing;
    if (v.badInput || v.typeMismatch) return msg.msgType;
    if (v.rangeUnderflow || v.rangeOverflow) return msg.msgRange;
    if (v.tooLong) return msg.msgLong;
    return control.validationMessage;
  }

  /** A group of radios that needs a choice (fieldset[data-msg-missing]): the missing message, or nothing. @param {HTMLElement} group */
  function groupProblem(group) {
    return group.querySelector("input:checked") ? undefined : group.dataset.msgMissing;
  }

  /** @param {HTMLElement} target @param {HTMLElement | null} errors @param {string | undefined} message */
  function show(target, errors, message) {
    if (!errors) return;
    errors.replaceChildren();
    const describedBy = (target.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== errors.id);
    if (message) {
      const list = document.createElement("ul");
      const item = document.createElement("li");
      item.textContent = message;
      list.append(item);
      errors.append(list);
      target.setAttribute("aria-invalid", "true");
    } else {
      target.removeAttribute("aria-invalid");
    }
    // A group always points at its error list (as the server renders it); a field only while it has an error.
    if (message || target.tagName === "FIELDSET") describedBy.unshift(errors.id);
    if (describedBy.length > 0) target.setAttribute("aria-describedby", describedBy.join(" "));
    else target.removeAttribute("aria-describedby");
    target.closest(".field")?.classList.toggle("field--invalid", Boolean(message));
  }

  /** @param {Element} element */
  const checkable = (element) =>
    element.matches("fieldset[data-msg-missing]") ||
    (element.matches("input, textarea, select") && Object.keys(/** @type {HTMLElement} */ (element).dataset).some((key) => key.startsWith("msg")));

  /** Checks one group or field and shows what it finds; true when it is fine. @param {HTMLElement} target */
  function check(target) {
    checked.add(target);
    if (target instanceof HTMLFieldSetElement) {
      const message = groupProblem(target);
      show(target, target.querySelector(".field-errors"), message);
      // The server marks each radio of a rating that was missing; a choice clears them.
      if (!message) for (const radio of target.querySelectorAll("input[aria-invalid]")) radio.removeAttribute("aria-invalid");
      return !message;
    }
    const control = /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */ (target);
    const message = problemOf(control);
    show(control, control.closest(".field")?.querySelector(".field-errors") ?? null, message);
    return !message;
  }

  /** What was checked once is checked again as the client fixes it. */
  const checked = new WeakSet();
  /** Fields and groups the server marked. @param {ParentNode} root */
  function markInvalid(root) {
    for (const element of root.querySelectorAll('[aria-invalid="true"]')) {
      const target = element.closest("fieldset[data-msg-missing]") ?? element;
      if (checkable(target)) checked.add(target);
    }
  }
  markInvalid(document);
  /** @param {Event} event */
  function recheck(event) {
    const element = /** @type {Element} */ (event.target);
    const target = element.closest?.("fieldset[data-msg-missing]") ?? element;
    if (target instanceof HTMLElement && checked.has(target)) check(target);
  }
  document.addEventListener("input", recheck);
  document.addEventListener("change", recheck);
  document.addEventListener("focusout", (event) => {
    const element = /** @type {Element} */ (event.target);
    if (element instanceof HTMLElement && element.matches(".field input, .field textarea, .field select") && checkable(element)) check(element);
  });

  // ---- sending -------------------------------------------------------------------
  // Sent with fetch (as the browser would send it), so the button can say what
  // is under way; the answer (the page a change redirects to, the next step, or
  // this page with the server's problem) then takes the place of this page's content.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method !== "post") return;
    event.preventDefault();
    if (form.dataset.sending !== undefined) return; // one submission per form
    const submitter = /** @type {HTMLButtonElement | null} */ (event.submitter);
    if (!submitter?.formNoValidate) {
      const targets = /** @type {HTMLElement[]} */ ([...form.querySelectorAll("fieldset[data-msg-missing], input, textarea, select")].filter(checkable));
      const invalid = targets.filter((target) => !check(target));
      if (invalid.length > 0) {
        const first = invalid[0];
        /** @type {HTMLElement | null} */ (first instanceof HTMLFieldSetElement ? first.querySelector("input") : first)?.focus();
        return;
      }
    }
    const body = new URLSearchParams(/** @type {any} */ (new FormData(form)));
    if (submitter?.name) body.append(submitter.name, submitter.value);
    setBusy(form, submitter, true);
    let response;
    let html;
    try {
      response = await fetch(form.action, { method: "POST", body, headers: { accept: "text/html" } });
      html = await response.text();
    } catch {
      // Nothing reached us, or the answer was lost: the form, as filled in, is sent the ordinary way.
      setBusy(form, submitter, false);
      form.dataset.sending = "";
      if (submitter?.name) {
        const pressed = Object.assign(document.createElement("input"), { type: "hidden", name: submitter.name, value: submitter.value });
        form.append(pressed);
      }
      form.submit();
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
    markInvalid(main);
    if (response.redirected) {
      // Done: the page's own address, which a reload or a bookmark keeps.
      window.history.pushState(null, "", response.url);
      shown = withoutHash(response.url);
    }
    // A problem the server found: its summary. Otherwise the new page from its top.
    const summary = /** @type {HTMLElement | null} */ (main.querySelector(".error-summary"));
    if (summary) return summary.focus();
    window.scrollTo(0, 0);
    const heading = main.querySelector("h1");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  });

  /** @param {HTMLFormElement} form @param {HTMLButtonElement | null} submitter @param {boolean} busy */
  function setBusy(form, submitter, busy) {
    if (busy) form.dataset.sending = "";
    else delete form.dataset.sending;
    for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (form.querySelectorAll('button[type="submit"], button:not([type])'))) {
      button.disabled = busy;
      if (!busy && button.dataset.idle !== undefined) {
        button.textContent = button.dataset.idle;
        delete button.dataset.idle;
      }
      if (!busy) button.removeAttribute("aria-busy");
    }
    if (busy && submitter) {
      submitter.setAttribute("aria-busy", "true");
      if (submitter.dataset.busy) {
        submitter.dataset.idle = submitter.textContent ?? "";
        submitter.textContent = submitter.dataset.busy;
      }
    }
  }

  // ---- the time picker in another zone, or for other dates -------------------------
  let latest = 0;
  /** @param {URL} url @param {"replace" | "push" | "none"} history */
  async function showPage(url, history) {
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
    if (ticket !== latest) return; // a later choice won
    shown = withoutHash(url.href);
    const page = new DOMParser().parseFromString(html, "text/html");
    const main = page.getElementById("main");
    if (!main) return window.location.assign(url);
    // Focus stays on the same control (the zone list, a date link) in the new content.
    const active = document.activeElement;
    const focusId = active?.id;
    const linkText = active instanceof HTMLAnchorElement && active.closest(".week-nav") ? active.textContent : null;
    document.getElementById("main")?.replaceWith(document.adoptNode(main));
    document.title = page.title;
    const again = focusId ? document.getElementById(focusId) : linkText ? [...document.querySelectorAll(".week-nav a")].find((a) => a.textContent === linkText) : null;
    /** @type {HTMLElement | null | undefined} */ (again)?.focus({ preventScroll: true });
    if (history === "push") window.history.pushState(null, "", url);
    else if (history === "replace") window.history.replaceState(null, "", url);
  }

  document.addEventListener("change", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.form?.matches("form.tz-form")) return;
    const url = new URL(select.form.action, window.location.href);
    url.search = new URLSearchParams(/** @type {any} */ (new FormData(select.form))).toString();
    showPage(url, "replace");
  });
  document.addEventListener("click", (event) => {
    const link = /** @type {HTMLElement} */ (event.target).closest?.(".week-nav a, .slot-picker .notice a");
    if (!(link instanceof HTMLAnchorElement) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    showPage(new URL(link.href), "push");
  });
  window.addEventListener("popstate", () => {
    if (withoutHash(window.location.href) !== shown) showPage(new URL(window.location.href), "none");
  });

  // ---- a problem the server found ---------------------------------------------------
  /** @type {HTMLElement | null} */ (document.querySelector(".error-summary"))?.focus();
})();
