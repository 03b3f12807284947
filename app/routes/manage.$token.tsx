import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { queryFromUrl } from "~/domain/availability-query";
import { manageRescheduleSchema } from "~/domain/manage";
import type { Slot } from "~/domain/slots";
import { instantLabel } from "~/components/calendar-labels";
import { ErrorSummary } from "~/components/error-summary";
import { FeedbackInvite } from "~/components/feedback-invite";
import { FormErrors } from "~/components/field";
import { ManageLinkProblem } from "~/components/manage-link-problem";
import { ProjectProgress } from "~/components/project-progress";
import { SlotPicker } from "~/components/slot-picker";
import { TimeZoneForm } from "~/components/time-zone-form";
import { ClientRequests } from "~/components/services/client-requests";
import { ServiceRequestLink } from "~/components/services/request-link";
import { appServices } from "~/server/context.server";
import { MANAGE_HEADERS, managePath, manageView, requireManagedConsultation, rescheduleFromLink } from "~/server/manage.server";
import { clientProjectsView } from "~/server/services/client-projects.server";
import { clientRequestsView } from "~/server/services/client-requests.server";
import manageStyles from "~/styles/manage.css";

// /manage/:token: the client's private page, linked from every email and from
// the confirmation page. Shows the booking and lets the client move it to
// another free time; cancelling has its own confirmation step
// (manage.$token_.cancel.tsx). Plain forms and redirects, so all of it works
// without JavaScript.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: manageStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Your consultation ${data.reference}` : "Your consultation" },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers: HeadersFunction = () => MANAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const url = new URL(request.url);
  const query = queryFromUrl(url);
  const view = await manageView(services, row, {
    timeZone: query.success ? query.data.tz : undefined,
    from: query.success ? query.data.from : undefined,
  });
  const done = url.searchParams.get("done");
  const [projects, requests] = await Promise.all([clientProjectsView(services, row), clientRequestsView(services, row)]);
  return json({ ...view, projects, requests, done: done === "rescheduled" || done === "cancelled" ? done : null }, { headers: MANAGE_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const submission = parseWithZod(await request.formData(), { schema: manageRescheduleSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), alternatives: [] as Slot[] }, { status: 400, headers: MANAGE_HEADERS });
  }
  const { consultationDate, timeZone } = submission.value;
  try {
    const outcome = await rescheduleFromLink(services, row, Date.parse(consultationDate), timeZone ?? row.timeZone);
    switch (outcome.kind) {
      case "done":
        return redirect(managePath(params.token!, { done: "rescheduled", timeZone }), { headers: MANAGE_HEADERS });
      case "slot_unavailable":
        return json(
          { result: submission.reply({ fieldErrors: { consultationDate: [outcome.message] } }), alternatives: outcome.alternatives },
          { status: 409, headers: MANAGE_HEADERS },
        );
      case "refused":
        return json({ result: submission.reply({ formErrors: [outcome.message] }), alternatives: [] as Slot[] }, { status: outcome.status, headers: MANAGE_HEADERS });
    }
  } catch (error) {
    services.log.error("manage.reschedule_failed", { error, consultationId: row.id });
    return json(
      {
        result: submission.reply({ formErrors: ["We couldn't move your consultation just now. It is still booked at its current time: please try again in a moment."] }),
        alternatives: [] as Slot[],
      },
      { status: 503, headers: MANAGE_HEADERS },
    );
  }
}

