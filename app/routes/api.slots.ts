import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { slotsApiQueryFromUrl } from "~/domain/availability-query";
import { appServices } from "~/server/context.server";
import { fieldErrors } from "~/server/http.server";
import { checkRateLimit, tooManyRequests } from "~/server/rate-limit/limits.server";
import { availabilityFor } from "~/server/slots.server";

// GET /api/slots?from=YYYY-MM-DD&days=N&tz=Area/City&locale=xx-YY (labels in en-GB unless asked)
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = slotsApiQueryFromUrl(new URL(request.url));
  const services = appServices(context);
  // The limiter's answer and the read are independent: ask both at once, so a
  // read costs one round trip of waiting, not two. Over the limit, the read is
  // dropped unanswered (it changes nothing).
  const limitCheck = checkRateLimit(context, request, "slots");
  const read = query.success
    ? availabilityFor(services, {
        clientTimeZone: query.data.tz ?? services.config.bookingRules.studioTimeZone,
        from: query.data.from,
        days: query.data.days ?? 7,
        locale: query.data.locale,
      })
    : null;
  read?.catch(() => undefined); // awaited below unless the limit answers first
  const limit = await limitCheck;
  if (limit.limited) return tooManyRequests(limit);
  if (!query.success) {
    return json({ error: "Invalid query", errors: fieldErrors(query.error) }, { status: 422 });
  }
  return json(await read, { headers: { "cache-control": "no-store" } });
}
