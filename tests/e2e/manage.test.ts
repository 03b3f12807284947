// The client's private link, end to end: book, follow "Reschedule or cancel"
// from the confirmation page, move the consultation, then cancel it. Chromium
// against a real `wrangler dev` (support/dev-server.ts), real clock.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import {
  alternativeRadios,
  apiFreeSlots,
  claimSlot,
  CONFIRMED_URL,
  controls,
  details,
  fillDetails,
  gridRadios,
  longLabel,
  pageLabel,
  markClaimed,
  radioValues,
  referenceFor,
  slotLabel,
  slotRadio,
  STUDIO_TZ,
  summaryValue,
  TAKEN_MESSAGE,
  waitForHydration,
} from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { useBrowserSession } from "./support/session";

const skipReason = browserSkipReason();
const MANAGE_URL = /\/manage\/[\w-]+\.[\w-]+\.[\w-]+(\?.*)?$/;
// Where the browser lands: the same page at an address without the key (docs/decisions/0057).
const KEYLESS_URL = /\/manage\/c\/[0-9a-f-]{36}(\?.*)?$/;

describe.skipIf(skipReason !== null)("managing a booking from the private link", () => {
  const baseUrl = inject("e2eBaseUrl");
  // A bad link is a 404 on purpose: that test says so with expectHttpErrorsUnder("/manage/").
  const { openPage, screenshot, expectHttpErrorsUnder } = useBrowserSession({ defaultTimeZone: STUDIO_TZ });

  /** Books a slot through the form and returns the manage link the confirmation page shows. */
  async function bookAndFollowLink(page: Page, who: string, { javaScript = false } = {}): Promise<{ startsAt: string; id: string; projectName: string; manageLink: string }> {
    await page.goto("/book");
    if (javaScript) {
      // The page switches to the browser's zone first.
      await page.waitForURL((url) => url.searchParams.has("tz"));
      await waitForHydration(page);
    }
    const startsAt = claimSlot(await radioValues(gridRadios(page)));
    await slotLabel(page, startsAt).click();
    const d = details(who);
    await fillDetails(page, d);
    await Promise.all([page.waitForURL(CONFIRMED_URL), controls(page).submit.click()]);
    const id = CONFIRMED_URL.exec(new URL(page.url()).pathname)![1];
    const link = page.getByRole("link", { name: "Reschedule or cancel" });
    const manageLink = (await link.getAttribute("href"))!;
    expect(manageLink).toMatch(MANAGE_URL);
    await Promise.all([page.waitForURL(KEYLESS_URL), link.click()]);
    expect(new URL(page.url()).pathname).toBe(`/manage/c/${id}`);
    return { startsAt, id, projectName: d.projectName, manageLink };
  }

  it("with JavaScript off: reschedules, then cancels, from the link on the confirmation page", async () => {
    const page = await openPage({ javaScript: false });
    const { startsAt, id, projectName, manageLink } = await bookAndFollowLink(page, "Manage no script");

    // The booking as it stands.
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your consultation");
    expect(await page.locator(".confirmation .eyebrow").textContent()).toBe(`Booking reference ${referenceFor(id)}`);
    expect(await summaryValue(page, "Project").textContent()).toBe(projectName);
    expect(await summaryValue(page, `When (your time, ${STUDIO_TZ})`).textContent()).toBe(pageLabel(startsAt, STUDIO_TZ));
    expect(await summaryValue(page, "Status").textContent()).toBe("Scheduled");
    // Its own time is in the picker as the current one, not as a choice.
    expect(await slotRadio(page, startsAt).count()).toBe(0);
    expect(await page.locator(".slot--current").textContent()).toContain("your current time");
    await screenshot(page, "manage-nojs-view");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "manage-nojs-view-narrow");
    await page.setViewportSize({ width: 1280, height: 900 });

    // Move it.
    const to = claimSlot(await radioValues(gridRadios(page)));
    await slotLabel(page, to).click();
    expect(await slotRadio(page, to).isChecked()).toBe(true);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("done") === "rescheduled"),
      page.getByRole("button", { name: "Move my consultation" }).click(),
    ]);
    expect(await page.getByRole("status").textContent()).toContain(`Your consultation has been moved to ${pageLabel(to, STUDIO_TZ)}`);
    expect(await summaryValue(page, `When (your time, ${STUDIO_TZ})`).textContent()).toBe(pageLabel(to, STUDIO_TZ));
    const afterMove = await apiFreeSlots(baseUrl, 31);
    expect(afterMove).toContain(startsAt);
    expect(afterMove).not.toContain(to);
    await screenshot(page, "manage-nojs-rescheduled");

    // Cancel it: a confirmation step first.
    await Promise.all([page.waitForURL(/\/cancel(\?|$)/), page.getByRole("link", { name: "Cancel this consultation…" }).click()]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cancel your consultation?");
    expect(await page.locator(".cancel-step").textContent()).toContain(pageLabel(to, STUDIO_TZ));
    await page.getByLabel("Reason").fill("Plans changed");
    await screenshot(page, "manage-nojs-cancel-step");
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("done") === "cancelled"),
      page.getByRole("button", { name: "Cancel consultation" }).click(),
    ]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your consultation is cancelled");
    expect(await summaryValue(page, "Status").textContent()).toBe("Cancelled");
    expect(await page.locator('input[name="consultationDate"]').count()).toBe(0);
    expect(await page.getByRole("link", { name: "Book again" }).getAttribute("href")).toBe("/book");
    expect(await apiFreeSlots(baseUrl, 31)).toContain(to);
    await screenshot(page, "manage-nojs-cancelled");

    // Going back and cancelling again (a resubmitted form) lands on the same page.
    const again = await page.request.post(new URL(`${manageLink}/cancel`, baseUrl).href, { form: { reason: "" }, maxRedirects: 0, headers: { origin: baseUrl } });
    expect(again.status()).toBe(302);
    expect(again.headers()["location"]).toMatch(/done=cancelled/);
  });

  it("with JavaScript: shows the busy state, and a taken time with the nearest free times instead", async () => {
    const zone = "America/New_York";
    const page = await openPage({ timezoneId: zone });
    const { startsAt } = await bookAndFollowLink(page, "Manage script", { javaScript: true });
    // Booked from a New York browser: the page shows New York times.
    await expect.poll(() => page.locator(".slot-picker .hint").textContent()).toBe(`Times in ${zone}. Each consultation lasts 15 minutes.`);

    // Someone else takes the time this client is about to pick.
    const wanted = claimSlot(await radioValues(gridRadios(page)), { extraLeadMinutes: 60 });
    await slotLabel(page, wanted).click();
    const taken = await fetch(`${baseUrl}/api/consultations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        projectName: "Quicker client",
        projectDescription: "Booked through the API first.",
        genre: "Pop",
        customerName: "Quick Client",
        customerEmail: "quick-manage@example.com",
        consultationDate: wanted,
        timeZone: STUDIO_TZ,
      }),
    });
    expect(taken.status, await taken.clone().text()).toBe(201);

    const submit = page.getByRole("button", { name: /Move my consultation|Moving your consultation/ });
    await submit.click();
    const picker = page.locator("fieldset.slot-picker");
    await expect.poll(() => picker.locator(".field-errors").textContent()).toBe(TAKEN_MESSAGE);
    expect(await page.locator(".error-summary").isVisible()).toBe(true);
    // public/manage.js moves focus to the summary once the answer's page has loaded.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    const alternatives = await radioValues(alternativeRadios(page));
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives).not.toContain(wanted);
    expect(alternatives).not.toContain(startsAt);
    await screenshot(page, "manage-js-slot-taken");

    // Pick one of them; hold the request to see the busy button.
    // Any offered alternative is free now, even one an earlier test used and
    // freed again; only the notice period matters (tests run one at a time).
    const instead = alternatives.find((iso) => Date.parse(iso) > Date.now() + 150 * 60_000)!;
    expect(instead, `a claimable alternative among ${alternatives.join(", ")}`).toBeDefined();
    markClaimed(instead);
    await slotLabel(page, instead, "alt").click();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.startsWith("/manage/"),
      async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      },
    );
    await submit.click();
    await expect.poll(() => submit.textContent()).toBe("Moving your consultation…");
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.getAttribute("aria-busy")).toBe("true");
    release();
    await page.waitForURL((url) => url.searchParams.get("done") === "rescheduled");
    await page.unrouteAll();
    await expect.poll(() => summaryValue(page, `When (your time, ${zone})`).textContent()).toBe(pageLabel(instead, zone));
    expect(await summaryValue(page, `Studio time (${STUDIO_TZ})`).textContent()).toBe(pageLabel(instead, STUDIO_TZ));
    await screenshot(page, "manage-js-rescheduled");
  });

  it("a link that was tampered with gets a friendly page", async () => {
    const page = await openPage({ javaScript: false });
    expectHttpErrorsUnder("/manage/");
    const response = await page.goto("/manage/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad");
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("This link doesn't work");
    expect(await page.getByRole("link", { name: "Book a consultation" }).getAttribute("href")).toBe("/book");
    await screenshot(page, "manage-bad-link");
  });
});
