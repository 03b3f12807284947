// Projects in the browser: the studio moves a project forward on
// /admin/projects/:id with JavaScript off (plain form posts) and on, and the
// client follows the milestone email's link to their private page. The
// project (as accepting a quote leaves it) is written into the app's local D1
// (support/seed-d1.ts); service-path.test.ts walks the whole way to it.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { STUDIO_TZ } from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { querySql, seedProject as seedProjectIn, sqlValue } from "./support/seed-d1";
import { signInAdmin, useBrowserSession, type SignedIn } from "./support/session";

const seedProject = (name: string, email: string, project: string) =>
  seedProjectIn(localD1!, { name, email, project }, `Q-E2E-${RUN}-${crypto.randomUUID().slice(0, 4)}`);

const localD1 = inject("e2eD1");
const skipReason = browserSkipReason() ?? (localD1 ? null : "needs the e2e server's own local D1 to create a project");
const RUN = Math.random().toString(36).slice(2, 7);

describe.skipIf(skipReason !== null)("projects in the browser", () => {
  const session = useBrowserSession({ defaultTimeZone: STUDIO_TZ, ignoreAbortedRequests: true });
  let signedIn: SignedIn;

  beforeAll(async () => {
    signedIn = await signInAdmin(session);
  });

  const openAdmin = (javaScript: boolean): Promise<Page> => session.openPage({ javaScript, storageState: signedIn });

  it("without JavaScript: finds the project in the list, marks the files received with a note, is refused a stale second submit, and the client sees it", async () => {
    const { projectId, consultationId } = await seedProject(`Nina ${RUN}`, `nina-${RUN}@example.com`, `No Script ${RUN}`);
    const page = await openAdmin(false);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Projects" }).click();
    await page.getByRole("link", { name: `Nina ${RUN}: No Script ${RUN}` }).click();
    await page.waitForURL((url) => url.pathname === `/admin/projects/${projectId}`);
    await expect(page.getByRole("heading", { name: "Next: Files received" }).isVisible()).resolves.toBe(true);

    // A second tab on the same page, to submit after the first one did.
    const stale = await openAdmin(false);
    await stale.goto(`/admin/projects/${projectId}`);

    await page.getByLabel("Note to the client (optional)").fill("All four stems arrived, thank you!");
    await page.getByRole("button", { name: "Mark “Files received” as done" }).click();
    await page.waitForURL((url) => url.search === "?saved=files_received");
    await expect(page.getByRole("status").textContent()).resolves.toContain("“Files received” is marked as done");
    await expect(page.getByText(`Done`, { exact: false }).first().isVisible()).resolves.toBe(true);
    await expect(page.locator(".detail-when").textContent()).resolves.toMatch(/^Due \w+day,? \d+ \w+ \d{4} \(5 working days from the files\)$/);
    await expect(page.getByRole("heading", { name: "Next: First version sent" }).isVisible()).resolves.toBe(true);
    await session.screenshot(page, "project-admin-no-js");

    await stale.getByRole("button", { name: "Mark “Files received” as done" }).click();
    await expect(stale.getByRole("alert").first().textContent()).resolves.toContain("“Files received” was already marked as done by");
    await session.screenshot(stale, "project-admin-refused");

    // The client follows the link in the milestone email.
    const text = await waitForEmailText(consultationId);
    const link = /See your project's progress: (\S+)/.exec(text)![1];
    const client = await session.openPage({ javaScript: false });
    await client.goto(new URL(link).pathname);
    await expect(client.getByRole("heading", { name: /Your project with/ }).isVisible()).resolves.toBe(true);
    await expect(client.getByText("1 of 4 steps done").isVisible()).resolves.toBe(true);
    await expect(client.getByText("All four stems arrived, thank you!").isVisible()).resolves.toBe(true);
    await expect(client.getByText(/^Delivery date:/).textContent()).resolves.toMatch(/Delivery date: \w+day,? \d+ \w+ \d{4}/);
    await session.screenshot(client, "project-client-page");
  });

  it("with JavaScript: moves the next milestone and shows it without a full reload", async () => {
    const { projectId } = await seedProject(`Jo ${RUN}`, `jo-${RUN}@example.com`, `With Script ${RUN}`);
    const page = await openAdmin(true);
    await page.goto(`/admin/projects/${projectId}`);
    await page.getByRole("button", { name: "Mark “Files received” as done" }).click();
    await page.getByRole("heading", { name: "Next: First version sent" }).waitFor();
    await page.getByLabel("Note to the client (optional)").fill("Version 1 is in your inbox.");
    await page.getByRole("button", { name: "Mark “First version sent” as done" }).click();
    await page.getByRole("heading", { name: "Next: Revisions done" }).waitFor();
    await expect(page.locator(".milestones").textContent()).resolves.toContain("Version 1 is in your inbox.");
    await session.screenshot(page, "project-admin-js");
  });

  async function waitForEmailText(consultationId: string): Promise<string> {
    for (let i = 0; i < 40; i++) {
      const rows = querySql<{ text: string | null }>(localD1!, `SELECT text FROM email_messages WHERE consultation_id = ${sqlValue(consultationId)} AND kind = 'milestone'`);
      if (rows[0]?.text) return rows[0].text;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("no milestone email was recorded");
  }
});
