import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { slotsApiQueryFromUrl } from "~/domain/availability-query";
import { appServices } from "~/server/context.server";
import { fieldErrors } from "~/server/http.server";
import { checkRateLimit, tooManyRequests } from "~/server/rate-limit/limits.server";
import { availabilityFor } from "~/server/slots.server";

// GET /api/slots?from=YYYY-MM-DD&days=N&tz=Area/City&locale=xx-YY (labels in en-GB unless asked)
export async function loader({ request, context }: LoaderFunctionArgs) {
  const limit = await checkRateLimit(context, request, "slots");
  if (limit.limited) return tooManyRequests(limit);
  const query = slotsApiQueryFromUrl(new URL(request.url));
  if (!query.success) {
    return json({ error: "Invalid query", errors: fieldErrors(query.error) }, { status: 422 });
  }
  const services = appServices(context);
  const availability = await availabilityFor(services, {
    clientTimeZone: query.data.tz ?? services.config.bookingRules.studioTimeZone,
    from: query.data.from,
    days: query.data.days ?? 7,
    locale: query.data.locale,
  });
  return json(availability, { headers: { "cache-control": "no-store" } });
}
