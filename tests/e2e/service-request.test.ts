// The client's service request after a completed consultation, in chromium
// against `wrangler dev`: the three steps with JavaScript off (plain POSTs)
// and on, a field error on the way, the send, then the studio's view of it.
// The completed consultations come from support/seeds/service-request.sql.
import { SignJWT } from "jose";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserSkipReason } from "./support/browser";
import { useBrowserSession } from "./support/session";

const skipReason = browserSkipReason();
// wrangler.toml's development vars set no LINK_SIGNING_SECRET: the app signs with its dev fallback.
const DEV_LINK_SECRET = "development-only-link-signing-secret-not-for-production";
const NO_SCRIPT = "e2e00000-0000-4000-8000-000000000001";
const WITH_SCRIPT = "e2e00000-0000-4000-8000-000000000002";

async function serviceLink(consultationId: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ pur: "manage" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(consultationId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 86_400)
    .sign(new TextEncoder().encode(DEV_LINK_SECRET));
  return `/manage/${token}`;
}

const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;

describe.skipIf(skipReason !== null)("the service request", () => {
  const admin = inject("e2eAdmin");
  // A double click with JavaScript on cancels the first submission's follow-up load: nothing a user sees.
  const { openPage, screenshot } = useBrowserSession({ defaultTimeZone: "Europe/London", ignoreAbortedRequests: true });

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
    if (javaScript) await send.dblclick();
    else await send.click();
    await expect.poll(() => page.getByRole("heading", { name: "Your request is on its way" }).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get("sent")).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, `${name}-sent`);
  }

  it("with JavaScript off: three plain form steps, a field error, the send", async () => {
    const page = await openPage({ javaScript: false });
    const link = await serviceLink(NO_SCRIPT);
    await page.goto(link);
    await page.getByRole("link", { name: "Request mixing, mastering or production" }).click();
    await walk(page, "service-request-noscript", { javaScript: false });
  });

  it("with JavaScript on: the same steps without page loads; a double click sends one request, which the studio sees", async () => {
    const page = await openPage({ javaScript: true });
    await page.goto(`${await serviceLink(WITH_SCRIPT)}/service`);
    await page.waitForFunction(() => "__remixRouter" in window);
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
