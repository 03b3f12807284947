import { DEFAULT_LOCALE } from "~/domain/locale";
import type { ConsultationRow } from "../db/schema.server";
import type { ConsultationForMessages } from "../email/types";
import type { AppConfig } from "../env.server";

/** The one mapping from a consultation row to what emails, invites and calendar events are built from. */
export function consultationForMessages(row: ConsultationRow, config: AppConfig): ConsultationForMessages {
  return {
    id: row.id,
    projectName: row.projectName,
    projectDescription: row.projectDescription,
    genre: row.genre,
    bpm: row.bpm,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    customerPhone: row.customerPhone,
    specialRequirements: row.specialRequirements,
    startsAt: row.consultationDate,
    endsAt: row.consultationDate + row.durationMinutes * 60_000,
    clientTimeZone: row.timeZone,
    studioTimeZone: config.bookingRules.studioTimeZone,
    sequence: row.calendarSequence,
    locale: row.locale ?? DEFAULT_LOCALE,
  };
}
