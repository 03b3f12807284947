import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { longDateLabel } from "../../app/domain/project-forms";
import { asAdmin, type Admin } from "./admin-support";
import { bookingBody, freeSlots } from "./booking-data";
import { book, jobOf, makeDue, settled, waitFor } from "./fakes-env";
import { startWorker, type TestWorker } from "./harness";
import { fieldsOf, formWith, withField, type FormFields } from "./html-form";

// Issue 7's whole path through the built worker, as the client and the studio
// walk it with plain form posts (as without JavaScript), following only the
// links the emails carry: a booked consultation, completed by the studio; the
// follow-up email's feedback and request links; the three request steps; the
// studio's draft, edit and send of the quote; the quote email's link; the
// client ticking an extra and accepting; one project; milestones moved by the
// studio and emailed; the client's private page; the funnel in the reports.
// Emails are read from the local mailbox (no provider configured).

const STUDIO_INBOX = "studio-notify@studio.example";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { TAX_RATE: "20", TAX_LABEL: "VAT", CURRENCY: "GBP", STUDIO_NOTIFY_EMAIL: STUDIO_INBOX, EMAIL_FROM: "Test Studio <bookings@studio.example>" } });
  admin = await asAdmin(worker);
});
afterAll(() => worker?.dispose());

const decode = (html: string) =>
  html.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

type Mail = { kind: string; recipient: string; subject: string; text: string; html: string; status: string };

/** The consultation's emails of one kind once the outbox has sent `count` of them. */
async function mailOf(consultationId: string, kind: string, count = 1): Promise<Mail[]> {
  return waitFor(async () => {
    await worker.scheduled();
    const { results } = await worker.db
      .prepare("SELECT kind, recipient, subject, text, html, status FROM email_messages WHERE consultation_id = ? AND kind = ? ORDER BY created_at, rowid")
      .bind(consultationId, kind)
      .all<Mail>();
    return results.length >= count ? results : undefined;
  }, `${count} ${kind} email(s)`);
}

/** The path of the link after `label: ` in an email's text, checked to be the same link as its HTML's. */
function linkIn(mail: Mail, label: string): string {
  const url = new RegExp(`${label}: (https?://\\S+)`).exec(mail.text)?.[1];
  if (!url) throw new Error(`No "${label}" link in the ${mail.kind} email:\n${mail.text}`);
  expect(mail.html).toContain(`href="${url}"`);
  const { origin, pathname, search } = new URL(url);
  expect(origin).toBe(worker.origin);
  return pathname + search;
}

function post(path: string, fields: FormFields, headers: Record<string, string> = {}) {
  return worker.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: worker.origin, "x-forwarded-host": new URL(worker.origin).host, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}
const adminPost = (path: string, fields: FormFields) => post(path, fields, { cookie: admin.cookie });
const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await worker.fetch(path, { headers });
  expect(res.status, path).toBe(200);
  return res.text();
};
const adminPage = (path: string) => page(path, { cookie: admin.cookie });

