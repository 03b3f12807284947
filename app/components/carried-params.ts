import { useSearchParams } from "@remix-run/react";

// Query parameters that stay with the client as they move around the booking
// pages (another week, another time zone, a problem after sending): an
// explicit ?locale=, and everything that makes /book the embed dialog's page
// (?embed=1, the host's origin for postMessage, the source page, utm_*, the
// service and theme). Without them a click inside the dialog would drop the
// embed layout and the frame's script, and the host would never hear of the booking.
export const CARRIED_PARAMS = ["locale", "embed", "origin", "source_page", "utm_source", "utm_medium", "utm_campaign", "service", "theme"] as const;

export function useCarriedParams(): [string, string][] {
  const [params] = useSearchParams();
  return CARRIED_PARAMS.flatMap((name) => {
    const value = params.get(name);
    return value ? [[name, value.slice(0, 300)] as [string, string]] : [];
  });
}
