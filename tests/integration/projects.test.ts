import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { longDateLabel } from "../../app/domain/project-forms";
import { addDaysToIsoDate } from "../../app/domain/calendar-date";
import { deliveryDate, studioDateOf } from "../../app/domain/working-days";
import { asAdmin, ADMIN, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";
import { waitFor } from "./fakes-env";
import { eventRows, insertProject, milestoneJobs, milestoneRows, projectRow } from "./project-support";

// Projects through the real worker: the studio moves milestones forward on
// /admin/projects/:id (plain form posts, as without JavaScript) and through
// the admin API; the client is emailed and sees the progress on their private
// page; nobody else sees or moves anything.

const SECRET = "project-link-test-secret-0123456789abcdef";
let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { LINK_SIGNING_SECRET: SECRET, EMAIL_FROM: "Test Studio <bookings@studio.example>" } });
  admin = await asAdmin(worker);
});
afterAll(() => worker?.dispose());

function manageToken(consultationId: string, secret = SECRET) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ pur: "manage" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(consultationId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 86400)
    .sign(new TextEncoder().encode(secret));
}

const move = (projectId: string, milestone: string, note = "") => admin.post(`/admin/projects/${projectId}`, { milestone, note });

function apiPost(projectId: string, body: unknown, token = admin.token) {
  return worker.fetch(`/api/projects/${projectId}/milestones`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

async function sentMilestoneEmails(consultationId: string, count: number) {
  return waitFor(async () => {
    const { results } = await worker.db
      .prepare("SELECT recipient, subject, text, html, status FROM email_messages WHERE consultation_id = ? AND kind = 'milestone' ORDER BY created_at, rowid")
      .bind(consultationId)
      .all<{ recipient: string; subject: string; text: string; html: string; status: string }>();
    return results.length >= count ? results : undefined;
  }, `${count} milestone email(s)`);
}

describe("moving a project forward on the admin page", () => {
  it("the due date skips the days the studio is closed (/admin/availability), not a session of a few hours", async () => {
    const p = await insertProject(worker, { turnaroundDays: 3, customerEmail: "closed@example.com", customerName: "Clara Closed", projectName: "Holiday Mix" });
    const today = studioDateOf(Date.now(), "Europe/London");
    const holidayEnd = addDaysToIsoDate(today, 14);
    const added = await admin.post("/admin/availability", { intent: "add", kind: "days", startDate: addDaysToIsoDate(today, 1), endDate: holidayEnd, reason: "Winter break" });
    expect(added.status).toBe(302);
    const session = await admin.post("/admin/availability", { intent: "add", kind: "times", startDate: addDaysToIsoDate(today, 16), startTime: "12:00", endTime: "15:00", reason: "Album session" });
    expect(session.status).toBe(302);
    try {
      // Before the files arrive, the page says when the work would be due.
      const weekdays = { timeZone: "Europe/London", workdays: [1, 2, 3, 4, 5] };
      const expected = deliveryDate(Date.parse(`${holidayEnd}T12:00:00Z`), 3, weekdays);
      expect(await (await admin.get(`/admin/projects/${p.projectId}`)).text()).toContain(longDateLabel(expected));

      expect((await move(p.projectId, "files_received")).status).toBe(302);
      // Three working days after the break (the session day still counts).
      expect((await projectRow(worker, p.projectId))!.due_date).toBe(expected);
    } finally {
      const { results } = await worker.db.prepare("SELECT id FROM availability_closures").all<{ id: string }>();
      for (const { id } of results) await admin.post("/admin/availability", { intent: "delete", id });
    }
  });

  it("files received: records who and when with the note, starts the clock (due date in working days) and emails the client", async () => {
    const p = await insertProject(worker, { turnaroundDays: 5, customerEmail: "grace@example.com", customerName: "Grace Hopper", projectName: "Compiler Blues" });
    const page = await (await admin.get(`/admin/projects/${p.projectId}`)).text();
    expect(page).toContain("Grace Hopper: Compiler Blues");
    expect(page).toContain("Next: Files received");
    expect(page).toContain(`/admin/consultations/${p.consultationId}`);
    expect(page).toContain(`/admin/quotes/${p.quoteId}`);

    const before = Date.now();
    const res = await move(p.projectId, "files_received", "Got all 4 stems, thanks!");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/projects/${p.projectId}?saved=files_received`);
    const after = Date.now();

    const project = (await projectRow(worker, p.projectId))!;
    expect(project.status).toBe("in_progress");
    expect(project.files_received_at).toBeGreaterThanOrEqual(before);
    const calendar = { timeZone: "Europe/London", workdays: [1, 2, 3, 4, 5] };
    expect([deliveryDate(before, 5, calendar), deliveryDate(after, 5, calendar)]).toContain(project.due_date);
    const [files, ...rest] = await milestoneRows(worker, p.projectId);
    expect(files).toMatchObject({ kind: "files_received", done_by: ADMIN.email, note: "Got all 4 stems, thanks!" });
    expect(rest.every((m) => m.done_at === null)).toBe(true);
    expect(await eventRows(worker, p.projectId)).toEqual([{ milestone: "files_received", actor_detail: ADMIN.email, note: "Got all 4 stems, thanks!" }]);

    const [email] = await sentMilestoneEmails(p.consultationId, 1);
    expect(email.recipient).toBe("grace@example.com");
    expect(email.subject).toBe("We have your files: Compiler Blues");
    expect(email.text).toContain("Got all 4 stems, thanks!");
    expect(email.text).toContain(`Delivery date: ${longDateLabel(project.due_date!)}`);
    expect(email.text).toMatch(/See your project's progress: http:\/\/127\.0\.0\.1:8787\/manage\/[\w-]+\.[\w-]+\.[\w-]+/);
    expect(email.html).toContain("Got all 4 stems, thanks!");

    const shown = await (await admin.get(`/admin/projects/${p.projectId}?saved=files_received`)).text();
    expect(shown).toContain("is marked as done. The client is being emailed.");
    expect(shown).toContain(`by ${ADMIN.email}`);
    expect(shown).toContain("Next: First version sent");
  });

  it("refuses a milestone out of order and says which one comes first; nothing is stored", async () => {
    const p = await insertProject(worker);
    const res = await move(p.projectId, "revisions", "Skipping ahead");
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Mark “Files received” as done before “Revisions done”");
    expect(html).toContain("Skipping ahead"); // the typed note is not lost
    expect((await milestoneRows(worker, p.projectId)).every((m) => m.done_at === null)).toBe(true);
    expect(await eventRows(worker, p.projectId)).toEqual([]);
    expect(await milestoneJobs(worker, p.consultationId)).toEqual([]);
    expect((await projectRow(worker, p.projectId))!.status).toBe("awaiting_files");
  });

  it("a note over 1000 characters gets a field error and stores nothing; an unknown milestone too", async () => {
    const p = await insertProject(worker);
    const res = await move(p.projectId, "files_received", "x".repeat(1001));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Keep the note to the client to 1000 characters or fewer");
    const bogus = await move(p.projectId, "mastered");
    expect(bogus.status).toBe(400);
    expect(await bogus.text()).toContain("Pick a milestone of the project");
    expect(await eventRows(worker, p.projectId)).toEqual([]);
    expect((await projectRow(worker, p.projectId))!.files_received_at).toBeNull();
  });

  it("a double submit (five at once) records the milestone once, sends one email, and the others are told it was already done", async () => {
    const p = await insertProject(worker);
    expect((await move(p.projectId, "files_received")).status).toBe(302);
    const answers = await Promise.all(Array.from({ length: 5 }, () => move(p.projectId, "first_version", "Listen to v1")));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 409, 409, 409, 409]);
    const refused = await answers.find((r) => r.status === 409)!.text();
    expect(refused).toContain("was already marked as done");
    expect((await eventRows(worker, p.projectId)).map((e) => e.milestone)).toEqual(["files_received", "first_version"]);
    expect((await milestoneJobs(worker, p.consultationId)).length).toBe(2);
    await sentMilestoneEmails(p.consultationId, 2);
  });

  it("walks to the final delivery: delivered, and the list moves it from Open to Delivered", async () => {
    const p = await insertProject(worker, { projectName: "Walk To The End", quoteNumber: "Q-2026-0900" });
    let list = await (await admin.get("/admin/projects")).text();
    expect(list).toContain("Walk To The End");
    for (const m of ["files_received", "first_version", "revisions", "final_delivery"]) expect((await move(p.projectId, m)).status).toBe(302);
    expect((await projectRow(worker, p.projectId))!.status).toBe("delivered");
    list = await (await admin.get("/admin/projects")).text();
    expect(list).not.toContain("Walk To The End");
    list = await (await admin.get("/admin/projects?status=delivered")).text();
    expect(list).toContain("Walk To The End");
    expect(list).toContain("Q-2026-0900");
    const page = await (await admin.get(`/admin/projects/${p.projectId}`)).text();
    expect(page).toContain("Every milestone is done: the project is delivered.");
    expect((await move(p.projectId, "final_delivery")).status).toBe(409);
  });

  it("lists open projects first, the soonest due first, and explains a filter it doesn't know", async () => {
    const later = await insertProject(worker, { projectName: "Due Later", turnaroundDays: 20 });
    const sooner = await insertProject(worker, { projectName: "Due Sooner", turnaroundDays: 1 });
    await move(later.projectId, "files_received");
    await move(sooner.projectId, "files_received");
    const list = await (await admin.get("/admin/projects")).text();
    expect(list.indexOf("Due Sooner")).toBeLessThan(list.indexOf("Due Later"));
    const odd = await admin.get("/admin/projects?status=finished");
    expect(odd.status).toBe(200);
    expect(await odd.text()).toContain("Some of the link&#x27;s settings were not understood");
  });
});

describe("who may see and move a project", () => {
  it("refuses anonymous callers on every project page and API, and stores nothing", async () => {
    const p = await insertProject(worker);
    const page = await worker.fetch(`/admin/projects/${p.projectId}`);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toContain("/admin/login");
    expect((await worker.fetch("/admin/projects")).status).toBe(302);
    const post = await worker.postForm(`/admin/projects/${p.projectId}`, { milestone: "files_received" });
    expect([302, 401, 403]).toContain(post.status);
    expect((await worker.fetch("/api/projects")).status).toBe(401);
    expect((await worker.fetch(`/api/projects/${p.projectId}`)).status).toBe(401);
    const api = await worker.postJson(`/api/projects/${p.projectId}/milestones`, { milestone: "files_received" });
    expect(api.status).toBe(401);
    expect((await apiPost(p.projectId, { milestone: "files_received" }, "sct_not-a-real-token")).status).toBe(401);
    expect(await eventRows(worker, p.projectId)).toEqual([]);
  });

  it("the client's private page shows the progress, milestones, note and delivery date; another client's link shows nothing of it", async () => {
    const mine = await insertProject(worker, { customerName: "Client Mine", customerEmail: "mine@example.com", projectName: "Mine Only", quoteNumber: "Q-2026-0777" });
    const theirs = await insertProject(worker, { customerName: "Client Other", customerEmail: "other@example.com", projectName: "Someone Else" });
    await move(mine.projectId, "files_received", "Secret note for Mine");
    const due = (await projectRow(worker, mine.projectId))!.due_date!;

    const html = await (await worker.fetch(`/manage/${await manageToken(mine.consultationId)}`)).text();
    expect(html).toContain("Quote Q-2026-0777");
    expect(html).toContain("1<!-- --> of <!-- -->4<!-- --> steps done");
    expect(html).toContain("In progress");
    expect(html).toContain("Secret note for Mine");
    const dueLabel = longDateLabel(due);
    expect(html).toContain(dueLabel);
    expect(html).toContain("First version sent");

    const other = await (await worker.fetch(`/manage/${await manageToken(theirs.consultationId)}`)).text();
    expect(other).not.toContain("Q-2026-0777");
    expect(other).not.toContain("Secret note for Mine");
    expect(other).not.toContain(dueLabel);
    expect(other).toContain("We&#x27;ll set the delivery date when we receive your files");

    const tampered = await worker.fetch(`/manage/${await manageToken(mine.consultationId, "another-secret-0123456789abcdef-0123456789")}`);
    expect(tampered.status).toBe(404);
    const text = await tampered.text();
    expect(text).not.toContain("Secret note for Mine");
    expect(text).not.toContain("Q-2026-0777");
  });
});

describe("the admin JSON API for projects", () => {
  it("lists, shows one and moves a milestone with the bearer token; refusals are 409 with a problem, bad input 422", async () => {
    const p = await insertProject(worker, { projectName: "Api Project", quoteNumber: "Q-2026-0555", totalMinor: 123456 });
    const list = await admin.get("/api/projects?status=all", { authorization: `Bearer ${admin.token}` });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { projects: { id: string; quoteNumber: string; totalMinor: number; currency: string }[]; counts: Record<string, number> };
    expect(body.projects.find((x) => x.id === p.projectId)).toMatchObject({ quoteNumber: "Q-2026-0555", totalMinor: 123456, currency: "GBP" });
    expect(body.counts.all).toBeGreaterThan(0);
    expect((await worker.fetch("/api/projects?status=nope", { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(422);

    const outOfOrder = await apiPost(p.projectId, { milestone: "final_delivery" });
    expect(outOfOrder.status).toBe(409);
    expect(await outOfOrder.json()).toMatchObject({ problem: "out_of_order" });

    const tooLong = await apiPost(p.projectId, { milestone: "files_received", note: "y".repeat(1001) });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { errors: Record<string, string[]> }).errors.note).toEqual(["Keep the note to the client to 1000 characters or fewer"]);
    expect((await apiPost(p.projectId, { milestone: "nope" })).status).toBe(422);

    const moved = await apiPost(p.projectId, { milestone: "files_received", note: null });
    expect(moved.status).toBe(200);
    const project = (await moved.json()) as { status: string; dueDate: string; nextMilestone: string; milestones: { kind: string; done: boolean; doneBy: string | null }[] };
    expect(project.status).toBe("in_progress");
    expect(project.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(project.nextMilestone).toBe("first_version");
    expect(project.milestones[0]).toMatchObject({ kind: "files_received", done: true, doneBy: ADMIN.email });

    const again = await apiPost(p.projectId, { milestone: "files_received" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ problem: "already_done" });

    const one = await worker.fetch(`/api/projects/${p.projectId}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: p.projectId, quote: { number: "Q-2026-0555" }, consultation: { id: p.consultationId } });
    expect((await worker.fetch(`/api/projects/${crypto.randomUUID()}`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(404);
    expect((await apiPost(crypto.randomUUID(), { milestone: "files_received" })).status).toBe(404);
  });
});
