import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { consultationReference, GENRES, LIMITS } from "~/domain/consultation";
import { detailsFormSchema, MAX_NOTES_LENGTH, notesSchema, patchFromForm, statusChangeSchema } from "~/domain/consultation-edit";
import { ACTOR_LABELS, allowedTargets, MAX_REASON_LENGTH, reasonRequired, STATUS_LABELS } from "~/domain/status";
import { feedbackWindow } from "~/domain/feedback-window";
import { Banner } from "~/components/banner";
import { ConsultationFeedback } from "~/components/admin/consultation-feedback";
import { studioDateTime } from "~/components/admin/format";
import { StatusBadge } from "~/components/admin/status-badge";
import { instantLabel } from "~/components/calendar-labels";
import { Field } from "~/components/field";
import { calendarState } from "~/server/admin/calendar-state";
import { loadConsultationDetail } from "~/server/admin/consultation-detail.server";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { changeDepsFor, changeStatus, editDetails, editNotes, type ChangeOutcome } from "~/server/consultation-changes.server";
import { appServices } from "~/server/context.server";
import { ConsultationRequests } from "~/components/services/consultation-requests";
import { consultationRequestItems } from "~/server/services/admin-requests.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.reference} · ${data.consultation.customerName}` : "Consultation"} · Studio admin` },
  { name: "robots", content: "noindex, nofollow" },
];

const idSchema = z.string().uuid();

const SAVED_MESSAGES: Record<string, string> = {
  details: "The details were saved.",
  notes: "The notes were saved.",
  status: "The status was changed.",
  cancelled: "The consultation was cancelled and its time is free again. The client will be told by email.",
  rescheduled: "The consultation was moved. The client will get the updated invite by email.",
  unchanged: "Nothing had changed, so nothing was saved.",
  erased: "The client's personal data was erased. Times and statuses stay; the calendar event is being updated.",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw json({ error: "There is no consultation with that id." }, { status: 404 });
  const services = appServices(context);
  const detail = await loadConsultationDetail(services.db, id.data);
  if (!detail) throw json({ error: "There is no consultation with that id." }, { status: 404 });
  const c = detail.consultation;
  const timeZone = services.config.bookingRules.studioTimeZone;
  const now = services.now();
  const saved = new URL(request.url).searchParams.get("saved");
  return json({
    reference: consultationReference(c.id),
    consultation: c,
    timeZone,
    when: studioDateTime(c.consultationDate, timeZone),
    clientWhen: c.timeZone !== timeZone ? instantLabel(c.consultationDate, c.timeZone) : null,
    bookedAt: studioDateTime(c.createdAt, timeZone),
    targets: allowedTargets(c.status, "studio", { startsAt: c.consultationDate, now }),
    calendar: calendarState(c, detail.jobs),
    history: detail.history.map((h) => ({ ...h, when: studioDateTime(h.at, timeZone) })),
    changes: detail.changes.map((ch) => ({ ...ch, when: studioDateTime(ch.at, timeZone) })),
    emails: detail.emails.map((e) => ({
      ...e,
      when: studioDateTime(e.at, timeZone),
      events: e.events.map((ev) => ({ ...ev, when: studioDateTime(ev.at, timeZone) })),
    })),
    jobs: detail.jobs.map((j) => ({ ...j, when: studioDateTime(j.runAt, timeZone) })),
    saved: saved && SAVED_MESSAGES[saved] ? SAVED_MESSAGES[saved] : null,
    feedback: detail.feedback && {
      rating: detail.feedback.rating,
      comment: detail.feedback.comment,
      givenWhen: studioDateTime(detail.feedback.createdAt, timeZone),
      editedWhen: detail.feedback.updatedAt !== detail.feedback.createdAt ? studioDateTime(detail.feedback.updatedAt, timeZone) : null,
    },
    feedbackOpen: feedbackWindow(c, now) === "open",
    serviceRequests: await consultationRequestItems(services.db, c.id, timeZone),
  });
}

