import type { AppLoadContext } from "@remix-run/cloudflare";
import { FORM_STARTED_FIELD } from "~/domain/form-guard";
import { signLinkToken, verifyLinkToken } from "./links.server";
import { checkRateLimit } from "./rate-limit/limits.server";

// What the booking form's action checks before it books: the client's rate
// limit (RATE_LIMIT_BOOKING, shared with POST /api/consultations) and the
// minimum fill time (MIN_FORM_FILL_SECONDS). The form carries the time the
// page was served, signed like our links (purpose "form"), in a hidden field;
// a post that comes back sooner than a person could have typed is refused,
// without any third-party captcha. Refusals keep everything typed: the route
// answers with the submission as a form error. The honeypot stays as well.

export { FORM_STARTED_FIELD };

export type FormRefusal = { status: number; message: string };

/** The hidden field's value for a page served now. */
export function formStartedToken(context: AppLoadContext, now: number = Date.now()): Promise<string> {
  return signLinkToken(context.config, "form", String(now), now);
}

export async function guardBookingForm(context: AppLoadContext, request: Request, formData: FormData): Promise<FormRefusal | null> {
  const limit = await checkRateLimit(context, request, "booking");
  if (limit.limited) return { status: 429, message: limit.message };

  const minimumMs = context.config.protection.minFormFillMs;
  if (minimumMs === 0) return null;
  const now = Date.now();
  const token = formData.get(FORM_STARTED_FIELD);
  const subject = typeof token === "string" ? await verifyLinkToken(context.config, "form", token, now) : null;
  const startedAt = subject === null ? Number.NaN : Number(subject);
  if (!Number.isFinite(startedAt)) {
    context.log.warn("booking.form_stamp_invalid", { present: typeof token === "string" && token !== "" });
    return {
      status: 400,
      message: "This form was open for a long time or came back incomplete. Your details are still here: please check them and send the form again.",
    };
  }
  if (now - startedAt < minimumMs) {
    context.log.warn("booking.too_fast", { elapsedMs: now - startedAt });
    return { status: 400, message: "That was quicker than we expected. Please check your details, then send the form again." };
  }
  return null;
}
