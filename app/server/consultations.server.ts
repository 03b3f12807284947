import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "./db/client.server";
import { consultations, type ConsultationRow } from "./db/schema.server";

// Read access to consultations shared by the booking page, the booking use case
// and the API. Writes live with the use cases that make them.

export const MAX_DURATION_MS = 4 * 60 * 60 * 1000; // no consultation is longer than this

export type ActiveBooking = { consultationId: string; startsAt: number; endsAt: number };

export function endsAt(row: Pick<ConsultationRow, "consultationDate" | "durationMinutes">): number {
  return row.consultationDate + row.durationMinutes * 60_000;
}

// Scheduled consultations overlapping [from, to). Uses the consultation_date index.
export async function activeBookingsBetween(db: Db, from: number, to: number): Promise<ActiveBooking[]> {
  const rows = await db
    .select({
      id: consultations.id,
      consultationDate: consultations.consultationDate,
      durationMinutes: consultations.durationMinutes,
    })
    .from(consultations)
    .where(
      and(
        eq(consultations.status, "scheduled"),
        lt(consultations.consultationDate, to),
        gt(consultations.consultationDate, from - MAX_DURATION_MS),
      ),
    );
  return rows
    .map((r) => ({ consultationId: r.id, startsAt: r.consultationDate, endsAt: endsAt(r) }))
    .filter((b) => b.endsAt > from);
}

export async function findConsultation(db: Db, id: string): Promise<ConsultationRow | undefined> {
  return db.select().from(consultations).where(eq(consultations.id, id)).get();
}
