import { findConsultation } from "../consultations.server";
import type { Db } from "../db/client.server";
import { PRIVACY_PARTS, suppressionOf } from "./parts.server";
import { consultationsOfClient } from "./erase.server";

// "Download my data": everything stored about the client who made this
// consultation (all their consultations by the same address), part by part.

export async function exportClientData(db: Db, consultationId: string, studioName: string, now: number) {
  const consultation = await findConsultation(db, consultationId);
  if (!consultation) return null;
  const consultationIds = await consultationsOfClient(db, consultationId);
  const ctx = { db, consultationIds, now };
  const parts: Record<string, unknown> = {};
  for (const part of PRIVACY_PARTS) if (part.export) parts[part.name] = await part.export(ctx);
  return {
    exportedAt: new Date(now).toISOString(),
    controller: studioName,
    about: consultation.erasedAt ? "(erased)" : consultation.customerEmail,
    note: "Times are UTC (ISO 8601) or epoch milliseconds. Emails list what we sent, not its full text. The studio calendar holds a copy of each booking's time and details; the email provider keeps its own delivery logs (see the privacy notice).",
    ...parts,
    emailSuppression: consultation.erasedAt ? null : await suppressionOf(db, consultation.customerEmail),
  };
}
