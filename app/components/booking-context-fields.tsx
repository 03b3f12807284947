import { useSearchParams } from "@remix-run/react";
import { SOURCE_FIELDS } from "~/domain/booking-source";

// Hidden fields of the booking form that say where the booking came from:
// the embedding page and utm_* of the /book link (docs/decisions/0038), the
// locale override (?locale=) and whether it runs in the embed dialog
// (?embed=1, so the confirmation stays in the dialog's layout). Rendered from
// the URL on the server, so they are sent without JavaScript too.
const PASSED = [SOURCE_FIELDS.page, SOURCE_FIELDS.utmSource, SOURCE_FIELDS.utmMedium, SOURCE_FIELDS.utmCampaign, "locale", "embed"] as const;

export function BookingContextFields() {
  const [params] = useSearchParams();
  return (
    <>
      {PASSED.map((name) => {
        const value = params.get(name);
        return value ? <input key={name} type="hidden" name={name} value={value.slice(0, 300)} /> : null;
      })}
    </>
  );
}
