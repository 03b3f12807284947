import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { consultationReference } from "~/domain/consultation";
import { formatMoney } from "~/domain/money";
import { isMilestone, MILESTONE_LABELS, MILESTONES, type Milestone } from "~/domain/project";
import { longDateLabel, MAX_MILESTONE_NOTE_LENGTH, milestoneFormSchema } from "~/domain/project-forms";
import { deliveryDate } from "~/domain/working-days";
import { studioWorkingCalendar } from "~/server/services/working-calendar.server";
import { Banner } from "~/components/banner";
import { studioDateTime } from "~/components/admin/format";
import { ProjectMilestoneList } from "~/components/admin/project-milestone-list";
import { ProjectStatusBadge } from "~/components/admin/project-status-badge";
import { Field, FormErrors } from "~/components/field";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { completeMilestone, projectDepsFor } from "~/server/services/project-milestones.server";
import { loadProjectDetail } from "~/server/services/project-queries.server";

// /admin/projects/:id: where the project came from (consultation, request,
// quote), its milestones with who moved them and when, and one form to mark
// the next milestone as done with an optional note to the client (who is
// emailed). A plain POST and a redirect, so it works without JavaScript.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.consultation.customerName}: ${data.consultation.projectName}` : "Project"} · Studio admin` },
  { name: "robots", content: "noindex, nofollow" },
];

