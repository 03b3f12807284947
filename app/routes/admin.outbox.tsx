import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { formatInZone } from "~/domain/time-zones";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { listDeadJobs, listFailingJobs, outboxCounts, retryJob } from "~/server/outbox/admin.server";
import { runJobsSoon } from "~/server/outbox/wiring.server";
import { Banner } from "~/components/banner";

// Calendar and email jobs that failed: dead ones (gave up) can be retried,
// failing ones show when they will be tried again.

export const meta: MetaFunction = () => [{ title: "Outbox · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const KIND_LABELS: Record<string, string> = {
  "calendar.create": "Add to studio calendar",
  "calendar.patch": "Move calendar event",
  "calendar.delete": "Remove calendar event",
  "email.confirmation": "Confirmation email",
  "email.reschedule": "Reschedule email",
  "email.cancellation": "Cancellation email",
  "email.reminder": "Reminder email",
  "email.follow_up": "Follow-up email",
  "webhook.deliver": "Webhook delivery",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const [dead, failing, counts] = await Promise.all([
    listDeadJobs(services.db),
    listFailingJobs(services.db),
    outboxCounts(services.db, services.now()),
  ]);
  const view = (job: (typeof dead)[number]) => ({
    id: job.id,
    kind: job.kind,
    consultationId: job.consultationId,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    lastError: job.lastError,
    runAt: job.runAt,
    updatedAt: job.updatedAt,
  });
  const retried = new URL(request.url).searchParams.get("retried");
  return json({
    timeZone: services.config.bookingRules.studioTimeZone,
    dead: dead.map(view),
    failing: failing.map(view),
    counts,
    notice: retried === "1" ? "The job is queued again and runs now; refresh in a moment to see the result." : retried === "0" ? "That job is no longer waiting for a retry." : null,
  });
}

const retrySchema = z.object({ jobId: z.string().uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAdminPost(request, context);
  const services = appServices(context);
  const parsed = retrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return redirect("/admin/outbox?retried=0");
  const retried = await retryJob(services.db, parsed.data.jobId, services.now());
  if (retried) {
    services.log.info("outbox.retry_requested", { jobId: parsed.data.jobId });
    runJobsSoon(services);
  }
  return redirect(`/admin/outbox?retried=${retried ? 1 : 0}`);
}

export default function OutboxPage() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const when = (instant: number) => formatInZone(instant, data.timeZone, "EEE d MMM, HH:mm");
  return (
    <section className="admin-page" aria-labelledby="outbox-heading">
      <h1 id="outbox-heading">Outbox</h1>
      <p>
        Calendar updates and emails go out in the background and are retried when Google or the email provider fails. Jobs that gave up are listed
        here; retry them once the cause is fixed (see the admin guide's troubleshooting section).
      </p>
      <Banner tone="ok">{data.notice}</Banner>
      <dl className="summary">
        <dt>Waiting</dt>
        <dd>{data.counts.pending}</dd>
        <dt>Overdue by 5+ minutes</dt>
        <dd>{data.counts.overdue}</dd>
        <dt>Gave up</dt>
        <dd>{data.counts.dead}</dd>
        <dt>Done</dt>
        <dd>{data.counts.done}</dd>
      </dl>

      <h2>{`Gave up (${data.dead.length})`}</h2>
      {data.dead.length === 0 ? (
        <p className="panel admin-muted">Nothing has given up: every calendar update and email went out or is still being tried.</p>
      ) : (
        <JobTable
          jobs={data.dead}
          whenHeading="Gave up"
          when={(job) => when(job.updatedAt)}
          action={(job) => (
            <Form method="post">
              <input type="hidden" name="jobId" value={job.id} />
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                Retry
              </button>
            </Form>
          )}
        />
      )}

      <h2>{`Being retried (${data.failing.length})`}</h2>
      {data.failing.length === 0 ? (
        <p className="panel admin-muted">No job is failing right now.</p>
      ) : (
        <JobTable jobs={data.failing} whenHeading="Next try" when={(job) => when(job.runAt)} />
      )}
    </section>
  );
}

type JobView = { id: string; kind: string; consultationId: string; attempts: number; maxAttempts: number; lastError: string | null; runAt: number; updatedAt: number };

function JobTable({
  jobs,
  whenHeading,
  when,
  action,
}: {
  jobs: JobView[];
  whenHeading: string;
  when: (job: JobView) => string;
  action?: (job: JobView) => ReactNode;
}) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Consultation</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">{whenHeading}</th>
            {action ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>{KIND_LABELS[job.kind] ?? job.kind}</td>
              <td>
                <Link to={`/admin/consultations/${job.consultationId}`}>Open</Link>
              </td>
              <td>{`${job.attempts} of ${job.maxAttempts}`}</td>
              <td>{job.lastError ?? "—"}</td>
              <td>{when(job)}</td>
              {action ? <td>{action(job)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
