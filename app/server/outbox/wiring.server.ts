import { eq } from "drizzle-orm";
import type { Interval } from "~/domain/slots";
import type { BookingDeps } from "../booking.server";
import type { BusyRead } from "../availability.server";
import { busyRead, type BusyCheck } from "../calendar-sync/busy.server";
import { consultations, type ConsultationRow } from "../db/schema.server";
import type { OutboxDeps } from "./deps.server";
import { bookingJobStatements } from "./plans.server";
import { relayJobs, type OutboxRelay } from "./relay.server";
import { runDueJobs } from "./runner.server";
import { preparedConsultationWebhook } from "../webhooks/events.server";
import { drizzleStatement, type BoundStatement } from "../db/prepared.server";

// What the request path gets from the outbox and the calendar sync:
// app/server/context.server.ts spreads integrationServices(...) into appServices.

type Base = OutboxDeps & { waitUntil: (work: Promise<unknown>) => void; outboxRelay?: OutboxRelay };

/**
 * Has the consultations' due jobs run soon, never before the response: through
 * the queue relay when the environment has one (relay.server.ts; they run on
 * the consumer's invocation, not this request's isolate), else right after the
 * response on this isolate (ctx.waitUntil). The client never waits on Google or
 * the email provider; whatever fails or is lost here the cron runs or retries.
 * Call it after a change has committed its jobs. No ids: any due job.
 */
export function runJobsSoon(base: Base, consultationIds?: string | string[]): void {
  const ids = consultationIds === undefined ? undefined : [consultationIds].flat();
  if (ids?.length === 0) return;
  if (base.outboxRelay) return relayJobs(base.outboxRelay, base, ids);
  const fields = { trigger: "request", consultationId: ids?.join(",") };
  base.waitUntil(
    runDueJobs(base, { consultationIds: ids, rounds: Math.min(5, Math.max(1, ids?.length ?? 1)) })
      .then((summary) => base.log.info("outbox.run", { ...fields, ...summary }))
      .catch((error) => base.log.error("outbox.run_failed", { ...fields, error })),
  );
}

export function integrationServices(base: Base): Pick<BookingDeps, "busyRead" | "followUps" | "onBooked"> {
  // Filled by busyRead during this request; the booking reads it in followUps.
  const calendarCheck: BusyCheck = { checked: true };
  return {
    busyRead: (from: number, to: number): BusyRead => {
      const read = busyRead(base, from, to, calendarCheck);
      const guarded: BusyRead = {
        statements: read.statements,
        resolve: async (results, bookings): Promise<Interval[]> => {
          try {
            const busy = await read.resolve(results, bookings);
            guarded.reusableUntil = read.reusableUntil;
            return busy;
          } catch (error) {
            // The booking page stays up whatever happens to the calendar side.
            base.log.error("calendar.busy_failed", { error });
            calendarCheck.checked = false;
            guarded.reusableUntil = -Infinity;
            return [];
          }
        },
      };
      return guarded;
    },
    followUps: (row: ConsultationRow): BoundStatement<unknown>[] => [
      ...bookingJobStatements(base.db, row, row.createdAt),
      preparedConsultationWebhook(base.db, "consultation.booked", row, row.createdAt),
      ...(calendarCheck.checked
        ? []
        : [drizzleStatement(base.db, base.db.update(consultations).set({ calendarChecked: false }).where(eq(consultations.id, row.id)))]),
    ],
    onBooked: (row: ConsultationRow) => {
      if (!calendarCheck.checked) base.log.warn("booking.calendar_unchecked", { consultationId: row.id });
      runJobsSoon(base, row.id);
    },
  };
}
