// Automated WCAG 2.1 A/AA checks (axe-core) on the pages clients and the studio
// use, in the states they see: empty, after a server-side error, confirmed.
// axe finds a subset of problems (contrast, names, labels, landmarks, ARIA);
// keyboard and screen-reader behaviours have their own tests.
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiFreeSlots, claimSlot, controls, details, fillDetails, gridRadios, radioValues, slotLabel, waitForHydration } from "./support/booking";
import { browserSkipReason, launchChromium } from "./support/browser";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const skipReason = browserSkipReason();

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  })) as Violation[];
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe.skipIf(skipReason !== null)("accessibility (axe-core, WCAG 2.1 A and AA)", () => {
  const baseUrl = inject("e2eBaseUrl");
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, javaScriptEnabled = true) {
    // bypassCSP: our policy rightly refuses the injected axe script.
    const context = await browser.newContext({ javaScriptEnabled, timezoneId: "Asia/Kolkata", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
    return page;
  }

  // axe needs JavaScript: a page reached with JavaScript off is checked as a
  // copy of its HTML (without the app's scripts) in a page of the same origin,
  // so the stylesheet and colours are the same.
  async function violationsWithoutJs(page: Page): Promise<string[]> {
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
    const copy = await (await browser.newContext({ bypassCSP: true })).newPage();
    await copy.goto(`${baseUrl}/book/received`);
    await copy.setContent(html, { waitUntil: "load" });
    const found = await violations(copy);
    await copy.context().close();
    return found;
  }

  it("the booking page has no violations", async () => {
    const page = await open("/book");
    await waitForHydration(page);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it("the booking page after a server-side error has none (error summary, invalid fields)", async () => {
    const page = await open("/book?tz=Europe/London", false);
    const slot = claimSlot(await radioValues(gridRadios(page)));
    await slotLabel(page, slot).click();
    await fillDetails(page, details("a11y-error", { customerPhone: "12ab" }));
    await Promise.all([page.waitForLoadState("load"), controls(page).submit.click()]);
    await page.getByText("There is a problem").waitFor();
    expect(await violationsWithoutJs(page)).toEqual([]);
    await page.context().close();
  });

  it("the confirmation page and the client's private page have none", async () => {
    const page = await open("/book?tz=Europe/London", false);
    const slot = claimSlot(await apiFreeSlots(baseUrl));
    await slotLabel(page, slot).click();
    await fillDetails(page, details("a11y-confirmed"));
    await Promise.all([page.waitForURL(/\/book\/confirmed\//), controls(page).submit.click()]);
    expect(await violationsWithoutJs(page)).toEqual([]);
    // The client's private page, and its cancel step.
    await Promise.all([page.waitForURL(/\/manage\//), page.getByRole("link", { name: "Reschedule or cancel" }).click()]);
    expect(await violationsWithoutJs(page)).toEqual([]);
    await page.goto(`${page.url().split("?")[0]}/cancel`);
    expect(await violationsWithoutJs(page)).toEqual([]);
    await page.context().close();
  });

  it("the admin sign-in page has none", async () => {
    const page = await open("/admin/login");
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it("the studio's pages have none: dashboard, list, a consultation, reschedule, availability, reports, outbox", async () => {
    // A consultation to look at, booked through the API.
    const slot = claimSlot(await apiFreeSlots(baseUrl, 21));
    const booked = await fetch(`${baseUrl}/api/consultations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        projectName: "Axe check",
        projectDescription: "A consultation for the accessibility check.",
        genre: "Jazz",
        customerName: "Ada Axe",
        customerEmail: "a11y-admin@example.com",
        consultationDate: slot,
        timeZone: "Europe/London",
      }),
    });
    expect(booked.status).toBe(201);
    const { id } = (await booked.json()) as { id: string };

    const admin = inject("e2eAdmin");
    const page = await open("/admin/login");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await Promise.all([page.waitForURL(/\/admin$/), page.getByRole("button", { name: "Sign in" }).click()]);

    const found: string[] = [];
    for (const path of ["/admin", "/admin/consultations", `/admin/consultations/${id}`, `/admin/consultations/${id}/reschedule`, "/admin/availability", "/admin/reports", "/admin/outbox", "/admin/api-tokens", "/admin/webhooks", "/admin/sources"]) {
      await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
      found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
    }
    expect(found).toEqual([]);
    await page.context().close();
  });
});
