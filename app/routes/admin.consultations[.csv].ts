import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { consultationReference } from "~/domain/consultation";
import { readListQuery } from "~/domain/consultation-list";
import { STATUS_LABELS } from "~/domain/status";
import { formatInZone, zonedDate } from "~/domain/time-zones";
import { allMatchingConsultations } from "~/server/admin/consultation-list.server";
import { csvDocument } from "~/server/admin/csv";
import { requireAdmin } from "~/server/auth/require-admin.server";

// GET /admin/consultations.csv?<the list's filters>: every match, in the list's order.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const { query } = readListQuery(new URL(request.url).searchParams);
  const timeZone = context.config.bookingRules.studioTimeZone;
  const { rows, truncated } = await allMatchingConsultations(context.cloudflare.env.DB, query, timeZone);
  context.log.info("admin.csv_export", { adminId: admin.adminId, rows: rows.length, truncated });

  const header = [
    "Reference",
    `Starts (${timeZone})`,
    "Starts (UTC)",
    "Minutes",
    "Status",
    "Client name",
    "Email",
    "Phone",
    "Client time zone",
    "Project",
    "Genre",
    "BPM",
    "Description",
    "Special requirements",
    "Admin notes",
    "Rating",
    "Calendar event id",
    "Booked (UTC)",
    "Id",
  ];
  const body = rows.map((r) => [
    consultationReference(r.id),
    formatInZone(r.consultationDate, timeZone, "yyyy-MM-dd HH:mm"),
    new Date(r.consultationDate).toISOString(),
    r.durationMinutes,
    STATUS_LABELS[r.status],
    r.customerName,
    r.customerEmail,
    r.customerPhone,
    r.timeZone,
    r.projectName,
    r.genre,
    r.bpm,
    r.projectDescription,
    r.specialRequirements,
    r.adminNotes,
    r.rating,
    r.googleCalendarEventId,
    new Date(r.createdAt).toISOString(),
    r.id,
  ]);
  const filename = `consultations-${zonedDate(Date.now(), timeZone)}.csv`;
  return new Response(csvDocument(header, body), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...(truncated ? { "X-Truncated": "true" } : {}),
    },
  });
}