const intentSchema = z.enum(["details", "notes", "status"]);
type Intent = z.infer<typeof intentSchema>;
const SCHEMAS = { details: detailsFormSchema, notes: notesSchema, status: statusChangeSchema } as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw json({ error: "There is no consultation with that id." }, { status: 404 });
  const formData = await request.formData();
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return json({ intent: null, result: null, error: "The form was not recognised. Reload the page and try again." }, { status: 400 });
  const deps = changeDepsFor(appServices(context));
  const actor = { kind: "studio" as const, detail: admin.email };

  const submission = parseWithZod(formData, { schema: SCHEMAS[intent.data] });
  if (submission.status !== "success") return json({ intent: intent.data, result: submission.reply(), error: null }, { status: 400 });

  let outcome: ChangeOutcome;
  let savedAs: string = intent.data;
  if (intent.data === "details") {
    outcome = await editDetails(deps, id.data, patchFromForm(submission.value as z.infer<typeof detailsFormSchema>), actor);
  } else if (intent.data === "notes") {
    outcome = await editNotes(deps, id.data, (submission.value as z.infer<typeof notesSchema>).adminNotes, actor);
  } else {
    const value = submission.value as z.infer<typeof statusChangeSchema>;
    outcome = await changeStatus(deps, id.data, { status: value.status, reason: value.reason }, actor);
    if (value.status === "cancelled") savedAs = "cancelled";
  }

  switch (outcome.kind) {
    case "changed":
    case "unchanged":
      return redirect(`/admin/consultations/${id.data}?saved=${outcome.kind === "unchanged" ? "unchanged" : savedAs}`);
    case "not_found":
      throw json({ error: "There is no consultation with that id." }, { status: 404 });
    case "refused": {
      const field = outcome.problem === "reason_required" || outcome.problem === "reason_too_long" ? "reason" : "status";
      return json({ intent: intent.data, result: submission.reply({ fieldErrors: { [field]: [outcome.message] } }), error: null }, { status: 409 });
    }
    default:
      return json({ intent: intent.data, result: submission.reply({ formErrors: [outcome.message] }), error: null }, { status: 409 });
  }
}

