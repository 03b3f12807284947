// The client's whole path after a consultation, in chromium against a real
// `wrangler dev`, with JavaScript off and then on: from the private page to
// the feedback form, on to the three request steps, the quote the studio sends
// for it (drafted and sent on the admin pages), the quote accepted from the
// private page's link, and the project shown on the private page. The
// consultation that took place is written into the server's D1
// (support/seed-d1.ts): the real clock can't wait for one to happen.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { STUDIO_TZ } from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { manageLink, seedCompletedConsultation } from "./support/seed-d1";
import { signInAdmin, useBrowserSession, type SignedIn } from "./support/session";

const localD1 = inject("e2eD1");
const skipReason = browserSkipReason() ?? (localD1 ? null : "needs the e2e server's own D1 (not E2E_BASE_URL)");
const RUN = Math.random().toString(36).slice(2, 7);
const nextYear = `${new Date().getUTCFullYear() + 1}-03-31`;

describe.skipIf(skipReason !== null)("the client's path after the consultation", () => {
  // A link's prefetch dropped when the page moves on is nothing a user sees.
  const session = useBrowserSession({ defaultTimeZone: STUDIO_TZ, ignoreAbortedRequests: true });
  let signedIn: SignedIn;

  beforeAll(async () => {
    signedIn = await signInAdmin(session);
  });

  // The studio's pages and the quote page are hydrated; the client's private
  // pages are not (docs/decisions/0052): their script has run once they have loaded.
  const ready = async (page: Page, javaScript: boolean) => {
    if (!javaScript) return;
    if (new URL(page.url()).pathname.startsWith("/manage/")) await page.waitForLoadState("load");
    else await page.waitForFunction(() => "__remixRouter" in window);
  };

  /** The studio drafts a quote from the request on its admin page and sends it as drafted. */
  async function studioSendsQuote(requestId: string, javaScript: boolean) {
    const studio = await session.openPage({ javaScript, storageState: signedIn });
    await studio.goto(`/admin/requests/${requestId}`);
    await ready(studio, javaScript);
    await Promise.all([studio.waitForURL(/\/admin\/quotes\/[0-9a-f-]{36}/), studio.getByRole("button", { name: "Draft a quote" }).click()]);
    await ready(studio, javaScript);
    await studio.getByLabel("Message to the client").fill("Thanks for the chat: here is the plan.");
    await Promise.all([
      studio.waitForURL((url) => url.searchParams.get("saved") === "sent"),
      studio.getByRole("button", { name: "Save and send to the client" }).click(),
    ]);
    await expect.poll(() => studio.locator(".eyebrow").first().textContent()).toMatch(/^Q-\d{4}-\d{4}$/);
    const number = (await studio.locator(".eyebrow").first().textContent())!;
    await studio.context().close();
    return number;
  }

  async function walk(javaScript: boolean) {
    const mode = javaScript ? "js" : "nojs";
    const who = javaScript ? "Jules Script" : "Noor No-Script";
    const consultationId = await seedCompletedConsultation(localD1!, {
      name: who,
      email: `path-${mode}-${RUN}@example.com`,
      project: `Path ${mode} ${RUN}`,
      description: "A four-track synthwave EP to mix and master.",
    });
    const privatePage = await manageLink(consultationId);
    const page = await session.openPage({ javaScript });

    // Feedback, from the private page.
    await page.goto(privatePage);
    await ready(page, javaScript);
    await page.getByRole("link", { name: "Tell us how your consultation went" }).click();
    await page.getByRole("radio", { name: /^\S*\s*5 – / }).check();
    await page.getByLabel("Comment").fill("Clear advice on the low end.");
    await Promise.all([page.waitForURL((url) => url.searchParams.get("saved") === "1"), page.getByRole("button", { name: "Send feedback" }).click()]);
    await expect.poll(() => page.getByText("Thank you!").count()).toBeGreaterThan(0);
    await session.screenshot(page, `path-feedback-${mode}`);

    // The request's three steps, from the feedback page's next step.
    await page.getByRole("link", { name: "Request a quote" }).click();
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 1 of 3");
    await page.getByLabel(/^Mix \+ master/).check();
    await page.getByRole("button", { name: "Continue to your project" }).click();
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 2 of 3");
    await page.getByLabel("Number of tracks").fill("4");
    await page.getByLabel("Download links for your files").fill("https://files.example.com/path-stems.zip");
    await page.getByLabel(/Wished deadline/).fill(nextYear);
    await page.getByRole("button", { name: "Review your request" }).click();
    await expect.poll(() => page.locator("#step-indicator").textContent()).toBe("Step 3 of 3");
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Your request is on its way" }).isVisible()).toBe(true);
    const requestId = new URL(page.url()).searchParams.get("sent")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // The private page lists the request, waiting for its quote.
    await page.getByRole("link", { name: "Back to your consultation" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Your requests" }).isVisible()).toBe(true);
    expect(await page.getByText("will reply with a quote").count()).toBe(1);

    // The studio sends the quote; the private page now links to it.
    const number = await studioSendsQuote(requestId, javaScript);
    await page.reload();
    await ready(page, javaScript);
    await page.getByRole("link", { name: `Quote ${number}` }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("quote for");
    await ready(page, javaScript);
    expect(await page.locator(".quote-message").textContent()).toBe("Thanks for the chat: here is the plan.");

    // Tick rush delivery, let the server work out the new total, accept by name.
    const before = await page.locator("#accept-total").textContent();
    await page.getByLabel(/Rush delivery/).check();
    await page.getByRole("button", { name: "Update total" }).click();
    await expect.poll(() => page.locator("#accept-total").textContent()).not.toBe(before);
    expect(await page.getByLabel(/Rush delivery/).isChecked()).toBe(true);
    const total = (await page.locator("#accept-total").textContent())!;
    expect(total).toMatch(/^£[\d,]+\.\d{2}$/);
    await page.getByLabel("Your full name").fill(who);
    await page.getByLabel(/I accept this quote/).check();
    await Promise.all([page.waitForURL((url) => url.searchParams.get("done") === "accepted"), page.getByRole("button", { name: "Accept the quote" }).click()]);
    expect(await page.getByRole("status").first().textContent()).toContain("you've accepted the quote");
    expect(await page.locator(".figures-total td").textContent()).toBe(total);
    await session.screenshot(page, `path-accepted-${mode}`);

    // The private page shows the project, waiting for the files.
    await page.goto(privatePage);
    await expect.poll(() => page.getByRole("heading", { name: /^Your project with / }).isVisible()).toBe(true);
    expect(await page.getByText("0 of 4 steps done").count()).toBe(1);
    expect(await page.getByText(/We'll set the delivery date when we receive your files/).count()).toBe(1);
    expect(await page.getByText(`Quote ${number}`).first().isVisible()).toBe(true);
    await session.screenshot(page, `path-project-${mode}`);
  }

  it("with JavaScript off: feedback, the request's steps, the quote accepted, the project on the private page", async () => {
    await walk(false);
  });

  it("with JavaScript on: the same path", async () => {
    await walk(true);
  });
});
