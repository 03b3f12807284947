// The booking embedded in a page of the studio's website (/embed.js on the
// demo service page /dev/embed): the dialog opens from the keyboard, books
// with the keyboard only, tells the host page (studio:booked) and closes; the
// link still works without JavaScript; a site that is not allowed can't frame it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiFreeSlots, claimSlot, CONFIRMED_URL, radioValue, referenceFor, STUDIO_TZ } from "./support/booking";
import { browserSkipReason, launchChromium } from "./support/browser";
import { useBrowserSession } from "./support/session";

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)("the booking embedded on the studio's site", () => {
  const baseUrl = inject("e2eBaseUrl");
  // Closing the dialog empties its frame: whatever it was still loading is cancelled (net::ERR_ABORTED), as it should be.
  const { openPage, screenshot } = useBrowserSession({ defaultTimeZone: STUDIO_TZ, ignoreAbortedRequests: true });

  async function bookingFrame(page: import("playwright-core").Page): Promise<Frame> {
    const handle = await page.locator("dialog iframe").elementHandle();
    const frame = await handle!.contentFrame();
    await frame!.locator("form#booking[novalidate]").waitFor({ state: "attached", timeout: 15_000 });
    return frame!;
  }

  it("opens in a dialog from the keyboard, books with the keyboard only, tells the page and closes", async () => {
    const startsAt = claimSlot(await apiFreeSlots(baseUrl, 7));
    const page = await openPage();
    await page.goto("/dev/embed");
    const button = page.getByRole("button", { name: "Book a free consultation" });
    await button.focus();
    await page.keyboard.press("Enter");

    const dialog = page.getByRole("dialog", { name: "Book a consultation" });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Focus moved into the dialog; the page behind can't scroll.
    expect(await page.evaluate(() => document.activeElement?.closest("dialog") !== null)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe("hidden");

    const frame = await bookingFrame(page);
    expect(await frame.locator(".site-header").count()).toBe(0);
    // data-service="Electronic" pre-selected the genre; the theme colour reached the frame.
    expect(await frame.locator("select[name=genre]").inputValue()).toBe("Electronic");
    expect(await frame.evaluate(() => document.documentElement.style.getPropertyValue("--accent"))).toBe("#0a7a5a");
    // The dialog took the frame's height (postMessage).
    await expect.poll(async () => (await page.locator("dialog iframe").evaluate((f) => (f as HTMLIFrameElement).style.height)) !== "36rem").toBe(true);
    await screenshot(page, "embed-dialog");

    const type = async (label: string, text: string) => {
      await frame.locator("form#booking").getByLabel(label).focus();
      await page.keyboard.type(text);
    };
    await frame.locator(`.slot-picker .days input[type="radio"][value="${radioValue(startsAt)}"]`).focus();
    await page.keyboard.press("Space");
    await type("Project name", "Embedded EP");
    await type("Project description", "Booked from the studio's mixing page, keyboard only.");
    await type("Your name", "Kim Keys");
    await type("Email", "kim.keys@example.com");
    await frame.locator("form#booking").getByRole("button", { name: "Book consultation" }).focus();
    await page.keyboard.press("Enter");

    await frame.waitForURL((url) => CONFIRMED_URL.test(url.pathname));
    const id = CONFIRMED_URL.exec(new URL(frame.url()).pathname)![1];
    expect(new URL(frame.url()).searchParams.get("embed")).toBe("1");
    await expect.poll(() => page.evaluate(() => (window as unknown as { studioBookedEvents?: unknown[] }).studioBookedEvents ?? [])).toEqual([
      { reference: referenceFor(id), startsAt: new Date(startsAt).toISOString() },
    ]);
    expect(await page.getByRole("status").textContent()).toContain(referenceFor(id));

    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
    // The page scrolls again once the dialog's close event has run: a task after the dialog is hidden.
    await expect.poll(() => page.evaluate(() => document.documentElement.style.overflow)).toBe("");
  });

  it("fits a 360 px wide phone", async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/dev/embed");
    await page.getByRole("button", { name: "Book a free consultation" }).click();
    const frame = await bookingFrame(page);
    const box = await page.locator("dialog").boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await frame.waitForLoadState("load");
    await screenshot(page, "embed-phone");
    await page.getByRole("button", { name: "Close the booking" }).click();
  });

  it("is an ordinary link to /book without JavaScript", async () => {
    const page = await openPage({ javaScript: false });
    await page.goto("/dev/embed");
    await page.getByRole("link", { name: "Book a free consultation" }).click();
    await page.waitForURL((url) => url.pathname === "/book");
    expect(new URL(page.url()).searchParams.get("utm_source")).toBe("demo");
    expect(await page.locator("form#booking input[name=utm_source]").getAttribute("value")).toBe("demo");
    expect(await page.locator(".site-header").count()).toBe(1);
  });

  describe("a site that is not allowed", () => {
    let server: Server;
    let foreign: string;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><title>Not the studio</title><iframe id="f" src="${baseUrl}/book?embed=1&origin=x" title="booking"></iframe>`);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      foreign = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    it("can't frame the booking", async () => {
      // Its own browser: the refusal is logged as a console error, which the shared session rightly treats as a failure.
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const refused: string[] = [];
        page.on("console", (m) => refused.push(m.text()));
        await page.goto(foreign);
        await expect.poll(() => refused.some((t) => /frame-ancestors/.test(t))).toBe(true);
        const frame = page.frames().find((f) => f !== page.mainFrame());
        expect(await frame?.locator("form#booking").count()).toBe(0);
      } finally {
        await browser.close();
      }
    });
  });
});