export default function ConsultationDetail() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const c = data.consultation;
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.result as SubmissionResult<string[]> | null) ?? undefined : undefined);

  return (
    <article className="admin-page consultation-detail" aria-labelledby="consultation-heading">
      <p className="breadcrumbs">
        <Link to="/admin/consultations">← All consultations</Link>
      </p>
      <div className="admin-heading">
        <div>
          <p className="eyebrow">{data.reference}</p>
          <h1 id="consultation-heading">
            {c.customerName}: {c.projectName}
          </h1>
        </div>
        <StatusBadge status={c.status} />
      </div>
      <p className="detail-when">
        <strong>{data.when}</strong> ({data.timeZone}), {c.durationMinutes} minutes
        {data.clientWhen ? <span className="admin-muted"> · the client's time: {data.clientWhen} ({c.timeZone})</span> : null}
      </p>

      <Banner tone="ok">{data.saved}</Banner>
      <Banner tone="error">{actionData?.error}</Banner>
      {c.erasedAt ? null : (
        <p className="admin-muted">
          <Link to={`/admin/consultations/${c.id}/erase`}>Erase this client's personal data…</Link>
        </p>
      )}

      {c.status === "scheduled" ? (
        <div className="admin-actions">
          <Link to={`/admin/consultations/${c.id}/reschedule`} className="button button--small">
            Reschedule
          </Link>
          <a href="#status" className="button button--small">
            Change status or cancel
          </a>
        </div>
      ) : null}

      <div className="detail-grid">
        <section className="panel" aria-labelledby="sent-heading">
          <h2 id="sent-heading">What the client sent</h2>
          <dl className="summary">
            <dt>Project</dt>
            <dd>{c.projectName}</dd>
            <dt>Description</dt>
            <dd className="prewrap">{c.projectDescription}</dd>
            <dt>Genre</dt>
            <dd>{c.genre}</dd>
            <dt>BPM</dt>
            <dd>{c.bpm ?? <span className="admin-muted">Not given</span>}</dd>
            <dt>Name</dt>
            <dd>{c.customerName}</dd>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${c.customerEmail}`}>{c.customerEmail}</a>
            </dd>
            <dt>Phone</dt>
            <dd>{c.customerPhone ? <a href={`tel:${c.customerPhone}`}>{c.customerPhone}</a> : <span className="admin-muted">Not given</span>}</dd>
            <dt>Special requirements</dt>
            <dd className="prewrap">{c.specialRequirements ?? <span className="admin-muted">None</span>}</dd>
            <dt>Client's time zone</dt>
            <dd>{c.timeZone}</dd>
            <dt>Booked</dt>
            <dd>{data.bookedAt}</dd>
          </dl>
        </section>

        <section className="panel" aria-labelledby="calendar-heading">
          <h2 id="calendar-heading">Studio calendar</h2>
          <p>
            <span className={`sync sync--${data.calendar.tone}`}>{data.calendar.label}</span>
          </p>
          {data.calendar.detail ? <p className="hint">{data.calendar.detail}</p> : null}
          <dl className="summary">
            <dt>Event id</dt>
            <dd>{c.googleCalendarEventId ? <code>{c.googleCalendarEventId}</code> : <span className="admin-muted">None yet</span>}</dd>
            <dt>Invite version</dt>
            <dd>{c.calendarSequence}</dd>
          </dl>
          {data.jobs.length > 0 ? (
            <>
              <h3>Calendar and email jobs</h3>
              <ul className="plain-list">
                {data.jobs.map((j) => (
                  <li key={j.id}>
                    <code>{j.kind}</code> · {j.status}
                    {j.attempts > 0 ? `, ${j.attempts} attempt${j.attempts === 1 ? "" : "s"}` : ""} · {j.status === "pending" ? `due ${j.when}` : j.when}
                    {j.lastError && j.status !== "done" ? <div className="admin-muted small">{j.lastError}</div> : null}
                  </li>
                ))}
              </ul>
              {data.jobs.some((j) => j.status === "dead") ? (
                <p>
                  <Link to="/admin/outbox">Retry failed jobs in the Outbox</Link>
                </p>
              ) : null}
            </>
          ) : null}
        </section>
      </div>

      <ConsultationFeedback feedback={data.feedback} canGive={data.feedbackOpen} />
      <ConsultationRequests requests={data.serviceRequests} />

      <section className="panel" aria-labelledby="emails-heading">
        <h2 id="emails-heading">Emails</h2>
        {data.emails.length === 0 ? (
          <p className="admin-muted">No emails have been sent for this consultation yet.</p>
        ) : (
          <ol className="timeline">
            {data.emails.map((e) => (
              <li key={e.id}>
                <div>
                  <strong>{emailKindLabel(e.kind)}</strong> to {e.recipient} · <span className={`email-status email-status--${e.status}`}>{e.status.replace(/_/g, " ")}</span>
                </div>
                <div className="admin-muted small">
                  {e.when}
                  {e.subject ? ` · “${e.subject}”` : ""}
                </div>
                {["bounced", "dropped", "spam_report"].includes(e.status) ? (
                  <p className="hint warning-text">
                    This email didn't reach the client. Check the address with them (by phone if you have it), correct it under Edit details, and see
                    the admin guide on bounced emails.
                  </p>
                ) : null}
                {e.events.length > 0 ? (
                  <ul className="plain-list small">
                    {e.events.map((ev, i) => (
                      <li key={i}>
                        {ev.event} · {ev.when}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <StatusSection status={c.status} targets={data.targets} lastResult={resultFor("status")} />

      <NotesSection notes={c.adminNotes} lastResult={resultFor("notes")} />

      <DetailsSection consultation={c} lastResult={resultFor("details")} />

      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol className="timeline">
          {[
            ...data.history.map((h) => ({
              key: h.id,
              at: h.at,
              when: h.when,
              text: h.fromStatus ? `${STATUS_LABELS[h.fromStatus]} → ${STATUS_LABELS[h.toStatus]}` : `Booked (${STATUS_LABELS[h.toStatus].toLowerCase()})`,
              who: `${ACTOR_LABELS[h.actor]}${h.actorDetail ? ` (${h.actorDetail})` : ""}`,
              reason: h.reason,
            })),
            ...data.changes.map((ch) => ({
              key: ch.id,
              at: ch.at,
              when: ch.when,
              text: ch.summary,
              who: `${ACTOR_LABELS[ch.actor]}${ch.actorDetail ? ` (${ch.actorDetail})` : ""}`,
              reason: null,
            })),
          ]
            .sort((a, b) => a.at - b.at)
            .map((item) => (
              <li key={item.key}>
                <div>
                  <strong>{item.text}</strong>
                </div>
                <div className="admin-muted small">
                  {item.when} · {item.who}
                </div>
                {item.reason ? <div className="prewrap">“{item.reason}”</div> : null}
              </li>
            ))}
        </ol>
      </section>
    </article>
  );
}

function emailKindLabel(kind: string): string {
  const labels: Record<string, string> = {
    confirmation: "Confirmation",
    reschedule: "New time",
    cancellation: "Cancellation",
    reminder: "Reminder",
    follow_up: "Follow-up",
  };
  return labels[kind] ?? kind;
}

function Submit({ children, formId, danger }: { children: string; formId: string; danger?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === formId;
  return (
    <button type="submit" className={`button${danger ? " button--danger" : ""}`} disabled={busy} aria-busy={busy || undefined}>
      {busy ? "Saving…" : children}
    </button>
  );
}

function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <div className="banner banner--error" role="alert" id={id}>
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  ) : null;
}

function StatusSection({
  status,
  targets,
  lastResult,
}: {
  status: keyof typeof STATUS_LABELS;
  targets: (keyof typeof STATUS_LABELS)[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm({
    // Not "status": that is the section's id (the #status link), and the reason's
    // form="..." attribute must name this form, or the reason isn't submitted.
    id: "status-form",
    lastResult,
    constraint: getZodConstraint(statusChangeSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: statusChangeSchema }),
  });
  return (
    <section className="panel" id="status" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      {targets.length === 0 ? (
        // A stale page may still post a change: say why it was refused.
        <>
          <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.status.errors ?? []), ...(fields.reason.errors ?? [])]} />
          <p className="admin-muted">
          {status === "cancelled"
            ? "Cancelled is final. If the client wants another time, they book again."
            : "A scheduled consultation can be marked completed or no-show once it has started; until then it can be cancelled or rescheduled."}
          </p>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="status" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <fieldset className="status-choices" aria-describedby={fields.status.errorId}>
            <legend>Change to</legend>
            {targets.map((t) => (
              <div key={t} className="choice">
                <input type="radio" id={`status-${t}`} name={fields.status.name} value={t} defaultChecked={fields.status.initialValue === t} />
                <label htmlFor={`status-${t}`}>
                  {STATUS_LABELS[t]}
                  <span className="admin-muted small">
                    {" "}
                    {t === "cancelled"
                      ? "frees the time and emails the client"
                      : t === "scheduled"
                        ? "reopens it (the time must still be free); say why"
                        : reasonRequired(status, t)
                          ? "a correction; say why"
                          : ""}
                  </span>
                </label>
              </div>
            ))}
            <div id={fields.status.errorId} className="field-errors" aria-live="polite">
              {fields.status.errors?.length ? (
                <ul>
                  {fields.status.errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </fieldset>
          <Field
            label="Reason"
            optional={status === "scheduled"}
            htmlFor={fields.reason.id}
            hint={status === "scheduled" ? "Kept in the history. For a cancellation, the client doesn't see it." : "Required: say why you are correcting the status."}
            hintId={fields.reason.descriptionId}
            errorId={fields.reason.errorId}
            errors={fields.reason.errors}
          >
            <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: fields.reason.descriptionId })} rows={2} maxLength={MAX_REASON_LENGTH} />
          </Field>
          <Submit formId="status">Change status</Submit>
        </Form>
      )}
    </section>
  );
}

function NotesSection({ notes, lastResult }: { notes: string | null; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: "notes",
    lastResult,
    defaultValue: { adminNotes: notes ?? "" },
    constraint: getZodConstraint(notesSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: notesSchema }),
  });
  return (
    <section className="panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="notes" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label="Studio notes"
          htmlFor={fields.adminNotes.id}
          hint="Only the studio sees these."
          hintId={fields.adminNotes.descriptionId}
          errorId={fields.adminNotes.errorId}
          errors={fields.adminNotes.errors}
        >
          <textarea {...getTextareaProps(fields.adminNotes, { ariaDescribedBy: fields.adminNotes.descriptionId })} rows={4} maxLength={MAX_NOTES_LENGTH} key={notes ?? ""} />
        </Field>
        <Submit formId="notes">Save notes</Submit>
      </Form>
    </section>
  );
}

type ConsultationForEdit = {
  projectName: string;
  projectDescription: string;
  genre: string;
  bpm: number | null;
  customerName: string;
  customerEmail: string;
  customerPhone: string | null;
  specialRequirements: string | null;
  timeZone: string;
  updatedAt: number;
};

function DetailsSection({ consultation: c, lastResult }: { consultation: ConsultationForEdit; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: "details",
    lastResult,
    defaultValue: {
      projectName: c.projectName,
      projectDescription: c.projectDescription,
      genre: c.genre,
      bpm: c.bpm === null ? "" : String(c.bpm),
      customerName: c.customerName,
      customerEmail: c.customerEmail,
      customerPhone: c.customerPhone ?? "",
      specialRequirements: c.specialRequirements ?? "",
      timeZone: c.timeZone,
    },
    constraint: getZodConstraint(detailsFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: detailsFormSchema }),
  });
  const open = Boolean(lastResult);
  return (
    <section className="panel" aria-labelledby="edit-heading">
      <details open={open} key={c.updatedAt}>
        <summary>
          <h2 id="edit-heading">Edit details</h2>
        </summary>
        <Form method="post" {...getFormProps(form)} className="edit-form">
          <input type="hidden" name="intent" value="details" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="field-row">
            <Field label="Project name" htmlFor={fields.projectName.id} errorId={fields.projectName.errorId} errors={fields.projectName.errors}>
              <input {...getInputProps(fields.projectName, { type: "text" })} />
            </Field>
            <Field label="Genre" htmlFor={fields.genre.id} errorId={fields.genre.errorId} errors={fields.genre.errors}>
              <select {...getSelectProps(fields.genre)}>
                {GENRES.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label="Project description" htmlFor={fields.projectDescription.id} errorId={fields.projectDescription.errorId} errors={fields.projectDescription.errors}>
            <textarea {...getTextareaProps(fields.projectDescription)} rows={3} maxLength={LIMITS.projectDescription} />
          </Field>
          <div className="field-row">
            <Field label="Client name" htmlFor={fields.customerName.id} errorId={fields.customerName.errorId} errors={fields.customerName.errors}>
              <input {...getInputProps(fields.customerName, { type: "text" })} />
            </Field>
            <Field label="BPM" optional htmlFor={fields.bpm.id} errorId={fields.bpm.errorId} errors={fields.bpm.errors}>
              <input {...getInputProps(fields.bpm, { type: "number" })} inputMode="numeric" step={1} />
            </Field>
          </div>
          <div className="field-row">
            <Field label="Email" htmlFor={fields.customerEmail.id} errorId={fields.customerEmail.errorId} errors={fields.customerEmail.errors}>
              <input {...getInputProps(fields.customerEmail, { type: "email" })} />
            </Field>
            <Field label="Phone" optional htmlFor={fields.customerPhone.id} errorId={fields.customerPhone.errorId} errors={fields.customerPhone.errors}>
              <input {...getInputProps(fields.customerPhone, { type: "tel" })} />
            </Field>
          </div>
          <Field label="Special requirements" optional htmlFor={fields.specialRequirements.id} errorId={fields.specialRequirements.errorId} errors={fields.specialRequirements.errors}>
            <textarea {...getTextareaProps(fields.specialRequirements)} rows={2} maxLength={LIMITS.specialRequirements} />
          </Field>
          <Field
            label="Client's time zone"
            htmlFor={fields.timeZone.id}
            hint="IANA name, like Europe/London. Emails show times in this zone."
            hintId={fields.timeZone.descriptionId}
            errorId={fields.timeZone.errorId}
            errors={fields.timeZone.errors}
          >
            <input {...getInputProps(fields.timeZone, { type: "text", ariaDescribedBy: fields.timeZone.descriptionId })} />
          </Field>
          <Submit formId="details">Save details</Submit>
        </Form>
      </details>
    </section>
  );
}
