// The booking flow, end to end: Debian's chromium against a real `wrangler dev`
// (see support/dev-server.ts). Slots follow the real clock, so every test picks
// from what the page offers, and no two tests use the same slot.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  alternativeRadios,
  apiFreeSlots,
  claimSlot,
  clockLabel,
  CONFIRMED_URL,
  controls,
  describedErrors,
  details,
  fieldOf,
  fillDetails,
  gridRadios,
  pageLabel,
  markClaimed,
  radioValues,
  referenceFor,
  slotLabel,
  slotLabelText,
  slotRadio,
  STUDIO_TZ,
  summaryValue,
  TAKEN_MESSAGE,
  waitForHydration,
} from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { useBrowserSession } from "./support/session";

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)("booking a consultation in the browser", () => {
  const baseUrl = inject("e2eBaseUrl");
  const { openPage, screenshot } = useBrowserSession({ defaultTimeZone: STUDIO_TZ });

  async function expectConfirmation(page: Page, { startsAt, timeZone, projectName }: { startsAt: string; timeZone: string; projectName: string }) {
    const match = CONFIRMED_URL.exec(new URL(page.url()).pathname);
    expect(match, `confirmation URL, got ${page.url()}`).not.toBeNull();
    const id = match![1];
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Your consultation is booked");
    expect(await page.locator(".confirmation .eyebrow").textContent()).toBe(`Booking reference ${referenceFor(id)}`);
    expect(await summaryValue(page, "Project").textContent()).toBe(projectName);
    expect(await summaryValue(page, `When (your time, ${timeZone})`).textContent()).toBe(pageLabel(startsAt, timeZone));
    const studioTime = summaryValue(page, `Studio time (${STUDIO_TZ})`);
    if (timeZone === STUDIO_TZ) expect(await studioTime.count()).toBe(0);
    else expect(await studioTime.textContent()).toBe(pageLabel(startsAt, STUDIO_TZ));
    return id;
  }

  it("books with JavaScript, showing times in the browser's zone (Asia/Kathmandu)", async () => {
    const zone = "Asia/Kathmandu";
    const page = await openPage({ timezoneId: zone });
    await page.goto("/book");

    // The page notices the browser's zone and switches to it.
    await page.waitForURL((url) => url.searchParams.has("tz"));
    expect(new URL(page.url()).searchParams.get("tz")).toBe(zone);
    await expect.poll(() => page.locator(".slot-picker .hint").textContent()).toBe(`Times in ${zone}. Each consultation lasts 15 minutes.`);
    expect(await page.getByLabel("Show times in").inputValue()).toBe(zone);
    await waitForHydration(page);

    // Every label is the Kathmandu wall clock (UTC+5:45): studio 15:00 reads 20:45.
    const offered = await radioValues(gridRadios(page));
    expect(offered.length).toBeGreaterThan(0);
    for (const iso of offered.slice(0, 12)) {
      expect(await slotLabel(page, iso).textContent()).toBe(slotLabelText(iso, zone));
      const [studioMinute, clientMinute] = [clockLabel(iso, STUDIO_TZ), clockLabel(iso, zone)].map((t) => Number(t.slice(3)));
      expect(clientMinute).toBe((studioMinute + 45) % 60);
    }

    // The first free slot (that isn't too close to the 2 h notice limit).
    const startsAt = claimSlot(offered);
    await slotLabel(page, startsAt).click();
    expect(await slotRadio(page, startsAt).isChecked()).toBe(true);
    const who = details("Kathmandu");
    await fillDetails(page, who);

    // Hold the action request so the "busy" state can be seen without racing it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === "/book",
      async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      },
    );
    const submit = controls(page).submit;
    await submit.click();
    await expect.poll(() => submit.textContent()).toBe("Booking your consultation…");
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.getAttribute("aria-busy")).toBe("true");
    release();

    await page.waitForURL(CONFIRMED_URL);
    await page.unrouteAll();
    await expectConfirmation(page, { startsAt, timeZone: zone, projectName: who.projectName });
    await screenshot(page, "confirmation-js-kathmandu");

    expect(await apiFreeSlots(baseUrl)).not.toContain(startsAt);
  });

  it("books with JavaScript off, switching zones with the 'Show times' button", async () => {
    const zone = "America/Los_Angeles";
    const page = await openPage({ javaScript: false, timezoneId: "Asia/Tokyo" });
    await page.goto("/book");
    // No script, so no detection: the studio's zone until the client picks one.
    expect(await page.locator(".slot-picker .hint").textContent()).toContain(`Times in ${STUDIO_TZ}.`);

    await page.getByLabel("Show times in").selectOption(zone);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("tz") === zone),
      page.getByRole("button", { name: "Show times" }).click(),
    ]);
    expect(await page.locator(".slot-picker .hint").textContent()).toContain(`Times in ${zone}.`);
    expect(await page.getByLabel("Show times in").inputValue()).toBe(zone);
    expect(await page.locator('input[type="hidden"][name="timeZone"]').inputValue()).toBe(zone);

    const offered = await radioValues(gridRadios(page));
    for (const iso of offered.slice(0, 12)) expect(await slotLabel(page, iso).textContent()).toBe(slotLabelText(iso, zone));

    const startsAt = claimSlot(offered);
    await slotLabel(page, startsAt).click(); // the radio itself is visually hidden
    expect(await slotRadio(page, startsAt).isChecked()).toBe(true);
    const who = details("No script");
    await fillDetails(page, who);
    await Promise.all([page.waitForURL(CONFIRMED_URL), controls(page).submit.click()]);

    await expectConfirmation(page, { startsAt, timeZone: zone, projectName: who.projectName });
    await screenshot(page, "confirmation-nojs-los-angeles");
  });

  it("shows field errors as the client types, with JavaScript", async () => {
    const page = await openPage();
    await page.goto("/book");
    await waitForHydration(page);
    const c = controls(page);

    // Leave a required field empty.
    await c.projectName.focus();
    await page.keyboard.press("Tab");
    await expect.poll(() => c.projectName.getAttribute("aria-invalid")).toBe("true");
    const nameError = await describedErrors(page, c.projectName);
    expect(nameError.text).toBe("Enter a project name");
    expect(await fieldOf(c.projectName).locator(`[id="${nameError.errorId}"]`).count()).toBe(1);

    // A bad email address.
    await c.customerEmail.fill("sam@@example");
    await c.customerEmail.blur();
    await expect.poll(() => c.customerEmail.getAttribute("aria-invalid")).toBe("true");
    const emailError = await describedErrors(page, c.customerEmail);
    expect(emailError.text).toBe("Enter a valid email address, like name@example.com");
    expect(await fieldOf(c.customerEmail).locator(`[id="${emailError.errorId}"]`).count()).toBe(1);
    expect(await fieldOf(c.customerEmail).getAttribute("class")).toContain("field--invalid");
    await screenshot(page, "field-errors-js");

    // Fixing it clears the error as they type.
    await c.customerEmail.fill("sam@example.com");
    await expect.poll(() => c.customerEmail.getAttribute("aria-invalid")).toBeNull();
    expect((await describedErrors(page, c.customerEmail)).text).toBe("");
    expect(await page.locator(`[id="${emailError.errorId}"]`).textContent()).toBe("");
  });

  it("returns the form with the error next to the phone field and every value kept, with JavaScript off", async () => {
    const page = await openPage({ javaScript: false });
    await page.goto("/book");
    const startsAt = claimSlot(await radioValues(gridRadios(page)));
    await slotLabel(page, startsAt).click();
    const who = details("Bad phone", { customerPhone: "12ab" });
    await fillDetails(page, who);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/book"),
      controls(page).submit.click(),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState();

    const c = controls(page);
    expect(await c.customerPhone.getAttribute("aria-invalid")).toBe("true");
    const phoneError = await describedErrors(page, c.customerPhone);
    expect(phoneError.text).toBe("Enter the phone number in international format, like +44 20 7946 0958");
    expect(await fieldOf(c.customerPhone).locator(`[id="${phoneError.errorId}"]`).count()).toBe(1);
    // The hint stays linked too.
    expect(phoneError.ids.length).toBe(2);
    // Only the phone is wrong.
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);

    expect(await c.projectName.inputValue()).toBe(who.projectName);
    expect(await c.projectDescription.inputValue()).toBe(who.projectDescription);
    expect(await c.genre.inputValue()).toBe(who.genre);
    expect(await c.bpm.inputValue()).toBe(who.bpm);
    expect(await c.specialRequirements.inputValue()).toBe(who.specialRequirements);
    expect(await c.customerName.inputValue()).toBe(who.customerName);
    expect(await c.customerEmail.inputValue()).toBe(who.customerEmail);
    expect(await c.customerPhone.inputValue()).toBe("12ab");
    expect(await slotRadio(page, startsAt).isChecked()).toBe(true);
    await screenshot(page, "field-errors-nojs-phone");
  });

  it("says when the chosen time was just taken, and books one of the nearest free times instead", async () => {
    const zone = "America/New_York";
    const page = await openPage({ timezoneId: zone });
    await page.goto("/book");
    await page.waitForURL((url) => url.searchParams.get("tz") === zone);
    await waitForHydration(page);

    // An hour of extra lead, so the nearest alternatives are bookable too.
    const wanted = claimSlot(await radioValues(gridRadios(page)), { extraLeadMinutes: 60 });
    await slotLabel(page, wanted).click();
    const who = details("Taken slot");
    await fillDetails(page, who);

    // Someone else books that time through the API while the form is open.
    const taken = await fetch(`${baseUrl}/api/consultations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        projectName: "Quicker client",
        projectDescription: "Booked through the API first.",
        genre: "Pop",
        customerName: "Quick Client",
        customerEmail: "quick@example.com",
        consultationDate: wanted,
        timeZone: STUDIO_TZ,
      }),
    });
    expect(taken.status, await taken.clone().text()).toBe(201);

    await controls(page).submit.click();
    const picker = page.locator("fieldset.slot-picker");
    await expect.poll(() => picker.locator(".field-errors").textContent()).toBe(TAKEN_MESSAGE);
    expect(await picker.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("heading", { name: "Nearest free times" }).isVisible()).toBe(true);

    // The alternatives are free times near the one wanted, labelled with the day in the client's zone.
    const alternatives = await radioValues(alternativeRadios(page));
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives).not.toContain(wanted);
    for (const iso of alternatives) {
      expect(await slotLabel(page, iso, "alt").textContent()).toBe(slotLabelText(iso, zone, { withDay: true }));
      expect(Math.abs(Date.parse(iso) - Date.parse(wanted))).toBeLessThanOrEqual(24 * 60 * 60_000);
    }
    // The taken time is gone from the week too, and nothing the client typed was lost.
    await expect.poll(() => slotRadio(page, wanted).count()).toBe(0);
    expect(await controls(page).projectName.inputValue()).toBe(who.projectName);
    expect(await controls(page).customerEmail.inputValue()).toBe(who.customerEmail);
    await screenshot(page, "slot-taken-js");

    // Any offered alternative is free now, even one an earlier test used and
    // freed again; only the notice period matters (tests run one at a time).
    const instead = alternatives.find((iso) => Date.parse(iso) > Date.now() + 150 * 60_000);
    expect(instead, `an alternative after the notice period among ${alternatives.join(", ")}`).toBeDefined();
    markClaimed(instead!);
    await slotLabel(page, instead!, "alt").click();
    expect(await slotRadio(page, instead!, "alt").isChecked()).toBe(true);
    await controls(page).submit.click();
    await page.waitForURL(CONFIRMED_URL);
    await expectConfirmation(page, { startsAt: instead!, timeZone: zone, projectName: who.projectName });
  });

  it("can be booked with the keyboard alone", async () => {
    const page = await openPage();
    await page.goto("/book");
    await waitForHydration(page);
    const offered = await radioValues(gridRadios(page));
    const target = claimSlot(offered);
    const steps = offered.indexOf(target);

    // Tab from the top of the page into the slot group: focus lands on its first radio.
    // What has focus: a slot radio by its instant ("slot:" + ISO), anything else by its id.
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return active?.type === "radio" && active.name === "consultationDate" ? `slot:${new Date(active.value).toISOString()}` : (active?.id ?? "");
      });
    for (let i = 0; i < 10 && !(await focused()).startsWith("slot:"); i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe(`slot:${offered[0]}`);

    // Space selects it; arrows move through the group, selecting as they go.
    await page.keyboard.press("Space");
    expect(await slotRadio(page, offered[0]).isChecked()).toBe(true);
    for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowRight");
    if (steps === 0) {
      // Still show that arrows move: right and back again.
      await page.keyboard.press("ArrowRight");
      expect(await slotRadio(page, offered[1]).isChecked()).toBe(true);
      await page.keyboard.press("ArrowLeft");
    }
    expect(await focused()).toBe(`slot:${target}`);
    expect(await slotRadio(page, target).isChecked()).toBe(true);
    expect(await page.locator('input[name="consultationDate"]:checked').count()).toBe(1);
    // The selected slot shows the focus ring (on its label: the radio itself is hidden).
    const ring = await slotLabel(page, target).evaluate((label) => {
      const style = getComputedStyle(label);
      return { style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(ring.style).toBe("solid");
    expect(ring.width).toBe("3px");
    await screenshot(page, "keyboard-slot-focus");

    // The rest of the form, by keyboard: Tab to each field and type.
    const who = details("Keyboard", { bpm: "", specialRequirements: "" });
    const c = controls(page);
    const tabTo = async (id: string | null) => {
      for (let i = 0; i < 8 && (await focused()) !== id; i++) await page.keyboard.press("Tab");
      expect(await focused()).toBe(id);
    };
    await tabTo(await c.projectName.getAttribute("id"));
    await page.keyboard.type(who.projectName);
    await tabTo(await c.projectDescription.getAttribute("id"));
    await page.keyboard.type(who.projectDescription);
    await tabTo(await c.genre.getAttribute("id"));
    await page.keyboard.type(who.genre); // type-ahead on a closed <select>
    expect(await c.genre.inputValue()).toBe(who.genre);
    await tabTo(await c.customerName.getAttribute("id"));
    await page.keyboard.type(who.customerName);
    await tabTo(await c.customerEmail.getAttribute("id"));
    await page.keyboard.type(who.customerEmail);
    await tabTo(await c.customerPhone.getAttribute("id"));
    await page.keyboard.type(who.customerPhone!);
    await page.keyboard.press("Enter");

    await page.waitForURL(CONFIRMED_URL);
    await expectConfirmation(page, { startsAt: target, timeZone: STUDIO_TZ, projectName: who.projectName });
  });

  it("lets a keyboard user step through the time zones with the arrow keys", async () => {
    const page = await openPage();
    await page.goto("/book");
    await waitForHydration(page);
    const select = page.getByLabel("Show times in");
    const zones = await select.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const start = zones.indexOf(STUDIO_TZ);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? "");

    await select.focus();
    // Each step shows that zone's times straight away, and focus stays on the list.
    for (const step of [1, 2]) {
      await page.keyboard.press("ArrowDown");
      const zone = zones[start + step];
      await page.waitForURL((url) => url.searchParams.get("tz") === zone);
      await expect.poll(() => page.locator(".slot-picker .hint").textContent()).toContain(`Times in ${zone}.`);
      expect(await focused()).toBe("tz");
      expect(await select.inputValue()).toBe(zone);
    }
  });

  it("books once when the same form is submitted twice, with JavaScript off", async () => {
    const before = await apiFreeSlots(baseUrl);
    const page = await openPage({ javaScript: false });
    await page.goto("/book");
    const startsAt = claimSlot(await radioValues(gridRadios(page)));
    expect(before).toContain(startsAt);
    await slotLabel(page, startsAt).click();
    const who = details("Double submit");
    await fillDetails(page, who);

    // Exactly what the browser will send, hidden idempotency key included.
    const form = page.locator("form#booking");
    const action = new URL((await form.getAttribute("action")) ?? "/book?index", baseUrl).toString();
    const fields: Record<string, string> = {
      idempotencyKey: await form.locator('input[name="idempotencyKey"]').inputValue(),
      timeZone: await form.locator('input[name="timeZone"]').inputValue(),
      website: "",
      consultationDate: (await slotRadio(page, startsAt).getAttribute("value")) ?? "",
      ...Object.fromEntries(Object.entries(who).filter(([, v]) => v !== undefined)),
    };
    expect(fields.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    // A double click: the browser's submission and a copy of it, at the same time.
    const [copy] = await Promise.all([
      page.request.post(action, { form: fields, maxRedirects: 0 }),
      Promise.all([page.waitForURL(CONFIRMED_URL), controls(page).submit.click()]),
    ]);
    const id = await expectConfirmation(page, { startsAt, timeZone: STUDIO_TZ, projectName: who.projectName });
    expect(copy.status()).toBe(302);
    expect(copy.headers()["location"]).toBe(`/book/confirmed/${id}`);

    // Resubmitting later (back button, "confirm form resubmission") lands on the same booking.
    const again = await page.request.post(action, { form: fields, maxRedirects: 0 });
    expect(again.status()).toBe(302);
    expect(again.headers()["location"]).toBe(`/book/confirmed/${id}`);

    // Only that one slot was taken. (Slots that crossed the notice limit meanwhile don't count.)
    const after = new Set(await apiFreeSlots(baseUrl));
    const stillBookable = Date.now() + 121 * 60_000;
    const gone = before.filter((iso) => !after.has(iso) && Date.parse(iso) >= stillBookable);
    expect(gone).toEqual([startsAt]);
  });
});
