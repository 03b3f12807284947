import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { instantLabel } from "~/components/calendar-labels";
import { instantAtWallClock } from "~/domain/time-zones";
import { addLocalBusyBlock, listLocalEvents } from "~/server/calendar-sync/local-calendar.server";
import { calendarSyncHealth } from "~/server/calendar-sync/reconciler.server";
import { appServices } from "~/server/context.server";
import { assertDevTools } from "~/server/outbox/dev.server";

// /dev/calendar (development and test only): the local calendar that stands in
// for Google (events of consultations, and busy blocks added here to try the
// "studio busy" path), and the calendar sync health the admin will see.

export const meta: MetaFunction = () => [{ title: "Local calendar (development)" }, { name: "robots", content: "noindex" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const services = appServices(context);
  assertDevTools(services.config);
  const [events, health] = await Promise.all([listLocalEvents(services.db), calendarSyncHealth(services.db)]);
  return json(
    {
      calendar: services.config.integrations.calendar.google ? "google" : "local",
      studioTimeZone: services.config.bookingRules.studioTimeZone,
      events: events.map((e) => ({
        id: e.id,
        summary: e.summary,
        consultationId: e.consultationId,
        status: e.status,
        sequence: e.sequence,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
      })),
      health,
    },
    { headers: { "cache-control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const services = appServices(context);
  assertDevTools(services.config);
  const form = await request.formData();
  const date = String(form.get("date") ?? "");
  const time = String(form.get("time") ?? "");
  const minutes = Number(form.get("minutes") ?? "60");
  const match = /^(\d\d):(\d\d)$/.exec(time);
  const startsAt =
    /^\d{4}-\d\d-\d\d$/.test(date) && match
      ? instantAtWallClock(date, Number(match[1]) * 60 + Number(match[2]), services.config.bookingRules.studioTimeZone)
      : null;
  if (startsAt === null || !Number.isInteger(minutes) || minutes < 5 || minutes > 24 * 60) {
    return json({ error: "Give a date, a time (HH:MM, studio time) and 5 to 1440 minutes." }, { status: 422 });
  }
  const summary = String(form.get("summary") ?? "").trim().slice(0, 100) || "Studio session";
  await addLocalBusyBlock(services.db, { startsAt, endsAt: startsAt + minutes * 60_000, summary }, services.now());
  return json({ error: null });
}

export default function DevCalendar() {
  const { calendar, studioTimeZone, events, health } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="panel" aria-labelledby="calendar-heading">
      <h1 id="calendar-heading">Local calendar</h1>
      <p className="hint">
        Development only. The studio calendar in use: <strong>{calendar}</strong>. Times in {studioTimeZone}.{" "}
        <Link to="/dev/mailbox">Local mailbox</Link>
      </p>
      <h2>Events</h2>
      {events.length === 0 ? <p>No events yet.</p> : null}
      <ul>
        {events.map((e) => (
          <li key={e.id} style={e.status === "cancelled" ? { textDecoration: "line-through" } : undefined}>
            {instantLabel(e.startsAt, studioTimeZone)}–{instantLabel(e.endsAt, studioTimeZone).slice(-5)}: {e.summary}{" "}
            <span className="hint">
              ({e.consultationId ? `consultation ${e.consultationId}` : "busy block"}, {e.status}, sequence {e.sequence})
            </span>
          </li>
        ))}
      </ul>
      <h2>Add a busy block</h2>
      <Form method="post" className="tz-form">
        <label>
          Date <input type="date" name="date" required />
        </label>
        <label>
          Time <input type="time" name="time" required />
        </label>
        <label>
          Minutes <input type="number" name="minutes" defaultValue={60} min={5} max={1440} />
        </label>
        <label>
          Title <input type="text" name="summary" defaultValue="Studio session" />
        </label>
        <button type="submit" className="button">
          Add
        </button>
      </Form>
      {result?.error ? <p className="banner banner--error">{result.error}</p> : null}
      <h2>Sync health</h2>
      <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(health, null, 2)}</pre>
    </section>
  );
}
