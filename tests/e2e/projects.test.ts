// Projects in the browser: the studio moves a project forward on
// /admin/projects/:id with JavaScript off (plain form posts) and on, and the
// client follows the milestone email's link to their private page. Until the
// quote flow creates projects end to end, the project (as accepting a quote
// leaves it) is written into the app's throwaway local D1 with wrangler.
import { execFileSync } from "node:child_process";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { STUDIO_TZ } from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { useBrowserSession } from "./support/session";

const localD1 = inject("e2eD1");
const skipReason = browserSkipReason() ?? (localD1 ? null : "needs the e2e server's own local D1 to create a project");
const RUN = Math.random().toString(36).slice(2, 7);

function d1(sql: string): unknown[] {
  const out = execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", localD1!.persistTo, "--json", "--command", sql], {
    cwd: localD1!.appDir,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
  });
  const parsed = JSON.parse(out) as { results: unknown[] }[];
  return parsed.flatMap((r) => r.results);
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A completed consultation, its request and accepted quote, and the project with its four milestones. */
function seedProject(name: string, email: string, projectName: string): { projectId: string; consultationId: string } {
  // The catalogue's own seed (migrations/0006) is there: the request names its mix + master package.
  const [consultationId, requestId, quoteId, projectId] = Array.from({ length: 4 }, () => crypto.randomUUID());
  const now = Date.now();
  const startsAt = now - 3 * 86_400_000;
  d1(
    [
      `INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, duration_minutes, time_zone, status, customer_name, customer_email, created_at, updated_at)
       VALUES (${q(consultationId)}, ${q(projectName)}, 'Browser test project.', 'Electronic', 120, ${startsAt}, 15, ${q(STUDIO_TZ)}, 'completed', ${q(name)}, ${q(email)}, ${startsAt - 86_400_000}, ${now})`,
      `INSERT INTO service_requests (id, consultation_id, status, package_id, track_count, estimate_total_minor, estimate_json, currency, created_at, updated_at)
       VALUES (${q(requestId)}, ${q(consultationId)}, 'accepted', 'pkg_mix_master', 4, 48000, '{}', 'GBP', ${now}, ${now})`,
      `INSERT INTO quotes (id, service_request_id, consultation_id, number, status, currency, tax_rate_bp, turnaround_days, sent_at, expires_at, accepted_name, accepted_at, accepted_total_minor, accepted_snapshot, created_at, updated_at)
       VALUES (${q(quoteId)}, ${q(requestId)}, ${q(consultationId)}, ${q(`Q-E2E-${RUN}-${projectId.slice(0, 4)}`)}, 'accepted', 'GBP', 2000, 5, ${now}, ${now + 86_400_000}, ${q(name)}, ${now}, 48000, '{}', ${now}, ${now})`,
      `INSERT INTO projects (id, quote_id, consultation_id, status, turnaround_days, total_minor, created_at, updated_at)
       VALUES (${q(projectId)}, ${q(quoteId)}, ${q(consultationId)}, 'awaiting_files', 5, 48000, ${now}, ${now})`,
      ...["files_received", "first_version", "revisions", "final_delivery"].map(
        (kind, position) => `INSERT INTO project_milestones (project_id, kind, position) VALUES (${q(projectId)}, '${kind}', ${position})`,
      ),
    ].join(";\n"),
  );
  return { projectId, consultationId };
}

describe.skipIf(skipReason !== null)("projects in the browser", () => {
  const admin = inject("e2eAdmin");
  const session = useBrowserSession({ defaultTimeZone: STUDIO_TZ, ignoreAbortedRequests: true });
  let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>>;

  beforeAll(async () => {
    const page = await session.openPage();
    await page.goto("/admin/login");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
    signedIn = await page.context().storageState();
    await page.context().close();
  });

  const openAdmin = (javaScript: boolean): Promise<Page> => session.openPage({ javaScript, storageState: signedIn });

  it("without JavaScript: finds the project in the list, marks the files received with a note, is refused a stale second submit, and the client sees it", async () => {
    const { projectId, consultationId } = seedProject(`Nina ${RUN}`, `nina-${RUN}@example.com`, `No Script ${RUN}`);
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
    const { projectId } = seedProject(`Jo ${RUN}`, `jo-${RUN}@example.com`, `With Script ${RUN}`);
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
      const rows = d1(`SELECT text FROM email_messages WHERE consultation_id = ${q(consultationId)} AND kind = 'milestone'`) as { text: string | null }[];
      if (rows[0]?.text) return rows[0].text;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("no milestone email was recorded");
  }
});