describe("from a booked consultation to a delivered first version", () => {
  it("walks the whole path a client and the studio follow", async () => {
    // --- A client books a consultation. ---
    const [slot] = await freeSlots(worker);
    const { id } = await book(worker, bookingBody(slot.startsAt, { projectName: "Glass Harbour", customerName: "Ada Lovelace", customerEmail: "ada@example.com" }));
    await settled(worker, id);

    // Time passes: the consultation took place two hours ago (the worker's clock is real, so its date moves back).
    await worker.db.prepare("UPDATE consultations SET consultation_date = ? WHERE id = ?").bind(Date.now() - 2 * HOUR, id).run();

    // --- The studio marks it completed on the consultation's page. ---
    const consultationPage = `/admin/consultations/${id}`;
    const statusForm = formWith(await adminPage(consultationPage), "Change status");
    const completed = await adminPost(consultationPage, withField(fieldsOf(statusForm), "status", "completed"));
    expect(completed.status).toBe(302);
    expect((await worker.db.prepare("SELECT status FROM consultations WHERE id = ?").bind(id).first<{ status: string }>())!.status).toBe("completed");

    // --- The follow-up email (its hour after the end has come) asks how it went and offers a quote. ---
    await makeDue(worker, `id = '${(await jobOf(worker, id, "email.follow_up")).id}'`);
    const [followUp] = await mailOf(id, "follow_up");
    expect(followUp.recipient).toBe("ada@example.com");
    const feedbackLink = linkIn(followUp, "Tell us how it went");
    const serviceLink = linkIn(followUp, "Request a quote");
    expect(feedbackLink).toMatch(/^\/manage\/[\w-]+\.[\w-]+\.[\w-]+\/feedback$/);
    expect(serviceLink).toMatch(/^\/manage\/[\w-]+\.[\w-]+\.[\w-]+\/service$/);

    // --- Feedback through the email's link. ---
    const feedbackForm = formWith(await page(feedbackLink), "Send feedback");
    const saved = await post(feedbackLink, withField(withField(fieldsOf(feedbackForm), "rating", "5"), "comment", "Clear advice on the low end."));
    expect(saved.status).toBe(302);
    expect(decode(await page(saved.headers.get("location")!))).toContain("Thank you!");

    // --- The service request in three steps, from the email's other link. ---
    const step1 = decode(await page(serviceLink));
    expect(step1).toContain("Step 1 of 3");
    expect(step1).toContain("Glass Harbour");
    const packageFields = withField(withField(fieldsOf(formWith(step1, { name: "intent", value: "package" }), { name: "intent", value: "package" }), "packageId", "pkg_mix_master"), "addonIds", ["addon_stems"]);
    const step2Res = await post(serviceLink, packageFields);
    expect(step2Res.status).toBe(200);
    const step2 = decode(await step2Res.text());
    expect(step2).toContain("Step 2 of 3");
    const deadline = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    let projectFields = fieldsOf(formWith(step2, { name: "intent", value: "project" }), { name: "intent", value: "project" });
    projectFields = withField(projectFields, "trackCount", "4");
    projectFields = withField(projectFields, "links", "https://files.example.com/glass-harbour-stems.zip");
    projectFields = withField(projectFields, "wishedDeadline", deadline);
    projectFields = withField(projectFields, "notes", "Warm, not too loud.");
    const step3Res = await post(serviceLink, projectFields);
    expect(step3Res.status).toBe(200);
    const step3 = decode(await step3Res.text());
    expect(step3).toContain("Step 3 of 3");
    // Mix + master for 4 tracks (£770) + stems 4 × £25 = £870, VAT 20% = £174, total £1,044.
    expect(step3).toContain("£1,044.00");
    const sent = await post(serviceLink, fieldsOf(formWith(step3, { name: "intent", value: "send" }), { name: "intent", value: "send" }));
    expect(sent.status).toBe(302);
    expect(decode(await page(sent.headers.get("location")!))).toContain("Your request is on its way");

    // --- The studio is told, and the client gets a copy. ---
    const [received] = await mailOf(id, "request_received");
    expect(received.recipient).toBe(STUDIO_INBOX);
    expect(received.text).toContain("https://files.example.com/glass-harbour-stems.zip");
    const [copy] = await mailOf(id, "request_copy");
    expect(copy.recipient).toBe("ada@example.com");
    expect(copy.text).toContain("Estimated total: £1,044.00");
    const privateLink = linkIn(copy, "Your consultation and requests");
    const listed = decode(await page(privateLink));
    expect(listed).toContain("Your requests");
    expect(listed).toMatch(/<strong>Mix \+ master<\/strong>, estimated £1,044.00/);
    expect(listed).toContain("Test Studio will reply with a quote.");
    const requestPage = linkIn(received, "Review the request");
    expect(requestPage).toMatch(/^\/admin\/requests\/[0-9a-f-]{36}$/);

    // --- The studio drafts a quote from the request, edits it, and sends it. ---
    const draftForm = formWith(await adminPage(requestPage), "Draft a quote");
    const drafted = await adminPost(draftForm.action!, fieldsOf(draftForm));
    expect(drafted.status).toBe(302);
    const quotePage = drafted.headers.get("location")!.split("?")[0];
    expect(quotePage).toMatch(/^\/admin\/quotes\/[0-9a-f-]{36}$/);
    const quoteId = quotePage.split("/").pop()!;
    const editor = fieldsOf(formWith(await adminPage(quotePage), { name: "op", value: "save" }), { name: "op", value: "save" });
    const descriptions = editor.filter(([name]) => /^lines\[\d+\]\.description$/.test(name)).map(([, value]) => value);
    expect(descriptions.slice(0, 2)).toEqual(["Mix + master", "Stems delivery"]);
    const rushIndex = descriptions.indexOf("Rush delivery");
    expect(rushIndex).toBeGreaterThan(1);
    const edited = await adminPost(quotePage, withField(withField(editor, "message", "Lovely to meet you: here is the plan."), "paymentTerms", "Half up front, half on delivery."));
    expect(edited.status).toBe(302);
    const sendFields = fieldsOf(formWith(await adminPage(quotePage), { name: "op", value: "send" }), { name: "op", value: "send" });
    expect(sendFields).toContainEqual(["message", "Lovely to meet you: here is the plan."]);
    const sending = await adminPost(quotePage, sendFields);
    expect(sending.status).toBe(302);
    const number = (await worker.db.prepare("SELECT number FROM quotes WHERE id = ?").bind(quoteId).first<{ number: string }>())!.number;
    expect(number).toMatch(/^Q-\d{4}-0001$/);

    // --- The quote email's link opens the client's quote page. ---
    const [quoteMail] = await mailOf(id, "quote_sent");
    expect(quoteMail.recipient).toBe("ada@example.com");
    expect(quoteMail.text).toContain("Lovely to meet you: here is the plan.");
    expect(quoteMail.text).toContain("Total: £1,044.00");
    const quoteLink = linkIn(quoteMail, "View and accept your quote");
    expect(quoteLink).toMatch(/^\/quotes\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const quoteHtml = decode(await page(quoteLink));
    expect(quoteHtml).toContain(`Quote ${number}`);
    expect(quoteHtml).toContain("Half up front, half on delivery.");
    // The client's private page now links to the same quote.
    const quoteOnPrivatePage = new RegExp(`<a href="http://127\\.0\\.0\\.1:8787(/quotes/[\\w.-]+)">Quote ${number}</a>: waiting for your answer`).exec(decode(await page(privateLink)))?.[1];
    expect(quoteOnPrivatePage).toBeDefined();
    expect(decode(await page(quoteOnPrivatePage!))).toContain(`Quote ${number}`);

    // --- The client ticks rush delivery, sees the server's total, and accepts with their name. ---
    const choice = withField(fieldsOf(formWith(quoteHtml, { name: "intent", value: "update" }), { name: "intent", value: "update" }), "optionalLines", String(rushIndex));
    const updated = await post(quoteLink, choice);
    expect(updated.status).toBe(200);
    const updatedHtml = decode(await updated.text());
    // (£870 + £385 rush) + 20% VAT.
    expect(updatedHtml).toContain("£1,506.00");
    let acceptFields = fieldsOf(formWith(updatedHtml, { name: "intent", value: "accept" }), { name: "intent", value: "accept" });
    expect(acceptFields).toContainEqual(["optionalLines", String(rushIndex)]);
    acceptFields = withField(withField(acceptFields, "name", "Ada Lovelace"), "confirm", "on");
    const accepted = await post(quoteLink, acceptFields);
    expect(accepted.status).toBe(302);
    expect(decode(await page(accepted.headers.get("location")!))).toContain("Ada Lovelace");
    // A second click of the same form is told it's decided, and changes nothing.
    const again = await post(quoteLink, acceptFields);
    expect([302, 409]).toContain(again.status);

    const { results: projects } = await worker.db
      .prepare("SELECT id, status, total_minor FROM projects WHERE consultation_id = ?")
      .bind(id)
      .all<{ id: string; status: string; total_minor: number }>();
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ status: "awaiting_files", total_minor: 150_600 });
    const projectId = projects[0].id;
    const decisionJobs = await worker.db
      .prepare("SELECT kind FROM outbox_jobs WHERE consultation_id = ? AND kind LIKE 'email.quote_accepted%' ORDER BY kind")
      .bind(id)
      .all<{ kind: string }>();
    expect(decisionJobs.results.map((j) => j.kind)).toEqual(["email.quote_accepted", "email.quote_accepted_studio"]);
    const [acceptedMail] = await mailOf(id, "quote_accepted");
    expect(acceptedMail.recipient).toBe("ada@example.com");
    expect(acceptedMail.text).toContain("Total: £1,506.00");
    const [studioMail] = await mailOf(id, "quote_accepted_studio");
    expect(studioMail.recipient).toBe(STUDIO_INBOX);
    expect(linkIn(studioMail, "Open the quote")).toBe(quotePage);

    // --- The studio marks the files received, then the first version. ---
    const projectPage = `/admin/projects/${projectId}`;
    // The consultation's admin page leads from its request to the quote and the project.
    const consultationHtml = decode(await adminPage(consultationPage));
    expect(consultationHtml).toContain(`href="${requestPage}"`);
    expect(consultationHtml).toContain(`href="${quotePage}">Quote ${number}</a>`);
    expect(consultationHtml).toContain(`href="${projectPage}">Project</a>`);
    for (const [milestone, note] of [
      ["files_received", "All four stems arrived."],
      ["first_version", "Have a listen on the usual link."],
    ]) {
      const form = fieldsOf(formWith(await adminPage(projectPage), "as done"));
      expect(form).toContainEqual(["milestone", milestone]);
      const moved = await adminPost(projectPage, withField(form, "note", note));
      expect(moved.status).toBe(302);
    }
    const due = (await worker.db.prepare("SELECT due_date FROM projects WHERE id = ?").bind(projectId).first<{ due_date: string }>())!.due_date;
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const milestoneMails = await mailOf(id, "milestone", 2);
    expect(milestoneMails.map((m) => m.subject)).toEqual(["We have your files: Glass Harbour", "Your first version is ready: Glass Harbour"]);
    expect(milestoneMails[0].text).toContain("All four stems arrived.");
    expect(milestoneMails[0].text).toContain(`Delivery date: ${longDateLabel(due)}`);
    expect(milestoneMails[1].text).toContain("Have a listen on the usual link.");

    // --- The client's private page, from the milestone email, shows the project and its delivery date. ---
    const privatePage = decode(await page(linkIn(milestoneMails[1], "See your project's progress")));
    expect(privatePage).toContain(`Quote ${number}`);
    expect(privatePage).toContain("2 of 4 steps done");
    expect(privatePage).toContain(`Delivery date: <strong>${longDateLabel(due)}</strong>`);
    expect(privatePage).toContain("Have a listen on the usual link.");

    // --- The reports' funnel counts each stage once, and the accepted value. ---
    const reports = decode(await adminPage("/admin/reports"));
    const row = (label: string, n: string) => new RegExp(`<th scope="row">${label}</th><td class="num">${n}</td>`);
    for (const label of ["Consultations booked", "Consultations completed", "Feedback given", "Service requests", "Quotes sent", "Quotes accepted"]) {
      expect(reports).toMatch(row(label, "1"));
    }
    expect(reports).toMatch(/<th scope="row">Accepted value<\/th><td class="num" colSpan="3">£1,506.00<\/td>/);
  });
});