const idSchema = z.string().uuid();
const NOT_FOUND = { error: "There is no project with that id." };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw json(NOT_FOUND, { status: 404 });
  const services = appServices(context);
  const detail = await loadProjectDetail(services.db, id.data);
  if (!detail) throw json(NOT_FOUND, { status: 404 });
  const { project: p, consultation: c, quote: q } = detail;
  const rules = services.config.bookingRules;
  const timeZone = rules.studioTimeZone;
  const saved = new URL(request.url).searchParams.get("saved");
  return json({
    project: { id: p.id, status: p.status, turnaroundDays: p.turnaroundDays },
    total: formatMoney(p.totalMinor, q.currency),
    due: p.dueDate ? longDateLabel(p.dueDate) : null,
    // What the due date would be if the files came in today: helps the studio tell the client.
    dueIfToday: p.dueDate ? null : longDateLabel(deliveryDate(services.now(), p.turnaroundDays, await studioWorkingCalendar(services.db, services.config, services.now()))),
    filesReceived: p.filesReceivedAt ? studioDateTime(p.filesReceivedAt, timeZone) : null,
    timeZone,
    consultation: { ...c, reference: consultationReference(c.id), when: studioDateTime(c.consultationDate, timeZone) },
    quote: { ...q, acceptedWhen: q.acceptedAt ? studioDateTime(q.acceptedAt, timeZone) : null },
    milestones: detail.milestones.map((m) => ({
      kind: m.kind,
      label: MILESTONE_LABELS[m.kind],
      done: m.doneAt !== null,
      when: m.doneAt ? studioDateTime(m.doneAt, timeZone) : null,
      by: m.doneBy,
      note: m.note,
    })),
    next: detail.next,
    events: detail.events.map((e) => ({
      id: e.id,
      label: isMilestone(e.milestone) ? MILESTONE_LABELS[e.milestone] : e.milestone,
      by: e.actorDetail,
      note: e.note,
      when: studioDateTime(e.createdAt, timeZone),
    })),
    emails: detail.emails.map((e) => ({ ...e, when: studioDateTime(e.at, timeZone) })),
    saved: saved && isMilestone(saved) ? `“${MILESTONE_LABELS[saved]}” is marked as done. The client is being emailed.` : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw json(NOT_FOUND, { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: milestoneFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const services = appServices(context);
  const outcome = await completeMilestone(projectDepsFor(services), id.data, submission.value, { email: admin.email });
  switch (outcome.kind) {
    case "moved":
      return redirect(`/admin/projects/${id.data}?saved=${outcome.milestone}`);
    case "not_found":
      throw json(NOT_FOUND, { status: 404 });
    case "refused":
      // The note the studio typed stays in the form (reply keeps the submitted values).
      return json({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 });
  }
}

export default function ProjectDetailPage() {
  const data = useLoaderData<typeof loader>();
  const c = data.consultation;
  const q = data.quote;

  return (
    <article className="admin-page project-detail" aria-labelledby="project-heading">
      <p className="breadcrumbs">
        <Link to="/admin/projects">← All projects</Link>
      </p>
      <div className="admin-heading">
        <div>
          <p className="eyebrow">Project{q.number ? ` for quote ${q.number}` : ""}</p>
          <h1 id="project-heading">
            {c.customerName}: {c.projectName}
          </h1>
        </div>
        <ProjectStatusBadge status={data.project.status} />
      </div>
      <p className="detail-when">
        {data.due ? (
          <>
            Due <strong>{data.due}</strong> ({data.project.turnaroundDays} working days from the files)
          </>
        ) : data.project.status === "cancelled" ? (
          "Cancelled."
        ) : (
          <>
            Waiting for the files: due {data.project.turnaroundDays} working days after they arrive
            {data.dueIfToday ? <span className="admin-muted"> (if they came in today: {data.dueIfToday})</span> : null}
          </>
        )}
      </p>

      <Banner tone="ok">{data.saved}</Banner>

      <div className="detail-grid">
        <section className="panel" aria-labelledby="origin-heading">
          <h2 id="origin-heading">Where it came from</h2>
          <dl className="summary">
            <dt>Consultation</dt>
            <dd>
              <Link to={`/admin/consultations/${c.id}`}>
                {c.reference} · {c.when}
              </Link>
              <div className="admin-muted small">
                {c.genre} · {c.status}
              </div>
            </dd>
            <dt>Client</dt>
            <dd>
              {c.customerName} · <a href={`mailto:${c.customerEmail}`}>{c.customerEmail}</a>
            </dd>
            <dt>Service request</dt>
            <dd>
              <Link to={`/admin/requests/${q.serviceRequestId}`}>The client's request</Link>
            </dd>
            <dt>Quote</dt>
            <dd>
              <Link to={`/admin/quotes/${q.id}`}>{q.number ?? "The quote"}</Link> · {q.status}
            </dd>
            <dt>Accepted</dt>
            <dd>{q.acceptedWhen ? `${q.acceptedWhen} by “${q.acceptedName ?? ""}”` : <span className="admin-muted">Not recorded</span>}</dd>
            <dt>Total</dt>
            <dd>{data.total}</dd>
            <dt>Files received</dt>
            <dd>{data.filesReceived ?? <span className="admin-muted">Not yet</span>}</dd>
          </dl>
        </section>

        <section className="panel" aria-labelledby="milestones-heading">
          <h2 id="milestones-heading">Milestones</h2>
          <ProjectMilestoneList milestones={data.milestones} next={data.next} />
        </section>
      </div>

      <MoveForwardSection next={data.next} status={data.project.status} turnaroundDays={data.project.turnaroundDays} />

      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">History and emails</h2>
        {data.events.length === 0 ? (
          <p className="admin-muted">Nothing has moved yet.</p>
        ) : (
          <ol className="timeline">
            {data.events.map((e) => (
              <li key={e.id}>
                <div>
                  <strong>{e.label}</strong>
                </div>
                <div className="admin-muted small">
                  {e.when} · {e.by ?? "the studio"}
                </div>
                {e.note ? <div className="prewrap">Note to the client: “{e.note}”</div> : null}
              </li>
            ))}
          </ol>
        )}
        {data.emails.length > 0 ? (
          <>
            <h3>Emails to the client</h3>
            <ul className="plain-list">
              {data.emails.map((e) => (
                <li key={e.id}>
                  {e.milestone && isMilestone(e.milestone) ? MILESTONE_LABELS[e.milestone] : "Milestone"} to {e.recipient} ·{" "}
                  <span className={`email-status email-status--${e.status}`}>{e.status.replace(/_/g, " ")}</span> · {e.when}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </article>
  );
}

function MoveForwardSection({ next, status, turnaroundDays }: { next: Milestone | null; status: string; turnaroundDays: number }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "milestone",
    lastResult: navigation.state === "idle" ? (actionData?.result as SubmissionResult<string[]> | undefined) : undefined,
    constraint: getZodConstraint(milestoneFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: milestoneFormSchema }),
  });
  return (
    <section className="panel" id="move-forward" aria-labelledby="move-heading">
      <h2 id="move-heading">{next ? `Next: ${MILESTONE_LABELS[next]}` : "Move forward"}</h2>
      {next ? (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name={fields.milestone.name} value={next} />
          <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.milestone.errors ?? [])]} />
          <p>
            {next === "files_received"
              ? `Marking the files as received starts the clock: the delivery date becomes ${turnaroundDays} working days after today, and the client is told.`
              : `The client gets an email saying “${MILESTONE_LABELS[next]}”, with your note and a link to their project page.`}{" "}
            Milestones move forward one at a time, in order ({MILESTONES.map((m) => MILESTONE_LABELS[m]).join(" → ")}), and can't be undone.
          </p>
          <Field
            label="Note to the client"
            optional
            htmlFor={fields.note.id}
            hint={`Shown in the email and on the client's project page. At most ${MAX_MILESTONE_NOTE_LENGTH} characters.`}
            hintId={fields.note.descriptionId}
            errorId={fields.note.errorId}
            errors={fields.note.errors}
          >
            <textarea {...getTextareaProps(fields.note, { ariaDescribedBy: fields.note.descriptionId })} rows={3} />
          </Field>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? "Saving…" : `Mark “${MILESTONE_LABELS[next]}” as done`}
          </button>
        </Form>
      ) : (
        <>
          <FormErrors id={form.errorId} errors={form.errors} />
          <p className="admin-muted">{status === "cancelled" ? "This project is cancelled." : "Every milestone is done: the project is delivered."}</p>
        </>
      )}
    </section>
  );
}
