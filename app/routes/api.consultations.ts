import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { consultationInputSchema } from "~/domain/consultation";
import { parseListQuery, type ListQuery } from "~/domain/consultation-list";
import { adminConsultationJson } from "~/server/admin/api-json.server";
import { listConsultations } from "~/server/admin/consultation-list.server";
import { mayReadBeforeSignIn } from "~/server/auth/accepted-tokens.server";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { fieldErrors, jsonError, readJsonObject } from "~/server/http.server";
import { checkRateLimit, tooManyRequests } from "~/server/rate-limit/limits.server";
import { submitBooking } from "~/server/submit-booking.server";
import { bookingContextFromJson } from "~/server/booking-context.server";

// JSON clients send null or "" for fields they leave out; the schema wants them absent.
function withoutEmpty(body: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== ""));
}

// POST /api/consultations: book through the same rules and lock as the form.
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "Use POST to book a consultation", { allow: "POST" });
  // The same per-client budget as the booking form. Its Durable Object round
  // trip overlaps the booking's read (the booking waits for it before it
  // claims or writes); a refused client is answered before anything else.
  const admission = checkRateLimit(context, request, "booking").then((limit) => (limit.limited ? tooManyRequests(limit) : null));
  const refusedFirst = async (response: Response) => (await admission) ?? response;
  const services = appServices(context);
  const read = await readJsonObject(request);
  if (!read.ok) return refusedFirst(read.response);
  const parsed = consultationInputSchema.safeParse(withoutEmpty(read.body));
  if (!parsed.success) {
    return refusedFirst(json({ error: "Some fields need attention", errors: fieldErrors(parsed.error) }, { status: 422 }));
  }
  const key = request.headers.get("idempotency-key")?.trim() || undefined;
  if (key && key.length > 255) {
    return refusedFirst(json({ error: "Idempotency-Key is too long", errors: { idempotencyKey: ["At most 255 characters"] } }, { status: 422 }));
  }
  try {
    const outcome = await submitBooking(services, parsed.data, key, { ...bookingContextFromJson(request, read.body), admission });
    if (outcome.status === "refused") return outcome.response;
    const headers: Record<string, string> = {};
    if (outcome.replayed) headers["idempotent-replayed"] = "true";
    if (outcome.status === 201) headers.location = `/api/consultations/${(outcome.body as { id: string }).id}`;
    return json(outcome.body, { status: outcome.status, headers });
  } catch (error) {
    services.log.error("booking.failed", { error });
    return jsonError(503, "The booking could not be saved just now. Nothing was booked; please retry.", {});
  }
}

// GET /api/consultations?q=&status=&genre=&rating=&from=&to=&sort=&dir=&page= (admin
// only): the admin list's filters and paging, 25 a page, with counts per status.
// A search matching more than countLimit consultations answers counts, total
// and pages as null (the counts stopped there) and hasNextPage to page on.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = parseListQuery(new URL(request.url).searchParams);
  const timeZone = context.config.bookingRules.studioTimeZone;
  const read = (listQuery: ListQuery) => listConsultations(context.cloudflare.env.DB, listQuery, timeZone);
  // A token accepted here lately: the list is read beside its re-check (0063).
  // Nothing is answered until the check passes; a refused read is dropped.
  const early = query.ok && mayReadBeforeSignIn(request, Date.now()) ? read(query.query) : null;
  early?.catch(() => undefined);
  await requireAdmin(request, context);
  if (!query.ok) return json({ error: "Invalid query", errors: query.errors }, { status: 422, headers: { "cache-control": "no-store" } });
  const page = await (early ?? read(query.query));
  return json(
    {
      consultations: page.rows.map((row) => ({ ...adminConsultationJson(row), rating: row.rating })),
      page: page.page,
      pageSize: page.pageSize,
      pages: page.pages,
      hasNextPage: page.hasNextPage,
      total: page.total,
      counts: page.counts,
      countLimit: page.countLimit,
      query: query.query,
      timeZone,
    },
    { headers: { "cache-control": "private, no-store" } },
  );
}
