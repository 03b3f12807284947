import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { appServices } from "~/server/context.server";
import { localMailbox } from "~/server/notifications/history.server";
import { assertDevTools, openJobs } from "~/server/outbox/dev.server";
import { runDueJobs } from "~/server/outbox/runner.server";

// /dev/mailbox (development and test only): the emails the local provider
// "sent" (no SendGrid/Resend configured), with the rendered HTML in a
// sandboxed frame, the text part and the ICS invite; and the outbox jobs still
// waiting, with a button that runs the due ones now (wrangler dev runs no cron
// unless started with --test-scheduled).

export const meta: MetaFunction = () => [{ title: "Local mailbox (development)" }, { name: "robots", content: "noindex" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const services = appServices(context);
  assertDevTools(services.config);
  const [messages, jobs] = await Promise.all([localMailbox(services.db), openJobs(services.db)]);
  return json(
    {
      provider: services.config.integrations.email.provider,
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        status: m.status,
        recipient: m.recipient,
        subject: m.subject ?? "",
        html: m.html ?? "",
        text: m.text ?? "",
        ics: m.ics,
        consultationId: m.consultationId,
        createdAt: new Date(m.createdAt).toISOString(),
      })),
      jobs: jobs.map((j) => ({
        id: j.id,
        kind: j.kind,
        status: j.status,
        attempts: j.attempts,
        runAt: new Date(j.runAt).toISOString(),
        lastError: j.lastError,
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
}

export async function action({ context }: ActionFunctionArgs) {
  const services = appServices(context);
  assertDevTools(services.config);
  const summary = await runDueJobs(services);
  services.log.info("outbox.run", { trigger: "dev_mailbox", ...summary });
  return json(summary);
}

export default function DevMailbox() {
  const { provider, messages, jobs } = useLoaderData<typeof loader>();
  return (
    <section className="panel" aria-labelledby="mailbox-heading">
      <h1 id="mailbox-heading">Local mailbox</h1>
      <p className="hint">
        Development only. Email provider: <strong>{provider}</strong>
        {provider === "local" ? " (nothing leaves this machine)" : " (only emails of the local provider are kept here)"}.{" "}
        <Link to="/dev/calendar">Local calendar</Link>
      </p>
      <Form method="post">
        <button type="submit" className="button">
          Run due jobs now
        </button>
      </Form>
      {jobs.length ? (
        <>
          <h2>Jobs waiting</h2>
          <ul>
            {jobs.map((j) => (
              <li key={j.id}>
                <code>{j.kind}</code> {j.status}, due {j.runAt}, {j.attempts} attempt(s){j.lastError ? `: ${j.lastError}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Emails ({messages.length})</h2>
      {messages.length === 0 ? <p>No emails yet. Book a consultation, then come back.</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="panel mailbox-message" aria-label={m.subject}>
          <h3>{m.subject}</h3>
          <p className="hint">
            {m.kind} to {m.recipient}, {m.createdAt}, {m.status} (consultation <code>{m.consultationId}</code>)
          </p>
          <iframe title={`HTML of ${m.subject}`} sandbox="" srcDoc={m.html} style={{ width: "100%", height: "32rem", border: "1px solid #ddd" }} />
          <details>
            <summary>Plain text</summary>
            <pre style={{ whiteSpace: "pre-wrap" }}>{m.text}</pre>
          </details>
          {m.ics ? (
            <details>
              <summary>Calendar invite (invite.ics)</summary>
              <pre style={{ whiteSpace: "pre-wrap" }}>{m.ics}</pre>
            </details>
          ) : (
            <p className="hint">No calendar invite attached.</p>
          )}
        </article>
      ))}
    </section>
  );
}
