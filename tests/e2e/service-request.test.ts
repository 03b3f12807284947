// The client's service request after a completed consultation, in chromium
// against `wrangler dev`: the three steps with JavaScript off (plain POSTs)
// and on, a field error on the way, the send, then the studio's view of it.
// The completed consultations are written into the server's D1 (support/seed-d1.ts).
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserSkipReason } from "./support/browser";
import { manageLink, seedCompletedConsultation } from "./support/seed-d1";
import { useBrowserSession } from "./support/session";

const localD1 = inject("e2eD1");
const skipReason = browserSkipReason() ?? (localD1 ? null : "needs the e2e server's own D1 (not E2E_BASE_URL)");

const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;

describe.skipIf(skipReason !== null)("the service request", () => {
  const admin = inject("e2eAdmin");
  // A double click with JavaScript on cancels the first submission's follow-up load: nothing a user sees.
  const { openPage, screenshot } = useBrowserSession({ defaultTimeZone: "Europe/London", ignoreAbortedRequests: true });
  let noScript: string;
  let withScript: string;

  beforeAll(async () => {
    noScript = await seedCompletedConsultation(localD1!, {
      name: "Robin No-Script",
      email: "robin.noscript@example.com",
      project: "Harbour Lights",
      description: "A four-song indie EP: 4 tracks recorded live, lead vocals need some tuning.",
      genre: "Indie",
      bpm: 96,
    });
    withScript = await seedCompletedConsultation(localD1!, {
      name: "Sam Script",
      email: "sam.script@example.com",
      project: "Glass Tides",
      description: "Two singles to mix and master for streaming.",
      genre: "Electronic",
      bpm: 124,
    });
  });

  async function walk(page: Page, name: string, { javaScript }: { javaScript: boolean }) {
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 1 of 3");
    // The recommendation for the project is already chosen.
    await expect.poll(() => page.getByRole("heading", { name: "Recommended for your project" }).isVisible()).toBe(true);
    const chosen = page.locator('input[name="packageId"]:checked');
    expect(await chosen.count()).toBe(1);
    await screenshot(page, `${name}-step-1`);
    await page.getByLabel(/^Mix \+ master/).check();
    await page.getByRole("button", { name: "Continue to your project" }).click();

    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 2 of 3");
    await page.getByLabel("Number of tracks").fill("3");
    await page.getByLabel("Download links for your files").fill("ftp://files.example/stems.zip");
    await page.getByRole("button", { name: "Review your request" }).click();
    // The problem is listed at the top and by the field; nothing typed is lost.
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "There is a problem" }).isVisible()).toBe(true);
    await expect.poll(() => page.locator("#links-errors").textContent()).toContain("must start with http:// or https://");
    expect(await page.getByLabel("Number of tracks").inputValue()).toBe("3");
    await screenshot(page, `${name}-step-2-error`);
    await page.getByLabel("Download links for your files").fill("https://www.dropbox.com/s/e2e/stems.zip\nhttps://drive.example/vocals");
    await page.getByLabel(/Wished deadline/).fill(nextYear);
    await page.getByLabel(/Notes/).fill("Keep the room sound on the drums.");
    await page.getByRole("button", { name: "Review your request" }).click();

    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 3 of 3");
    const estimate = page.locator("table.estimate-table");
    await expect.poll(() => estimate.textContent()).toContain("Mix + master");
    expect(await estimate.textContent()).toMatch(/VAT \(\d+(\.\d+)?%\)/);
    expect(await estimate.textContent()).toContain("Total");
    await screenshot(page, `${name}-step-3`);

    // Back to step 1 and forward again keeps the project's details.
    await page.getByRole("button", { name: "Back to step 1" }).click();
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 1 of 3");
    expect(await page.getByLabel(/^Mix \+ master/).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Continue to your project" }).click();
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 2 of 3");
    expect(await page.getByLabel("Download links for your files").inputValue()).toContain("https://drive.example/vocals");
    await page.getByRole("button", { name: "Review your request" }).click();
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 3 of 3");

    const send = page.getByRole("button", { name: "Send my request" });
    if (javaScript) {
      // The step's page has loaded, so its script guards the form: the second click sends nothing.
      await page.waitForLoadState("load");
      await send.dblclick();
    } else await send.click();
    await expect.poll(() => page.getByRole("heading", { name: "Your request is on its way" }).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get("sent")).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, `${name}-sent`);
  }

  it("with JavaScript off: three plain form steps, a field error, the send", async () => {
    const page = await openPage({ javaScript: false });
    const link = await manageLink(noScript);
    await page.goto(link);
    await page.getByRole("link", { name: "Request mixing, mastering or production" }).click();
    await walk(page, "service-request-noscript", { javaScript: false });
  });

  it("with JavaScript on: the same steps; a double click sends one request, which the studio sees", async () => {
    const page = await openPage({ javaScript: true });
    // Not hydrated (docs/decisions/0052): public/manage.js has run once the page has loaded.
    await page.goto(`${await manageLink(withScript)}/service`);
    await walk(page, "service-request-js", { javaScript: true });

    const studio = await openPage({ javaScript: true });
    await studio.goto("/admin/login");
    await studio.getByLabel("Email").fill(admin.email);
    await studio.getByLabel("Password").fill(admin.password);
    await studio.getByRole("button", { name: "Sign in" }).click();
    await studio.waitForURL((url) => url.pathname === "/admin");
    await studio.goto("/admin/requests");
    const rows = studio.locator("tbody tr", { hasText: "Sam Script" });
    expect(await rows.count()).toBe(1);
    await screenshot(studio, "admin-requests");
    await rows.getByRole("link").click();
    await expect.poll(() => studio.getByRole("heading", { level: 1 }).textContent()).toBe("Mix + master for Glass Tides");
    expect(await studio.getByRole("link", { name: "https://drive.example/vocals" }).count()).toBe(1);
    await screenshot(studio, "admin-request-detail");
    await studio.goto("/admin/services");
    await screenshot(studio, "admin-services");
  });
});
