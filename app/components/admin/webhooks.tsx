import { Form, Link } from "@remix-run/react";
import { consultationReference } from "~/domain/consultation";
import { webhookEventLabel } from "~/domain/webhook-events";
import { studioDateTime } from "./format";
import { SecretShownOnce } from "./secret-shown-once";

// The parts of /admin/webhooks: the new secret (shown once), the endpoints and
// the recent deliveries with the receivers' answers.

export function NewSecret({ url, secret }: { url: string; secret: string }) {
  return (
    <SecretShownOnce id="new-webhook-secret" title="Endpoint added" secret={secret}>
      Deliveries to <code>{url}</code> are signed with this secret. <strong>Copy it into the receiving tool now: it won't be shown again.</strong>
    </SecretShownOnce>
  );
}

type Endpoint = { id: string; url: string; description: string | null; events: string[]; secretHint: string; createdBy: string | null; createdAt: number };

export function EndpointTable({ endpoints, timeZone }: { endpoints: Endpoint[]; timeZone: string }) {
  if (endpoints.length === 0) return <p>No endpoints yet.</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table">
        <caption className="visually-hidden">Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">Secret</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td>
                <code className="break-all">{e.url}</code>
                {e.description ? <div className="admin-muted">{e.description}</div> : null}
              </td>
              <td>{e.events.map(webhookEventLabel).join(", ")}</td>
              <td>
                <code>{e.secretHint}</code>
              </td>
              <td>
                {studioDateTime(e.createdAt, timeZone)}
                {e.createdBy ? <div className="admin-muted">by {e.createdBy}</div> : null}
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="id" value={e.id} />
                  <button type="submit" className="button button--small button--danger" aria-label={`Remove endpoint ${e.url}`}>
                    Remove
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Delivery = {
  id: string;
  eventId: string;
  type: string;
  consultationId: string;
  endpointUrl: string | null;
  status: string;
  attempts: number;
  runAt: number;
  createdAt: number;
  resendOf: string | null;
  lastAnswer: { statusCode: number | null; excerpt: string | null; error: string | null; durationMs: number; at: number } | null;
};

const STATUS_TEXT: Record<string, string> = {
  pending: "Waiting",
  running: "Sending",
  done: "Delivered",
  dead: "Gave up",
  cancelled: "Cancelled",
};

export function DeliveryTable({ deliveries, timeZone }: { deliveries: Delivery[]; timeZone: string }) {
  if (deliveries.length === 0) return <p>No deliveries yet. They appear here when a subscribed event happens.</p>;
  return (
    <div className="admin-table-wrap" tabIndex={0} role="region" aria-label="Recent deliveries">
      <table className="admin-table">
        <caption className="visually-hidden">Recent webhook deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Status</th>
            <th scope="col">Last answer</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td>
                {webhookEventLabel(d.type)}
                <div className="admin-muted">
                  <Link to={`/admin/consultations/${d.consultationId}`}>{consultationReference(d.consultationId)}</Link> · {studioDateTime(d.createdAt, timeZone)}
                </div>
                <div className="admin-muted">
                  <code>{d.eventId}</code>
                  {d.resendOf ? " (resent)" : null}
                </div>
              </td>
              <td>
                <code className="break-all">{d.endpointUrl ?? "(removed)"}</code>
              </td>
              <td>
                {STATUS_TEXT[d.status] ?? d.status}
                <div className="admin-muted">
                  {d.attempts} {d.attempts === 1 ? "try" : "tries"}
                  {d.status === "pending" && d.attempts > 0 ? `, next ${studioDateTime(d.runAt, timeZone)}` : null}
                </div>
              </td>
              <td>
                {d.lastAnswer ? (
                  <>
                    <strong>{d.lastAnswer.statusCode ? `HTTP ${d.lastAnswer.statusCode}` : "No answer"}</strong> in {d.lastAnswer.durationMs} ms
                    {d.lastAnswer.error && !d.lastAnswer.statusCode ? <div className="admin-muted">{d.lastAnswer.error}</div> : null}
                    {d.lastAnswer.excerpt ? (
                      <pre className="webhook-excerpt">
                        <code>{d.lastAnswer.excerpt}</code>
                      </pre>
                    ) : null}
                  </>
                ) : (
                  <span className="admin-muted">Not tried yet</span>
                )}
              </td>
              <td>
                {d.endpointUrl && (d.status === "done" || d.status === "dead") ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="id" value={d.id} />
                    <button type="submit" className="button button--small" aria-label={`Resend ${webhookEventLabel(d.type)} ${d.eventId}`}>
                      Resend
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
