import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { assertDevTools } from "~/server/outbox/dev.server";

// GET /dev/embed (development and test only): a plain HTML "service page" of
// the studio's website with the booking button, as a studio would paste it.
// It runs on this origin, which wrangler.toml's development
// EMBED_ALLOWED_ORIGINS lets frame the booking. The page's own small script
// only logs studio:booked events, the way the studio's analytics would.

const PAGE = (origin: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mixing · Northside Sound (embed demo)</title>
<style>
  body { font: 17px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; }
  header { background: #102a43; color: #fff; padding: 1rem 1.5rem; font-weight: 700; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  .cta { display: inline-block; background: #0a7a5a; color: #fff; padding: 0.8rem 1.4rem; border-radius: 8px; text-decoration: none; font-weight: 700; }
  .cta:focus-visible { outline: 3px solid #102a43; outline-offset: 3px; }
  #booked-log { margin-top: 1.5rem; padding: 0.8rem; background: #eef7f2; border-radius: 8px; }
</style>
</head>
<body>
<header>Northside Sound Studio</header>
<main>
  <h1>Mixing</h1>
  <p>Your tracks, balanced and polished for streaming, radio and vinyl. Not sure what you need? Talk to us first.</p>
  <p><a class="cta" href="${origin}/book?utm_source=demo&amp;utm_medium=website" data-studio-booking data-service="Electronic" data-theme-color="#0a7a5a">Book a free consultation</a></p>
  <p>Without JavaScript the button is an ordinary link to the booking page.</p>
  <div id="booked-log" role="status" aria-live="polite">No booking yet.</div>
</main>
<script src="${origin}/embed.js" async></script>
<script src="${origin}/dev/embed-demo.js" defer></script>
</body>
</html>`;

export async function loader({ request, context }: LoaderFunctionArgs) {
  assertDevTools(context.config);
  const origin = new URL(request.url).origin;
  return new Response(PAGE(origin), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // A page of the studio's site, not ours: its own policy (inline styles only).
      "content-security-policy": `default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; frame-src 'self'; connect-src 'self'; frame-ancestors 'none'`,
    },
  });
}
