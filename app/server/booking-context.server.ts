import { bookingSourceFrom, bookingSourceFromJson } from "~/domain/booking-source";
import { negotiateLocale } from "~/domain/locale";
import type { BookingContext } from "./booking.server";

// What a booking request says besides the client's answers: the client's
// locale (a `locale` field overrides Accept-Language) and where the booking
// came from (the embedding page and utm_* fields, docs/decisions/0038).

/** The booking form: hidden source_page / utm_* / locale fields. */
export function bookingContextFromForm(request: Request, formData: FormData): BookingContext {
  const locale = formData.get("locale");
  return {
    locale: negotiateLocale(request.headers.get("accept-language"), typeof locale === "string" ? locale : null),
    source: bookingSourceFrom(formData),
  };
}

/** POST /api/consultations: optional `locale` and `source: { page, utmSource, utmMedium, utmCampaign }`. */
export function bookingContextFromJson(request: Request, body: Record<string, unknown>): BookingContext {
  return {
    locale: negotiateLocale(request.headers.get("accept-language"), typeof body.locale === "string" ? body.locale : null),
    source: bookingSourceFromJson(body.source),
  };
}

/** Where the form lands after booking; inside the embed dialog it keeps the dialog's layout. */
export function confirmedPath(id: string, formData: FormData): string {
  return formData.get("embed") === "1" ? `/book/confirmed/${id}?embed=1` : `/book/confirmed/${id}`;
}
