// The client's feedback form, /manage/:token/feedback, in chromium against a
// real `wrangler dev`: with JavaScript off (plain POST, field errors, PRG, a
// second send edits), and with it on (the same schema checks in the browser).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { STUDIO_TZ } from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { seedCompletedConsultation } from "./support/seed-d1";
import { useBrowserSession } from "./support/session";

const skipReason = browserSkipReason();
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const localD1 = inject("e2eD1");

describe.skipIf(skipReason !== null || !localD1)("the feedback form", () => {
  const { openPage, screenshot } = useBrowserSession({ defaultTimeZone: STUDIO_TZ });

  /** A consultation that took place and was marked completed, and its feedback page's path. */
  async function completedConsultation(page: Page, project: string): Promise<string> {
    // Written in the past, so it holds no slot: completing a future booking in
    // D1 would leave its SlotLock hold, and a later test would find that time "just taken".
    const id = await seedCompletedConsultation(localD1!, { name: "Fay Feedback", email: `fay.${Date.now()}@example.com`, project, description: "Feedback browser test.", genre: "Jazz" });
    await page.goto(`/book/confirmed/${id}`);
    const manage = await page.getByRole("link", { name: "Reschedule or cancel" }).getAttribute("href");
    return `${manage}/feedback`;
  }

  /** WCAG 2.1 A/AA problems axe-core finds (evaluated over CDP, which the page's CSP doesn't govern). */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const found = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations;
    })) as { id: string; nodes: { target: string[] }[] }[];
    return found.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  /** Without JavaScript: click, wait for the POST's answer (or its redirect) to finish loading. */
  async function submitAndLoad(page: Page, button: string) {
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: button }).click()]);
    await page.waitForLoadState("load");
  }

  const radio = (page: Page, n: number) => page.getByRole("radio", { name: new RegExp(`^\\S*\\s*${n} – `) });

  it("with JavaScript off: a missing rating gets an error and keeps the comment; sending saves; sending again edits", async () => {
    const page = await openPage({ javaScript: false });
    const path = await completedConsultation(page, "Blue Room Sessions");
    await page.goto(path);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("How did your consultation go?");
    expect(await page.getByText("Blue Room Sessions").count()).toBe(1);
    expect(await page.getByRole("radio").count()).toBe(5);

    // No rating: the server answers with the error summary and the field error; the comment stays.
    await page.getByLabel("Comment").fill("The advice on the bass was spot on.");
    await submitAndLoad(page, "Send feedback");
    expect(await page.getByRole("alert").filter({ hasText: "There is a problem" }).count()).toBe(1);
    expect(await page.getByRole("group", { name: "Your rating" }).getByText("Choose a rating from 1 to 5").count()).toBe(1);
    expect(await page.getByLabel("Comment").inputValue()).toBe("The advice on the bass was spot on.");
    await screenshot(page, "feedback-nojs-error");

    // Rate it: saved, and the page says thank you with the answer filled in.
    await radio(page, 4).check();
    await Promise.all([page.waitForURL((url) => url.searchParams.get("saved") === "1"), page.getByRole("button", { name: "Send feedback" }).click()]);
    expect(await page.getByRole("status").textContent()).toContain("Thank you!");
    expect(await radio(page, 4).isChecked()).toBe(true);
    expect(await page.getByLabel("Comment").inputValue()).toBe("The advice on the bass was spot on.");
    expect(await page.getByRole("link", { name: "Request a quote" }).getAttribute("href")).toBe(path.replace(/\/feedback$/, "/service"));
    await screenshot(page, "feedback-nojs-saved");

    // Change it: the same form edits the one answer.
    await radio(page, 5).check();
    await page.getByLabel("Comment").fill("Even better on reflection.");
    await submitAndLoad(page, "Update my feedback");
    expect(await page.getByRole("status").textContent()).toContain("Thank you!");
    expect(await radio(page, 5).isChecked()).toBe(true);
    expect(await page.getByLabel("Comment").inputValue()).toBe("Even better on reflection.");
  });

  it("with JavaScript on: the browser shows the missing rating without sending, then saves", async () => {
    const page = await openPage();
    const path = await completedConsultation(page, "Night Bus Demo");
    await page.goto(path);
    // Not hydrated (docs/decisions/0052): public/manage.js checks the form once the page has loaded.
    await page.waitForLoadState("load");
    let posts = 0;
    page.on("request", (r) => void (r.method() === "POST" && posts++));
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect.poll(() => page.getByText("Choose a rating from 1 to 5").count()).toBeGreaterThan(0);
    expect(posts).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await radio(page, 3).check();
    await Promise.all([page.waitForURL((url) => url.searchParams.get("saved") === "1"), page.getByRole("button", { name: "Send feedback" }).click()]);
    expect(await page.getByRole("status").textContent()).toContain("Thank you!");
    expect(await radio(page, 3).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "feedback-js-saved");
  });
});
