// The studio's admin, end to end: Debian's chromium against the real `wrangler dev`
// of support/dev-server.ts, signed in as the admin that setup creates in its D1.
// Consultations are booked through POST /api/consultations on slots that
// GET /api/slots offers at least 3 hours ahead (the 2 h notice moves with the
// real clock), and every test checks the free slots the API offers afterwards.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { slotLabel, slotRadio, STUDIO_TZ } from "./support/booking";
import { browserSkipReason } from "./support/browser";
import { useBrowserSession } from "./support/session";

const skipReason = browserSkipReason();

const HOUR = 60 * 60_000;
const LEAD_MS = 3 * HOUR;
// A token per run, in the emails and project names of this file's consultations,
// so searches find exactly ours whatever the other files booked.
const RUN = Math.random().toString(36).slice(2, 7);

type Booking = { name: string; email: string; project: string; genre: string };
type Booked = Booking & { id: string; startsAt: string };
type Row = { when: string; name: string; email: string; project: string; genre: string; status: string };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Wed 25 Nov 2026, 16:45": how the admin prints an instant (studio time). */
function studioWhen(iso: string): string {
  const fields = new Intl.DateTimeFormat("en-GB", {
    timeZone: STUDIO_TZ,
    weekday: "short",
    day: "numeric",
    month: "numeric",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => fields.find((p) => p.type === type)?.value ?? "";
  return `${get("weekday")} ${Number(get("day"))} ${MONTHS[Number(get("month")) - 1]} ${get("year")}, ${get("hour")}:${get("minute")}`;
}

describe.skipIf(skipReason !== null)("the studio's admin in the browser", () => {
  const baseUrl = inject("e2eBaseUrl");
  const admin = inject("e2eAdmin");
  const session = useBrowserSession({
    defaultTimeZone: STUDIO_TZ,
    // Cancelled by the browser, not failed: a link's prefetch (prefetch="intent") dropped
    // when focus moves on, or the favicon when the page navigates. Nothing a user sees.
    ignoreAbortedRequests: true,
  });
  const { screenshot } = session;
  let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>>;
  // Slots this file has booked or moved to, so no two bookings want the same one.
  const used = new Set<string>();

  // Runs after the session's beforeAll has launched the browser.
  beforeAll(async () => {
    // One sign-in through the real form; the other tests start from its cookie.
    const page = await openPage({ signedIn: false });
    await signInThroughForm(page);
    await page.waitForURL((url) => url.pathname === "/admin");
    signedIn = await page.context().storageState();
    await page.context().close();
  });

  function openPage({ javaScript = true, signedIn: withSession = true } = {}): Promise<Page> {
    return session.openPage({ javaScript, storageState: withSession ? signedIn : undefined });
  }

  async function signInThroughForm(page: Page, password = admin.password) {
    if (new URL(page.url()).pathname !== "/admin/login") await page.goto("/admin/login");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  /** The free slots GET /api/slots offers (studio zone), as ISO instants. */
  async function offeredSlots(): Promise<string[]> {
    const response = await fetch(`${baseUrl}/api/slots?days=21`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { days: { slots: { startsAt: string }[] }[] };
    return body.days.flatMap((d) => d.slots.map((s) => s.startsAt));
  }

  /**
   * Free slots at least 3 h ahead that this file hasn't used, the latest first:
   * the other files book the earliest ones (and want free times near them).
   */
  async function freeSlots(count: number): Promise<string[]> {
    const earliest = Date.now() + LEAD_MS;
    const candidates = (await offeredSlots()).filter((iso) => Date.parse(iso) >= earliest && !used.has(iso));
    const picked = candidates.reverse().slice(0, count);
    if (picked.length < count) throw new Error(`Only ${picked.length} free slots 3 h ahead, wanted ${count}`);
    picked.forEach((iso) => used.add(iso));
    return picked;
  }

  async function book(b: Booking, startsAt: string): Promise<Booked> {
    const response = await fetch(`${baseUrl}/api/consultations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        projectName: b.project,
        projectDescription: `Admin browser test: ${b.project}.`,
        genre: b.genre,
        customerName: b.name,
        customerEmail: b.email,
        consultationDate: startsAt,
        timeZone: STUDIO_TZ,
      }),
    });
    const body = (await response.json()) as { id?: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return { ...b, id: body.id!, startsAt };
  }

  /** The list's rows as they read on the page. */
  function rows(page: Page): Promise<Row[]> {
    return page.locator(".consultation-table tbody tr").evaluateAll((trs) =>
      (trs as HTMLTableRowElement[]).map((tr) => {
        const first = (cell: Element) => (cell.firstChild?.textContent ?? "").trim();
        const muted = (cell: Element) => (cell.querySelector(".admin-muted")?.textContent ?? "").trim();
        return {
          when: (tr.cells[0].querySelector("a")?.textContent ?? "").trim(),
          name: first(tr.cells[1]),
          email: muted(tr.cells[1]),
          project: first(tr.cells[2]),
          genre: muted(tr.cells[2]),
          status: (tr.cells[3].textContent ?? "").trim(),
        };
      }),
    );
  }

  const names = (list: Row[]) => list.map((r) => r.name);
  const ours = (list: Row[]) => list.filter((r) => r.email.includes(RUN));

  function statusTab(page: Page, label: string) {
    return page.getByRole("navigation", { name: "Status" }).getByRole("link", { name: new RegExp(`^${label} \\d+$`) });
  }

  async function tabCount(page: Page, label: string): Promise<number> {
    const text = (await statusTab(page, label).textContent()) ?? "";
    return Number(/(\d+)$/.exec(text.trim())?.[1]);
  }

  /** The detail page's history, oldest first: what changed, by whom, and the reason. */
  function history(page: Page): Promise<{ text: string; meta: string; reason: string }[]> {
    return page.locator("section[aria-labelledby='history-heading'] .timeline > li").evaluateAll((items) =>
      items.map((li) => ({
        text: (li.querySelector("strong")?.textContent ?? "").trim(),
        meta: (li.querySelector(".admin-muted")?.textContent ?? "").trim(),
        reason: (li.querySelector(".prewrap")?.textContent ?? "").trim(),
      })),
    );
  }

  const statusBadge = (page: Page) => page.locator(".admin-heading .status-badge");
  const banner = (page: Page) => page.locator(".banner--ok[role='status']");

  it("signs in and out, with a clear error for a wrong password and a way back to the page asked for", async () => {
    const page = await openPage({ signedIn: false });

    // Signed out, a bookmarked view sends the admin to sign in first.
    const wanted = "/admin/consultations?status=scheduled&sort=name";
    await page.goto(wanted);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe(wanted);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Studio admin sign-in");

    // A wrong password: an error that says so, still on the sign-in page, the email kept.
    await signInThroughForm(page, "not-the-password-at-all");
    const alert = page.locator("form#admin-login [role='alert']");
    await expect.poll(() => alert.textContent()).toBe("Email or password is incorrect");
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    expect(await page.getByLabel("Email").inputValue()).toBe(admin.email);
    expect(await page.getByRole("navigation", { name: "Admin" }).count()).toBe(0);

    // The right one: back to the view that was asked for.
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/consultations");
    expect(new URL(page.url()).search).toBe("?status=scheduled&sort=name");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Consultations");
    expect(await statusTab(page, "Scheduled").getAttribute("aria-current")).toBe("page");
    expect(await page.locator(".admin-user").textContent()).toContain(`Signed in as ${admin.name}`);

    // Sign out: back on the sign-in page, and the admin is closed again.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/login");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Studio admin sign-in");
    await page.goto("/admin");
    expect(new URL(page.url()).pathname).toBe("/admin/login");

    // Signing in from the sign-in page itself lands on the dashboard.
    await signInThroughForm(page);
    await page.waitForURL((url) => url.pathname === "/admin");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
  });

  it("finds consultations by name and email, filters by status and genre, sorts by client and pages, with the view in the URL", async () => {
    const named: Booking[] = [
      { name: "Iris Marlow", email: `iris.marlow.${RUN}@example.com`, project: `Tidewater ${RUN}`, genre: "Jazz" },
      { name: "Omar Quist", email: `omar.quist.${RUN}@example.com`, project: `Night Shift ${RUN}`, genre: "Techno" },
      { name: "Beatrix Hale", email: `beatrix.hale.${RUN}@example.com`, project: `Hollow Oak ${RUN}`, genre: "Folk" },
      { name: "Caspian Reed", email: `caspian.reed.${RUN}@example.com`, project: `Warehouse ${RUN}`, genre: "Techno" },
    ];
    // 22 more make 26: two pages of 25.
    const fillers: Booking[] = Array.from({ length: 22 }, (_, i) => {
      const n = String(i + 1).padStart(2, "0");
      return { name: `Paging Client ${n}`, email: `paging.${n}.${RUN}@example.com`, project: `Paging ${n} ${RUN}`, genre: "Other" };
    });
    const all = [...named, ...fillers];
    const slots = await freeSlots(all.length);
    const booked: Booked[] = [];
    for (let i = 0; i < all.length; i += 6) {
      booked.push(...(await Promise.all(all.slice(i, i + 6).map((b, j) => book(b, slots[i + j])))));
    }
    const [iris, omar, beatrix, caspian] = booked;

    const page = await openPage();
    // Caspian cancelled (through the admin API, with this session).
    const cancelled = await page.request.put(`/api/consultations/${caspian.id}`, {
      headers: { origin: baseUrl },
      data: { status: "cancelled", reason: "Set up for the list test" },
    });
    expect(cancelled.status(), await cancelled.text()).toBe(200);

    await page.goto("/admin/consultations");
    const search = page.getByLabel("Search");
    const genre = page.getByLabel("Genre");
    const apply = page.getByRole("button", { name: "Apply" });

    // By name, in any case: only Marlows.
    await search.fill("marlow");
    await apply.click();
    await page.waitForURL((url) => url.searchParams.get("q") === "marlow");
    await expect.poll(async () => names(ours(await rows(page)))).toEqual([iris.name]);
    for (const row of await rows(page)) expect(row.name).toMatch(/marlow/i);
    expect((await rows(page)).find((r) => r.email === iris.email)).toEqual({
      when: studioWhen(iris.startsAt),
      name: iris.name,
      email: iris.email,
      project: iris.project,
      genre: "Jazz",
      status: "Scheduled",
    });

    // By email: exactly that client.
    await search.fill(omar.email);
    await apply.click();
    await page.waitForURL((url) => url.searchParams.get("q") === omar.email);
    await expect.poll(async () => names(await rows(page))).toEqual([omar.name]);
    expect(await page.locator(".consultation-table caption").textContent()).toMatch(/^1–1 of 1 consultation,/);

    // This run's 26, newest consultation date first, 25 to a page.
    await search.fill(RUN);
    await apply.click();
    await page.waitForURL((url) => url.searchParams.get("q") === RUN);
    await expect.poll(async () => (await rows(page)).length).toBe(25);
    expect(await page.locator(".consultation-table caption").textContent()).toBe("1–25 of 26 consultations, by consultation date (descending)");
    expect(await tabCount(page, "All")).toBe(26);
    expect(await tabCount(page, "Scheduled")).toBe(25);
    expect(await tabCount(page, "Cancelled")).toBe(1);
    expect(await tabCount(page, "Completed")).toBe(0);
    const byDateDesc = [...booked].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    expect(names(await rows(page))).toEqual(byDateDesc.slice(0, 25).map((b) => b.name));
    expect(await page.locator(".pager").textContent()).toContain("Page 1 of 2");
    await page.getByRole("link", { name: "Next →" }).click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2");
    await expect.poll(async () => names(await rows(page))).toEqual([byDateDesc[25].name]);
    expect(await page.locator(".consultation-table caption").textContent()).toBe("26–26 of 26 consultations, by consultation date (descending)");

    // Status: the Cancelled tab keeps the search and shows Caspian only.
    await statusTab(page, "Cancelled").click();
    await page.waitForURL((url) => url.searchParams.get("status") === "cancelled");
    expect(new URL(page.url()).searchParams.get("q")).toBe(RUN);
    expect(new URL(page.url()).searchParams.has("page")).toBe(false);
    await expect.poll(async () => (await rows(page)).map((r) => [r.name, r.status])).toEqual([[caspian.name, "Cancelled"]]);
    expect(await statusTab(page, "Cancelled").getAttribute("aria-current")).toBe("page");

    // Genre, on all statuses: Techno is Omar and Caspian.
    await statusTab(page, "All").click();
    await page.waitForURL((url) => !url.searchParams.has("status"));
    await genre.selectOption("Techno");
    await apply.click();
    await page.waitForURL((url) => url.searchParams.get("genre") === "Techno");
    await expect.poll(async () => names(await rows(page)).sort()).toEqual([caspian.name, omar.name].sort());
    for (const row of await rows(page)) expect(row.genre).toBe("Techno");

    // Sort by client: A to Z, then Z to A.
    await page.getByRole("link", { name: /^Client\s*, sort ascending$/ }).click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "name");
    await expect.poll(async () => names(await rows(page))).toEqual([caspian.name, omar.name]);
    expect(await page.locator("th[aria-sort]").textContent()).toContain("Client");
    expect(await page.locator("th[aria-sort]").getAttribute("aria-sort")).toBe("ascending");
    await page.getByRole("link", { name: /^Client\s*, sort descending$/ }).click();
    await page.waitForURL((url) => url.searchParams.get("dir") === "desc");
    await expect.poll(async () => names(await rows(page))).toEqual([omar.name, caspian.name]);

    // The URL is the view: a reload shows the same rows, filters and sort.
    const view = new URL(page.url());
    expect(Object.fromEntries(view.searchParams)).toEqual({ q: RUN, genre: "Techno", sort: "name", dir: "desc" });
    await page.reload();
    expect(names(await rows(page))).toEqual([omar.name, caspian.name]);
    expect(await search.inputValue()).toBe(RUN);
    expect(await genre.inputValue()).toBe("Techno");
    expect(await page.locator("th[aria-sort]").getAttribute("aria-sort")).toBe("descending");

    // Sorted by name without the genre: the four named clients lead, A to Z.
    await page.goto(`/admin/consultations?q=${RUN}&sort=name`);
    expect(names(await rows(page)).slice(0, 5)).toEqual([beatrix.name, caspian.name, iris.name, omar.name, "Paging Client 01"]);
    await screenshot(page, "admin-list-sorted-by-name");
  });

  it("filters with JavaScript off: the filter form is a plain GET form", async () => {
    const wren = await book(
      { name: "Wren Ashby", email: `wren.ashby.${RUN}@example.com`, project: `Nojs Folk ${RUN}`, genre: "Folk" },
      (await freeSlots(1))[0],
    );
    const page = await openPage({ javaScript: false });
    await page.goto("/admin/consultations");
    await page.getByLabel("Search").fill(`nojs folk ${RUN}`);
    await page.getByLabel("Genre").selectOption("Folk");
    await Promise.all([page.waitForURL((url) => url.searchParams.get("genre") === "Folk"), page.getByRole("button", { name: "Apply" }).click()]);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/admin/consultations");
    expect(url.searchParams.get("q")).toBe(`nojs folk ${RUN}`);
    expect((await rows(page)).map((r) => [r.name, r.genre, r.status])).toEqual([[wren.name, "Folk", "Scheduled"]]);
    expect(await page.getByLabel("Genre").inputValue()).toBe("Folk");
    // No match: says so, with a way out.
    await page.getByLabel("Genre").selectOption("Metal");
    await Promise.all([page.waitForURL((u) => u.searchParams.get("genre") === "Metal"), page.getByRole("button", { name: "Apply" }).click()]);
    expect(await page.locator(".empty-state").textContent()).toBe("No consultations match these filters. Clear the filters");
  });

  it("cancels a consultation from the list and its page, with a reason; its time is offered again", async () => {
    const [slot] = await freeSlots(1);
    const nina = await book({ name: "Nina Sollers", email: `nina.sollers.${RUN}@example.com`, project: `Cancel me ${RUN}`, genre: "Pop" }, slot);
    expect(await offeredSlots()).not.toContain(slot);

    const page = await openPage();
    await page.goto("/admin/consultations");
    await page.getByLabel("Search").fill(nina.email);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(async () => names(await rows(page))).toEqual([nina.name]);
    await page.getByRole("link", { name: studioWhen(slot) }).click();
    await page.waitForURL((url) => url.pathname === `/admin/consultations/${nina.id}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`${nina.name}: ${nina.project}`);
    expect(await statusBadge(page).textContent()).toBe("Scheduled");
    expect(await page.locator(".detail-when strong").textContent()).toBe(studioWhen(slot));

    // A future consultation can only be cancelled (completed/no-show come after it starts).
    await page.getByRole("link", { name: "Change status or cancel" }).click();
    const status = page.locator("section#status");
    expect(await status.getByRole("radio").count()).toBe(1);
    await status.getByLabel(/^Cancelled/).check();
    await status.getByLabel(/^Reason/).fill("The client emailed: the band split up.");
    await status.getByRole("button", { name: "Change status" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "cancelled");

    await expect.poll(() => banner(page).textContent()).toBe("The consultation was cancelled and its time is free again. The client will be told by email.");
    expect(await statusBadge(page).textContent()).toBe("Cancelled");
    expect(await status.textContent()).toContain("Cancelled is final.");
    expect(await status.getByRole("radio").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Reschedule" }).count()).toBe(0);
    expect((await history(page)).at(-1)).toEqual({
      text: "Scheduled → Cancelled",
      meta: expect.stringContaining(` · Studio (${admin.email})`),
      reason: "“The client emailed: the band split up.”",
    });

    // Free for clients again, and the list shows it cancelled.
    expect(await offeredSlots()).toContain(slot);
    await page.goto(`/admin/consultations?q=${encodeURIComponent(nina.email)}`);
    expect((await rows(page)).map((r) => r.status)).toEqual(["Cancelled"]);
  });

  it("reschedules from the consultation's page, with JavaScript and without", async () => {
    const [first] = await freeSlots(1);
    const theo = await book({ name: "Theo Vance", email: `theo.vance.${RUN}@example.com`, project: `Move me ${RUN}`, genre: "House" }, first);

    // With JavaScript: Reschedule, pick a time on the grid, give a reason.
    const page = await openPage();
    await page.goto(`/admin/consultations/${theo.id}`);
    await page.getByRole("link", { name: "Reschedule" }).click();
    await page.waitForURL((url) => url.pathname === `/admin/consultations/${theo.id}/reschedule`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`Reschedule ${theo.name}'s consultation`);
    expect(await page.locator("section.admin-page > p strong").first().textContent()).toBe(studioWhen(first));
    const second = await pickOnGrid(page);
    await screenshot(page, "admin-reschedule");
    await page.getByLabel(/^Reason/).fill("The client asked for a later time.");
    await page.getByRole("button", { name: "Move the consultation" }).click();
    await page.waitForURL((url) => url.pathname === `/admin/consultations/${theo.id}` && url.searchParams.get("saved") === "rescheduled");
    await expect.poll(() => banner(page).textContent()).toBe("The consultation was moved. The client will get the updated invite by email.");
    expect(await page.locator(".detail-when strong").textContent()).toBe(studioWhen(second));
    expect(await statusBadge(page).textContent()).toBe("Scheduled");
    expect((await history(page)).at(-1)).toMatchObject({
      text: `Moved from ${studioWhen(first)} to ${studioWhen(second)} (${STUDIO_TZ}): The client asked for a later time.`,
      meta: expect.stringContaining(`Studio (${admin.email})`),
    });
    let offered = await offeredSlots();
    expect(offered).not.toContain(second);
    expect(offered).toContain(first);
    await screenshot(page, "admin-detail-rescheduled");

    // Without JavaScript: the same form, posted by the browser.
    const nojs = await openPage({ javaScript: false });
    await nojs.goto(`/admin/consultations/${theo.id}/reschedule`);
    expect(await nojs.locator("section.admin-page > p strong").first().textContent()).toBe(studioWhen(second));
    const third = await pickOnGrid(nojs);
    await Promise.all([
      nojs.waitForURL((url) => url.searchParams.get("saved") === "rescheduled"),
      nojs.getByRole("button", { name: "Move the consultation" }).click(),
    ]);
    expect(await banner(nojs).textContent()).toBe("The consultation was moved. The client will get the updated invite by email.");
    expect(await nojs.locator(".detail-when strong").textContent()).toBe(studioWhen(third));
    expect((await history(nojs)).at(-1)?.text).toBe(`Moved from ${studioWhen(second)} to ${studioWhen(third)} (${STUDIO_TZ})`);
    offered = await offeredSlots();
    expect(offered).not.toContain(third);
    expect(offered).toContain(second);
  });

  /**
   * Chooses a free time on the reschedule grid (this week) that clients could also
   * book (3 h ahead, unused), the latest one, and returns it.
   */
  async function pickOnGrid(page: Page): Promise<string> {
    const onGrid = await page
      .locator('.slot-picker .days input[type="radio"][name="consultationDate"]')
      .evaluateAll((inputs) => inputs.map((i) => new Date((i as HTMLInputElement).value).toISOString()));
    const offered = new Set(await offeredSlots());
    const earliest = Date.now() + LEAD_MS;
    const slot = onGrid.reverse().find((iso) => offered.has(iso) && Date.parse(iso) >= earliest && !used.has(iso));
    expect(slot, `a free slot 3 h ahead among the ${onGrid.length} on the grid`).toBeDefined();
    used.add(slot!);
    await slotLabel(page, slot!).click();
    expect(await slotRadio(page, slot!).isChecked()).toBe(true);
    return slot!;
  }

  it("can be used from the keyboard: the admin navigation and the list's filters", async () => {
    const [slot] = await freeSlots(1);
    const kit = await book({ name: "Kit Lowe", email: `kit.lowe.${RUN}@example.com`, project: `Keys ${RUN}`, genre: "Reggae" }, slot);
    const page = await openPage();
    await page.goto("/admin");
    const focused = () => page.evaluate(() => (document.activeElement?.textContent ?? "").trim() + "|" + (document.activeElement?.id ?? ""));

    // Tab from the top of the page to "Consultations" in the admin navigation.
    for (let i = 0; i < 12 && !(await focused()).startsWith("Consultations|"); i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe("Consultations|");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/admin/consultations");
    await expect
      .poll(() => page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Consultations" }).getAttribute("aria-current"))
      .toBe("page");

    // Into the filters: type a search, pick a genre by typing, Tab to Apply and press it.
    for (let i = 0; i < 30 && !(await focused()).endsWith("|list-q"); i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe("|list-q");
    await page.keyboard.type(RUN);
    await page.keyboard.press("Tab");
    expect(await focused()).toMatch(/\|list-genre$/);
    await page.keyboard.type("Reggae");
    expect(await page.getByLabel("Genre").inputValue()).toBe("Reggae");
    for (let i = 0; i < 12 && !(await focused()).startsWith("Apply|"); i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe("Apply|");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("genre") === "Reggae" && url.searchParams.get("q") === RUN);
    await expect.poll(async () => names(await rows(page))).toEqual([kit.name]);
  });

  it("shows the reports, with the studio's cancellations counted", async () => {
    const page = await openPage();
    const studioCancellations = async () => {
      await page.goto("/admin/reports");
      const row = page.locator("table tr", { has: page.locator("th", { hasText: /^Cancelled by the studio$/ }) });
      return Number(await row.locator("td").first().textContent());
    };
    const before = await studioCancellations();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Reports");
    expect(await page.getByRole("table", { name: "Consultations per week by status" }).count()).toBe(1);

    const [slot] = await freeSlots(1);
    const rae = await book({ name: "Rae Dunmore", email: `rae.dunmore.${RUN}@example.com`, project: `Report ${RUN}`, genre: "Metal" }, slot);
    const cancelled = await page.request.put(`/api/consultations/${rae.id}`, { headers: { origin: baseUrl }, data: { status: "cancelled" } });
    expect(cancelled.status(), await cancelled.text()).toBe(200);
    expect(await studioCancellations()).toBe(before + 1);
    await screenshot(page, "admin-reports");
  });
});
