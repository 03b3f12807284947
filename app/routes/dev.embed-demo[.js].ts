import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { assertDevTools } from "~/server/outbox/dev.server";

// GET /dev/embed-demo.js: the demo service page (/dev/embed) counts bookings
// the way a studio's analytics would, from the studio:booked event.
const SCRIPT = `window.addEventListener("studio:booked", function (e) {
  var log = document.getElementById("booked-log");
  log.textContent = "studio:booked received: " + e.detail.reference + " at " + e.detail.startsAt;
  window.studioBookedEvents = (window.studioBookedEvents || []).concat([e.detail]);
});
`;

export async function loader({ context }: LoaderFunctionArgs) {
  assertDevTools(context.config);
  return new Response(SCRIPT, { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" } });
}
