// A quote from the studio's draft to the client's acceptance, in chromium
// against a real `wrangler dev`, with JavaScript off and on. The client's
// service request and the catalogue are written into the server's D1
// (support/seed-d1.ts): their pages belong to another part of the product.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserSkipReason } from "./support/browser";
import { seedServiceRequest } from "./support/seed-d1";
import { signInAdmin, useBrowserSession, type SignedIn } from "./support/session";

const skipReason = browserSkipReason() ?? (inject("e2eD1") ? null : "needs the e2e server's own D1 (not E2E_BASE_URL)");
const STUDIO_TZ = "Europe/London";

describe.skipIf(skipReason !== null)("a quote in the browser", () => {
  const baseUrl = inject("e2eBaseUrl");
  const d1 = inject("e2eD1")!;
  const session = useBrowserSession({ defaultTimeZone: STUDIO_TZ, ignoreAbortedRequests: true });
  let signedIn: SignedIn;

  beforeAll(async () => {
    signedIn = await signInAdmin(session);
  });

  /** The studio drafts a quote from a seeded request, drops one optional extra and sends it; returns the client's link. */
  async function studioSendsQuote(javaScript: boolean, who: string): Promise<string> {
    const requestId = await seedServiceRequest(d1, { name: who, email: "quote-e2e@example.com", project: `${who}'s EP` });
    const page = await session.openPage({ javaScript, storageState: signedIn });
    // The request page's "Draft a quote" button is a plain form post; its page is in another branch.
    const drafted = await page.request.post("/admin/quotes/new", { form: { requestId }, headers: { origin: baseUrl }, maxRedirects: 0 });
    expect(drafted.status()).toBe(302);
    await page.goto(drafted.headers().location);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(`${who}: ${who}'s EP`);
    expect(await page.getByLabel("Line 1: description").inputValue()).toBe("Mix + master");

    // Remove the last optional extra (a list intent: with JavaScript off the server answers with the form changed).
    const lines = page.locator(".quote-line-edit");
    const before = await lines.count();
    await page.getByRole("button", { name: `Remove line ${before}` }).click();
    await expect.poll(() => lines.count()).toBe(before - 1);
    await page.getByLabel("Message to the client").fill("Thanks for the chat: here's our quote.");
    await session.screenshot(page, `quote-admin-draft-${javaScript ? "js" : "nojs"}`);

    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("saved") === "sent"),
      page.getByRole("button", { name: "Save and send to the client" }).click(),
    ]);
    // With JavaScript the URL can change a moment before the page shows the answer.
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("The quote was sent.");
    expect(await page.locator(".eyebrow").first().textContent()).toMatch(/^Q-\d{4}-\d{4}$/);
    await session.screenshot(page, `quote-admin-sent-${javaScript ? "js" : "nojs"}`);
    const link = await page.getByRole("link", { name: "Open the client's page" }).getAttribute("href");
    expect(link).toMatch(/\/quotes\/[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.context().close();
    return new URL(link!).pathname;
  }

  async function acceptOnClientPage(page: Page, javaScript: boolean) {
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("quote for");
    expect(await page.locator(".quote-message").textContent()).toBe("Thanks for the chat: here's our quote.");
    expect(await page.locator("#accept-total").textContent()).toBe("£1,044.00");
    expect(await page.getByText("VAT (20%)").count()).toBe(1);
    await session.screenshot(page, `quote-client-${javaScript ? "js" : "nojs"}`);

    // Tick rush delivery: the server works out the new total.
    await page.getByLabel(/Rush delivery/).check();
    await page.getByRole("button", { name: "Update total" }).click();
    await expect.poll(() => page.locator("#accept-total").textContent()).toBe("£1,506.00");
    expect(await page.getByLabel(/Rush delivery/).isChecked()).toBe(true);

    // Accepting without a name says what is missing.
    await page.getByLabel(/I accept this quote/).check();
    await page.getByRole("button", { name: "Accept the quote" }).click();
    await expect.poll(() => page.getByText("Type your full name to accept the quote").count()).toBeGreaterThan(0);

    await page.getByLabel("Your full name").fill("Quote Client");
    if (!(await page.getByLabel(/I accept this quote/).isChecked())) await page.getByLabel(/I accept this quote/).check();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("done") === "accepted"),
      page.getByRole("button", { name: "Accept the quote" }).click(),
    ]);
    expect(await page.getByRole("status").first().textContent()).toContain("you've accepted the quote");
    expect(await page.getByRole("button", { name: "Accept the quote" }).count()).toBe(0);
    expect(await page.locator(".figures-total td").textContent()).toBe("£1,506.00");
    await session.screenshot(page, `quote-client-accepted-${javaScript ? "js" : "nojs"}`);
  }

  it("with JavaScript off: the studio edits and sends, the client ticks an extra, updates the total and accepts", async () => {
    const link = await studioSendsQuote(false, "Nojs Client");
    const page = await session.openPage({ javaScript: false });
    await page.goto(link);
    await acceptOnClientPage(page, false);
  });

  it("with JavaScript on: the same, and a second tab can no longer accept", async () => {
    const link = await studioSendsQuote(true, "Js Client");
    const page = await session.openPage({ javaScript: true });
    await page.goto(link);
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    // A second tab, opened before the first accepts.
    const other = await page.context().newPage();
    await other.goto(link);
    await acceptOnClientPage(page, true);
    await other.getByLabel("Your full name").fill("Second Tab");
    await other.getByLabel(/I accept this quote/).check();
    await other.getByRole("button", { name: "Accept the quote" }).click();
    await expect.poll(() => other.getByText("You have already accepted this quote").count()).toBeGreaterThan(0);
  });

  it("a bad link gets the friendly page", async () => {
    session.expectHttpErrorsUnder("/quotes/");
    const page = await session.openPage({ javaScript: false });
    const res = await page.goto("/quotes/not-a-real-link");
    expect(res?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("This link doesn't work");
  });
});