export default function ManageConsultation() {
  const data = useLoaderData<typeof loader>();
  const { token } = useParams();
  const tzQuery = data.timeZone !== data.bookedTimeZone ? `?${new URLSearchParams({ tz: data.timeZone })}` : "";
  const cancelled = data.state === "cancelled";
  // A refused change (too late, cancelled meanwhile) when the page has no form to show it in.
  const refusal = useActionData<typeof action>()?.result.error?.[""];

  return (
    <div className="manage">
      <section className="panel confirmation" aria-labelledby="manage-heading">
        <p className="eyebrow">{`Booking reference ${data.reference}`}</p>
        <h1 id="manage-heading">{cancelled ? "Your consultation is cancelled" : "Your consultation"}</h1>
        {data.done === "rescheduled" && data.state !== "cancelled" ? (
          <div className="banner banner--ok" role="status">
            <p>
              Your consultation has been moved to <strong>{instantLabel(data.startsAt, data.timeZone)}</strong>. We've emailed you the
              updated details and calendar invite.
            </p>
          </div>
        ) : null}
        {data.done === "cancelled" && cancelled ? (
          <div className="banner banner--ok" role="status">
            <p>Done: the time is free for someone else, and we've emailed you a confirmation.</p>
          </div>
        ) : null}
        {data.state !== "changeable" && refusal ? (
          <div className="banner banner--error" role="alert">
            {refusal.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        ) : null}
        <BookingSummary data={data} />
        {data.state === "changeable" ? (
          <>
            <div className="manage-actions">
              <a href="#reschedule-heading" className="button">
                Pick a new time
              </a>
              <Link to={`/manage/${token}/cancel${tzQuery}`} className="button button--danger">
                Cancel this consultation…
              </Link>
            </div>
            <p className="hint">You can move or cancel it here up to {data.notice} before the start.</p>
          </>
        ) : null}
      </section>

      <ProjectProgress projects={data.projects} studioName={data.studioName} />
      <ClientRequests requests={data.requests} studioName={data.studioName} />

      {data.state === "changeable" && data.availability ? <RescheduleSection data={data} availability={data.availability} token={token!} /> : null}

      {data.state === "within_notice" ? (
        <section className="panel notice-panel" aria-labelledby="notice-heading">
          <h2 id="notice-heading">It's too late to change this online</h2>
          <p>
            Your consultation starts in less than {data.notice}, so it can no longer be moved or cancelled here. Please contact {data.contact.name}{" "}
            at <a href={`mailto:${data.contact.email}`}>{data.contact.email}</a> and quote {data.reference}.
          </p>
        </section>
      ) : null}

      <ServiceRequestLink status={data.status} managePath={`/manage/${token}`} studioName={data.studioName} />

      {data.state === "past" || data.state === "completed" || data.state === "no_show" ? (
        <section className="panel" aria-labelledby="past-heading">
          <h2 id="past-heading">This consultation has taken place</h2>
          {data.state !== "no_show" ? <FeedbackInvite token={token!} /> : null}
          <p>Would you like to talk to {data.studioName} again?</p>
          <p>
            <Link to="/book" className="button button--primary">
              Book a new consultation
            </Link>
          </p>
        </section>
      ) : null}

      {cancelled ? (
        <section className="panel" aria-labelledby="again-heading">
          <h2 id="again-heading">Changed your mind?</h2>
          <p>A cancelled consultation can't be restored, but you can book a new time in a minute.</p>
          <p>
            <Link to="/book" className="button button--primary">
              Book again
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

type ManageData = ReturnType<typeof useLoaderData<typeof loader>>;

function BookingSummary({ data }: { data: ManageData }) {
  const sameZone = data.timeZone === data.studioTimeZone;
  return (
    <dl className="summary">
      <dt>Project</dt>
      <dd>{data.projectName}</dd>
      <dt>When (your time, {data.timeZone})</dt>
      <dd className={data.state === "cancelled" ? "struck" : undefined}>{instantLabel(data.startsAt, data.timeZone)}</dd>
      {!sameZone ? (
        <>
          <dt>Studio time ({data.studioTimeZone})</dt>
          <dd className={data.state === "cancelled" ? "struck" : undefined}>{instantLabel(data.startsAt, data.studioTimeZone)}</dd>
        </>
      ) : null}
      <dt>Length</dt>
      <dd>{data.durationMinutes} minutes</dd>
      <dt>Status</dt>
      <dd>
        <span className={`status-badge status-badge--${data.status}`}>{data.state === "past" ? "Taken place" : data.statusLabel}</span>
      </dd>
    </dl>
  );
}

function RescheduleSection({
  data,
  availability,
  token,
}: {
  data: ManageData;
  availability: NonNullable<ManageData["availability"]>;
  token: string;
}) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const [form, fields] = useForm({
    id: "reschedule",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(manageRescheduleSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: manageRescheduleSchema }),
  });
  // Post back to this page as it is (zone and week), without the "done" note.
  const actionPath = `/manage/${token}?${new URLSearchParams({ tz: data.timeZone, from: availability.from })}`;

  return (
    <section className="reschedule" aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading">Move to another time</h2>
      <p>
        Pick a new time below. Your current time is freed for someone else, and we'll email you the updated calendar invite.
      </p>
      <TimeZoneForm timeZone={data.timeZone} from={availability.from} options={data.timeZoneOptions} />
      <Form method="post" action={actionPath} {...getFormProps(form)} className="reschedule-form">
        <input type="hidden" name="timeZone" value={data.timeZone} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <ErrorSummary errors={navigation.state === "idle" ? actionData?.result.error : undefined} targetIds={{ consultationDate: "slot-picker" }} />
        <SlotPicker field={fields.consultationDate} availability={availability} alternatives={actionData?.alternatives ?? []} current={data.startsAt} />
        <button type="submit" className="button button--primary" disabled={submitting} aria-busy={submitting}>
          {submitting ? "Moving your consultation…" : "Move my consultation"}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = ManageLinkProblem;
